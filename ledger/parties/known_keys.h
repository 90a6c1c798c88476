// KnownKeys: a thread-safe cache of registered public keys by (party, key id), so that network
// threads can check a signature before the transaction reaches the one writer thread.
// A binding of key id to public key never changes once registered (RegisterKey refuses an id
// in use), so a cached key is never stale; revocation and roles are still checked by the
// state machine, which also compares the key a signature was checked with against the stored
// one, so a wrong cache entry could cost a re-check but never admit a bad signature.
// Thread-safety: every member may be called from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "crypto/ed25519.h"

namespace crowdledger {

class KnownKeys {
 public:
  explicit KnownKeys(size_t capacity = 1'000'000) : capacity_(capacity) {}

  std::optional<Ed25519PublicKey> Find(std::string_view party, uint32_t key_id) const;
  // Keeps `key`; when full, forgets everything first (the keys are found again on use).
  void Remember(std::string_view party, uint32_t key_id, const Ed25519PublicKey& key);
  // Drops a revoked key, so that requests signed with it reach the writer, which refuses
  // them as KeyRevoked whatever their signature (as it does for a key it never cached).
  void Forget(std::string_view party, uint32_t key_id);

 private:
  static std::string Name(std::string_view party, uint32_t key_id);

  size_t capacity_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, Ed25519PublicKey> keys_;
};

}  // namespace crowdledger
