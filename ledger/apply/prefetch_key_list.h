// PrefetchKeyList: the keys an operation's prefetch step (OperationRules::prefetch_keys) names,
// held until the state machine has run both prefetch steps on them. Its strings are reused
// from one operation to the next: a large transaction fills one list per operation, and
// allocating each key anew cost a heap allocation and a free per key.
// Thread-safety: plain value.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace crowdledger {

class PrefetchKeyList {
 public:
  void Add(std::string_view key) {
    if (size_ == keys_.size()) {
      keys_.emplace_back(key);
    } else {
      keys_[size_].assign(key);
    }
    ++size_;
  }
  void Clear() { size_ = 0; }
  std::span<const std::string> keys() const { return {keys_.data(), size_}; }

 private:
  std::vector<std::string> keys_;  // the first size_ are the list's; the rest wait for reuse
  size_t size_ = 0;
};

}  // namespace crowdledger
