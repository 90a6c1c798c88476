// TransferStake: the holder sells `shares` of a stake to a buyer for `price`. The buyer gets
// a new stake at that cost basis; the seller's stake keeps the rest of its shares and cost
// basis (the part sold leaves pro rata, rounded down), and the realised gain or loss on the
// part sold is added to the seller's stake. Selling every share closes the stake as exited.
#include "ledger/apply/operation_rules.h"
#include "ledger/equity/stake_access.h"
#include "ledger/portfolio/portfolio.h"

namespace crowdledger {
namespace {

Status Check(const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_TransferStake();
  RETURN_IF_ERROR(CheckCompoundId(op->stake(), kStakeIdParts, "stake"));
  RETURN_IF_ERROR(CheckHandle(op->new_stake(), "new_stake"));
  RETURN_IF_ERROR(CheckHandle(op->buyer(), "buyer"));
  RETURN_IF_ERROR(CheckPositive(op->shares(), "shares"));
  if (op->price() < 0) return Status(ErrorCode::InvalidArgument, "price is not negative");
  return Status::Ok();
}

Status Apply(ApplyContext& context, const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_TransferStake();
  std::string_view name = View(op->stake());
  std::string_view new_name = View(op->new_stake());
  std::string_view buyer = View(op->buyer());
  ASSIGN_OR_RETURN(StakeRecord stake, RequireOwnActiveStake(context, name));
  RETURN_IF_ERROR(context.RequirePartyRegistered(buyer));
  if (buyer == stake.investor) {
    return Status(ErrorCode::InvalidArgument, "a stake is not sold to its holder");
  }
  if (op->shares() > stake.shares) {
    return Status(ErrorCode::InvalidArgument, "selling " + std::to_string(op->shares()) +
                                                  " shares of a stake of " +
                                                  std::to_string(stake.shares));
  }
  ASSIGN_OR_RETURN(auto taken, context.Find<StakeRecord>(StakeKey(new_name)));
  if (taken)
    return Status(ErrorCode::AlreadyExists, "stake '" + std::string(new_name) + "' exists");
  Amount price = Amount::FromMinorUnits(op->price());
  RETURN_IF_ERROR(context.Move(CashAccount(buyer, stake.currency),
                               CashAccount(stake.investor, stake.currency), stake.currency, price));
  bool whole = op->shares() == stake.shares;
  ASSIGN_OR_RETURN(Amount basis_sold,
                   whole ? Result<Amount>(stake.cost_basis)
                         : NoOverflow(stake.cost_basis.CheckedScale(op->shares(), stake.shares),
                                      "cost basis sold"));
  ASSIGN_OR_RETURN(Amount gain, NoOverflow(price.CheckedSubtract(basis_sold), "realised gain"));
  ASSIGN_OR_RETURN(stake.realised, NoOverflow(stake.realised.CheckedAdd(gain), "realised gain"));
  ASSIGN_OR_RETURN(stake.cost_basis,
                   NoOverflow(stake.cost_basis.CheckedSubtract(basis_sold), "cost basis"));
  stake.shares -= op->shares();
  if (whole) stake.status = StakeStatus::Exited;

  StakeRecord bought;
  bought.investor = std::string(buyer);
  bought.enterprise = stake.enterprise;
  bought.kind = schema::InvestmentKind::Other;  // a purchase from a holder, not a new investment
  bought.currency = stake.currency;
  bought.shares = op->shares();
  bought.cost_basis = price;
  bought.acquired_us = context.time_us();
  context.Store(StakeKey(name), stake);
  context.Store(StakeKey(new_name), bought);
  return AddToPortfolio(context, buyer, PortfolioKind::Stake, new_name);
}

}  // namespace

extern const OperationRules kTransferStakeRules{"TransferStake", Check, Apply};

}  // namespace crowdledger
