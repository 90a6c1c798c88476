// Witness cosignatures of checkpoints, as C2SP tlog-cosignature (v1, Ed25519) defines them: a
// note signature line by the cosigner's key over
//   "cosignature/v1\n" || "time <POSIX seconds>\n" || the checkpoint's note text,
// whose base64 payload is key ID (4 bytes) || timestamp (8 bytes, big-endian) || signature.
// The key ID is SHA-256(name || "\n" || 0x04 || public key)[:4], and a cosigner's verifier key
// ("vkey") is "<name>+<8 hex digits of key ID>+<base64(0x04 || public key)>" (signed-note).
// Thread-safety: free functions and plain values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "crypto/ed25519.h"

namespace crowdledger {

// signed-note's signature type of timestamped Ed25519 checkpoint cosignatures.
inline constexpr uint8_t kNoteSignatureTypeCosignature = 0x04;

// A cosigner as a verifier knows it: its key name, key and key ID.
struct Cosigner {
  std::string name;
  Ed25519PublicKey key;
  uint32_t key_id = 0;
};

uint32_t CosignatureKeyId(std::string_view name, const Ed25519PublicKey& key);

// The signature line ("— <name> <base64>\n") cosigning `checkpoint_text` (the note text: the
// checkpoint's lines, without signatures) at `timestamp_s`.
std::string Cosign(std::string_view checkpoint_text, std::string_view name,
                   const Ed25519PrivateKey& key, uint64_t timestamp_s);

// Checks a signature line made by Cosign for `name` and `key`; returns its timestamp.
// UnknownKey if the line is by another name or key ID, BadSignature if it does not verify.
Result<uint64_t> VerifyCosignature(std::string_view line, std::string_view checkpoint_text,
                                   std::string_view name, const Ed25519PublicKey& key);

// The cosigner's verifier key, type 0x04.
std::string CosignerVerifierKey(std::string_view name, const Ed25519PublicKey& key);
// Parses a type 0x04 verifier key: BadEncoding if it is not "<name>+<hex>+<base64>" or its
// key ID does not match, WrongKeyType for any other signature type, InvalidArgument for a bad
// key name.
Result<Cosigner> ParseCosignerVerifierKey(std::string_view verifier_key);

}  // namespace crowdledger
