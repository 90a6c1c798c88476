// The genesis entry: the first transaction of every ledger, signed by the first authority
// key, registering the authority party and that key with the Administer and Audit roles.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "ledger/entry_format.h"

namespace crowdledger {

inline constexpr char kGenesisAuthorityParty[] = "authority";
inline constexpr uint32_t kGenesisAuthorityKeyId = 1;

// The genesis transaction, signed by the authority key it registers.
SignedTransaction BuildGenesisTransaction(const Ed25519PrivateKey& authority_key,
                                          int64_t client_time_us);

}  // namespace crowdledger
