// Ledger's submission: idempotency, apply in order, one durable append per group on the write
// thread, then publish.
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

std::optional<SubmitResult> Ledger::FindPending(const std::string& key, const std::string& digest,
                                                const SignedTransaction& signed_tx) const {
  for (const Group* group : {&open_, &writing_}) {
    auto pending = group->ids.find(key);
    if (pending == group->ids.end()) continue;
    const Group::Id& id = pending->second;
    // Its result, final once that group is durable (a failed write fails this one too).
    SubmitResult result =
        id.digest_of_bytes != digest
            ? Refusal(Status(ErrorCode::IdReused,
                             "transaction id used by a transaction not yet logged with other "
                             "content"))
        : id.signature != signed_tx.signature
            ? Refusal(Status(ErrorCode::BadSignature,
                             "signature differs from that of the same bytes submitted before"))
            : group->results[id.result];
    result.duplicate = result.status.ok();
    return result;
  }
  return std::nullopt;
}

SubmitResult Ledger::ApplyOne(const SignedTransaction& signed_tx, int64_t time_us) {
  std::string_view bytes = AlignedFlatbuffer(signed_tx.bytes, aligned_buffer_);
  auto transaction = VerifyTransaction(bytes);
  if (!transaction.ok()) return Refusal(transaction.status());
  std::string key = TransactionIndexKey(View((*transaction)->submitter()), *(*transaction)->id());
  std::string digest_of_bytes(AsText(Sha256(AsBytes(bytes))));
  if (auto pending = FindPending(key, digest_of_bytes, signed_tx)) return std::move(*pending);
  auto earlier = FindEarlier(**transaction, signed_tx);
  if (!earlier.ok()) return Refusal(earlier.status());
  if (earlier->has_value()) return std::move(**earlier);
  uint64_t sequence = next_sequence_;
  AppliedOutcome outcome =
      machine_->Apply(bytes, AsBytes(signed_tx.signature), sequence, time_us,
                      signed_tx.checked_with ? &*signed_tx.checked_with : nullptr);
  if (!outcome.status.ok()) return Refusal(outcome.status, outcome.failed_operation);
  ++next_sequence_;
  EntryFields fields{sequence,
                     time_us,
                     signed_tx.bytes,
                     AsBytes(signed_tx.signature),
                     outcome.state_digest,
                     std::move(outcome.movements)};
  if (open_.entries == 0) open_.first_sequence = sequence;
  ++open_.entries;
  open_.time_us = time_us;
  open_.batch.entries.push_back(BuildEntry(fields));
  open_.batch.index_puts.emplace_back(key, log_keys::EncodeUint64(sequence) + digest_of_bytes);
  open_.ids[std::move(key)] =
      Group::Id{open_.results.size(), std::move(digest_of_bytes), signed_tx.signature};
  open_.parties_of_entries.push_back(std::move(outcome.parties));
  SubmitResult result;
  result.sequence = sequence;
  result.state_digest = outcome.state_digest;
  result.movements = std::move(fields.movements);
  return result;
}

void Ledger::Apply(std::span<const SignedTransaction> transactions, int64_t wall_time_us,
                   std::span<SubmitDone> done) {
  // Server time never decreases along the log, whatever the wall clock does.
  apply_time_us_ = std::max(wall_time_us, apply_time_us_);
  for (size_t i = 0; i < transactions.size(); ++i) {
    SubmitResult result = ApplyOne(transactions[i], apply_time_us_);
    open_.results.push_back(std::move(result));
    open_.done.push_back(std::move(done[i]));
  }
}

void Ledger::Deliver(Group& group) {
  for (size_t i = 0; i < group.results.size(); ++i) {
    if (group.done[i]) group.done[i](std::move(group.results[i]));
  }
  group = Group{};
}

void Ledger::StartWrite() {
  FinishWrite();
  if (open_.entries == 0) {
    // Nothing to log: refusals and repeats of durable entries, final as they are.
    Deliver(open_);
    return;
  }
  state_->SealGroup();
  writing_ = std::move(open_);
  open_ = Group{};
  write_in_flight_ = true;
  writer_.Start([this] {
    Group& group = writing_;
    group.written = log_->Append([&group](uint64_t first_index) -> Result<AppendBatch> {
      if (first_index != group.first_sequence) {
        return Status(ErrorCode::Corruption, "another writer appended to the log");
      }
      return std::move(group.batch);
    });
    // The entries-by-party records of the entries now durable are added here, on the write
    // thread, which has most of a core to spare, rather than by the ledger thread applying the
    // next group (a tenth of its time with 1,000-pledge transactions). Nothing reads or
    // changes unwritten_index_ while a write is in flight: FinishWrite, checkpoints and
    // queries all wait for it first.
    if (group.written.ok()) {
      for (size_t i = 0; i < group.parties_of_entries.size(); ++i) {
        unwritten_index_.AddEntry(group.parties_of_entries[i], group.first_sequence + i);
      }
    }
  });
}

void Ledger::FinishWrite() {
  if (!write_in_flight_) return;
  writer_.Wait();
  write_in_flight_ = false;
  if (writing_.written.ok()) {
    state_->PublishSealed(writing_.first_sequence + writing_.entries);
    last_time_us_ = writing_.time_us;
    Deliver(writing_);
    // A failed state checkpoint loses nothing (replay rebuilds the state and the index) and
    // its items are dirty again, so its error is not the submitters' concern.
    (void)SettleCheckpoint(state_->PollCheckpoint());
    MaybeStartCheckpoint();
    return;
  }
  // The write failed: its entries, and the open group applied on top of them, are dropped.
  // Every result of the open group depended on that state, except repeats of entries logged
  // before the failed write.
  const Status error = writing_.written.status();
  const uint64_t first_lost = writing_.first_sequence;
  state_->DiscardGroup();
  for (SubmitResult& result : writing_.results) {
    if (result.status.ok() && result.sequence >= first_lost) result.status = error;
  }
  for (SubmitResult& result : open_.results) {
    if (!(result.status.ok() && result.duplicate && result.sequence < first_lost)) {
      result = Refusal(error);
    }
  }
  next_sequence_ = first_lost;
  Deliver(writing_);
  Deliver(open_);
}

void Ledger::Drain() {
  StartWrite();
  FinishWrite();
}

std::vector<SubmitResult> Ledger::SubmitGroup(std::span<const SignedTransaction> group,
                                              int64_t wall_time_us) {
  Drain();
  std::vector<SubmitResult> results(group.size());
  std::vector<SubmitDone> done;
  done.reserve(group.size());
  for (size_t i = 0; i < group.size(); ++i) {
    done.emplace_back([&results, i](SubmitResult result) { results[i] = std::move(result); });
  }
  Apply(group, wall_time_us, done);
  Drain();
  return results;
}

}  // namespace crowdledger
