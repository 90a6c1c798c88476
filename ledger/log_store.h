// LogStore: the append-only, signed, verifiable log in RocksDB. Entries are opaque bytes here
// (the ledger layer gives them meaning). Each group commit writes, in ONE WriteBatch with the
// WAL synced before anyone hears "done": the new entries, the Merkle nodes they complete,
// the new signed checkpoint (C2SP tlog-checkpoint) and the caller's index records.
// Concurrent appenders are grouped leveldb-style: the first waiting writer leads and commits
// everyone queued behind it with one sync.
//
// Every perfect Merkle subtree is stored, so the root, an inclusion proof or a consistency
// proof for ANY tree size up to the current one costs O(log n) point reads. Every checkpoint
// issued stays retrievable by its tree size.
//
// Thread-safety: all methods are thread-safe. Reads see only committed entries.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string>
#include <vector>

#include "crypto/checkpoint.h"
#include "crypto/merkle.h"
#include "ledger/state/state_change.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
class Env;
class WriteBatch;
}  // namespace rocksdb

namespace crowdledger {

// One entry is a transaction of at most 8190 operations; 16 MiB bounds it generously.
inline constexpr size_t kMaxEntryBytes = size_t{16} * 1024 * 1024;
// Bounds one group commit: writers joined into one batch, and the batch's bytes past which
// no further writer joins (the first writer always goes, whatever its size).
inline constexpr size_t kMaxWritersPerGroup = 4096;
inline constexpr size_t kMaxGroupBytes = size_t{256} * 1024 * 1024;
// The write-ahead log's total size past which RocksDB flushes the families holding its oldest
// file (log_store.cc): twice a group's bound, so that one large group does not force it.
inline constexpr uint64_t kMaxTotalWalBytes = 2 * uint64_t{kMaxGroupBytes};

struct LogStoreOptions {
  // Sync the WAL before acknowledging. Only benchmarks of the unsynced cost turn this off.
  bool sync = true;
  // Read-only: no private key needed, no writes, may run beside a serving process.
  bool read_only = false;
  size_t block_cache_bytes = size_t{128} * 1024 * 1024;
  // Memtables of all families together: past it RocksDB flushes the largest. 0: no total
  // (each family then holds up to two of RocksDB's default 64 MiB write buffers).
  size_t memtable_budget_bytes = 0;
  // When set, opening a ledger of any other origin fails with WrongOrigin.
  std::string expected_origin;
  // The database's environment; null: RocksDB's default. Tests inject storage faults through
  // it (tests/reliability/fault_injecting_fs.h). Not owned; must outlive the store.
  rocksdb::Env* env = nullptr;
};

// After a failed write, the group leader tries DB::Resume() at most this often (see
// LogStore::ResumeAfterFailure); appends in between are refused with the failure.
inline constexpr std::chrono::milliseconds kResumeInterval{200};

// What one appender contributes to a group commit, built once its first index is known.
struct AppendBatch {
  std::vector<std::string> entries;
  std::vector<std::pair<std::string, std::string>> index_puts;  // into the "index" family
};
using AppendBuilder = std::function<Result<AppendBatch>(uint64_t first_index)>;

struct IssuedCheckpoint {
  uint64_t tree_size = 0;
  std::string note;  // the signed note, as issued
};

struct AppendResult {
  uint64_t first_index = 0;
  uint64_t tree_size = 0;  // the size of the checkpoint that covers these entries
};

class LogStore {
 public:
  ~LogStore();
  LogStore(const LogStore&) = delete;
  LogStore& operator=(const LogStore&) = delete;

  // The files of a ledger directory.
  static std::filesystem::path DatabasePath(const std::filesystem::path& directory);
  static std::filesystem::path LedgerKeyPath(const std::filesystem::path& directory);

  // Creates a ledger in `directory` (absent or empty): a new ledger signing key, and the
  // genesis entries with their checkpoint in the first batch.
  static Result<std::unique_ptr<LogStore>> Create(const std::filesystem::path& directory,
                                                  const std::string& origin,
                                                  const std::vector<std::string>& genesis,
                                                  const LogStoreOptions& options = {});
  // Opens and checks an existing ledger: format, origin, key, latest checkpoint signature,
  // entry count and the stored tree against the checkpoint's root.
  static Result<std::unique_ptr<LogStore>> Open(const std::filesystem::path& directory,
                                                const LogStoreOptions& options = {});

  // Appends durably; returns once the WAL is synced. Builders of one group run in index order.
  Result<AppendResult> Append(const AppendBuilder& build);
  Result<AppendResult> Append(std::vector<std::string> entries);

  const std::string& origin() const { return origin_; }
  // RocksDB keys written by appends since open (entries, nodes, checkpoints, index records),
  // and index records written with state checkpoints.
  uint64_t keys_written() const { return keys_written_.load(std::memory_order_relaxed); }
  const NoteVerifier& verifier() const { return *verifier_; }
  // The ledger key's signer; null when read-only.
  const NoteSigner* signer() const { return signer_.get(); }
  uint64_t size() const;
  std::string latest_checkpoint() const;
  // The latest checkpoint with the tree size it signs, read together. The store holds only a
  // checkpoint it verified on open or signed itself, so readers need not verify it again.
  IssuedCheckpoint LatestCheckpoint() const;

