// An in-memory StateBackend for tests: a sorted map, with a count of writes.
#pragma once

#include <map>

#include "ledger/state/state_store.h"

namespace crowdledger::test {

class MemoryStateBackend : public StateBackend {
 public:
  Result<std::optional<std::string>> Get(const std::string& key) const override {
    auto it = items.find(key);
    if (it == items.end()) return std::optional<std::string>();
    return std::optional<std::string>(it->second);
  }
  Status Write(
      const std::vector<std::pair<std::string, std::optional<std::string>>>& changes) override {
    ++batches;
    for (const auto& [key, value] : changes) {
      if (value) {
        items[key] = *value;
      } else {
        items.erase(key);
      }
    }
    return Status::Ok();
  }

  std::map<std::string, std::string> items;
  int batches = 0;
};

}  // namespace crowdledger::test
