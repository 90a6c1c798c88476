// RecordCache: records that many operations of one transaction share (a campaign, its escrow
// account), kept decoded for the whole transaction and encoded into the state store once,
// when it ends.
//
// Why: each pledge of a 1,000-pledge transaction reads and writes its campaign and the
// campaign's escrow account. Through the state store alone, each pledge decoded both records
// from bytes and encoded them back, and looked both keys up twice in a table of millions:
// about a fifth of the ledger thread's time (docs/BENCHMARKS.md). Only shared records come
// here: caching every record a transaction stores (a thousand pledges and cash accounts,
// each stored once) cost more than it saved.
//
// A record enters when first read as shared (Insert, clean); storing a cached record updates
// it here (Update, dirty). Whoever reads or writes the store directly forgets the key first
// (Forget), or every key (FlushAll): the store then holds the latest value, and a direct write
// cannot leave a stale record here. FlushAll writes in the order records entered, so that the
// store sees the same sequence of writes in every run.
// Thread-safety: none; one per ApplyContext.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "ledger/state/state_store.h"

namespace crowdledger {

class RecordCache {
 public:
  explicit RecordCache(StateStore& state) : state_(state) {}
  RecordCache(const RecordCache&) = delete;
  RecordCache& operator=(const RecordCache&) = delete;

  bool empty() const { return records_.empty(); }

  // The cached record under `key`, or nullptr if none of this type is cached (one of another
  // type under the key is written back and forgotten).
  template <typename Record>
  const Record* Find(std::string_view key) {
    auto found = records_.find(Lookup(key));
    if (found == records_.end()) return nullptr;
    if (found->second.type != TypeOf<Record>()) {
      WriteBack(found);
      return nullptr;
    }
    return &static_cast<const Held<Record>&>(*found->second.held).record;
  }

  // Caches `record`, as read from the store (clean). Nothing may be cached under `key`.
  template <typename Record>
  void Insert(std::string_view key, const Record& record) {
    records_.emplace(std::string(key),
                     Cached{std::make_unique<Held<Record>>(record), TypeOf<Record>(), false});
    order_.emplace_back(key);
  }

  // Replaces the cached record under `key` (dirty); false, and nothing changes, if nothing is
  // cached under it.
  template <typename Record>
  bool Update(std::string_view key, const Record& record) {
    auto found = records_.find(Lookup(key));
    if (found == records_.end()) return false;
    Cached& cached = found->second;
    if (cached.type == TypeOf<Record>()) {
      static_cast<Held<Record>&>(*cached.held).record = record;
    } else {
      cached.held = std::make_unique<Held<Record>>(record);
      cached.type = TypeOf<Record>();
    }
    cached.dirty = true;
    return true;
  }

  // Writes the record under `key` to the store if it changed, and forgets it.
  void Forget(std::string_view key);
  // The same for every record.
  void FlushAll();

 private:
  struct HeldRecord {
    virtual ~HeldRecord() = default;
    virtual std::string Encode() const = 0;
  };
  template <typename Record>
  struct Held final : HeldRecord {
    explicit Held(const Record& stored) : record(stored) {}
    std::string Encode() const override { return record.Encode(); }
    Record record;
  };
  struct Cached {
    std::unique_ptr<HeldRecord> held;
    const void* type;  // TypeOf the record held
    bool dirty;        // changed since read from the store
  };
  using Records = absl::flat_hash_map<std::string, Cached>;

  // One address per record type: entries compare these instead of using RTTI.
  template <typename Record>
  static const void* TypeOf() {
    static const char tag = 0;
    return &tag;
  }

  // Debian's Abseil has a string_view of its own, which its tables look keys up by.
  static absl::string_view Lookup(std::string_view key) { return {key.data(), key.size()}; }
  void WriteBack(Records::iterator found);

  StateStore& state_;
  Records records_;
  std::vector<std::string> order_;  // keys as they entered (a key forgotten and cached again twice)
};

}  // namespace crowdledger
