// MemoryStateBackend: a StateBackend in a hash map, for the auditor's replay (which keeps
// its own state apart from the ledger's) and for tests. Counts the batches written.
// Unordered: nothing reads it in key order, and the replay of a 10M-operation ledger spent
// 70% of its time inserting checkpoints of a million items into a sorted map.
// Thread-safety: Get and Write may race (a background checkpoint writes from its thread);
// `items` and `batches` are for single-threaded inspection.
#pragma once

#include <mutex>
#include <string>
#include <unordered_map>

#include "ledger/state/state_store.h"

namespace crowdledger {

class MemoryStateBackend : public StateBackend {
 public:
  Result<std::optional<std::string>> Get(const std::string& key) const override {
    std::lock_guard lock(mutex_);
    auto it = items.find(key);
    if (it == items.end()) return std::optional<std::string>();
    return std::optional<std::string>(it->second);
  }
  Status Write(std::span<const StateChange> changes) override {
    std::lock_guard lock(mutex_);
    ++batches;
    for (const auto& [key, value] : changes) {
      if (value) {
        items.insert_or_assign(std::string(key), std::string(*value));
      } else {
        items.erase(std::string(key));
      }
    }
    return Status::Ok();
  }

  std::unordered_map<std::string, std::string> items;
  int batches = 0;

 private:
  mutable std::mutex mutex_;
};

}  // namespace crowdledger
