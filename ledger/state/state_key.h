// StateKey: a state store key held inside the cache's node when it is short (all the domain's
// keys but the longest handles): comparing a looked-up key then reads the node the lookup
// reads anyway, where a std::string key (inline only up to 15 bytes) cost one more cache miss
// per lookup, 8% of the ledger thread on large transactions. Longer keys live on the heap.
// StateKeyHash and StateKeyEq are transparent, so the cache is searched with string_views.
// Thread-safety: plain value.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "absl/hash/hash.h"

namespace crowdledger {

class StateKey {
 public:
  explicit StateKey(std::string_view key) : size_(static_cast<uint32_t>(key.size())) {
    char* data = size_ <= kInline ? inline_ : (heap_ = new char[size_]);
    std::memcpy(data, key.data(), size_);
  }
  StateKey(const StateKey& other) : StateKey(other.view()) {}
  StateKey& operator=(const StateKey&) = delete;
  ~StateKey() {
    if (size_ > kInline) delete[] heap_;
  }

  std::string_view view() const { return {size_ <= kInline ? inline_ : heap_, size_}; }
  std::string str() const { return std::string(view()); }

 private:
  // 44 bytes inline with the size: the key takes 48 bytes of its node.
  static constexpr uint32_t kInline = 44;
  uint32_t size_;
  union {
    char inline_[kInline];
    char* heap_;
  };
};

struct StateKeyHash {
  using is_transparent = void;
  size_t operator()(std::string_view key) const { return absl::Hash<std::string_view>()(key); }
  size_t operator()(const StateKey& key) const { return (*this)(key.view()); }
};

struct StateKeyEq {
  using is_transparent = void;
  static std::string_view View(std::string_view key) { return key; }
  static std::string_view View(const StateKey& key) { return key.view(); }
  template <typename A, typename B>
  bool operator()(const A& a, const B& b) const {
    return View(a) == View(b);
  }
};

}  // namespace crowdledger
