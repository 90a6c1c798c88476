// ClaimCompensation: the holder of a recorded loss asks a pool for compensation. The ledger
// finds the loss itself (an angel stake written off or exited at a loss; the net principal
// lost on a written-off first loan), checks that the enterprise was incubated in a maker
// space, computes the payout from the pool's policy (rounded down), caps it by what the pool
// may still pay for that enterprise and that calendar year, pays it, and keeps the claim so
// the same loss is never paid twice.
#include "ledger/apply/operation_rules.h"
#include "ledger/campaigns/campaign_record.h"
#include "ledger/compensation/compensation_records.h"
#include "ledger/loans/loan_records.h"
#include "ledger/portfolio/portfolio.h"

namespace crowdledger {
namespace {

Status Check(const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_ClaimCompensation();
  RETURN_IF_ERROR(CheckHandle(op->pool(), "pool"));
  if (schema::EnumNameLossKind(op->loss_kind())[0] == '\0') {
    return Status(ErrorCode::InvalidArgument, "unknown loss kind");
  }
  return CheckCompoundId(op->loss(), kStakeIdParts, "loss");
}

// The loss a claim refers to, as the ledger recorded it.
struct RecordedLoss {
  std::string holder;
  std::string enterprise;
  std::string currency;
  Amount amount;
};

Result<RecordedLoss> FindStakeLoss(ApplyContext& context, std::string_view id) {
  ASSIGN_OR_RETURN(auto stake, context.Find<StakeRecord>(StakeKey(id)));
  if (!stake) return Status(ErrorCode::NotFound, "stake '" + std::string(id) + "' does not exist");
  if (stake->kind != schema::InvestmentKind::Angel) {
    return Status(ErrorCode::NotEligible,
                  "stake '" + std::string(id) + "' is not an angel investment");
  }
  if (stake->status == StakeStatus::Active || !stake->realised.is_negative()) {
    return Status(ErrorCode::NotEligible, "stake '" + std::string(id) + "' has no realised loss");
  }
  ASSIGN_OR_RETURN(Amount loss, NoOverflow(Amount().CheckedSubtract(stake->realised), "loss"));
  return RecordedLoss{stake->investor, stake->enterprise, stake->currency, loss};
}

Result<RecordedLoss> FindFirstLoanLoss(ApplyContext& context, std::string_view id) {
  ASSIGN_OR_RETURN(auto loan, context.Find<LoanRecord>(LoanKey(id)));
  if (!loan) return Status(ErrorCode::NotFound, "loan '" + std::string(id) + "' does not exist");
  if (!loan->first_loan) {
    return Status(ErrorCode::NotEligible, "loan '" + std::string(id) + "' is not a first loan");
  }
  if (loan->status != LoanStatus::WrittenOff) {
    return Status(ErrorCode::NotEligible, "loan '" + std::string(id) + "' was not written off");
  }
  ASSIGN_OR_RETURN(Amount loss,
                   NoOverflow(loan->written_off.CheckedSubtract(loan->guarantee_paid), "loss"));
  return RecordedLoss{loan->lender, loan->borrower, loan->currency, loss};
}

// What the pool may still pay under a cap kept as a running total.
Result<Amount> Headroom(ApplyContext& context, const std::string& key, Amount cap) {
  ASSIGN_OR_RETURN(Amount paid, context.FindTotal(key));
  if (paid >= cap) return Amount();
  return NoOverflow(cap.CheckedSubtract(paid), "cap headroom");
}

Status Apply(ApplyContext& context, const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_ClaimCompensation();
  std::string_view pool = View(op->pool());
  std::string_view loss_id = View(op->loss());
  ASSIGN_OR_RETURN(auto policy,
                   context.Find<CompensationPolicyRecord>(CompensationPolicyKey(pool)));
  if (!policy) {
    return Status(ErrorCode::NotFound, "pool '" + std::string(pool) + "' has no policy");
  }
  std::string claim_key = ClaimKey(op->loss_kind(), loss_id);
  ASSIGN_OR_RETURN(auto earlier, context.Find<ClaimRecord>(claim_key));
  if (earlier) {
    return Status(ErrorCode::AlreadyClaimed, "this loss was compensated by '" + earlier->pool +
                                                 "' with " +
                                                 std::to_string(earlier->payout.minor_units()));
  }
  bool stake_loss = op->loss_kind() == schema::LossKind::StakeLoss;
  if (!stake_loss && !IsValidCompoundId(loss_id, kLoanIdParts)) {
    return Status(ErrorCode::InvalidArgument, "'" + std::string(loss_id) + "' is not a loan id");
  }
  ASSIGN_OR_RETURN(RecordedLoss loss, stake_loss ? FindStakeLoss(context, loss_id)
                                                 : FindFirstLoanLoss(context, loss_id));
  if (loss.holder != context.submitter()) {
    return Status(ErrorCode::NotPermitted, "only '" + loss.holder + "' claims this loss");
  }
  if (loss.currency != policy->currency) {
    return Status(ErrorCode::CurrencyMismatch,
                  "pool '" + std::string(pool) + "' compensates in " + policy->currency);
  }
  ASSIGN_OR_RETURN(PartyRecord enterprise, context.RequireParty(loss.enterprise));
  if (enterprise.maker_space.empty()) {
    return Status(ErrorCode::NotEligible,
                  "'" + loss.enterprise + "' is not incubated in a maker space");
  }
  uint32_t share_bp = stake_loss ? policy->angel_loss_share_bp : policy->first_loan_loss_share_bp;
  if (share_bp == 0) {
    return Status(ErrorCode::NotEligible,
                  "pool '" + std::string(pool) + "' does not compensate this kind of loss");
  }
  ASSIGN_OR_RETURN(Amount payout, NoOverflow(loss.amount.CheckedBasisPoints(share_bp), "payout"));
  // Nothing to pay before any cap (no net loss, as on a fully guaranteed loan, or a share of
  // it that rounds to 0) is not a cap reached.
  if (payout.is_zero()) {
    return Status(ErrorCode::NotEligible, "a loss of " + std::to_string(loss.amount.minor_units()) +
                                              " is compensated with nothing");
  }
  std::string per_enterprise = PaidPerEnterpriseKey(pool, loss.enterprise);
  std::string per_year = PaidPerYearKey(pool, CalendarYear(context.time_us()));
  ASSIGN_OR_RETURN(Amount enterprise_room,
                   Headroom(context, per_enterprise, policy->per_enterprise_cap));
  ASSIGN_OR_RETURN(Amount year_room, Headroom(context, per_year, policy->per_year_cap));
  payout = std::min({payout, enterprise_room, year_room});
  if (payout.is_zero()) {
    return Status(ErrorCode::CapExceeded, "pool '" + std::string(pool) +
                                              "' has reached its cap for this enterprise or year");
  }
  RETURN_IF_ERROR(context.Move(CashAccount(pool, policy->currency),
                               CashAccount(loss.holder, policy->currency), policy->currency,
                               payout));
  for (const std::string* key : {&per_enterprise, &per_year}) {
    ASSIGN_OR_RETURN(Amount paid, context.FindTotal(*key));
    ASSIGN_OR_RETURN(paid, NoOverflow(paid.CheckedAdd(payout), "paid total"));
    context.StoreTotal(*key, paid);
  }
  ASSIGN_OR_RETURN(policy->paid, NoOverflow(policy->paid.CheckedAdd(payout), "paid total"));
  context.Store(CompensationPolicyKey(pool), *policy);
  ClaimRecord claim{std::string(pool), loss.holder, loss.enterprise,  loss.currency,
                    loss.amount,       payout,      context.time_us()};
  context.Store(claim_key, claim);
  return AddToPortfolio(
      context, loss.holder, PortfolioKind::Claim,
      std::string(schema::EnumNameLossKind(op->loss_kind())) + "/" + std::string(loss_id));
}

}  // namespace

extern const OperationRules kClaimCompensationRules{"ClaimCompensation", Check, Apply};

}  // namespace crowdledger
