// StateStore: the derived state (accounts, parties, campaigns, ...) as a key-value map behind
// a bounded in-memory write-back cache, with the state digest kept incrementally.
//
// Changes are staged in layers. A transaction's writes stay in its own overlay until
// CommitTransaction (kept whole) or AbortTransaction (dropped whole). Committed transactions
// of a group stay pending until PublishGroup, called once the group's log write succeeded;
// DiscardGroup drops them (a failed log write leaves the state as it was). A pipelined writer
// seals a group (SealGroup) when its log write starts and goes on applying the next group on
// top of it; PublishSealed publishes the sealed group once its write succeeded, and
// DiscardGroup drops both. Published changes are dirty in the cache until WriteCheckpoint
// writes them, with the applied sequence number and the digest, in one atomic batch.
//
// Values are stored in the backend prefixed by their 32-byte item hash, which is checked on
// every load: a damaged state store is reported, never used.
// In memory, each key has one entry holding its published value and flags; the transaction,
// the pending group and the sealed group each keep a list of the entries they changed with
// their values, and the entry holds its index in each list. A key costs one hash lookup when
// it is read and one when it is written, and committing or publishing walks those lists
// instead of looking keys up again. (Three maps, one per layer, cost about eight lookups per
// key, most of them cache misses in a table of millions.) The layers live in the lists, not
// in the entry, because most cached entries are clean: an entry with every layer inline was
// 264 bytes, five cache lines, and each one touched while committing was a miss.
// Thread-safety: one writer thread calls every method. The only other thread is the
// background checkpoint's, which touches nothing but its own copy of the items and the
// (thread-safe) backend.
#pragma once

#include <cstdint>
#include <future>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/container/node_hash_map.h"
#include "ledger/state/state_change.h"
#include "ledger/state/state_digest.h"
#include "ledger/state/state_key.h"

namespace crowdledger {

// Where state checkpoints live: the log store's "state" column family, or memory in tests.
class StateBackend {
 public:
  virtual ~StateBackend() = default;
  // The stored bytes of `key` (item hash || value), or nullopt if absent.
  virtual Result<std::optional<std::string>> Get(const std::string& key) const = 0;
  // One atomic batch: puts (value set) and deletes (value nullopt).
  virtual Status Write(std::span<const StateChange> changes) = 0;
};

struct StateStoreOptions {
  // Clean items beyond this count are evicted; dirty ones wait for the next checkpoint.
  size_t max_cached_items = 4'000'000;
};

class StateStore {
 public:
  explicit StateStore(StateBackend& backend, StateStoreOptions options = {});
  ~StateStore();  // waits for a background checkpoint

  // Loads the applied sequence number and digest of the last checkpoint.
  Status Load();
  // Entries below this sequence number are reflected in the published state.
  uint64_t applied_sequence() const { return applied_sequence_; }

  // Reads through the transaction, the pending and sealed groups, the cache and the backend.
  Result<std::optional<std::string>> Get(std::string_view key);
  // The same without a copy: the value, or nullptr when absent. The pointer is valid only
  // until the next call on the store (a later lookup may evict the item or replace its value),
  // so callers decode it at once. The apply path reads this way: copying every value it reads
  // was a tenth of its time.
  Result<const std::string*> Peek(std::string_view key);
  // Prefetching: a large transaction's operations each read items no operation near them
  // touches (an investor's party, pledge and cash account), and the first read of each was
  // two misses to memory, one after the other: the table's slots, then the entry. The state
  // machine starts both loads a few operations ahead, one step per load, so that neither step
  // waits on memory: kSlots starts loading the slots where `key` would be; kEntry, once they
  // are loaded, finds the key's entry among them and starts loading it. Hints only: neither
  // step changes the state or creates an entry. (A third step for the entry's value, when it
  // is on the heap, gave nothing measurable: docs/BENCHMARKS.md.)
  enum class PrefetchStep { kSlots, kEntry };
  void Prefetch(std::string_view key, PrefetchStep step) const;
  void Put(std::string_view key, std::string value);
  void Delete(std::string_view key);
  // Puts a value under a key that has never held one: the next position of a list that only
  // grows (a campaign's investors, a party's portfolio), numbered by a count kept in the
  // state. Such a key is absent by construction, so it is not read from the backend: a
  // pledge opening a new position read two keys that could not exist there, each a search
  // through every level of the state's tables (docs/BENCHMARKS.md). Corruption, and nothing
  // staged, if the store knows a value under the key: the list's count is wrong.
  Status PutNew(std::string_view key, std::string value);

  void AbortTransaction();
  // Folds the transaction's writes into the pending group; returns the digest after it.
  Result<Hash> CommitTransaction();
  // The pending group's log write succeeded: its changes become published state. Nothing may
  // be sealed.
  void PublishGroup(uint64_t applied_sequence);
  // The pending group's log write started: it becomes the sealed group, and the next group is
  // applied on top of it. At most one group is sealed.
  void SealGroup();
  // The sealed group's log write succeeded: its changes become published state.
  void PublishSealed(uint64_t applied_sequence);
  bool has_sealed_group() const { return sealed_digest_.has_value(); }
  // A log write failed: the transaction, the pending group and the sealed group are dropped.
  void DiscardGroup();

