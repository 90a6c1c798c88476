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
    char* data = bytes_;
    if (size_ > kInline) {
      data = new char[size_];
      std::memcpy(bytes_, &data, sizeof data);  // the heap copy's address, in place of the key
    }
    std::memcpy(data, key.data(), size_);
  }
  StateKey(const StateKey& other) : StateKey(other.view()) {}
  StateKey& operator=(const StateKey&) = delete;
  ~StateKey() {
    if (size_ > kInline) delete[] heap();
  }

  std::string_view view() const { return {size_ <= kInline ? bytes_ : heap(), size_}; }
  std::string str() const { return std::string(view()); }

 private:
  // 44 bytes and the size: the key takes 48 bytes of its node.
  static constexpr uint32_t kInline = 44;
  char* heap() const {
    char* data = nullptr;
    std::memcpy(&data, bytes_, sizeof data);
    return data;
  }
  char bytes_[kInline];
  uint32_t size_;
};
static_assert(sizeof(StateKey) == 48);

// A key looked up to prefetch its node, never to find it (StateStore::Prefetch): StateKeyEq
// "compares" it with each stored key whose hash tag matches by prefetching the node that
// holds that key, without reading it, and says they differ.
struct StateKeyPrefetch {
  std::string_view key;
  size_t node_bytes;  // the size of the cache node a stored key starts
};

struct StateKeyHash {
  using is_transparent = void;
  size_t operator()(std::string_view key) const { return absl::Hash<std::string_view>()(key); }
  size_t operator()(const StateKey& key) const { return (*this)(key.view()); }
  size_t operator()(const StateKeyPrefetch& probe) const { return (*this)(probe.key); }
};

struct StateKeyEq {
  using is_transparent = void;
  static std::string_view View(std::string_view key) { return key; }
  static std::string_view View(const StateKey& key) { return key.view(); }
  template <typename A, typename B>
  bool operator()(const A& a, const B& b) const {
    return View(a) == View(b);
  }
  bool operator()(const StateKey& stored, const StateKeyPrefetch& probe) const {
    const char* node = reinterpret_cast<const char*>(&stored);
    for (size_t at = 0; at < probe.node_bytes; at += 64) __builtin_prefetch(node + at);
    __builtin_prefetch(node + probe.node_bytes - 1);
    return false;
  }
};

}  // namespace crowdledger