  Result<std::string> ReadEntry(uint64_t index) const;
  // Calls `visit(index, bytes)` for entries in [begin, end), in order, stopping at an error.
  Status ForEachEntry(uint64_t begin, uint64_t end,
                      const std::function<Status(uint64_t, std::string_view)>& visit) const;
  Result<std::string> ReadIndex(const std::string& key) const;
  // Up to `limit` index keys that start with `prefix` and are >= `start`, in key order.
  Result<std::vector<std::string>> ScanIndex(std::string_view prefix, std::string_view start,
                                             size_t limit) const;

  // The derived-state checkpoint family (see ledger/state/state_store.h). A checkpoint's items
  // and its `index_keys` (sorted, distinct; empty values in the index family: the records of
  // entries the checkpoint covers, which replay writes again if it is lost) are written as two
  // table files taken in together, atomically (ledger/log_state_write.cc), synced on their
  // own, without holding RocksDB's write queue while they are written (after a RocksDB resume,
  // unsynced batches until a reopen).
  Result<std::optional<std::string>> ReadState(const std::string& key) const;
  Status WriteState(std::span<const StateChange> changes,
                    const std::vector<std::string>& index_keys);

  // MTH(D[begin:end]) from stored nodes; end must not exceed size().
  Result<Hash> SubtreeHash(uint64_t begin, uint64_t end) const;
  // The stored perfect subtrees of 2^level leaves with indexes [first, first + count), their
  // 32-byte hashes concatenated, read in one scan (node keys of a level are contiguous). Every
  // one must lie inside the committed tree.
  Result<std::string> ReadNodes(uint8_t level, uint64_t first, uint64_t count) const;
  Result<Hash> Root(uint64_t tree_size) const;
  Result<std::vector<Hash>> InclusionProof(uint64_t index, uint64_t tree_size) const;
  Result<std::vector<Hash>> ConsistencyProof(uint64_t old_size, uint64_t new_size) const;
  // The signed note issued at exactly `tree_size`; NotFound if none was issued there.
  Result<std::string> CheckpointAt(uint64_t tree_size) const;
  // Up to `limit` issued checkpoints with tree sizes in (after, up_to], ascending: the
  // auditor's walk over every checkpoint the ledger ever signed.
  Result<std::vector<std::pair<uint64_t, std::string>>> CheckpointsAfter(uint64_t after,
                                                                         uint64_t up_to,
                                                                         size_t limit) const;
  // Calls `visit(key, stored bytes)` for every item of the state family, in key order.
  Status ForEachStateItem(
      const std::function<Status(std::string_view, std::string_view)>& visit) const;
  // Figures for operators' metrics (api/http): a RocksDB integer property summed over every
  // column family (e.g. "rocksdb.estimate-pending-compaction-bytes"; NotFound if unknown), and
  // the bytes of the live WAL files.
  Result<uint64_t> AggregatedIntProperty(const std::string& name) const;
  Result<uint64_t> LiveWalBytes() const;

 private:
  struct Writer;
  struct Handles;
  struct GroupState;

  LogStore(std::unique_ptr<Handles> handles, std::string origin, LogStoreOptions options);
  static Result<std::unique_ptr<Handles>> OpenDatabase(const std::filesystem::path& directory,
                                                       const LogStoreOptions& options, bool create);
  Status LoadMetadata();
  Status LoadLatestCheckpoint();
  Status CheckStoredTree();
  Result<uint64_t> CountEntries() const;
  Status CommitGroup(const std::vector<Writer*>& group, rocksdb::WriteBatch& batch);
  static Status CheckAppendBatch(const AppendBatch& built);
  Status PutEntry(const std::string& entry, rocksdb::WriteBatch& batch, MerkleFrontier& frontier);
  Status BuildGroup(const std::vector<Writer*>& group, rocksdb::WriteBatch& batch,
                    MerkleFrontier& frontier);
  Result<std::string> SignCheckpointFor(const MerkleFrontier& frontier) const;
  Result<Hash> ReadNode(uint8_t level, uint64_t index) const;
  Status Fail(Status status);
  Status ResumeAfterFailure();
  // WriteState's usual way: both table files, taken in together (ledger/log_state_write.cc).
  Status WriteCheckpointTables(std::span<const StateChange> changes,
                               const std::vector<std::string>& index_keys);

  std::unique_ptr<Handles> handles_;
  std::string origin_;
  LogStoreOptions options_;
  std::unique_ptr<NoteSigner> signer_;  // absent when read-only
  std::unique_ptr<NoteVerifier> verifier_;

  // Committed state, read by any thread, changed by the group leader under the lock.
  mutable std::shared_mutex committed_mutex_;
  MerkleFrontier frontier_;
  std::string latest_checkpoint_;
  // Once a write fails, the store refuses appends (StorageUnavailable) until RocksDB resumes
  // or the store is reopened. The two below are used by the group leader only.
  Status failure_;
  std::chrono::steady_clock::time_point next_resume_attempt_{};
  bool resumable_ = true;  // false once a resume left the store in doubt: reopen only
  // Set once RocksDB resumed after a failure: its file ingestion then aborts the process
  // (ledger/log_state_write.cc), so state checkpoints go as batches until a reopen.
  std::atomic<bool> resumed_{false};
  std::atomic<uint64_t> keys_written_{0};

  // Group commit queue.
  std::mutex writers_mutex_;
  std::deque<Writer*> writers_;
};

}  // namespace crowdledger
