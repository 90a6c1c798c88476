// CancelPledge: before the cut-off, an investor's whole pledge returns from escrow.
#include "ledger/apply/operation_rules.h"
#include "ledger/campaigns/campaign_access.h"

namespace crowdledger {
namespace {

Status Check(const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_CancelPledge();
  RETURN_IF_ERROR(CheckHandle(op->campaign(), "campaign"));
  return CheckHandle(op->investor(), "investor");
}

Status Apply(ApplyContext& context, const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_CancelPledge();
  std::string_view name = View(op->campaign());
  std::string_view investor = View(op->investor());
  ASSIGN_OR_RETURN(CampaignRecord campaign, RequireOpenCampaign(context, name));
  RETURN_IF_ERROR(RequirePlatformOrInvestor(context, campaign, investor));
  if (context.time_us() >= campaign.cancel_cutoff_us) {
    return Status(ErrorCode::AfterCutoff,
                  "pledges to '" + std::string(name) + "' can no longer be cancelled");
  }
  KeyText pledge_key = PledgeKey(name, investor);
  ASSIGN_OR_RETURN(auto pledge, context.Find<PledgeRecord>(pledge_key));
  if (!pledge || pledge->amount.is_zero()) {
    return Status(ErrorCode::NotFound,
                  "'" + std::string(investor) + "' has no pledge to '" + std::string(name) + "'");
  }
  RETURN_IF_ERROR(context.Move(EscrowAccount(name), CashAccount(investor, campaign.currency),
                               campaign.currency, pledge->amount));
  auto raised = campaign.raised.CheckedSubtract(pledge->amount);
  if (!raised) return Status(ErrorCode::Overflow, "campaign total underflows");
  campaign.raised = *raised;
  --campaign.investors;
  pledge->amount = Amount();
  context.Store(pledge_key, *pledge);
  context.Store(CampaignKey(name), campaign);
  return Status::Ok();
}

}  // namespace

extern const OperationRules kCancelPledgeRules{"CancelPledge", Check, Apply};

}  // namespace crowdledger