  const Hash& digest() const { return pending_digest_.value(); }
  size_t dirty_items() const { return dirty_.size(); }
  size_t cached_items() const { return items_.size(); }
  // Items written to the backend by checkpoints since construction.
  uint64_t items_written() const { return items_written_; }
  // Writes every dirty published item, the applied sequence and the digest in one batch
  // (after waiting for a background checkpoint in flight).
  Status WriteCheckpoint();
  // Starts the same write on a background thread, unless one is in flight already. Its
  // result is collected by PollCheckpoint or WaitForCheckpoint: on failure the items become
  // dirty again and the error is returned (nothing is lost: the log replays it).
  void StartCheckpoint();
  Status PollCheckpoint();
  Status WaitForCheckpoint();
  bool checkpoint_in_flight() const { return in_flight_.valid(); }

 private:
  // A value with its item hash (when present); nullopt: absent (deleted or never existed).
  struct Layer {
    std::optional<std::string> value;
    Hash hash{};
  };
  struct Entry {
    Layer published;
    // Where this key's value sits in transaction_, group_ and sealed_, when the flag says so.
    uint32_t staged_at = 0;
    uint32_t group_at = 0;
    uint32_t sealed_at = 0;
    bool loaded = false;          // `published` was read from the backend or published here
    bool dirty = false;           // published but not yet written by a checkpoint
    bool flushing = false;        // in the background checkpoint's batch: not to be evicted
    bool in_group = false;        // group_[group_at] holds the pending group's value
    bool in_sealed = false;       // sealed_[sealed_at] holds the sealed group's value
    bool in_transaction = false;  // transaction_[staged_at] holds the transaction's value
  };
  using Node = std::pair<const StateKey, Entry>;
  struct Staged {
    Node* node;
    std::optional<std::string> value;
  };
  struct Changed {
    Node* node;
    Layer layer;
  };
  // A checkpoint's items, copied out of the cache (the background write cannot read entries
  // the writer goes on changing) into one buffer that the next checkpoint reuses. Copying
  // each key and value into strings of its own cost two allocations per item, and pages
  // fresh from the kernel for each checkpoint: 6% of the writer's time on large transactions.
  struct CheckpointBatch {
    struct Offsets {
      size_t key_at;
      size_t value_at;  // where the key ends and the stored bytes start
      size_t end;
      bool put;  // false: a deletion
    };
    std::string bytes;                 // each key, then its stored bytes (hash and value)
    std::vector<Offsets> offsets;      // where each item is in `bytes` while they are copied
    std::vector<StateChange> changes;  // views into `bytes`, sorted by key before the write
  };

  // Copies every dirty item into batch_ (with the header), marking them clean and flushing.
  void CollectDirtyItems();
  // Sorts batch_ and writes it to the backend.
  Status WriteBatch();
  // Ends a checkpoint with its write's status.
  Status FinishCheckpoint(Status written);

  // The entry for `key`, created if absent (evicting clean entries first at the bound).
  Node& Find(std::string_view key);
  // Reads the published layer from the backend if it was not yet.
  Status EnsureLoaded(Node& node) const;
  // Makes `layer` the published one of `node` (dirty until the next checkpoint).
  void Publish(Node& node, Layer&& layer);
  // The entry's value under the transaction: the pending group's, else the sealed group's,
  // else the published one (nullopt until loaded).
  const Layer& Below(const Entry& entry) const;
  // The transaction's value if it staged one, else Below's.
  const std::optional<std::string>& Current(const Entry& entry) const;
  // Stages `value` (nullopt: a deletion) as the transaction's value of `key`.
  void Stage(std::string_view key, std::optional<std::string> value);
  void Stage(Node& node, std::optional<std::string> value);
  void EvictCleanItems();

  StateBackend& backend_;
  StateStoreOptions options_;
  uint64_t applied_sequence_ = 0;
  StateDigest published_digest_;
  StateDigest pending_digest_;
  std::optional<StateDigest> sealed_digest_;  // the digest after the sealed group, if any
  // Nodes never move (the lists point into them). Abseil's table probes an array of one-byte
  // hash tags, then reads the one node that matches: std::unordered_map's bucket chains cost
  // two or three cache misses per lookup in a cache of millions of items, and were a third of
  // the apply benchmark's time.
  absl::node_hash_map<StateKey, Entry, StateKeyHash, StateKeyEq> items_;
  std::vector<Staged> transaction_;  // entries the transaction wrote, once each
  std::vector<Changed> group_;       // entries the pending group wrote, once each
  std::vector<Changed> sealed_;      // entries the sealed group wrote, once each
  // Dirty and flushing entries, each once: neither is evicted, so the pointers stay valid, and
  // a checkpoint walks these instead of the whole cache (millions of items) or its keys.
  std::vector<Node*> dirty_;
  std::vector<Node*> flushing_;
  size_t evict_at_ = 0;  // no eviction pass below this size (nor below max_cached_items)
  uint64_t items_written_ = 0;
  CheckpointBatch batch_;  // the background checkpoint's while one is in flight
  std::future<Status> in_flight_;
};

// Keys reserved by the store in the backend; domain keys start with a lower-case letter.
inline constexpr char kStateAppliedSequenceKey[] = "#applied_sequence";
inline constexpr char kStateDigestKey[] = "#digest";

}  // namespace crowdledger
