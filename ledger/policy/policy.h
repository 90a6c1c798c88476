// Policy parameters: caps and thresholds the authority sets through the ledger itself, each
// defaulting to the 2016 Chongqing policy's figure, so the rules in force at any entry are on
// the record.
#pragma once

#include "ledger/apply/apply_context.h"

namespace crowdledger {

int64_t DefaultPolicyValue(schema::PolicyParameter parameter);
// The value in force: the last one set, or the default.
Result<int64_t> PolicyValue(ApplyContext& context, schema::PolicyParameter parameter);
std::string PolicyKey(schema::PolicyParameter parameter);

}  // namespace crowdledger
