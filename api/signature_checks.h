// Signature checks on the network threads. The writer thread applies transactions one at a
// time, so checking their Ed25519 signatures there would cap the ledger at one core's
// verification rate; instead each network thread checks what it receives, in parallel, with
// the keys the ledger has already seen (KnownKeys). A key not seen yet is left to the writer.
// Thread-safety: free functions over thread-safe KnownKeys.
#pragma once

#include <optional>
#include <string_view>

#include "crypto/status.h"
#include "ledger/entry_format.h"
#include "ledger/parties/known_keys.h"

namespace crowdledger::api {

// Decodes `transaction` and checks its signature with its submitter's key, if known: sets
// `checked_with` on success, BadSignature if the signature does not verify, the decoding
// error if the bytes are not a transaction.
Status CheckTransactionSignature(const KnownKeys& keys, SignedTransaction& transaction);

// The same for a signed query: the key it verified with, nullopt if that key is not known,
// BadSignature if it does not verify.
Result<std::optional<Ed25519PublicKeyBytes>> CheckQuerySignature(const KnownKeys& keys,
                                                                 std::string_view payload,
                                                                 std::string_view signature);

}  // namespace crowdledger::api
