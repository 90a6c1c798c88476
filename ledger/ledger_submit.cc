// Ledger::SubmitGroup: idempotency, apply in order, one durable append, then publish.
#include "crypto/sha256.h"
#include "ledger/apply/operation_rules.h"
#include "ledger/ledger.h"
#include "ledger/log_keys.h"

namespace crowdledger {
namespace {

SubmitResult Refusal(Status status, int32_t failed_operation = -1) {
  SubmitResult result;
  result.status = std::move(status);
  result.failed_operation = failed_operation;
  return result;
}

}  // namespace

Result<std::optional<SubmitResult>> Ledger::FindEarlier(const schema::Transaction& transaction,
                                                        const SignedTransaction& signed_tx) {
  const std::string& bytes = signed_tx.bytes;
  std::string key = TransactionIndexKey(View(transaction.submitter()), *transaction.id());
  auto stored = log_->ReadIndex(key);
  if (!stored.ok() && stored.status().code() == ErrorCode::NotFound) {
    return std::optional<SubmitResult>();
  }
  if (!stored.ok()) return stored.status();
  const std::string& record = *stored;
  auto sequence = log_keys::DecodeUint64(std::string_view(record).substr(0, 8));
  if (record.size() != 8 + sizeof(Hash) || !sequence) {
    return Status(ErrorCode::Corruption, "idempotency record of a transaction is damaged");
  }
  if (std::string_view(record).substr(8) != AsText(Sha256(AsBytes(bytes)))) {
    return std::optional<SubmitResult>(Refusal(Status(
        ErrorCode::IdReused,
        "transaction id was used by entry " + std::to_string(*sequence) + " with other content")));
  }
  SubmitResult result;
  result.duplicate = true;
  result.sequence = *sequence;
  ASSIGN_OR_RETURN(std::string entry_bytes, log_->ReadEntry(*sequence));
  ASSIGN_OR_RETURN(const schema::Entry* entry, VerifyEntry(entry_bytes));
  // Same bytes means the same key id, hence the same key, and Ed25519 signatures are
  // deterministic: a genuine repeat carries exactly the logged signature.
  if (std::string_view(reinterpret_cast<const char*>(entry->signature()->data()),
                       entry->signature()->size()) != signed_tx.signature) {
    return std::optional<SubmitResult>(Refusal(Status(
        ErrorCode::BadSignature, "signature differs from that of entry " +
                                     std::to_string(*sequence) + ", which logged these bytes")));
  }
  ASSIGN_OR_RETURN(RecordedOutcome recorded, ReadRecordedOutcome(*entry));
  result.state_digest = recorded.state_digest;
  result.movements = std::move(recorded.movements);
  return std::optional<SubmitResult>(std::move(result));
}

std::vector<SubmitResult> Ledger::SubmitGroup(std::span<const SignedTransaction> group,
                                              int64_t wall_time_us) {
  std::vector<SubmitResult> results;
  results.reserve(group.size());
  AppendBatch batch;
  const uint64_t first_sequence = log_->size();
  // Server time never decreases along the log, whatever the wall clock does.
  int64_t time_us = std::max(wall_time_us, last_time_us_);
  pending_ids_.clear();
  // The parties each new entry concerns, indexed once the group is logged.
  std::vector<std::vector<std::string>> parties_of_entries;
  std::vector<uint64_t> aligned_storage;
  for (const SignedTransaction& signed_tx : group) {
    std::string_view bytes = AlignedFlatbuffer(signed_tx.bytes, aligned_storage);
    auto transaction = VerifyTransaction(bytes);
    if (!transaction.ok()) {
      results.push_back(Refusal(transaction.status()));
      continue;
    }
    std::string key = TransactionIndexKey(View((*transaction)->submitter()), *(*transaction)->id());
    std::string digest_of_bytes(AsText(Sha256(AsBytes(bytes))));
    if (auto pending = pending_ids_.find(key); pending != pending_ids_.end()) {
      // The same id earlier in this group: its result, once the group is durable.
      const auto& [index, digest] = pending->second;
      SubmitResult result =
          digest != digest_of_bytes
              ? Refusal(Status(ErrorCode::IdReused,
                               "transaction id used twice in one group with other content"))
          : group[index].signature != signed_tx.signature
              ? Refusal(
                    Status(ErrorCode::BadSignature,
                           "signature differs from that of the same bytes earlier in the group"))
              : results[index];
      result.duplicate = result.status.ok();
      results.push_back(std::move(result));
      continue;
    }
    auto earlier = FindEarlier(**transaction, signed_tx);
    if (!earlier.ok() || earlier->has_value()) {
      results.push_back(earlier.ok() ? std::move(**earlier) : Refusal(earlier.status()));
      continue;
    }
    uint64_t sequence = first_sequence + batch.entries.size();
    AppliedOutcome outcome =
        machine_->Apply(bytes, AsBytes(signed_tx.signature), sequence, time_us,
                        signed_tx.checked_with ? &*signed_tx.checked_with : nullptr);
    if (!outcome.status.ok()) {
      results.push_back(Refusal(outcome.status, outcome.failed_operation));
      continue;
    }
    EntryFields fields{sequence,
                       time_us,
                       signed_tx.bytes,
                       AsBytes(signed_tx.signature),
                       outcome.state_digest,
                       std::move(outcome.movements)};
    batch.entries.push_back(BuildEntry(fields));
    pending_ids_[key] = {results.size(), digest_of_bytes};
    batch.index_puts.emplace_back(std::move(key),
                                  log_keys::EncodeUint64(sequence) + digest_of_bytes);
    parties_of_entries.push_back(std::move(outcome.parties));
    SubmitResult result;
    result.sequence = sequence;
    result.state_digest = outcome.state_digest;
    result.movements = std::move(fields.movements);
    results.push_back(std::move(result));
  }
  pending_ids_.clear();
  if (batch.entries.empty()) return results;

  auto appended =
      log_->Append([&batch, first_sequence](uint64_t first_index) -> Result<AppendBatch> {
        if (first_index != first_sequence) {
          return Status(ErrorCode::Corruption, "another writer appended to the log");
        }
        return std::move(batch);
      });
  if (!appended.ok()) {
    state_->DiscardGroup();
    for (SubmitResult& result : results) {
      // Entries of this group, and duplicates of them, were not logged after all.
      if (result.status.ok() && result.sequence >= first_sequence)
        result.status = appended.status();
    }
    return results;
  }
  state_->PublishGroup(log_->size());
  for (size_t i = 0; i < parties_of_entries.size(); ++i) {
    for (const std::string& party : parties_of_entries[i]) {
      unwritten_index_.Add(party, first_sequence + i);
    }
  }
  last_time_us_ = time_us;
  // A failed state checkpoint loses nothing (replay rebuilds the state and the index) and its
  // items are dirty again, so its error is not the submitters' concern.
  (void)SettleCheckpoint(state_->PollCheckpoint());
  MaybeStartCheckpoint();
  return results;
}

}  // namespace crowdledger
