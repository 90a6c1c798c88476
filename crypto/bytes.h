// Byte strings and fixed-size digests, with hex and base64 text forms.
// Thread-safety: pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/status.h"

namespace crowdledger {

using Bytes = std::vector<uint8_t>;
using ByteView = std::span<const uint8_t>;

// A SHA-256 digest: Merkle hashes, key hashes, the state digest.
using Hash = std::array<uint8_t, 32>;

inline ByteView AsBytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}
inline std::string_view AsText(ByteView bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

std::string HexEncode(ByteView bytes);
Result<Bytes> HexDecode(std::string_view hex);
// Decodes exactly 32 bytes of hex into a Hash.
Result<Hash> HashFromHex(std::string_view hex);

// Standard base64 (RFC 4648 section 4) with padding.
std::string Base64Encode(ByteView bytes);
// Strict: rejects missing padding, whitespace and any character outside the alphabet.
Result<Bytes> Base64Decode(std::string_view text);

}  // namespace crowdledger
