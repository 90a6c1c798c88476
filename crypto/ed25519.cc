// Ed25519 via OpenSSL EVP_PKEY. Raw-key import for public keys, PKCS#8 PEM for private keys.
#include "crypto/ed25519.h"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace crowdledger {
namespace {

std::shared_ptr<evp_pkey_st> Own(EVP_PKEY* key) { return {key, EVP_PKEY_free}; }

struct MdContextDeleter {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};
using MdContext = std::unique_ptr<EVP_MD_CTX, MdContextDeleter>;

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

}  // namespace

Result<Ed25519PublicKey> Ed25519PublicKey::FromRaw(ByteView raw) {
  if (raw.size() != kEd25519PublicKeySize) {
    return Status(ErrorCode::InvalidArgument,
                  "an Ed25519 public key is 32 bytes, got " + std::to_string(raw.size()));
  }
  EVP_PKEY* key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, raw.data(), raw.size());
  if (key == nullptr) return Status(ErrorCode::InvalidArgument, "not a valid Ed25519 public key");
  Ed25519PublicKeyBytes bytes;
  std::copy(raw.begin(), raw.end(), bytes.begin());
  return Ed25519PublicKey(bytes, Own(key));
}

bool Ed25519PublicKey::Verify(ByteView message, ByteView signature) const {
  if (signature.size() != kEd25519SignatureSize) return false;
  MdContext context(EVP_MD_CTX_new());
  if (!context) return false;
  if (EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, key_.get()) != 1) return false;
  return EVP_DigestVerify(context.get(), signature.data(), signature.size(), message.data(),
                          message.size()) == 1;
}

Result<Ed25519PrivateKey> Ed25519PrivateKey::FromEvp(EVP_PKEY* key) {
  auto owned = Own(key);
  if (EVP_PKEY_get_id(key) != EVP_PKEY_ED25519) {
    return Status(ErrorCode::WrongKeyType, "the key is not an Ed25519 key");
  }
  Ed25519PublicKeyBytes raw;
  size_t length = raw.size();
  if (EVP_PKEY_get_raw_public_key(key, raw.data(), &length) != 1 || length != raw.size()) {
    return Status(ErrorCode::WrongKeyType, "cannot read the Ed25519 public key");
  }
  ASSIGN_OR_RETURN(Ed25519PublicKey public_key, Ed25519PublicKey::FromRaw(raw));
  return Ed25519PrivateKey(std::move(owned), std::move(public_key));
}

Result<Ed25519PrivateKey> Ed25519PrivateKey::Generate() {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  if (key == nullptr) return Status(ErrorCode::IoError, "Ed25519 key generation failed");
  return FromEvp(key);
}

Result<Ed25519PrivateKey> Ed25519PrivateKey::FromSeed(ByteView seed) {
  if (seed.size() != 32) {
    return Status(ErrorCode::InvalidArgument,
                  "an Ed25519 seed is 32 bytes, got " + std::to_string(seed.size()));
  }
  EVP_PKEY* key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size());
  if (key == nullptr) return Status(ErrorCode::InvalidArgument, "not a valid Ed25519 seed");
  return FromEvp(key);
}

Result<Ed25519PrivateKey> Ed25519PrivateKey::FromPem(std::string_view pem) {
  if (pem.size() > kMaxKeyFileBytes) {
    return Status(ErrorCode::LimitExceeded, "PEM text of " + std::to_string(pem.size()) +
                                                " bytes exceeds " +
                                                std::to_string(kMaxKeyFileBytes));
  }
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return Status(ErrorCode::IoError, "cannot allocate a memory BIO");
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
  if (key == nullptr) {
    return Status(ErrorCode::BadEncoding, "not a PEM private key (expected PKCS#8 Ed25519)");
  }
  return FromEvp(key);
}

std::string Ed25519PrivateKey::ToPem() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio ||
      PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    std::abort();  // writing to memory fails only when allocation fails
  }
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

Ed25519Signature Ed25519PrivateKey::Sign(ByteView message) const {
  Ed25519Signature signature;
  size_t length = signature.size();
  MdContext context(EVP_MD_CTX_new());
  if (!context || EVP_DigestSignInit(context.get(), nullptr, nullptr, nullptr, key_.get()) != 1 ||
      EVP_DigestSign(context.get(), signature.data(), &length, message.data(), message.size()) !=
          1 ||
      length != signature.size()) {
    std::abort();  // Ed25519 signing with a valid key fails only when allocation fails
  }
  return signature;
}

Status WritePrivateKeyFile(const std::filesystem::path& path, const Ed25519PrivateKey& key) {
  // O_EXCL: never replace an existing key; 0600 from creation on, not chmod after the fact.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    int error = errno;
    ErrorCode code = error == EEXIST ? ErrorCode::AlreadyExists : ErrorCode::IoError;
    return Status(code, "cannot create key file " + path.string() + ": " + std::strerror(error));
  }
  std::string pem = key.ToPem();
  size_t written = 0;
  while (written < pem.size()) {
    ssize_t n = ::write(fd, pem.data() + written, pem.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int error = errno;
      ::close(fd);
      return Status(ErrorCode::IoError,
                    "cannot write key file " + path.string() + ": " + std::strerror(error));
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    return Status(ErrorCode::IoError, "cannot sync key file " + path.string());
  }
  return Status::Ok();
}

Result<Ed25519PrivateKey> ReadPrivateKeyFile(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return Status(ErrorCode::IoError, "cannot open key file " + path.string());
  std::string pem(kMaxKeyFileBytes + 1, '\0');
  file.read(pem.data(), static_cast<std::streamsize>(pem.size()));
  pem.resize(static_cast<size_t>(file.gcount()));
  auto key = Ed25519PrivateKey::FromPem(pem);
  if (!key.ok()) return key.status().WithContext("key file " + path.string());
  return key;
}

}  // namespace crowdledger
