// ComputeReport: a report's figures from the report buckets of the derived state. As of the
// tree size the state is at, it sums whole buckets. As of an older tree size N it sums the
// buckets of the sequence blocks before N's block and recomputes the contributions of the
// entries of N's block below N (fewer than kReportBlockEntries) with the apply path's own
// contribution function: the time a report takes does not grow with the ledger's length.
// Thread-safety: none; the caller owns the state store.
#pragma once

#include <functional>

#include "ledger/reports/report_request.h"
#include "ledger/state/state_store.h"

namespace crowdledger {

// Visits the entries [begin, end) in order (LogStore::ForEachEntry has this shape).
using EntryVisitor = std::function<Status(uint64_t, std::string_view)>;
using EntryRangeReader = std::function<Status(uint64_t begin, uint64_t end, const EntryVisitor&)>;

// `state` holds the derived state after `state_size` entries; request.tree_size must not be
// above it. NotFound if the report's fund, platform or maker space was not registered at that
// size; InvalidArgument for a party of the wrong kind or an inverted period.
Result<ReportData> ComputeReport(StateStore& state, uint64_t state_size,
                                 const EntryRangeReader& entries, const ReportRequest& request,
                                 ReportCheckpoint checkpoint);

}  // namespace crowdledger
