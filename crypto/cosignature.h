// Witness cosignatures of checkpoints, as C2SP tlog-cosignature (v1, Ed25519) defines them: a
// note signature line by the cosigner's key over
//   "cosignature/v1\n" || "time <POSIX seconds>\n" || the checkpoint's note text,
// whose base64 payload is key ID (4 bytes) || timestamp (8 bytes, big-endian) || signature.
// The key ID is SHA-256(name || "\n" || 0x04 || public key)[:4].
// Thread-safety: free functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "crypto/ed25519.h"

namespace crowdledger {

uint32_t CosignatureKeyId(std::string_view name, const Ed25519PublicKey& key);

// The signature line ("— <name> <base64>\n") cosigning `checkpoint_text` (the note text: the
// checkpoint's lines, without signatures) at `timestamp_s`.
std::string Cosign(std::string_view checkpoint_text, std::string_view name,
                   const Ed25519PrivateKey& key, uint64_t timestamp_s);

// Checks a signature line made by Cosign for `name` and `key`; returns its timestamp.
// UnknownKey if the line is by another name or key ID, BadSignature if it does not verify.
Result<uint64_t> VerifyCosignature(std::string_view line, std::string_view checkpoint_text,
                                   std::string_view name, const Ed25519PublicKey& key);

}  // namespace crowdledger
