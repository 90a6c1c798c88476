// signed-note grammar, key IDs and verifier key strings, following the C2SP text.
#include "crypto/signed_note.h"

#include "crypto/sha256.h"

namespace crowdledger {
namespace {

constexpr std::string_view kSignaturePrefix = "\xe2\x80\x94 ";  // em dash U+2014, space

Status Malformed(const std::string& what) { return Status(ErrorCode::Malformed, "note: " + what); }

// The Unicode White_Space code points beyond ASCII (NEL, no-break spaces, U+1680, U+2000 to
// U+200A, line and paragraph separators, U+205F, U+3000): C2SP forbids all Unicode spaces in key
// names.
bool IsNonAsciiSpace(uint32_t code_point) {
  return code_point == 0x85 || code_point == 0xa0 || code_point == 0x1680 ||
         (code_point >= 0x2000 && code_point <= 0x200a) || code_point == 0x2028 ||
         code_point == 0x2029 || code_point == 0x202f || code_point == 0x205f ||
         code_point == 0x3000;
}

// Accepts well-formed UTF-8 with no control characters other than newline; for a key name, also
// no non-ASCII Unicode spaces.
bool IsValidNoteText(std::string_view text, bool key_name = false) {
  size_t i = 0;
  while (i < text.size()) {
    auto byte = static_cast<uint8_t>(text[i]);
    if (byte < 0x80) {
      if ((byte < 0x20 && byte != '\n') || byte == 0x7f) return false;
      ++i;
      continue;
    }
    size_t length = (byte & 0xe0) == 0xc0   ? 2
                    : (byte & 0xf0) == 0xe0 ? 3
                    : (byte & 0xf8) == 0xf0 ? 4
                                            : 0;
    if (length == 0 || i + length > text.size()) return false;
    uint32_t code_point = byte & (0x7f >> length);
    for (size_t j = 1; j < length; ++j) {
      auto next = static_cast<uint8_t>(text[i + j]);
      if ((next & 0xc0) != 0x80) return false;
      code_point = (code_point << 6) | (next & 0x3f);
    }
    static constexpr uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code_point < kMinimum[length] || code_point > 0x10ffff ||
        (code_point >= 0xd800 && code_point <= 0xdfff) ||
        (key_name && IsNonAsciiSpace(code_point))) {
      return false;
    }
    i += length;
  }
  return true;
}

uint32_t ReadBigEndian32(const uint8_t* bytes) {
  return (uint32_t{bytes[0]} << 24) | (uint32_t{bytes[1]} << 16) | (uint32_t{bytes[2]} << 8) |
         uint32_t{bytes[3]};
}

Result<NoteSignature> ParseSignatureLine(std::string_view line) {
  if (line.substr(0, kSignaturePrefix.size()) != kSignaturePrefix) {
    return Malformed("signature line does not start with an em dash and a space");
  }
  line.remove_prefix(kSignaturePrefix.size());
  size_t space = line.find(' ');
  if (space == std::string_view::npos) return Malformed("signature line has no signature");
  NoteSignature signature;
  signature.key_name = std::string(line.substr(0, space));
  if (!IsValidNoteKeyName(signature.key_name)) {
    return Malformed("invalid key name '" + signature.key_name + "'");
  }
  auto decoded = Base64Decode(line.substr(space + 1));
  if (!decoded.ok()) return Malformed("signature of " + signature.key_name + " is not base64");
  if (decoded->size() < 5) return Malformed("signature of " + signature.key_name + " is too short");
  signature.key_id = ReadBigEndian32(decoded->data());
  signature.signature.assign(decoded->begin() + 4, decoded->end());
  return signature;
}

}  // namespace

bool IsValidNoteKeyName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    auto byte = static_cast<uint8_t>(c);
    if (byte <= 0x20 || byte == 0x7f || c == '+') return false;
  }
  return IsValidNoteText(name, /*key_name=*/true);
}

uint32_t Ed25519NoteKeyId(std::string_view key_name, const Ed25519PublicKey& key) {
  Sha256Hasher hasher;
  hasher.Update(AsBytes(key_name)).Update(uint8_t{'\n'}).Update(kNoteSignatureTypeEd25519);
  Hash digest = hasher.Update(key.raw()).Finish();
  return ReadBigEndian32(digest.data());
}

Result<Note> ParseNote(std::string_view message) {
  if (message.size() > kMaxNoteBytes) {
    return Status(ErrorCode::LimitExceeded, "note of " + std::to_string(message.size()) +
                                                " bytes exceeds " + std::to_string(kMaxNoteBytes));
  }
  if (!IsValidNoteText(message)) return Malformed("not UTF-8 or contains control characters");
  if (message.empty() || message.back() != '\n') return Malformed("does not end in a newline");
  // The text ends at the last blank line: the signatures follow it.
  size_t separator = message.rfind("\n\n");
  if (separator == std::string_view::npos) return Malformed("no blank line before signatures");
  Note note;
  note.text = std::string(message.substr(0, separator + 1));
  std::string_view rest = message.substr(separator + 2);
  while (!rest.empty()) {
    size_t end = rest.find('\n');
    if (note.signatures.size() == kMaxNoteSignatures) {
      return Status(ErrorCode::LimitExceeded,
                    "note has more than " + std::to_string(kMaxNoteSignatures) + " signatures");
    }
    ASSIGN_OR_RETURN(NoteSignature signature, ParseSignatureLine(rest.substr(0, end)));
    note.signatures.push_back(std::move(signature));
    rest.remove_prefix(end + 1);
  }
  if (note.signatures.empty()) return Malformed("no signature lines");
  return note;
}

