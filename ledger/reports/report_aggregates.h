// Report aggregates as derived state (docs/reports.md): the apply path adds each entry's
// contributions to the buckets of its scopes, so the buckets are in the state digest, rebuilt
// by replay and checked by the auditor like every other record; a report then reads whole
// buckets instead of scanning the log.
// Thread-safety: none; called by the state's single writer (apply) or owner (reports).
#pragma once

#include <functional>
#include <span>

#include "ledger/reports/figures.h"
#include "ledger/reports/report_index.h"
#include "ledger/reports/report_scopes.h"
#include "ledger/state/records.h"
#include "ledger/state/state_store.h"

namespace crowdledger {

// Called by StateMachine::Apply once every operation of the transaction has applied, before
// the transaction is committed: the contributions go into the same state transaction.
Status UpdateReportAggregates(StateStore& state, const schema::Transaction& transaction,
                              std::span<const Movement> movements, uint64_t sequence,
                              int64_t time_us);

// The buckets a scope has (empty if none), ascending.
Result<std::vector<BucketId>> ReadBucketIndex(StateStore& state, std::string_view scope);
Result<Figures> ReadBucket(StateStore& state, const BucketId& bucket, std::string_view scope);
// The scopes of one kind, in the order they first had a figure.
Result<std::vector<std::string>> ReadScopeList(StateStore& state, ScopeKind kind);

}  // namespace crowdledger
