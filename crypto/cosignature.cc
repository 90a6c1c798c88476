// C2SP tlog-cosignature v1 (Ed25519): signing and verifying cosignature lines.
#include "crypto/cosignature.h"

#include "crypto/sha256.h"
#include "crypto/signed_note.h"

namespace crowdledger {
namespace {

constexpr std::string_view kSignaturePrefix = "\xe2\x80\x94 ";  // em dash U+2014, space
constexpr size_t kPayloadBytes = 4 + 8 + kEd25519SignatureSize;

std::string SignedMessage(std::string_view checkpoint_text, uint64_t timestamp_s) {
  return "cosignature/v1\ntime " + std::to_string(timestamp_s) + "\n" +
         std::string(checkpoint_text);
}

void PutBigEndian(uint64_t value, int bytes, Bytes& out) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<uint8_t>(value >> (8 * i)));
}

uint64_t GetBigEndian(const uint8_t* data, int bytes) {
  uint64_t value = 0;
  for (int i = 0; i < bytes; ++i) value = value << 8 | data[i];
  return value;
}

}  // namespace

uint32_t CosignatureKeyId(std::string_view name, const Ed25519PublicKey& key) {
  Sha256Hasher hasher;
  hasher.Update(AsBytes(name)).Update(uint8_t{'\n'}).Update(kNoteSignatureTypeCosignature);
  Hash digest = hasher.Update(key.raw()).Finish();
  return static_cast<uint32_t>(GetBigEndian(digest.data(), 4));
}

std::string Cosign(std::string_view checkpoint_text, std::string_view name,
                   const Ed25519PrivateKey& key, uint64_t timestamp_s) {
  std::string message = SignedMessage(checkpoint_text, timestamp_s);
  Ed25519Signature signature = key.Sign(AsBytes(message));
  Bytes payload;
  payload.reserve(kPayloadBytes);
  PutBigEndian(CosignatureKeyId(name, key.public_key()), 4, payload);
  PutBigEndian(timestamp_s, 8, payload);
  payload.insert(payload.end(), signature.begin(), signature.end());
  return std::string(kSignaturePrefix) + std::string(name) + " " + Base64Encode(payload) + "\n";
}

std::string CosignerVerifierKey(std::string_view name, const Ed25519PublicKey& key) {
  Bytes id;
  PutBigEndian(CosignatureKeyId(name, key), 4, id);
  Bytes material{kNoteSignatureTypeCosignature};
  material.insert(material.end(), key.raw().begin(), key.raw().end());
  return std::string(name) + "+" + HexEncode(id) + "+" + Base64Encode(material);
}

Result<Cosigner> ParseCosignerVerifierKey(std::string_view verifier_key) {
  size_t first = verifier_key.find('+');
  size_t second = first == std::string_view::npos ? first : verifier_key.find('+', first + 1);
  if (second == std::string_view::npos) {
    return Status(ErrorCode::BadEncoding, "cosigner verifier key is not <name>+<hash>+<key>");
  }
  std::string name(verifier_key.substr(0, first));
  if (!IsValidNoteKeyName(name)) {
    return Status(ErrorCode::InvalidArgument, "invalid cosigner key name '" + name + "'");
  }
  auto material = Base64Decode(verifier_key.substr(second + 1));
  if (!material.ok()) return material.status().WithContext("cosigner verifier key");
  if (material->size() != 1 + kEd25519PublicKeySize ||
      (*material)[0] != kNoteSignatureTypeCosignature) {
    return Status(ErrorCode::WrongKeyType,
                  "verifier key of " + name + " is not an Ed25519 cosignature (type 0x04) key");
  }
  ASSIGN_OR_RETURN(Ed25519PublicKey key, Ed25519PublicKey::FromRaw(ByteView(*material).subspan(1)));
  uint32_t key_id = CosignatureKeyId(name, key);
  auto hash = HexDecode(verifier_key.substr(first + 1, second - first - 1));
  if (!hash.ok() || hash->size() != 4 || GetBigEndian(hash->data(), 4) != key_id) {
    return Status(ErrorCode::BadEncoding,
                  "verifier key hash of " + name + " does not match its name and key");
  }
  return Cosigner{std::move(name), std::move(key), key_id};
}

Result<uint64_t> VerifyCosignature(std::string_view line, std::string_view checkpoint_text,
                                   std::string_view name, const Ed25519PublicKey& key) {
  if (line.ends_with('\n')) line.remove_suffix(1);
  std::string prefix = std::string(kSignaturePrefix) + std::string(name) + " ";
  if (!line.starts_with(prefix)) {
    return Status(ErrorCode::UnknownKey, "not a signature line by " + std::string(name));
  }
  auto payload = Base64Decode(line.substr(prefix.size()));
  if (!payload.ok() || payload->size() != kPayloadBytes) {
    return Status(ErrorCode::Malformed, "a cosignature is base64 of 76 bytes");
  }
  if (GetBigEndian(payload->data(), 4) != CosignatureKeyId(name, key)) {
    return Status(ErrorCode::UnknownKey, "the cosignature is by another key");
  }
  uint64_t timestamp = GetBigEndian(payload->data() + 4, 8);
  if (timestamp > static_cast<uint64_t>(INT64_MAX)) {
    return Status(ErrorCode::Malformed, "the cosignature's timestamp exceeds 2^63 - 1");
  }
  std::string message = SignedMessage(checkpoint_text, timestamp);
  if (!key.Verify(AsBytes(message), ByteView(payload->data() + 12, kEd25519SignatureSize))) {
    return Status(ErrorCode::BadSignature, "the cosignature does not verify");
  }
  return timestamp;
}

}  // namespace crowdledger
