// WriteOffStake: the holder writes a stake off; its whole cost basis is a realised loss
// (which a compensation pool's policy may later partly repay).
#include "ledger/apply/operation_rules.h"
#include "ledger/equity/stake_access.h"

namespace crowdledger {
namespace {

Status Check(const schema::OperationSlot& slot) {
  return CheckCompoundId(slot.operation_as_WriteOffStake()->stake(), kStakeIdParts, "stake");
}

Status Apply(ApplyContext& context, const schema::OperationSlot& slot) {
  std::string_view name = View(slot.operation_as_WriteOffStake()->stake());
  ASSIGN_OR_RETURN(StakeRecord stake, RequireOwnActiveStake(context, name));
  ASSIGN_OR_RETURN(stake.realised,
                   NoOverflow(stake.realised.CheckedSubtract(stake.cost_basis), "realised loss"));
  stake.status = StakeStatus::WrittenOff;
  context.Store(StakeKey(name), stake);
  return Status::Ok();
}

}  // namespace

extern const OperationRules kWriteOffStakeRules{"WriteOffStake", Check, Apply};

}  // namespace crowdledger
