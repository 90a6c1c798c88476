// 256-bit modular sums for the state digest.
#include "ledger/state/state_digest.h"

#include <bit>
#include <cstring>

#include "crypto/sha256.h"

namespace crowdledger {

Hash StateItemHash(std::string_view key, std::string_view value) {
  auto length = static_cast<uint32_t>(key.size());
  uint8_t prefix[4] = {static_cast<uint8_t>(length), static_cast<uint8_t>(length >> 8),
                       static_cast<uint8_t>(length >> 16), static_cast<uint8_t>(length >> 24)};
  // One context per thread: creating an OpenSSL digest context per item would cost more
  // than hashing a typical 100-byte item.
  thread_local Sha256Hasher hasher;
  return hasher.Update(ByteView(prefix, 4)).Update(AsBytes(key)).Update(AsBytes(value)).Finish();
}

namespace {

// The sums run on four 64-bit limbs, not 32 bytes: every changed item adds one hash and
// removes another, and byte-wise carries took 4% of applying a pledge (perf, apply_bench).
constexpr size_t kLimbs = sizeof(Hash) / sizeof(uint64_t);

uint64_t LoadLimb(const Hash& number, size_t limb) {
  uint64_t value;
  std::memcpy(&value, number.data() + limb * sizeof(uint64_t), sizeof(value));
  if constexpr (std::endian::native == std::endian::big) value = __builtin_bswap64(value);
  return value;
}

void StoreLimb(Hash& number, size_t limb, uint64_t value) {
  if constexpr (std::endian::native == std::endian::big) value = __builtin_bswap64(value);
  std::memcpy(number.data() + limb * sizeof(uint64_t), &value, sizeof(value));
}

}  // namespace

void StateDigest::Add(const Hash& item) {
  uint64_t carry = 0;
  for (size_t limb = 0; limb < kLimbs; ++limb) {
    uint64_t a = LoadLimb(value_, limb);
    uint64_t sum = a + LoadLimb(item, limb);
    uint64_t carried = static_cast<uint64_t>(sum < a);
    sum += carry;
    carry = carried | static_cast<uint64_t>(sum < carry);
    StoreLimb(value_, limb, sum);
  }
}

void StateDigest::Remove(const Hash& item) {
  uint64_t borrow = 0;
  for (size_t limb = 0; limb < kLimbs; ++limb) {
    uint64_t a = LoadLimb(value_, limb);
    uint64_t b = LoadLimb(item, limb);
    uint64_t difference = a - b;
    uint64_t borrowed = static_cast<uint64_t>(a < b);
    borrowed |= static_cast<uint64_t>(difference < borrow);
    difference -= borrow;
    borrow = borrowed;
    StoreLimb(value_, limb, difference);
  }
}

}  // namespace crowdledger
