// The genesis entry: the first transaction of every ledger, signed by the first authority
// key, registering the authority party and that key with the Administer and Audit roles.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "crypto/ed25519.h"

namespace crowdledger {

inline constexpr char kGenesisAuthorityParty[] = "authority";
inline constexpr uint32_t kGenesisAuthorityKeyId = 1;

// Builds entry 0 at `server_time_us`.
std::string BuildGenesisEntry(const Ed25519PrivateKey& authority_key, int64_t server_time_us);

}  // namespace crowdledger
