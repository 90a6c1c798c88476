// Ledger: the log store, the state store and the state machine together. The log is the
// ledger; the state is derived from it and rebuilt by replay.
//
// A group of submitted transactions is applied in order by the single writer, each becoming
// an entry (sequence, server time, the exact signed bytes, signature, outcome with the state
// digest) only if it applies; the group's entries, Merkle nodes, checkpoint and idempotency
// records then go to the log in one synced batch, and the group's state changes count only
// once that write succeeded. The server pipelines this: while one group's write is in flight
// on the write thread, the next group is applied on top of its (sealed) state; if the write
// fails, both are dropped and every transaction in them gets the error. On open, the state is
// loaded at its last state checkpoint and the log suffix is replayed through the same apply
// function, every recomputed outcome compared with the recorded one. Thread-safety: the submission
// methods and Checkpoint are called by one writer thread; reads of the log store are thread-safe.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <span>

#include "ledger/apply/state_machine.h"
#include "ledger/entry_format.h"
#include "ledger/log_store.h"
#include "ledger/unwritten_party_index.h"
#include "ledger/write_thread.h"

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
using SubmitDone = std::function<void(SubmitResult)>;

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

  // Pipelined submission (the server's). Apply adds transactions to the open group, applying
  // each at once; each result goes to its `done` (on this thread, from a later call) once the
  // group it joined is durable or its write failed. StartWrite seals the open group and
  // starts its log write on the write thread, after finishing the write in flight if any;
  // FinishWrite waits for the write in flight, publishes its state and delivers its results.
  // The state read by queries includes the open and sealed groups: Drain first.
  void Apply(std::span<const SignedTransaction> transactions, int64_t wall_time_us,
             std::span<SubmitDone> done);
  void StartWrite();
  void FinishWrite();
  // Finishes every write and the open group: afterwards the state is the published state.
  void Drain();
  size_t open_transactions() const { return open_.results.size(); }
  // Entries of the open group: with none, StartWrite delivers its results without a write.
  uint64_t open_entries() const { return open_.entries; }
  bool write_in_flight() const { return write_in_flight_; }
  // Whether FinishWrite would return at once (thread-safe).
  bool write_finished() const { return writer_.finished(); }
  // Waits until the write in flight has ended, without delivering its results yet.
  void WaitForWrite() { writer_.Wait(); }
  // Called on the write thread whenever a write has ended; set before the first write.
  void SetWriteListener(std::function<void()> listener) { write_listener_ = std::move(listener); }

  // Writes the dirty state with the applied sequence number (no sync of its own), after
  // draining the pipeline.
  Status Checkpoint();

  // Sequence numbers of the entries that name `party` (as submitter, in an operation, or
  // through a movement), from `from_sequence` on, at most `limit` of them, ascending. Both
  // index reads need a drained ledger (Busy while a log write is in flight).
  Result<std::vector<uint64_t>> EntriesOfParty(std::string_view party, uint64_t from_sequence,
                                               size_t limit) const;
  // Whether entry `sequence` names `party` (the same index).
  Result<bool> EntryConcernsParty(std::string_view party, uint64_t sequence) const;

  LogStore& log() { return *log_; }
  StateStore& state() { return *state_; }
  // The server time of the last durable entry.
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
  // The write thread adds the index records of the entries it wrote: reading them meanwhile
  // would race with it.
  Status RequireNoWriteInFlight() const;
  // The first outcome of a transaction logged before with the same submitter and id; IdReused
  // if its bytes differ, BadSignature if its signature does.
  Result<std::optional<SubmitResult>> FindEarlier(const schema::Transaction& transaction,
                                                  const SignedTransaction& signed_tx);

  // A group of submitted transactions: open (being applied) or writing (sealed, its log write
  // in flight).
  struct Group {
    struct Id {
      size_t result = 0;  // index of its result
      std::string digest_of_bytes;
      std::string signature;
    };
    uint64_t first_sequence = 0;
    uint64_t entries = 0;
    int64_t time_us = 0;  // of its last entry
    AppendBatch batch;
    std::vector<SubmitResult> results;
    std::vector<SubmitDone> done;
    std::vector<std::vector<std::string>> parties_of_entries;
    // Transaction ids of its entries, before they reach the log's index.
    std::unordered_map<std::string, Id> ids;
    Result<AppendResult> written = AppendResult{};  // set by the write thread
  };
  SubmitResult ApplyOne(const SignedTransaction& signed_tx, int64_t time_us);
  // A repeat of a transaction of the open or writing group: its result, or why not.
  std::optional<SubmitResult> FindPending(const std::string& key, const std::string& digest,
                                          const SignedTransaction& signed_tx) const;
  static void Deliver(Group& group);

  LedgerOptions options_;
  std::unique_ptr<LogStore> log_;
  std::unique_ptr<Backend> backend_;
  std::unique_ptr<StateStore> state_;
  KnownKeys known_keys_;
  std::unique_ptr<StateMachine> machine_;
  int64_t last_time_us_ = 0;   // of the last durable entry
  int64_t apply_time_us_ = 0;  // of the last applied entry: server time never decreases
  uint64_t next_sequence_ = 0;
  Group open_;
  Group writing_;
  bool write_in_flight_ = false;
  std::function<void()> write_listener_;
  std::vector<uint64_t> aligned_buffer_;  // aligned copies of entries and transactions
  // Entries-by-party records not yet in the log store: those of the entries since the last
  // checkpoint started (added by the write thread once their entries are durable), and those
  // its write carries (read by the backend on its thread).
  UnwrittenPartyIndex unwritten_index_;
  UnwrittenPartyIndex writing_index_;
  // Last: destroyed first, once the destructor has drained it.
  WriteThread writer_{[this] {
    if (write_listener_) write_listener_();
  }};
};

// The idempotency index key of a transaction: submitter and 128-bit id.
std::string TransactionIndexKey(std::string_view submitter, const schema::TransactionId& id);

}  // namespace crowdledger
