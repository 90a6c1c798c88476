// C2SP signed-note (https://c2sp.org/signed-note): a UTF-8 text ending in a newline, a blank
// line, then signature lines "— <key name> base64(key ID || signature)". Ed25519 only
// (signature type 0x01); key ID = SHA-256(name || 0x0A || 0x01 || public key)[:4], and the
// verifier key string is "<name>+<8 hex digits of key ID>+<base64(0x01 || public key)>".
// Thread-safety: signers and verifiers are immutable after construction.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/ed25519.h"

namespace crowdledger {

// Limits on notes we parse: the spec asks verifiers to accept at least 16 signatures.
inline constexpr size_t kMaxNoteBytes = size_t{64} * 1024;
inline constexpr size_t kMaxNoteSignatures = 64;
inline constexpr uint8_t kNoteSignatureTypeEd25519 = 0x01;

struct NoteSignature {
  std::string key_name;
  uint32_t key_id = 0;
  Bytes signature;  // without the 4-byte key ID
};

struct Note {
  std::string text;  // includes its final newline
  std::vector<NoteSignature> signatures;
};

// Key names are non-empty and contain no Unicode spaces, control characters or '+'.
bool IsValidNoteKeyName(std::string_view name);
uint32_t Ed25519NoteKeyId(std::string_view key_name, const Ed25519PublicKey& key);

// Splits a note into text and signature lines, checking the grammar and the limits. Does not
// verify any signature.
Result<Note> ParseNote(std::string_view message);

class NoteVerifier {
 public:
  static Result<NoteVerifier> Create(std::string key_name, const Ed25519PublicKey& key);
  static Result<NoteVerifier> FromVerifierKey(std::string_view verifier_key);

  const std::string& key_name() const { return key_name_; }
  uint32_t key_id() const { return key_id_; }
  const Ed25519PublicKey& public_key() const { return public_key_; }
  std::string VerifierKey() const;

  // Verifies the signature by this key, ignoring signatures by other keys as the spec requires.
  // UnknownKey if this key did not sign; BadSignature if its signature does not verify.
  Result<Note> Open(std::string_view message) const;

 private:
  friend class NoteSigner;
  NoteVerifier(std::string key_name, uint32_t key_id, Ed25519PublicKey key)
      : key_name_(std::move(key_name)), key_id_(key_id), public_key_(std::move(key)) {}
  std::string key_name_;
  uint32_t key_id_;
  Ed25519PublicKey public_key_;
};

class NoteSigner {
 public:
  static Result<NoteSigner> Create(std::string key_name, Ed25519PrivateKey key);

  const std::string& key_name() const { return key_name_; }
  uint32_t key_id() const { return key_id_; }
  NoteVerifier Verifier() const;
  // For the ledger's other signed documents (reports), which put a context prefix of their
  // own before what they sign, so that no such signature can pass for a note's.
  const Ed25519PrivateKey& private_key() const { return private_key_; }

  // The signature line for `text` (which must end in a newline), with its trailing newline.
  std::string SignatureLine(std::string_view text) const;
  // text + blank line + signature line.
  Result<std::string> Sign(std::string_view text) const;

 private:
  NoteSigner(std::string key_name, uint32_t key_id, Ed25519PrivateKey key)
      : key_name_(std::move(key_name)), key_id_(key_id), private_key_(std::move(key)) {}
  std::string key_name_;
  uint32_t key_id_;
  Ed25519PrivateKey private_key_;
};

}  // namespace crowdledger
