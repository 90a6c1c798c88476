// Ledger: create, recover by replay, and group submission. See ledger.h.
#include "ledger/ledger.h"

#include <algorithm>

#include "crypto/sha256.h"
#include "ledger/genesis.h"
#include "ledger/log_keys.h"

namespace crowdledger {

// The state store's backend: the log store's "state" column family.
// Every state checkpoint also writes the entries-by-party records handed to it (first).
class Ledger::Backend : public StateBackend {
 public:
  Backend(LogStore& log, const UnwrittenPartyIndex& writing_index)
      : log_(log), writing_index_(writing_index) {}
  Result<std::optional<std::string>> Get(const std::string& key) const override {
    return log_.ReadState(key);
  }
  Status Write(std::span<const StateChange> changes) override {
    return log_.WriteState(changes, writing_index_.SortedKeys());
  }

 private:
  LogStore& log_;
  const UnwrittenPartyIndex& writing_index_;
};

namespace {

// An in-memory backend, to compute the genesis entry's outcome before the ledger exists.
class EmptyBackend : public StateBackend {
 public:
  Result<std::optional<std::string>> Get(const std::string&) const override {
    return std::optional<std::string>();
  }
  Status Write(std::span<const StateChange>) override { return Status::Ok(); }
};

std::string BuildEntryFor(uint64_t sequence, int64_t time_us, const SignedTransaction& signed_tx,
                          const AppliedOutcome& outcome) {
  EntryFields fields;
  fields.sequence = sequence;
  fields.server_time_us = time_us;
  fields.transaction = signed_tx.bytes;
  fields.signature = AsBytes(signed_tx.signature);
  fields.state_digest = outcome.state_digest;
  fields.movements = outcome.movements;
  return BuildEntry(fields);
}

}  // namespace

std::string TransactionIndexKey(std::string_view submitter, const schema::TransactionId& id) {
  return "tx/" + std::string(submitter) + "/" + log_keys::EncodeUint64(id.high()) +
         log_keys::EncodeUint64(id.low());
}

Result<std::vector<uint64_t>> Ledger::EntriesOfParty(std::string_view party, uint64_t from_sequence,
                                                     size_t limit) const {
  RETURN_IF_ERROR(RequireNoWriteInFlight());
  std::string prefix = PartyEntryIndexPrefix(party);
  ASSIGN_OR_RETURN(auto keys,
                   log_->ScanIndex(prefix, PartyEntryIndexKey(party, from_sequence), limit));
  std::vector<uint64_t> sequences;
  sequences.reserve(keys.size());
  for (const std::string& key : keys) {
    auto sequence = log_keys::DecodeUint64(std::string_view(key).substr(prefix.size()));
    if (!sequence) return Status(ErrorCode::Corruption, "entries-by-party index key is damaged");
    sequences.push_back(*sequence);
  }
  // The records not yet written follow the stored ones (a ledger written before they moved to
  // the checkpoints may hold some of them both ways).
  writing_index_.EntriesOf(party, from_sequence, limit, sequences);
  unwritten_index_.EntriesOf(party, from_sequence, limit, sequences);
  std::sort(sequences.begin(), sequences.end());
  sequences.erase(std::unique(sequences.begin(), sequences.end()), sequences.end());
  if (sequences.size() > limit) sequences.resize(limit);
  return sequences;
}

Status Ledger::RequireNoWriteInFlight() const {
  if (!write_in_flight_) return Status::Ok();
  return Status(ErrorCode::Busy,
                "a log write is in flight: drain the ledger before reading its index");
}

Result<bool> Ledger::EntryConcernsParty(std::string_view party, uint64_t sequence) const {
  RETURN_IF_ERROR(RequireNoWriteInFlight());
  if (unwritten_index_.Contains(party, sequence) || writing_index_.Contains(party, sequence))
    return true;
  auto indexed = log_->ReadIndex(PartyEntryIndexKey(party, sequence));
  if (indexed.ok()) return true;
  if (indexed.status().code() == ErrorCode::NotFound) return false;
  return indexed.status();
}

Ledger::Ledger(std::unique_ptr<LogStore> log, const LedgerOptions& options)
    : options_(options),
      log_(std::move(log)),
      backend_(std::make_unique<Backend>(*log_, writing_index_)),
      state_(std::make_unique<StateStore>(*backend_, options.state)),
      machine_(std::make_unique<StateMachine>(*state_, &known_keys_)) {}

Ledger::~Ledger() {
  // A clean close leaves a state checkpoint, so that the next open replays nothing. Failing
  // here loses nothing: the next open replays from the last checkpoint instead.
  if (!state_) return;
  Drain();
  // A checkpoint in flight reads writing_index_, which is destroyed before state_ (whose own
  // destructor would wait for it too late).
  (void)SettleCheckpoint(state_->WaitForCheckpoint());
  if (state_->dirty_items() > 0 || unwritten_index_.records() > 0) (void)Checkpoint();
}

Status Ledger::Create(const std::filesystem::path& directory, const std::string& origin,
                      const Ed25519PrivateKey& authority_key, int64_t time_us,
                      const LedgerOptions& options) {
  SignedTransaction genesis = BuildGenesisTransaction(authority_key, time_us);
  EmptyBackend empty;
  StateStore scratch(empty);
  StateMachine machine(scratch);
  AppliedOutcome outcome = machine.Apply(genesis.bytes, AsBytes(genesis.signature), 0, time_us);
  if (!outcome.status.ok()) return outcome.status.WithContext("genesis");
  std::string entry = BuildEntryFor(0, time_us, genesis, outcome);
  ASSIGN_OR_RETURN(auto log, LogStore::Create(directory, origin, {entry}, options.log));
  return Status::Ok();
}

Result<std::unique_ptr<Ledger>> Ledger::Open(const std::filesystem::path& directory,
                                             const LedgerOptions& options) {
  ASSIGN_OR_RETURN(auto log, LogStore::Open(directory, options.log));
  std::unique_ptr<Ledger> ledger(new Ledger(std::move(log), options));
  RETURN_IF_ERROR(ledger->Recover());
  return ledger;
}

Status Ledger::Recover() {
  RETURN_IF_ERROR(state_->Load());
  uint64_t applied = state_->applied_sequence();
  uint64_t size = log_->size();
  if (applied > size) {
    return Status(ErrorCode::Corruption, "the state covers " + std::to_string(applied) +
                                             " entries but the log holds only " +
                                             std::to_string(size));
  }
  if (applied > 0) {
    ASSIGN_OR_RETURN(std::string last, log_->ReadEntry(applied - 1));
    ASSIGN_OR_RETURN(const schema::Entry* entry, VerifyEntry(last));
    last_time_us_ = entry->server_time_us();
  }
  // Replay in bounded chunks, publishing each so memory stays bounded whatever the suffix.
  constexpr uint64_t kReplayChunk = 4096;
  for (uint64_t begin = applied; begin < size; begin += kReplayChunk) {
    uint64_t end = std::min(size, begin + kReplayChunk);
    RETURN_IF_ERROR(
        log_->ForEachEntry(begin, end, [this](uint64_t sequence, std::string_view bytes) {
          return ReplayEntry(sequence, bytes);
        }));
    state_->PublishGroup(end);
    RETURN_IF_ERROR(SettleCheckpoint(state_->PollCheckpoint()));
    MaybeStartCheckpoint();
  }
  next_sequence_ = size;
  apply_time_us_ = last_time_us_;
  return SettleCheckpoint(state_->WaitForCheckpoint());
}

void Ledger::MaybeStartCheckpoint() {
  if (state_->checkpoint_in_flight()) return;
  if (state_->dirty_items() < options_.checkpoint_dirty_items &&
      unwritten_index_.records() < options_.checkpoint_index_records) {
    return;
  }
  std::swap(writing_index_, unwritten_index_);  // writing_index_ was empty: none in flight
  state_->StartCheckpoint();
}

Status Ledger::SettleCheckpoint(Status status) {
  if (state_->checkpoint_in_flight()) return status;
  if (!status.ok()) {
    writing_index_.Append(std::move(unwritten_index_));
    std::swap(writing_index_, unwritten_index_);
  }
  writing_index_.Clear();
  return status;
}

Status Ledger::ReplayEntry(uint64_t sequence, std::string_view stored) {
  std::string where = "entry " + std::to_string(sequence);
  std::string_view bytes = AlignedFlatbuffer(stored, aligned_buffer_);
  auto verified = VerifyEntry(bytes);
  if (!verified.ok())
    return Status(ErrorCode::Corruption, where + ": " + verified.status().message());
  const schema::Entry& entry = **verified;
  if (entry.sequence() != sequence) {
    return Status(ErrorCode::Corruption,
                  where + " records sequence " + std::to_string(entry.sequence()));
  }
  if (entry.server_time_us() < last_time_us_) {
    return Status(ErrorCode::Corruption, where + " goes back in time");
  }
  last_time_us_ = entry.server_time_us();
  std::string_view transaction(reinterpret_cast<const char*>(entry.transaction()->data()),
                               entry.transaction()->size());
  AppliedOutcome outcome =
      machine_->Apply(transaction, ByteView(entry.signature()->data(), entry.signature()->size()),
                      sequence, entry.server_time_us());
  if (!outcome.status.ok()) {
    return Status(ErrorCode::Corruption,
                  where + " no longer applies: " + outcome.status.ToString());
  }
  ASSIGN_OR_RETURN(RecordedOutcome recorded, ReadRecordedOutcome(entry));
  if (recorded != RecordedOutcome{outcome.state_digest, outcome.movements}) {
    return Status(ErrorCode::Corruption, where + ": replay disagrees with the recorded outcome");
  }
  unwritten_index_.AddEntry(outcome.parties, sequence);
  return Status::Ok();
}

Status Ledger::Checkpoint() {
  Drain();
  RETURN_IF_ERROR(SettleCheckpoint(state_->WaitForCheckpoint()));
  std::swap(writing_index_, unwritten_index_);
  return SettleCheckpoint(state_->WriteCheckpoint());
}

}  // namespace crowdledger
