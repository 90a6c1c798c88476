// RocksDB key layout of the log store (documented in docs/storage.md). Big-endian integers so
// that RocksDB's bytewise order is numeric order and iteration runs in sequence order.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crowdledger::log_keys {

// Column family names.
inline constexpr char kEntries[] = "entries";          // index -> entry bytes
inline constexpr char kMerkle[] = "merkle";            // (level, index) -> 32-byte hash
inline constexpr char kCheckpoints[] = "checkpoints";  // tree size -> signed note text
inline constexpr char kIndex[] = "index";              // keys chosen by the ledger layer
inline constexpr char kState[] = "state";              // derived state checkpoints

// Keys in the default column family.
inline constexpr char kFormatKey[] = "format";
inline constexpr char kFormatValue[] = "crowdledger-log-v1";
inline constexpr char kOriginKey[] = "origin";
inline constexpr char kPublicKeyKey[] = "ledger_public_key";

inline std::string EncodeUint64(uint64_t value) {
  std::string key(8, '\0');
  for (int i = 7; i >= 0; --i) {
    key[static_cast<size_t>(i)] = static_cast<char>(value & 0xff);
    value >>= 8;
  }
  return key;
}

inline std::optional<uint64_t> DecodeUint64(std::string_view key) {
  if (key.size() != 8) return std::nullopt;
  uint64_t value = 0;
  for (char c : key) value = (value << 8) | static_cast<uint8_t>(c);
  return value;
}

// A perfect subtree of 2^level leaves starting at leaf index << level.
inline std::string MerkleNodeKey(uint8_t level, uint64_t index) {
  return std::string(1, static_cast<char>(level)) + EncodeUint64(index);
}

}  // namespace crowdledger::log_keys
