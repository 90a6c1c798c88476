// SHA-256 via the EVP interface, with the digest fetched once per process.
#include "crypto/sha256.h"

#include <openssl/evp.h>

#include <cstdlib>

namespace crowdledger {
namespace {

// Fetching the algorithm once avoids OpenSSL 3's per-call provider lookup.
const EVP_MD* Sha256Algorithm() {
  static const EVP_MD* algorithm = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (algorithm == nullptr) std::abort();  // OpenSSL without SHA-256 cannot run a ledger
  return algorithm;
}

void CheckOpenSsl(int result) {
  if (result != 1) std::abort();  // only fails on allocation failure or a broken library
}

}  // namespace

Hash Sha256(ByteView data) {
  Hash digest;
  unsigned int length = 0;
  CheckOpenSsl(
      EVP_Digest(data.data(), data.size(), digest.data(), &length, Sha256Algorithm(), nullptr));
  return digest;
}

Sha256Hasher::Sha256Hasher() : context_(EVP_MD_CTX_new()) {
  if (context_ == nullptr) std::abort();
  CheckOpenSsl(EVP_DigestInit_ex(context_, Sha256Algorithm(), nullptr));
}

Sha256Hasher::~Sha256Hasher() { EVP_MD_CTX_free(context_); }

Sha256Hasher& Sha256Hasher::Update(ByteView data) {
  CheckOpenSsl(EVP_DigestUpdate(context_, data.data(), data.size()));
  return *this;
}

Hash Sha256Hasher::Finish() {
  Hash digest;
  unsigned int length = 0;
  CheckOpenSsl(EVP_DigestFinal_ex(context_, digest.data(), &length));
  CheckOpenSsl(EVP_DigestInit_ex(context_, Sha256Algorithm(), nullptr));
  return digest;
}

}  // namespace crowdledger
