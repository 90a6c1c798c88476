// The authority's live monitoring figures (docs/http.md, "The monitoring page"): programme
// totals, campaigns open now, matching against rule budgets, compensation against policy
// limits, per-district and per-maker-space figures and the latest entries, all read from the
// derived state and the log at ONE tree size and bound to its signed checkpoint. Nothing here
// scans the state or the log: the figures are the report aggregates (ComputeReport), a few
// bounded lists of records, and the last few entries.
// Thread-safety: none; call it where the ledger's state may be read (the ledger service's
// thread, between group commits).
#pragma once

#include <cstddef>

#include "ledger/ledger.h"
#include "ledger/reports/canonical_json.h"

namespace crowdledger {

inline constexpr char kMonitorFormat[] = "crowdledger-monitor/1";

// What one computation may read and answer. Each limit bounds the response and the time the
// ledger thread spends on it; a list cut short says so ("truncated").
struct MonitorLimits {
  // Districts and maker spaces listed (each of the two); the programme totals count them all.
  size_t max_sections = 200;
  // Parties of the report's own scopes (funds, pools, platforms) looked at for pools.
  size_t max_scope_parties = 256;
  // Entries in the "recent" list, newest first, and the bytes read for them: an entry may
  // be as large as 16 MiB, so a few big ones stop the list early.
  size_t recent_entries = 20;
  size_t recent_bytes = size_t{32} * 1024 * 1024;
  // Days of the programme's daily series (the latest ones).
  size_t daily_days = 30;
};

// The figures as a JSON value (the format is in docs/http.md). `ledger` must be between group
// commits: its log and its state at the same tree size.
Result<JsonValue> ComputeMonitorState(Ledger& ledger, const MonitorLimits& limits);

}  // namespace crowdledger