Result<NoteVerifier> NoteVerifier::Create(std::string key_name, const Ed25519PublicKey& key) {
  if (!IsValidNoteKeyName(key_name)) {
    return Status(ErrorCode::InvalidArgument, "invalid note key name '" + key_name + "'");
  }
  uint32_t key_id = Ed25519NoteKeyId(key_name, key);
  return NoteVerifier(std::move(key_name), key_id, key);
}

Result<NoteVerifier> NoteVerifier::FromVerifierKey(std::string_view verifier_key) {
  size_t first = verifier_key.find('+');
  size_t second = first == std::string_view::npos ? first : verifier_key.find('+', first + 1);
  if (second == std::string_view::npos) {
    return Status(ErrorCode::BadEncoding, "verifier key is not <name>+<hash>+<key>");
  }
  std::string name(verifier_key.substr(0, first));
  std::string_view hash_hex = verifier_key.substr(first + 1, second - first - 1);
  auto key_bytes = Base64Decode(verifier_key.substr(second + 1));
  if (!key_bytes.ok()) return key_bytes.status().WithContext("verifier key");
  if (key_bytes->size() != 1 + kEd25519PublicKeySize ||
      (*key_bytes)[0] != kNoteSignatureTypeEd25519) {
    return Status(ErrorCode::WrongKeyType, "verifier key is not an Ed25519 (type 0x01) key");
  }
  ASSIGN_OR_RETURN(Ed25519PublicKey key,
                   Ed25519PublicKey::FromRaw(ByteView(*key_bytes).subspan(1)));
  ASSIGN_OR_RETURN(NoteVerifier verifier, Create(std::move(name), key));
  auto hash = HexDecode(hash_hex);
  if (!hash.ok() || hash->size() != 4 || ReadBigEndian32(hash->data()) != verifier.key_id()) {
    return Status(ErrorCode::BadEncoding, "verifier key hash does not match its name and key");
  }
  return verifier;
}

std::string NoteVerifier::VerifierKey() const {
  uint8_t id[4] = {static_cast<uint8_t>(key_id_ >> 24), static_cast<uint8_t>(key_id_ >> 16),
                   static_cast<uint8_t>(key_id_ >> 8), static_cast<uint8_t>(key_id_)};
  Bytes key{kNoteSignatureTypeEd25519};
  key.insert(key.end(), public_key_.raw().begin(), public_key_.raw().end());
  return key_name_ + "+" + HexEncode(id) + "+" + Base64Encode(key);
}

Result<Note> NoteVerifier::Open(std::string_view message) const {
  ASSIGN_OR_RETURN(Note note, ParseNote(message));
  for (const NoteSignature& signature : note.signatures) {
    if (signature.key_name != key_name_ || signature.key_id != key_id_) continue;
    if (!public_key_.Verify(AsBytes(note.text), signature.signature)) {
      return Status(ErrorCode::BadSignature, "note signature by " + key_name_ + " does not verify");
    }
    return note;
  }
  return Status(ErrorCode::UnknownKey, "note carries no signature by " + key_name_);
}

Result<NoteSigner> NoteSigner::Create(std::string key_name, Ed25519PrivateKey key) {
  if (!IsValidNoteKeyName(key_name)) {
    return Status(ErrorCode::InvalidArgument, "invalid note key name '" + key_name + "'");
  }
  uint32_t key_id = Ed25519NoteKeyId(key_name, key.public_key());
  return NoteSigner(std::move(key_name), key_id, std::move(key));
}

NoteVerifier NoteSigner::Verifier() const {
  return NoteVerifier(key_name_, key_id_, private_key_.public_key());
}

std::string NoteSigner::SignatureLine(std::string_view text) const {
  Ed25519Signature signature = private_key_.Sign(AsBytes(text));
  Bytes payload{static_cast<uint8_t>(key_id_ >> 24), static_cast<uint8_t>(key_id_ >> 16),
                static_cast<uint8_t>(key_id_ >> 8), static_cast<uint8_t>(key_id_)};
  payload.insert(payload.end(), signature.begin(), signature.end());
  return std::string(kSignaturePrefix) + key_name_ + " " + Base64Encode(payload) + "\n";
}

Result<std::string> NoteSigner::Sign(std::string_view text) const {
  if (text.empty() || text.back() != '\n' || !IsValidNoteText(text)) {
    return Status(ErrorCode::InvalidArgument, "note text must be UTF-8 ending in a newline");
  }
  return std::string(text) + "\n" + SignatureLine(text);
}

}  // namespace crowdledger
