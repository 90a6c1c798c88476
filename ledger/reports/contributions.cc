// The contribution of each operation kind to the report figures (docs/reports.md, "What each
// operation adds"). Every value comes from the operation, the movements its entry records,
// or a record that is immutable or final once the entry has applied (report_facts.h).
#include "ledger/reports/contributions.h"

#include "ledger/apply/operation_rules.h"
#include "ledger/reports/contribution_writer.h"

namespace crowdledger {
namespace {

using F = ReportField;

struct Op {
  ContributionWriter& writer;
  const schema::Transaction& transaction;
  uint32_t index;
};

constexpr std::string_view kMatchingReservePrefix = "escrow:matching:";

// The fund of a matching reserve account "escrow:matching:<fund>:<rule>", or "".
std::string_view MatchingFund(std::string_view account) {
  if (!account.starts_with(kMatchingReservePrefix)) return {};
  std::string_view rest = account.substr(kMatchingReservePrefix.size());
  return rest.substr(0, rest.find(':'));
}

Status Unexpected(const char* what) {
  return Status(ErrorCode::Corruption, std::string("report: an applied entry holds ") + what);
}

Status RegisterParty(Op op, const schema::RegisterParty& o) {
  // Counted in the party's own scope too: a report as of a tree size can tell whether the
  // fund it is about existed then.
  ASSIGN_OR_RETURN(auto targets, op.writer.Targets(View(o.party()), {View(o.party())}));
  RETURN_IF_ERROR(op.writer.Add(targets, "", F::PartiesRegistered, 1));
  if (o.kind() == schema::PartyKind::MakerSpace) {
    return op.writer.Add(targets, "", F::MakerSpacesRegistered, 1);
  }
  if (o.kind() != schema::PartyKind::Enterprise) return Status::Ok();
  RETURN_IF_ERROR(op.writer.Add(targets, "", F::EnterprisesRegistered, 1));
  return op.writer.Add(targets, "", F::MicroEnterprisesRegistered, o.micro_enterprise() ? 1 : 0);
}

// A deposit or withdrawal counts for the party, and for the platform it came through.
Status CashInOrOut(Op op, std::string_view party, std::string_view currency, int64_t amount,
                   F count, F total) {
  std::string_view submitter = View(op.transaction.submitter());
  std::string_view channel = submitter == party ? std::string_view() : submitter;
  ASSIGN_OR_RETURN(auto targets, op.writer.Targets(party, {party, channel}));
  return op.writer.AddCount(targets, currency, count, total, amount);
}

Status Transfer(Op op, const schema::Transfer& o) {
  std::string_view currency = View(o.currency());
  ASSIGN_OR_RETURN(std::string to, op.writer.OwnScope(View(o.to())));
  ASSIGN_OR_RETURN(std::string from, op.writer.OwnScope(View(o.from())));
  if (!to.empty()) {
    RETURN_IF_ERROR(op.writer.AddTo(to, "", currency, F::TransfersInCount, 1));
    RETURN_IF_ERROR(op.writer.AddTo(to, "", currency, F::TransfersInAmount, o.amount()));
  }
  if (from.empty()) return Status::Ok();
  RETURN_IF_ERROR(op.writer.AddTo(from, "", currency, F::TransfersOutCount, 1));
  return op.writer.AddTo(from, "", currency, F::TransfersOutAmount, o.amount());
}

Status OpenCampaign(Op op, const schema::OpenCampaign& o) {
  ASSIGN_OR_RETURN(auto targets, op.writer.Targets(View(o.enterprise()), {View(o.platform())}));
  return op.writer.AddCount(targets, View(o.currency()), F::CampaignsOpened, F::CampaignGoals,
                            o.goal());
}

// The campaign's enterprise and platform never change.
Result<TargetsRef> CampaignTargets(Op op, const CampaignRecord& campaign) {
  return op.writer.Targets(campaign.enterprise, {campaign.platform});
}

Status Pledge(Op op, const schema::Pledge& o) {
  ASSIGN_OR_RETURN(const CampaignRecord* campaign, op.writer.facts().Campaign(View(o.campaign())));
  ASSIGN_OR_RETURN(auto targets, CampaignTargets(op, *campaign));
  return op.writer.AddCount(targets, campaign->currency, F::PledgesCount, F::PledgedAmount,
                            o.amount());
}

Status CancelPledge(Op op, const schema::CancelPledge& o) {
  ASSIGN_OR_RETURN(const CampaignRecord* campaign, op.writer.facts().Campaign(View(o.campaign())));
  ASSIGN_OR_RETURN(auto targets, CampaignTargets(op, *campaign));
  // One movement: the whole live pledge back to the investor.
  auto refunds = op.writer.MovementsOf(op.index);
  int64_t refunded = refunds.empty() ? 0 : refunds.front()->amount.minor_units();
  return op.writer.AddCount(targets, campaign->currency, F::CancellationsCount, F::CancelledAmount,
                            refunded);
}

// The matching investments an operation triggered, read from its movements out of the
// funds' reserves: each is a public-interest stake beside `leveraged` of private money.
Status Matches(Op op, std::string_view enterprise, int64_t leveraged) {
  for (const Movement* movement : op.writer.MovementsOf(op.index)) {
    std::string_view fund = MatchingFund(movement->from);
    if (fund.empty()) continue;
    int64_t match = movement->amount.minor_units();
    ASSIGN_OR_RETURN(auto targets, op.writer.Targets(enterprise, {fund}));
    RETURN_IF_ERROR(
        op.writer.AddCount(targets, movement->currency, F::MatchesCount, F::MatchedAmount, match));
    RETURN_IF_ERROR(op.writer.Add(targets, movement->currency, F::LeveragedAmount, leveraged));
    RETURN_IF_ERROR(op.writer.AddInvestment(targets, enterprise, fund,
                                            schema::InvestmentKind::PublicInterest,
                                            movement->currency, 1, match));
  }
  return Status::Ok();
}

Status CloseSucceeded(Op op, const CampaignRecord& c, const ContributionTargets& targets) {
  int64_t investors = c.investors, raised = c.raised.minor_units();
  RETURN_IF_ERROR(
      op.writer.AddCount(targets, c.currency, F::CampaignsSucceeded, F::RaisedAmount, raised));
  RETURN_IF_ERROR(op.writer.Add(targets, c.currency, F::CampaignInvestors, investors));
  if (c.kind == schema::CampaignKind::Equity) {
    RETURN_IF_ERROR(op.writer.AddInvestment(
        targets, c.enterprise, "", schema::InvestmentKind::Crowd, c.currency, investors, raised));
    return Matches(op, c.enterprise, raised);
  }
  if (c.kind != schema::CampaignKind::Debt) return Status::Ok();
  // One loan per investor, lent by the investor: crowd lending.
  RETURN_IF_ERROR(op.writer.Add(targets, c.currency, F::LoansCount, investors));
  RETURN_IF_ERROR(op.writer.Add(targets, c.currency, F::LoansDisbursed, raised));
  if (c.debt_rate_bp != 0) return Status::Ok();
  RETURN_IF_ERROR(op.writer.Add(targets, c.currency, F::InterestFreeCount, investors));
  return op.writer.Add(targets, c.currency, F::InterestFreeAmount, raised);
}

Status CloseCampaign(Op op, const schema::CloseCampaign& o) {
  // Closed by this entry: the record is final (status, raised, investors).
  ASSIGN_OR_RETURN(const CampaignRecord* campaign, op.writer.facts().Campaign(View(o.campaign())));
  ASSIGN_OR_RETURN(auto targets, CampaignTargets(op, *campaign));
  switch (campaign->status) {
    case CampaignStatus::Succeeded:
      return CloseSucceeded(op, *campaign, targets);
    case CampaignStatus::Failed:
      return op.writer.AddCount(targets, campaign->currency, F::CampaignsFailed, F::RefundedAmount,
                                campaign->raised.minor_units());
    case CampaignStatus::Open:
      break;
  }
  return Unexpected("a closed campaign that is still open");
}

Status RecordInvestment(Op op, const schema::RecordInvestment& o) {
  if (o.kind() > schema::InvestmentKind::MAX) return Unexpected("an unknown investment kind");
  std::string_view enterprise = View(o.enterprise());
  ASSIGN_OR_RETURN(auto targets, op.writer.Targets(enterprise, {View(o.investor())}));
  RETURN_IF_ERROR(op.writer.AddInvestment(targets, enterprise, View(o.investor()), o.kind(),
                                          View(o.currency()), 1, o.amount()));
  return Matches(op, enterprise, o.amount());
}

// Whether a later operation of the entry sells the same stake (then this sale did not close it).
bool SoldAgainLater(Op op, std::string_view stake) {
  const auto& operations = *op.transaction.operations();
  for (uint32_t i = op.index + 1; i < operations.size(); ++i) {
    const auto* sale = operations[i]->operation_as_TransferStake();
    if (sale != nullptr && View(sale->stake()) == stake) return true;
  }
  return false;
}

Status TransferStake(Op op, const schema::TransferStake& o) {
  ASSIGN_OR_RETURN(StakeRecord stake, op.writer.facts().Stake(View(o.stake())));
  std::string_view buyer = View(o.buyer());
  ASSIGN_OR_RETURN(auto sale, op.writer.Targets(stake.enterprise, {stake.investor, buyer}));
  RETURN_IF_ERROR(
      op.writer.AddCount(sale, stake.currency, F::StakeSalesCount, F::StakeSalesAmount, o.price()));
  // The buyer's new stake: a position acquired, not an investment in the enterprise.
  ASSIGN_OR_RETURN(auto bought, op.writer.Targets(stake.enterprise, {buyer}));
  RETURN_IF_ERROR(op.writer.Add(bought, stake.currency, F::StakesAcquired, 1));
  ASSIGN_OR_RETURN(std::string buyer_scope, op.writer.OwnScope(buyer));
  if (!buyer_scope.empty()) {
    RETURN_IF_ERROR(op.writer.AddTo(buyer_scope, "enterprise:" + stake.enterprise, stake.currency,
                                    F::StakesAcquired, 1));
  }
  ASSIGN_OR_RETURN(auto closed_at, op.writer.facts().StakeClosedByTransfer(View(o.stake())));
  if (closed_at != op.writer.sequence() || SoldAgainLater(op, View(o.stake()))) {
    return Status::Ok();
  }
  // This sale took the last share: the stake is final, with its whole realised result.
  ASSIGN_OR_RETURN(auto exited, op.writer.Targets(stake.enterprise, {stake.investor}));
  RETURN_IF_ERROR(
      op.writer.AddCount(exited, stake.currency, F::ExitsCount, F::ExitProceeds, o.price()));
  return op.writer.AddStakeClosed(exited, stake.enterprise, stake.investor, stake.currency,
                                  stake.realised);
}

Status ExitStake(Op op, const schema::ExitStake& o) {
  ASSIGN_OR_RETURN(StakeRecord stake, op.writer.facts().Stake(View(o.stake())));
  ASSIGN_OR_RETURN(auto targets, op.writer.Targets(stake.enterprise, {stake.investor}));
  RETURN_IF_ERROR(
      op.writer.AddCount(targets, stake.currency, F::ExitsCount, F::ExitProceeds, o.proceeds()));
  return op.writer.AddStakeClosed(targets, stake.enterprise, stake.investor, stake.currency,
                                  stake.realised);
}

Status WriteOffStake(Op op, const schema::WriteOffStake& o) {
  ASSIGN_OR_RETURN(StakeRecord stake, op.writer.facts().Stake(View(o.stake())));
  ASSIGN_OR_RETURN(auto targets, op.writer.Targets(stake.enterprise, {stake.investor}));
  RETURN_IF_ERROR(op.writer.Add(targets, stake.currency, F::StakeWriteOffsCount, 1));
  return op.writer.AddStakeClosed(targets, stake.enterprise, stake.investor, stake.currency,
                                  stake.realised);
}

Status DisburseLoan(Op op, const schema::DisburseLoan& o) {
  // The loan record's support_loan flag is fixed at disbursement.
  ASSIGN_OR_RETURN(LoanRecord loan, op.writer.facts().Loan(View(o.loan())));
  ASSIGN_OR_RETURN(auto targets, op.writer.Targets(loan.borrower, {loan.lender}));
  int64_t principal = loan.principal.minor_units();
  const std::string& currency = loan.currency;
  RETURN_IF_ERROR(
      op.writer.AddCount(targets, currency, F::LoansCount, F::LoansDisbursed, principal));
  if (loan.annual_rate_bp == 0) {
    RETURN_IF_ERROR(op.writer.AddCount(targets, currency, F::InterestFreeCount,
                                       F::InterestFreeAmount, principal));
  }
  if (!loan.linked_stake.empty()) {
    RETURN_IF_ERROR(
        op.writer.AddCount(targets, currency, F::LinkedCount, F::LinkedAmount, principal));
  }
  if (loan.first_loan) {
    RETURN_IF_ERROR(
        op.writer.AddCount(targets, currency, F::FirstLoansCount, F::FirstLoansAmount, principal));
  }
  if (!loan.support_loan) return Status::Ok();
  return op.writer.AddCount(targets, currency, F::SupportLoansCount, F::SupportLoansAmount,
                            principal);
}

Status RepayLoan(Op op, const schema::RepayLoan& o) {
  ASSIGN_OR_RETURN(LoanRecord loan, op.writer.facts().Loan(View(o.loan())));
  ASSIGN_OR_RETURN(auto targets, op.writer.Targets(loan.borrower, {loan.lender}));
  RETURN_IF_ERROR(op.writer.Add(targets, loan.currency, F::LoansRepaid, o.principal()));
  return op.writer.Add(targets, loan.currency, F::InterestPaid, o.interest());
}

Status WriteOffLoan(Op op, const schema::WriteOffLoan& o) {
  // Written off by this entry: the record is final.
  ASSIGN_OR_RETURN(LoanRecord loan, op.writer.facts().Loan(View(o.loan())));
  ASSIGN_OR_RETURN(auto targets, op.writer.Targets(loan.borrower, {loan.lender}));
  RETURN_IF_ERROR(op.writer.AddCount(targets, loan.currency, F::LoanWriteOffsCount,
                                     F::LoansWrittenOff, loan.written_off.minor_units()));
  return op.writer.Add(targets, loan.currency, F::GuaranteesPaid,
                       loan.guarantee_paid.minor_units());
}

Status SetCompensationPolicy(Op op, const schema::SetCompensationPolicy& o) {
  ASSIGN_OR_RETURN(std::string pool, op.writer.OwnScope(View(o.pool())));
  if (pool.empty()) return Status::Ok();
  std::string_view currency = View(o.currency());
  op.writer.SetGauge(pool, currency, ReportGauge::AngelLossShareBp, o.angel_loss_share_bp());
  op.writer.SetGauge(pool, currency, ReportGauge::FirstLoanLossShareBp,
                     o.first_loan_loss_share_bp());
  op.writer.SetGauge(pool, currency, ReportGauge::PerEnterpriseCap, o.per_enterprise_cap());
  op.writer.SetGauge(pool, currency, ReportGauge::PerYearCap, o.per_year_cap());
  return Status::Ok();
}

Status ClaimCompensation(Op op, const schema::ClaimCompensation& o) {
  ASSIGN_OR_RETURN(ClaimRecord claim, op.writer.facts().Claim(o.loss_kind(), View(o.loss())));
  ASSIGN_OR_RETURN(auto targets, op.writer.Targets(claim.enterprise, {claim.pool}));
  int64_t payout = claim.payout.minor_units();
  RETURN_IF_ERROR(
      op.writer.AddCount(targets, claim.currency, F::ClaimsCount, F::CompensationPaid, payout));
  RETURN_IF_ERROR(
      op.writer.Add(targets, claim.currency, F::ClaimedLosses, claim.loss.minor_units()));
  bool angel = o.loss_kind() == schema::LossKind::StakeLoss;
  RETURN_IF_ERROR(op.writer.AddCount(
      targets, claim.currency, angel ? F::AngelClaimsCount : F::FirstLoanClaimsCount,
      angel ? F::AngelCompensationPaid : F::FirstLoanCompensationPaid, payout));
  ASSIGN_OR_RETURN(std::string pool, op.writer.OwnScope(claim.pool));
  if (pool.empty()) return Status::Ok();
  return op.writer.AddTo(pool, "enterprise:" + claim.enterprise, claim.currency,
                         F::CompensationPaid, payout);
}

Status GrantSubsidy(Op op, const schema::GrantSubsidy& o) {
  if (o.kind() > schema::SubsidyKind::MAX) return Unexpected("an unknown subsidy kind");
  auto kind = static_cast<unsigned>(o.kind());
  ASSIGN_OR_RETURN(auto targets, op.writer.Targets(View(o.recipient()), {View(o.grantor())}));
  return op.writer.AddCount(targets, View(o.currency()), FieldAfter(F::StartupSubsidyCount, kind),
                            FieldAfter(F::StartupSubsidyAmount, kind), o.amount());
}

Status IssueVoucher(Op op, const schema::IssueVoucher& o) {
  if (o.kind() > schema::VoucherKind::MAX) return Unexpected("an unknown voucher kind");
  auto kind = static_cast<unsigned>(o.kind());
  ASSIGN_OR_RETURN(auto targets, op.writer.Targets(View(o.holder()), {View(o.issuer())}));
  return op.writer.AddCount(targets, View(o.currency()),
                            FieldAfter(F::InnovationVouchersIssued, kind),
                            FieldAfter(F::InnovationVouchersIssuedAmount, kind), o.face_value());
}

Status RedeemVoucher(Op op, const schema::RedeemVoucher& o) {
  ASSIGN_OR_RETURN(VoucherRecord voucher, op.writer.facts().Voucher(View(o.voucher())));
  if (voucher.kind > schema::VoucherKind::MAX) return Unexpected("an unknown voucher kind");
  auto kind = static_cast<unsigned>(voucher.kind);
  ASSIGN_OR_RETURN(auto targets, op.writer.Targets(voucher.holder, {voucher.issuer}));
  return op.writer.AddCount(
      targets, voucher.currency, FieldAfter(F::InnovationVouchersRedeemed, kind),
      FieldAfter(F::InnovationVouchersRedeemedAmount, kind), voucher.face_value.minor_units());
}

Status Contribute(Op op, const schema::OperationSlot& slot) {
  using K = schema::Operation;
  switch (slot.operation_type()) {
    case K::RegisterParty:
      return RegisterParty(op, *slot.operation_as_RegisterParty());
    case K::Deposit: {
      const auto& o = *slot.operation_as_Deposit();
      return CashInOrOut(op, View(o.party()), View(o.currency()), o.amount(), F::DepositsCount,
                         F::DepositsAmount);
    }
    case K::Withdraw: {
      const auto& o = *slot.operation_as_Withdraw();
      return CashInOrOut(op, View(o.party()), View(o.currency()), o.amount(), F::WithdrawalsCount,
                         F::WithdrawalsAmount);
    }
    case K::Transfer:
      return Transfer(op, *slot.operation_as_Transfer());
    case K::OpenCampaign:
      return OpenCampaign(op, *slot.operation_as_OpenCampaign());
    case K::Pledge:
      return Pledge(op, *slot.operation_as_Pledge());
    case K::CancelPledge:
      return CancelPledge(op, *slot.operation_as_CancelPledge());
    case K::CloseCampaign:
      return CloseCampaign(op, *slot.operation_as_CloseCampaign());
    case K::RecordInvestment:
      return RecordInvestment(op, *slot.operation_as_RecordInvestment());
    case K::TransferStake:
      return TransferStake(op, *slot.operation_as_TransferStake());
    case K::ExitStake:
      return ExitStake(op, *slot.operation_as_ExitStake());
    case K::WriteOffStake:
      return WriteOffStake(op, *slot.operation_as_WriteOffStake());
    case K::DisburseLoan:
      return DisburseLoan(op, *slot.operation_as_DisburseLoan());
    case K::RepayLoan:
      return RepayLoan(op, *slot.operation_as_RepayLoan());
    case K::WriteOffLoan:
      return WriteOffLoan(op, *slot.operation_as_WriteOffLoan());
    case K::SetCompensationPolicy:
      return SetCompensationPolicy(op, *slot.operation_as_SetCompensationPolicy());
    case K::ClaimCompensation:
      return ClaimCompensation(op, *slot.operation_as_ClaimCompensation());
    case K::GrantSubsidy:
      return GrantSubsidy(op, *slot.operation_as_GrantSubsidy());
    case K::IssueVoucher:
      return IssueVoucher(op, *slot.operation_as_IssueVoucher());
    case K::RedeemVoucher:
      return RedeemVoucher(op, *slot.operation_as_RedeemVoucher());
    default:
      // Keys, policy parameters, matching rules and guarantee offers move no reported figure.
      return Status::Ok();
  }
}

}  // namespace

Status AddEntryContributions(ReportFacts& facts, const schema::Transaction& transaction,
                             std::span<const Movement> movements, uint64_t sequence,
                             int64_t time_us, ReportDelta& delta) {
  ContributionWriter writer(facts, delta, movements, sequence, time_us);
  const auto& operations = *transaction.operations();
  for (uint32_t i = 0; i < operations.size(); ++i) {
    RETURN_IF_ERROR(Contribute(Op{writer, transaction, i}, *operations[i]));
  }
  return Status::Ok();
}

}  // namespace crowdledger
