// StateDigest: a digest of a whole key-value state, kept incrementally. It is the sum modulo
// 2^256 of SHA-256(u32 key length || key || value) over every item, so adding, changing or
// removing an item costs one hash (the old item's hash is kept beside its value), and two
// states with the same items have the same digest whatever the order of changes.
// Thread-safety: plain value.
#pragma once

#include <string_view>

#include "crypto/bytes.h"

namespace crowdledger {

Hash StateItemHash(std::string_view key, std::string_view value);

class StateDigest {
 public:
  StateDigest() = default;
  explicit StateDigest(const Hash& value) : value_(value) {}

  void Add(const Hash& item);
  void Remove(const Hash& item);
  const Hash& value() const { return value_; }
  bool operator==(const StateDigest&) const = default;

 private:
  Hash value_{};  // a little-endian 256-bit number
};

}  // namespace crowdledger
