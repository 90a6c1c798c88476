// ExitStake: the holder sells the whole stake to a buyer (the enterprise for a buy-back, or
// another party), who pays `proceeds`; the realised gain or loss against the cost basis is
// recorded on the stake.
#include "ledger/apply/operation_rules.h"
#include "ledger/equity/stake_access.h"

namespace crowdledger {
namespace {

Status Check(const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_ExitStake();
  RETURN_IF_ERROR(CheckCompoundId(op->stake(), kStakeIdParts, "stake"));
  RETURN_IF_ERROR(CheckHandle(op->buyer(), "buyer"));
  if (op->proceeds() < 0) return Status(ErrorCode::InvalidArgument, "proceeds are not negative");
  return Status::Ok();
}

Status Apply(ApplyContext& context, const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_ExitStake();
  std::string_view name = View(op->stake());
  std::string_view buyer = View(op->buyer());
  ASSIGN_OR_RETURN(StakeRecord stake, RequireOwnActiveStake(context, name));
  RETURN_IF_ERROR(context.RequirePartyRegistered(buyer));
  if (buyer == stake.investor)
    return Status(ErrorCode::InvalidArgument, "a stake is not sold to its holder");
  Amount proceeds = Amount::FromMinorUnits(op->proceeds());
  RETURN_IF_ERROR(context.Move(CashAccount(buyer, stake.currency),
                               CashAccount(stake.investor, stake.currency), stake.currency,
                               proceeds));
  // Gains or losses on shares sold earlier (TransferStake) are already in `realised`.
  ASSIGN_OR_RETURN(Amount gain,
                   NoOverflow(proceeds.CheckedSubtract(stake.cost_basis), "realised gain"));
  ASSIGN_OR_RETURN(stake.realised, NoOverflow(stake.realised.CheckedAdd(gain), "realised gain"));
  stake.status = StakeStatus::Exited;
  context.Store(StakeKey(name), stake);
  return Status::Ok();
}

}  // namespace

extern const OperationRules kExitStakeRules{"ExitStake", Check, Apply};

}  // namespace crowdledger
