// Ledger: the log store, the state store and the state machine together. The log is the
// ledger; the state is derived from it and rebuilt by replay.
//
// A group of submitted transactions is applied in order by the single writer, each becoming
// an entry (sequence, server time, the exact signed bytes, signature, outcome with the state
// digest) only if it applies; the group's entries, Merkle nodes, checkpoint and idempotency
// records then go to the log in one synced batch, and the group's state changes count only
// once that write succeeded. On open, the state is loaded at its last state checkpoint and
// the log suffix is replayed through the same apply function, every recomputed outcome
// compared with the recorded one.
// Thread-safety: SubmitGroup and Checkpoint are called by one writer thread; reads of the
// log store are thread-safe.
#pragma once

#include <filesystem>
#include <memory>
#include <span>

#include "ledger/apply/state_machine.h"
#include "ledger/entry_format.h"
#include "ledger/log_store.h"
#include "ledger/unwritten_party_index.h"

namespace crowdledger {

struct LedgerOptions {
  LogStoreOptions log;
  StateStoreOptions state;
  // A state checkpoint is written once this many items are dirty, or once this many
  // entries-by-party records wait in memory (8 bytes each; the bound is on the replay after a
  // crash, about a million pledges).
  size_t checkpoint_dirty_items = 200'000;
  size_t checkpoint_index_records = 1'000'000;
};

struct SubmitResult {
  Status status;  // Ok, or why the transaction was refused (not logged)
  int32_t failed_operation = -1;
  uint64_t sequence = 0;   // the entry, when Ok
  bool duplicate = false;  // an earlier submission of the same id and bytes
  Hash state_digest{};
  std::vector<Movement> movements;
};

class Ledger {
 public:
  ~Ledger();

  // Creates a ledger whose genesis entry registers the authority key.
  static Status Create(const std::filesystem::path& directory, const std::string& origin,
                       const Ed25519PrivateKey& authority_key, int64_t time_us,
                       const LedgerOptions& options = {});
  static Result<std::unique_ptr<Ledger>> Open(const std::filesystem::path& directory,
                                              const LedgerOptions& options = {});

  // Applies and durably commits a group; one result per transaction, in order.
  std::vector<SubmitResult> SubmitGroup(std::span<const SignedTransaction> group,
                                        int64_t wall_time_us);
  // Writes the dirty state with the applied sequence number (no sync of its own).
  Status Checkpoint();

  // Sequence numbers of the entries that name `party` (as submitter, in an operation, or
  // through a movement), from `from_sequence` on, at most `limit` of them, ascending.
  Result<std::vector<uint64_t>> EntriesOfParty(std::string_view party, uint64_t from_sequence,
                                               size_t limit) const;
  // Whether entry `sequence` names `party` (the same index).
  Result<bool> EntryConcernsParty(std::string_view party, uint64_t sequence) const;

  LogStore& log() { return *log_; }
  StateStore& state() { return *state_; }
  int64_t last_time_us() const { return last_time_us_; }
  // Registered keys learnt so far; readable from any thread (signature checks in parallel).
  KnownKeys& known_keys() { return known_keys_; }

 private:
  class Backend;
  Ledger(std::unique_ptr<LogStore> log, const LedgerOptions& options);
  Status Recover();
  Status ReplayEntry(uint64_t sequence, std::string_view bytes);
  // Starts a background state checkpoint once enough items are dirty or enough index records
  // wait, handing it the index records of the entries it covers.
  void MaybeStartCheckpoint();
  // Ends the index's part of a checkpoint that `status` reports on (PollCheckpoint,
  // WaitForCheckpoint or WriteCheckpoint): once none is in flight, the handed-over records
  // are written, or (on failure) wait for the next checkpoint again.
  Status SettleCheckpoint(Status status);
  // The first outcome of a transaction logged before with the same submitter and id; IdReused
  // if its bytes differ, BadSignature if its signature does.
  Result<std::optional<SubmitResult>> FindEarlier(const schema::Transaction& transaction,
                                                  const SignedTransaction& signed_tx);

  LedgerOptions options_;
  std::unique_ptr<LogStore> log_;
  std::unique_ptr<Backend> backend_;
  std::unique_ptr<StateStore> state_;
  KnownKeys known_keys_;
  std::unique_ptr<StateMachine> machine_;
  int64_t last_time_us_ = 0;
  // Transaction ids of the group being built, before they reach the log's index: the index
  // of their result and the SHA-256 of their bytes.
  std::unordered_map<std::string, std::pair<size_t, std::string>> pending_ids_;
  std::vector<uint64_t> replay_buffer_;  // aligned copies of entries read in place
  // Entries-by-party records not yet in the log store: those of the entries since the last
  // checkpoint started, and those its write carries (read by the backend on its thread).
  UnwrittenPartyIndex unwritten_index_;
  UnwrittenPartyIndex writing_index_;
};

// The idempotency index key of a transaction: submitter and 128-bit id.
std::string TransactionIndexKey(std::string_view submitter, const schema::TransactionId& id);

}  // namespace crowdledger
