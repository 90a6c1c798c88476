// The active stake an operation acts on, held by the submitter.
#pragma once

#include "ledger/apply/apply_context.h"
#include "ledger/campaigns/campaign_record.h"

namespace crowdledger {

// NotFound, NotPermitted (not the holder) or AlreadySettled (exited or written off).
Result<StakeRecord> RequireOwnActiveStake(ApplyContext& context, std::string_view stake);

}  // namespace crowdledger
