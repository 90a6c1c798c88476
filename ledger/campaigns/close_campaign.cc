// CloseCampaign: after the close time (or at the hard cap), the platform settles the
// campaign. Success (goal reached, or keep-it-all with money raised) moves escrow to the
// enterprise and, for equity campaigns, issues each investor a stake of
// floor(equity_shares * pledge / raised) shares (and active matching rules may invest
// alongside); a debt campaign's success records a loan per investor. Failure refunds every
// pledge. Either way the escrow ends empty.
#include "ledger/apply/operation_rules.h"
#include "ledger/campaigns/campaign_access.h"
#include "ledger/loans/loan_access.h"
#include "ledger/matching/matching.h"
#include "ledger/portfolio/portfolio.h"

namespace crowdledger {
namespace {

Status Check(const schema::OperationSlot& slot) {
  return CheckHandle(slot.operation_as_CloseCampaign()->campaign(), "campaign");
}

// Visits every investor with a live pledge, in pledge order.
Status ForEachPledge(ApplyContext& context, std::string_view name, const CampaignRecord& campaign,
                     const std::function<Status(const std::string&, const PledgeRecord&)>& visit) {
  for (uint32_t position = 0; position < campaign.investors_ever; ++position) {
    ASSIGN_OR_RETURN(auto investor, context.Get(CampaignInvestorKey(name, position)));
    if (!investor) return Status(ErrorCode::Corruption, "campaign investor list has a gap");
    ASSIGN_OR_RETURN(auto pledge, context.Find<PledgeRecord>(PledgeKey(name, *investor)));
    if (!pledge) return Status(ErrorCode::Corruption, "campaign investor has no pledge record");
    if (!pledge->amount.is_zero()) RETURN_IF_ERROR(visit(*investor, *pledge));
  }
  return Status::Ok();
}

Status IssueStake(ApplyContext& context, std::string_view name, const CampaignRecord& campaign,
                  const std::string& investor, const PledgeRecord& pledge) {
  auto shares = Amount::FromMinorUnits(campaign.equity_shares)
                    .CheckedScale(pledge.amount.minor_units(), campaign.raised.minor_units());
  if (!shares) return Status(ErrorCode::Overflow, "share computation overflows");
  StakeRecord stake;
  stake.investor = investor;
  stake.enterprise = campaign.enterprise;
  stake.kind = schema::InvestmentKind::Crowd;
  stake.currency = campaign.currency;
  stake.shares = shares->minor_units();
  stake.cost_basis = pledge.amount;
  stake.acquired_us = context.time_us();
  std::string stake_id = std::string(name) + "/" + investor;
  context.Store(StakeKey(stake_id), stake);
  return AddToPortfolio(context, investor, PortfolioKind::Stake, stake_id);
}

// A successful debt campaign lends each investor's pledge to the enterprise on the
// campaign's debt terms, as loan "<campaign>/<investor>".
Status IssueLoan(ApplyContext& context, std::string_view name, const CampaignRecord& campaign,
                 const std::string& investor, const PledgeRecord& pledge) {
  LoanRecord loan;
  loan.lender = investor;
  loan.borrower = campaign.enterprise;
  loan.currency = campaign.currency;
  loan.principal = loan.outstanding = pledge.amount;
  loan.annual_rate_bp = campaign.debt_rate_bp;
  loan.disbursed_us = context.time_us();
  loan.maturity_us = campaign.debt_maturity_us;
  return RecordNewLoan(context, std::string(name) + "/" + investor, loan, LoanSource::DebtCampaign);
}

// What succeeds beyond the payout: stakes (and matching) for equity, loans for debt.
Status IssueInstruments(ApplyContext& context, std::string_view name,
                        const CampaignRecord& campaign) {
  if (campaign.kind == schema::CampaignKind::Debt) {
    return ForEachPledge(context, name, campaign,
                         [&](const std::string& investor, const PledgeRecord& pledge) {
                           return IssueLoan(context, name, campaign, investor, pledge);
                         });
  }
  if (campaign.kind != schema::CampaignKind::Equity) return Status::Ok();
  RETURN_IF_ERROR(ForEachPledge(context, name, campaign,
                                [&](const std::string& investor, const PledgeRecord& pledge) {
                                  return IssueStake(context, name, campaign, investor, pledge);
                                }));
  return ApplyMatching(context, MatchTrigger{campaign.enterprise,
                                             {},
                                             schema::InvestmentKind::Crowd,
                                             campaign.currency,
                                             campaign.raised,
                                             campaign.equity_shares,
                                             std::string(name) + "/campaign-match"});
}

Status Apply(ApplyContext& context, const schema::OperationSlot& slot) {
  std::string_view name = View(slot.operation_as_CloseCampaign()->campaign());
  ASSIGN_OR_RETURN(CampaignRecord campaign, RequireOpenCampaign(context, name));
  if (context.submitter() != campaign.platform && !context.HasRole(schema::Role::Administer)) {
    return Status(ErrorCode::NotPermitted,
                  "only the platform closes campaign '" + std::string(name) + "'");
  }
  bool at_cap = !campaign.hard_cap.is_zero() && campaign.raised >= campaign.hard_cap;
  if (context.time_us() < campaign.closes_us && !at_cap) {
    return Status(ErrorCode::StillOpen, "campaign '" + std::string(name) + "' is still open");
  }
  bool succeeded = campaign.settlement == schema::Settlement::KeepItAll
                       ? !campaign.raised.is_zero()
                       : campaign.raised >= campaign.goal;
  std::string escrow = EscrowAccount(name);
  if (succeeded) {
    RETURN_IF_ERROR(context.Move(escrow, CashAccount(campaign.enterprise, campaign.currency),
                                 campaign.currency, campaign.raised));
    RETURN_IF_ERROR(IssueInstruments(context, name, campaign));
  } else {
    RETURN_IF_ERROR(ForEachPledge(
        context, name, campaign, [&](const std::string& investor, const PledgeRecord& pledge) {
          return context.Move(escrow, CashAccount(investor, campaign.currency), campaign.currency,
                              pledge.amount);
        }));
  }
  ASSIGN_OR_RETURN(Amount left, context.Balance(escrow));
  if (!left.is_zero())
    return Status(ErrorCode::Corruption,
                  "escrow of '" + std::string(name) + "' not empty after closing");
  campaign.status = succeeded ? CampaignStatus::Succeeded : CampaignStatus::Failed;
  context.Store(CampaignKey(name), campaign);
  return Status::Ok();
}

}  // namespace

extern const OperationRules kCloseCampaignRules{"CloseCampaign", Check, Apply};

}  // namespace crowdledger
