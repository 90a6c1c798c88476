// Report aggregates: the apply-time update of the buckets, and their reads.
#include "ledger/reports/report_aggregates.h"

#include "ledger/reports/contributions.h"

namespace crowdledger {
namespace {

// A scope's first bucket puts it in its kind's list; every new bucket goes in its index.
Status NoteNewBucket(StateStore& state, const BucketId& bucket, const std::string& scope) {
  std::string index_key = ReportBucketIndexKey(scope);
  ASSIGN_OR_RETURN(auto stored, state.Get(index_key));
  std::vector<BucketId> buckets;
  if (stored) {
    ASSIGN_OR_RETURN(buckets, DecodeBucketIndex(*stored));
  } else {
    ASSIGN_OR_RETURN(std::vector<std::string> scopes, ReadScopeList(state, KindOfScope(scope)));
    scopes.emplace_back(ScopeName(scope));
    state.Put(ReportScopeListKey(KindOfScope(scope)), EncodeScopeList(scopes));
  }
  buckets.push_back(bucket);
  state.Put(index_key, EncodeBucketIndex(buckets));
  return Status::Ok();
}

Status AddToBucket(StateStore& state, const BucketId& bucket, const std::string& scope,
                   const Figures& contribution) {
  std::string key = ReportBucketKey(bucket.block, bucket.day, scope);
  ASSIGN_OR_RETURN(const std::string* stored, state.Peek(key));
  Figures figures;
  if (stored) {
    ASSIGN_OR_RETURN(figures, Figures::Decode(*stored));
  } else {
    RETURN_IF_ERROR(NoteNewBucket(state, bucket, scope));
  }
  RETURN_IF_ERROR(figures.Merge(contribution));
  state.Put(key, figures.Encode());
  return Status::Ok();
}

}  // namespace

Status UpdateReportAggregates(StateStore& state, const schema::Transaction& transaction,
                              std::span<const Movement> movements, uint64_t sequence,
                              int64_t time_us) {
  RETURN_IF_ERROR(RecordReportFacts(state, transaction, sequence));
  ReportFacts facts(state);
  ReportDelta delta;
  RETURN_IF_ERROR(AddEntryContributions(facts, transaction, movements, sequence, time_us, delta));
  BucketId bucket{ReportBlock(sequence), ReportDay(time_us)};
  for (const auto& [scope, figures] : delta.scopes()) {
    if (!figures.empty()) RETURN_IF_ERROR(AddToBucket(state, bucket, scope, figures));
  }
  return Status::Ok();
}

Result<std::vector<BucketId>> ReadBucketIndex(StateStore& state, std::string_view scope) {
  ASSIGN_OR_RETURN(auto stored, state.Get(ReportBucketIndexKey(scope)));
  if (!stored) return std::vector<BucketId>();
  return DecodeBucketIndex(*stored);
}

Result<Figures> ReadBucket(StateStore& state, const BucketId& bucket, std::string_view scope) {
  ASSIGN_OR_RETURN(auto stored, state.Get(ReportBucketKey(bucket.block, bucket.day, scope)));
  if (!stored) return Status(ErrorCode::Corruption, "report: an indexed bucket is missing");
  return Figures::Decode(*stored);
}

Result<std::vector<std::string>> ReadScopeList(StateStore& state, ScopeKind kind) {
  ASSIGN_OR_RETURN(auto stored, state.Get(ReportScopeListKey(kind)));
  if (!stored) return std::vector<std::string>();
  return DecodeScopeList(*stored);
}

}  // namespace crowdledger
