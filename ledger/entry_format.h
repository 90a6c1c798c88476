// The stored entry and the signed transaction as FlatBuffers (schemas/ledger_entry.fbs,
// documented in docs/entry-format.md): building them and verifying bytes from outside before
// any field is read.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/ed25519.h"
#include "ledger/state/records.h"
#include "ledger_entry_generated.h"
#include "transaction_root_generated.h"

namespace crowdledger {

// Limits applied by the FlatBuffers verifier to every transaction and entry we read.
inline constexpr size_t kMaxOperationsPerTransaction = 8190;  // DESIGN.md: 1..8190 operations
inline constexpr unsigned kMaxFlatbufferDepth = 16;           // our schemas nest 5 deep at most
inline constexpr unsigned kMaxFlatbufferTables = 4 * kMaxOperationsPerTransaction + 64;

// FlatBuffers are read in place: their bytes must sit at an 8-byte aligned address (heap
// strings do; views into RocksDB blocks or a file need AlignedFlatbuffer first).
inline constexpr size_t kFlatbufferAlignment = 8;
// `bytes` itself if aligned, else a copy in `storage` (which must outlive the result).
std::string_view AlignedFlatbuffer(std::string_view bytes, std::vector<uint64_t>& storage);

// Verifies an entry's bytes (identifier "CLEN", nested transaction "CLTX", signature size,
// operation count) and returns its root table, which points into `bytes`.
Result<const schema::Entry*> VerifyEntry(std::string_view bytes);
Result<const schema::Transaction*> VerifyTransaction(std::string_view bytes);

struct EntryFields {
  uint64_t sequence = 0;
  int64_t server_time_us = 0;
  std::string_view transaction;  // the signed transaction bytes, exactly as signed
  ByteView signature;
  Hash state_digest{};
  std::vector<Movement> movements;
};

std::string BuildEntry(const EntryFields& fields);

// The outcome an entry records, for comparison with a replay.
struct RecordedOutcome {
  Hash state_digest{};
  std::vector<Movement> movements;
  bool operator==(const RecordedOutcome&) const = default;
};
Result<RecordedOutcome> ReadRecordedOutcome(const schema::Entry& entry);

// A transaction with its signature, as a client submits it.
struct SignedTransaction {
  std::string bytes;
  std::string signature;  // 64 bytes
  // Set only by code in this process that has checked `signature` over `bytes` with this key
  // (the network threads, in parallel); the state machine then skips its own check when the
  // submitter's stored key is this one. Never read from outside.
  std::optional<Ed25519PublicKeyBytes> checked_with = std::nullopt;
};

// Finishes `builder` with `transaction` as its root ("CLTX") and signs the exact bytes.
SignedTransaction FinishAndSignTransaction(flatbuffers::FlatBufferBuilder& builder,
                                           flatbuffers::Offset<schema::Transaction> transaction,
                                           const Ed25519PrivateKey& key);

}  // namespace crowdledger
