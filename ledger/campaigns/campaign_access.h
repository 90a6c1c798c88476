// Rules shared by the pledge, cancel and close operations: finding an open campaign and
// who may act on it.
#pragma once

#include "ledger/apply/apply_context.h"
#include "ledger/campaigns/campaign_record.h"

namespace crowdledger {

// The campaign, if it exists and is not settled; CampaignClosed or NotFound otherwise.
Result<CampaignRecord> RequireOpenCampaign(ApplyContext& context, std::string_view campaign);
// The hosting platform may act on any pledge of its campaign; an investor on its own.
Status RequirePlatformOrInvestor(const ApplyContext& context, const CampaignRecord& campaign,
                                 std::string_view investor);

}  // namespace crowdledger
