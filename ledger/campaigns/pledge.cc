// Pledge: an investor's cash moves into the campaign's escrow, within the campaign's window,
// minimum, per-investor maximum, hard cap and investor limit.
#include "ledger/apply/operation_rules.h"
#include "ledger/campaigns/campaign_access.h"
#include "ledger/portfolio/portfolio.h"

namespace crowdledger {
namespace {

Status Check(const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_Pledge();
  RETURN_IF_ERROR(CheckHandle(op->campaign(), "campaign"));
  RETURN_IF_ERROR(CheckHandle(op->investor(), "investor"));
  return CheckPositive(op->amount(), "amount");
}

Status CheckAmounts(const CampaignRecord& campaign, Amount amount, Amount investor_total,
                    Amount raised_after) {
  if (amount < campaign.min_pledge) {
    return Status(ErrorCode::BelowMinimum, "pledge of " + std::to_string(amount.minor_units()) +
                                               " is below the minimum " +
                                               std::to_string(campaign.min_pledge.minor_units()));
  }
  if (!campaign.max_pledge.is_zero() && investor_total > campaign.max_pledge) {
    return Status(ErrorCode::AboveMaximum, "the investor's pledges would total " +
                                               std::to_string(investor_total.minor_units()) +
                                               ", above the maximum " +
                                               std::to_string(campaign.max_pledge.minor_units()));
  }
  if (!campaign.hard_cap.is_zero() && raised_after > campaign.hard_cap) {
    return Status(ErrorCode::HardCapExceeded,
                  "the campaign would raise " + std::to_string(raised_after.minor_units()) +
                      ", above its hard cap " + std::to_string(campaign.hard_cap.minor_units()));
  }
  return Status::Ok();
}

Status Apply(ApplyContext& context, const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_Pledge();
  std::string_view name = View(op->campaign());
  std::string_view investor = View(op->investor());
  ASSIGN_OR_RETURN(CampaignRecord campaign, RequireOpenCampaign(context, name));
  RETURN_IF_ERROR(RequirePlatformOrInvestor(context, campaign, investor));
  if (context.time_us() < campaign.opens_us)
    return Status(ErrorCode::CampaignNotOpen, "the campaign has not opened");
  if (context.time_us() >= campaign.closes_us)
    return Status(ErrorCode::CampaignClosed, "the campaign has closed");
  RETURN_IF_ERROR(context.RequirePartyRegistered(investor));
  KeyText pledge_key = PledgeKey(name, investor);
  ASSIGN_OR_RETURN(auto existing, context.Find<PledgeRecord>(pledge_key));
  PledgeRecord pledge = existing.value_or(PledgeRecord{});
  Amount amount = Amount::FromMinorUnits(op->amount());
  auto investor_total = pledge.amount.CheckedAdd(amount);
  auto raised_after = campaign.raised.CheckedAdd(amount);
  if (!investor_total || !raised_after)
    return Status(ErrorCode::Overflow, "pledge totals overflow");
  RETURN_IF_ERROR(CheckAmounts(campaign, amount, *investor_total, *raised_after));
  if (pledge.amount.is_zero()) {
    if (campaign.investors >= campaign.max_investors) {
      return Status(
          ErrorCode::InvestorLimitReached,
          "the campaign has its " + std::to_string(campaign.max_investors) + " investors");
    }
    ++campaign.investors;
    if (!existing) {
      if (campaign.investors_ever >= kMaxCampaignInvestors) {
        return Status(ErrorCode::InvestorLimitReached,
                      "the campaign has had the most investors a campaign may");
      }
      pledge.position = campaign.investors_ever++;
      RETURN_IF_ERROR(
          context.PutNew(CampaignInvestorKey(name, pledge.position), std::string(investor)));
      RETURN_IF_ERROR(AddToPortfolio(context, investor, PortfolioKind::Pledge, name));
    }
  }
  RETURN_IF_ERROR(context.Move(CashAccount(investor, campaign.currency), EscrowAccount(name),
                               campaign.currency, amount));
  pledge.amount = *investor_total;
  campaign.raised = *raised_after;
  context.Store(pledge_key, pledge);
  context.Store(CampaignKey(name), campaign);
  return Status::Ok();
}

// The investor's party, pledge and cash account: the items of a pledge no pledge near it is
// likely to have read (the campaign and its escrow are in the processor's caches).
void PrefetchKeys(ApplyContext& context, const schema::OperationSlot& slot, PrefetchKeyList& keys) {
  const auto* op = slot.operation_as_Pledge();
  std::string_view name = View(op->campaign());
  std::string_view investor = View(op->investor());
  keys.Add(PartyKey(investor));
  keys.Add(PledgeKey(name, investor));
  auto& currencies = context.prefetch_hints();
  auto currency = currencies.find(absl::string_view(name.data(), name.size()));
  if (currency == currencies.end()) {
    // Errors and absent campaigns are apply's to report: the account is not prefetched.
    auto campaign = context.Find<CampaignRecord>(CampaignKey(name));
    if (!campaign.ok() || !campaign->has_value()) return;
    currency = currencies.emplace(std::string(name), std::move((*campaign)->currency)).first;
  }
  keys.Add(CashAccountKey(investor, currency->second));
}

}  // namespace

extern const OperationRules kPledgeRules{"Pledge", Check, Apply, PrefetchKeys};

}  // namespace crowdledger
