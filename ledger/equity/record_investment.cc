// RecordInvestment: an investor buys `shares` of an enterprise for `amount`; cash moves from
// investor to enterprise and the ledger records the stake at that cost basis. Active matching
// rules may then invest alongside, in the same entry (ledger/matching/matching.h).
#include "ledger/apply/operation_rules.h"
#include "ledger/campaigns/campaign_record.h"
#include "ledger/matching/matching.h"
#include "ledger/portfolio/portfolio.h"

namespace crowdledger {
namespace {

Status Check(const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_RecordInvestment();
  RETURN_IF_ERROR(CheckHandle(op->stake(), "stake"));
  RETURN_IF_ERROR(CheckHandle(op->investor(), "investor"));
  RETURN_IF_ERROR(CheckHandle(op->enterprise(), "enterprise"));
  RETURN_IF_ERROR(CheckCurrency(op->currency(), "currency"));
  if (schema::EnumNameInvestmentKind(op->kind())[0] == '\0') {
    return Status(ErrorCode::InvalidArgument, "unknown investment kind");
  }
  RETURN_IF_ERROR(CheckPositive(op->shares(), "shares"));
  return CheckPositive(op->amount(), "amount");
}

Status Apply(ApplyContext& context, const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_RecordInvestment();
  std::string_view investor = View(op->investor());
  std::string_view enterprise = View(op->enterprise());
  std::string_view currency = View(op->currency());
  if (investor != context.submitter()) {
    return Status(ErrorCode::NotPermitted, "'" + context.submitter() + "' may not invest for '" +
                                               std::string(investor) + "'");
  }
  ASSIGN_OR_RETURN(PartyRecord target, context.RequireParty(enterprise));
  if (target.kind != schema::PartyKind::Enterprise) {
    return Status(ErrorCode::WrongPartyKind,
                  "'" + std::string(enterprise) + "' is not an enterprise");
  }
  std::string key = StakeKey(View(op->stake()));
  ASSIGN_OR_RETURN(auto existing, context.Find<StakeRecord>(key));
  if (existing)
    return Status(ErrorCode::AlreadyExists,
                  "stake '" + std::string(View(op->stake())) + "' exists");
  Amount amount = Amount::FromMinorUnits(op->amount());
  RETURN_IF_ERROR(context.Move(CashAccount(investor, currency), CashAccount(enterprise, currency),
                               currency, amount));
  StakeRecord stake;
  stake.investor = std::string(investor);
  stake.enterprise = std::string(enterprise);
  stake.kind = op->kind();
  stake.currency = std::string(currency);
  stake.shares = op->shares();
  stake.cost_basis = amount;
  stake.acquired_us = context.time_us();
  context.Store(key, stake);
  RETURN_IF_ERROR(AddToPortfolio(context, investor, PortfolioKind::Stake, View(op->stake())));
  return ApplyMatching(
      context, MatchTrigger{enterprise, investor, op->kind(), currency, amount, op->shares(),
                            std::string(View(op->stake())) + "/match"});
}

}  // namespace

extern const OperationRules kRecordInvestmentRules{"RecordInvestment", Check, Apply};

}  // namespace crowdledger
