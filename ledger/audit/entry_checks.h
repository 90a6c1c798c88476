// The auditor's per-entry work that needs no state, done in parallel ahead of the replay:
// decoding, the Merkle leaf hash, and the transaction's Ed25519 signature, checked with the
// key its submitter registered. The keys come from a sequential pre-scan of RegisterKey
// operations (cheap: decoding only), so workers never wait on the replay; the replay still
// decides whether that key was registered, unrevoked and allowed at that entry, and checks
// the signature itself whenever the pre-check could not (SignedTransaction::checked_with).
// Thread-safety: KeyScan is written by one thread before the workers read it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "crypto/ed25519.h"

namespace crowdledger {

// Every key any RegisterKey operation named so far, by "party\0key id".
class KeyScan {
 public:
  // Adds the keys registered in these entries (entries that do not decode are skipped: the
  // replay reports them).
  void Scan(const std::vector<std::string>& entries);
  // Adds a key known from elsewhere (an incremental audit's replayed state).
  void Add(std::string_view party, uint32_t key_id, const Ed25519PublicKey& key);
  const Ed25519PublicKey* Find(std::string_view party, uint32_t key_id) const;

 private:
  std::unordered_map<std::string, Ed25519PublicKey> keys_;
};

struct PreparedEntry {
  bool decoded = false;
  std::string decode_error;
  Hash leaf_hash{};
  std::optional<Ed25519PublicKeyBytes> checked_with;  // the signature verified with this key
};

// Prepares each of `entries` into the same position of `out` (spans, so that the vectors
// holding them may be swapped while a worker runs).
void PrepareEntries(std::span<const std::string> entries, const KeyScan& keys,
                    std::span<PreparedEntry> out);

}  // namespace crowdledger
