// 256-bit modular sums for the state digest.
#include "ledger/state/state_digest.h"

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

Hash StateDigest::AddModulo(const Hash& a, const Hash& b) {
  Hash sum;
  unsigned carry = 0;
  for (size_t i = 0; i < sum.size(); ++i) {
    unsigned total = unsigned{a[i]} + unsigned{b[i]} + carry;
    sum[i] = static_cast<uint8_t>(total);
    carry = total >> 8;
  }
  return sum;
}

Hash StateDigest::Negate(const Hash& a) {
  // Two's complement: invert and add one.
  Hash inverted;
  for (size_t i = 0; i < a.size(); ++i) inverted[i] = static_cast<uint8_t>(~a[i]);
  Hash one{};
  one[0] = 1;
  return AddModulo(inverted, one);
}

}  // namespace crowdledger
