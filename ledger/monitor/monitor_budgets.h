// Matching against rule budgets and compensation against policy limits, for the monitoring
// page: the active matching rules (the state's active-rule list, at most 64) with what each
// has spent of its budget, and every compensation pool (found in the report scopes' party
// list, cut at a limit) with its policy, what it has paid, and what it paid this year against
// its yearly cap. Records only; no scan.
// Thread-safety: none; the caller owns the state store.
#pragma once

#include "ledger/reports/canonical_json.h"
#include "ledger/state/state_store.h"

namespace crowdledger {

// {"matching": {...}, "compensation": {...}} (docs/http.md). `max_parties` bounds the parties
// of the report's own scopes looked at; `time_us` (the latest entry's) picks the year whose
// payouts count against the yearly caps.
Result<JsonValue::Object> MonitorBudgets(StateStore& state, size_t max_parties, int64_t time_us);

}  // namespace crowdledger
