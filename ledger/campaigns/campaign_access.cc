// Campaign lookups and permissions shared by the campaign operations.
#include "ledger/campaigns/campaign_access.h"

namespace crowdledger {

Result<CampaignRecord> RequireOpenCampaign(ApplyContext& context, std::string_view campaign) {
  // Every pledge to the campaign in a transaction reads and writes it: kept decoded.
  ASSIGN_OR_RETURN(auto record, context.FindShared<CampaignRecord>(CampaignKey(campaign)));
  if (!record)
    return Status(ErrorCode::NotFound, "campaign '" + std::string(campaign) + "' does not exist");
  if (record->status != CampaignStatus::Open) {
    return Status(ErrorCode::CampaignClosed, "campaign '" + std::string(campaign) + "' is settled");
  }
  return std::move(*record);
}

Status RequirePlatformOrInvestor(const ApplyContext& context, const CampaignRecord& campaign,
                                 std::string_view investor) {
  if (context.submitter() == campaign.platform || context.submitter() == investor)
    return Status::Ok();
  return Status(
      ErrorCode::NotPermitted,
      "'" + context.submitter() + "' is neither the campaign's platform nor the investor");
}

}  // namespace crowdledger
