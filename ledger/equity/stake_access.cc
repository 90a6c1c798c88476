// Stake lookups shared by the stake operations.
#include "ledger/equity/stake_access.h"

namespace crowdledger {

Result<StakeRecord> RequireOwnActiveStake(ApplyContext& context, std::string_view stake) {
  ASSIGN_OR_RETURN(auto record, context.Find<StakeRecord>(StakeKey(stake)));
  if (!record)
    return Status(ErrorCode::NotFound, "stake '" + std::string(stake) + "' does not exist");
  if (record->investor != context.submitter()) {
    return Status(ErrorCode::NotPermitted,
                  "stake '" + std::string(stake) + "' is held by '" + record->investor + "'");
  }
  if (record->status != StakeStatus::Active) {
    return Status(ErrorCode::AlreadySettled,
                  "stake '" + std::string(stake) + "' was exited or written off");
  }
  return std::move(*record);
}

}  // namespace crowdledger
