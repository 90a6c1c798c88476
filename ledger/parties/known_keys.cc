// KnownKeys: registered public keys, readable from the network threads.
#include "ledger/parties/known_keys.h"

#include <mutex>

namespace crowdledger {

std::string KnownKeys::Name(std::string_view party, uint32_t key_id) {
  std::string name(party);
  name.push_back('\0');  // handles never contain NUL
  name += std::to_string(key_id);
  return name;
}

std::optional<Ed25519PublicKey> KnownKeys::Find(std::string_view party, uint32_t key_id) const {
  std::string name = Name(party, key_id);
  std::shared_lock lock(mutex_);
  auto found = keys_.find(name);
  if (found == keys_.end()) return std::nullopt;
  return found->second;
}

void KnownKeys::Remember(std::string_view party, uint32_t key_id, const Ed25519PublicKey& key) {
  std::string name = Name(party, key_id);
  std::unique_lock lock(mutex_);
  if (keys_.size() >= capacity_) keys_.clear();
  keys_.insert_or_assign(std::move(name), key);
}

void KnownKeys::Forget(std::string_view party, uint32_t key_id) {
  std::string name = Name(party, key_id);
  std::unique_lock lock(mutex_);
  keys_.erase(name);
}

}  // namespace crowdledger
