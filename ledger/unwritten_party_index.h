// UnwrittenPartyIndex: entries-by-party records of logged entries that are not yet in the log
// store's index family. The index is derived from the log, like the state: its records are
// written by the state checkpoint that covers their entries, before the checkpoint's own
// batch, and replay rebuilds the records of the entries after the last stored checkpoint. Writing
// them in every synced group commit cost about a quarter of the ledger thread with 1,000-pledge
// transactions (one memtable insert per investor per entry), where the background checkpoint thread
// has a core to spare. Thread-safety: plain value; the const methods may run on several threads at
// once.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace crowdledger {

class UnwrittenPartyIndex {
 public:
  // Records that entry `sequence` concerns `party`; sequences must be added in ascending
  // order (the log's).
  void Add(std::string_view party, uint64_t sequence);
  // Records that entry `sequence` concerns each of `parties`.
  void AddEntry(std::span<const std::string> parties, uint64_t sequence);
  // Appends `later`'s records after these (every one of `later`'s sequences is higher).
  void Append(UnwrittenPartyIndex&& later);
  void Clear();

  size_t records() const { return records_; }
  bool Contains(std::string_view party, uint64_t sequence) const;
  // Appends `party`'s sequences from `from_sequence` on, ascending, at most `limit`.
  void EntriesOf(std::string_view party, uint64_t from_sequence, size_t limit,
                 std::vector<uint64_t>& out) const;
  // The index keys of every record (PartyEntryIndexKey), sorted: RocksDB inserts increasing
  // keys into its memtable far faster than keys in hash order.
  std::vector<std::string> SortedKeys() const;

 private:
  absl::flat_hash_map<std::string, std::vector<uint64_t>> by_party_;
  size_t records_ = 0;
};

// The entries-by-party index key: "p/<party>/" and the big-endian sequence number.
std::string PartyEntryIndexKey(std::string_view party, uint64_t sequence);
// The prefix every index key of `party` starts with.
std::string PartyEntryIndexPrefix(std::string_view party);

}  // namespace crowdledger
