// Ed25519 keys (RFC 8032) through OpenSSL 3 EVP: generate, sign, verify, raw 32-byte public
// keys, PEM private key files (PKCS#8) created with mode 0600 and never overwritten.
// Thread-safety: keys are immutable after construction; Sign and Verify may run concurrently.
#pragma once

#include <array>
#include <filesystem>
#include <memory>

#include "crypto/bytes.h"

struct evp_pkey_st;

namespace crowdledger {

inline constexpr size_t kEd25519PublicKeySize = 32;
inline constexpr size_t kEd25519SignatureSize = 64;
// A PEM private key file is about 120 bytes; anything far larger is not a key file.
inline constexpr size_t kMaxKeyFileBytes = size_t{16} * 1024;

using Ed25519Signature = std::array<uint8_t, kEd25519SignatureSize>;
using Ed25519PublicKeyBytes = std::array<uint8_t, kEd25519PublicKeySize>;

class Ed25519PublicKey {
 public:
  static Result<Ed25519PublicKey> FromRaw(ByteView raw);

  const Ed25519PublicKeyBytes& raw() const { return raw_; }
  bool Verify(ByteView message, ByteView signature) const;

 private:
  Ed25519PublicKey(Ed25519PublicKeyBytes raw, std::shared_ptr<evp_pkey_st> key)
      : raw_(raw), key_(std::move(key)) {}
  Ed25519PublicKeyBytes raw_;
  std::shared_ptr<evp_pkey_st> key_;
};

class Ed25519PrivateKey {
 public:
  static Result<Ed25519PrivateKey> Generate();
  // From a 32-byte RFC 8032 seed (deterministic keys for tests and benchmarks).
  static Result<Ed25519PrivateKey> FromSeed(ByteView seed);
  static Result<Ed25519PrivateKey> FromPem(std::string_view pem);

  std::string ToPem() const;
  const Ed25519PublicKey& public_key() const { return public_key_; }
  Ed25519Signature Sign(ByteView message) const;

 private:
  Ed25519PrivateKey(std::shared_ptr<evp_pkey_st> key, Ed25519PublicKey public_key)
      : key_(std::move(key)), public_key_(std::move(public_key)) {}
  static Result<Ed25519PrivateKey> FromEvp(evp_pkey_st* key);

  std::shared_ptr<evp_pkey_st> key_;
  Ed25519PublicKey public_key_;
};

// Writes the key as PEM to a new file with mode 0600; refuses to replace an existing file.
Status WritePrivateKeyFile(const std::filesystem::path& path, const Ed25519PrivateKey& key);
Result<Ed25519PrivateKey> ReadPrivateKeyFile(const std::filesystem::path& path);

}  // namespace crowdledger
