// The latest entries for the monitoring page, newest first: sequence, server time, submitter,
// the kinds of its operations with their counts, its movements and its recorded outcome. Read
// from the log store (thread-safe), bounded in entries and in bytes read.
// Thread-safety: thread-safe (LogStore is).
#pragma once

#include "ledger/log_store.h"
#include "ledger/reports/canonical_json.h"

namespace crowdledger {

// Operation kinds listed per entry; an entry of more kinds lists these and counts the rest.
inline constexpr size_t kMaxListedOperationKinds = 8;

// Up to `count` entries below `tree_size`, stopping early once the entries read pass
// `max_bytes` (the first is always listed). Corruption for an entry that does not verify.
Result<JsonValue> RecentEntries(const LogStore& log, uint64_t tree_size, size_t count,
                                size_t max_bytes);

}  // namespace crowdledger
