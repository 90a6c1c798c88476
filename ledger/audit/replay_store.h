// ReplayStore: the auditor's own replayed state, kept between runs in a RocksDB directory
// beside its state file, so that the next audit replays only the entries that came since.
// It is a StateBackend (the replay's StateStore writes through it) plus a header the auditor
// writes after a passing audit: the time of the last verified entry. The state store's own
// header (applied sequence, digest) says which prefix it reflects; the auditor resumes from
// it only when that prefix and digest are the ones its state file remembers, so a store that
// was damaged, left mid-run or belongs to another ledger means a full audit, never a wrong one.
// Every item is checked against its stored hash as the state store loads it.
// Thread-safety: Get and Write may race (the state store checkpoints from one thread only
// here); the rest is for the auditor's thread.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include "ledger/state/state_store.h"

namespace rocksdb {
class DB;
}

namespace crowdledger {

class ReplayStore : public StateBackend {
 public:
  // Opens the store at `directory`, creating it if missing.
  static Result<std::unique_ptr<ReplayStore>> Open(const std::filesystem::path& directory);
  ~ReplayStore() override;

  Result<std::optional<std::string>> Get(const std::string& key) const override;
  Status Write(std::span<const StateChange> changes) override;

  // Removes every item and header: the next audit starts from genesis.
  Status Clear();
  // Calls `visit(key, value)` for every item whose key starts with `prefix` (the value without
  // its stored hash, which is checked first: a mismatch is Corruption).
  Status ForEachItem(std::string_view prefix,
                     const std::function<Status(std::string_view, std::string_view)>& visit) const;

  // If the store holds the replayed state after exactly `size` entries with this digest, and
  // the time of its last entry: that time. A damaged or different header: nullopt.
  Result<std::optional<int64_t>> ResumableAt(uint64_t size, const Hash& digest) const;
  // The server time of the last entry of a passing audit, written after its state.
  Result<std::optional<int64_t>> LastEntryTime() const;
  Status SetLastEntryTime(int64_t time_us);

 private:
  ReplayStore(std::filesystem::path directory, std::unique_ptr<rocksdb::DB> db);

  std::filesystem::path directory_;
  std::unique_ptr<rocksdb::DB> db_;
};

}  // namespace crowdledger
