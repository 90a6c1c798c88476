// C2SP signed notes: the Go sumdb/note example opens and is reproduced byte for byte, signatures
// by other keys are ignored, and every malformed note is refused with the documented code.
#include "crypto/signed_note.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "crypto/sha256.h"
#include "tests/crypto/error_code_printer.h"

namespace crowdledger {
namespace {

// The example of golang.org/x/mod/sumdb/note's package documentation (and note_test.go).
constexpr std::string_view kGoVerifierKey =
    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
// The base64 part of its signer key "PRIVATE+KEY+PeterNeumann+c74f20a3+...": 0x01 || seed.
constexpr std::string_view kGoSignerKeyData = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
constexpr std::string_view kGoText =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
constexpr std::string_view kGoSignatureLine =
    "\xe2\x80\x94 PeterNeumann "
    "x08go/ZJkuBS9UG/"
    "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
constexpr uint32_t kGoKeyId = 0xc74f20a3;

constexpr std::string_view kEmDash = "\xe2\x80\x94";

std::string GoNote() { return std::string(kGoText) + "\n" + std::string(kGoSignatureLine); }

NoteVerifier GoVerifier() {
  auto verifier = NoteVerifier::FromVerifierKey(kGoVerifierKey);
  EXPECT_TRUE(verifier.ok()) << verifier.status().ToString();
  return std::move(verifier).value();
}

Ed25519PrivateKey SeedKey(uint8_t fill) {
  auto key = Ed25519PrivateKey::FromSeed(Bytes(32, fill));
  EXPECT_TRUE(key.ok()) << key.status().ToString();
  return std::move(key).value();
}

NoteSigner MakeSigner(std::string name, uint8_t fill) {
  auto signer = NoteSigner::Create(std::move(name), SeedKey(fill));
  EXPECT_TRUE(signer.ok()) << signer.status().ToString();
  return std::move(signer).value();
}

// "— <name> base64(<key id> || <signature>)\n".
std::string SignatureLine(std::string_view name, uint32_t key_id, ByteView signature) {
  Bytes payload{static_cast<uint8_t>(key_id >> 24), static_cast<uint8_t>(key_id >> 16),
                static_cast<uint8_t>(key_id >> 8), static_cast<uint8_t>(key_id)};
  payload.insert(payload.end(), signature.begin(), signature.end());
  return std::string(kEmDash) + " " + std::string(name) + " " + Base64Encode(payload) + "\n";
}

// ---------------------------------------------------------------------------------------------
// The Go example.

TEST(SignedNote, OpensTheGoNotePackageExample) {
  NoteVerifier verifier = GoVerifier();
  EXPECT_EQ(verifier.key_name(), "PeterNeumann");
  EXPECT_EQ(verifier.key_id(), kGoKeyId);
  auto note = verifier.Open(GoNote());
  ASSERT_TRUE(note.ok()) << note.status().ToString();
  EXPECT_EQ(note->text, kGoText);
  ASSERT_EQ(note->signatures.size(), 1u);
  EXPECT_EQ(note->signatures[0].key_name, "PeterNeumann");
  EXPECT_EQ(note->signatures[0].key_id, kGoKeyId);
  EXPECT_EQ(note->signatures[0].signature.size(), kEd25519SignatureSize);
}

TEST(SignedNote, SigningTheGoExampleWithItsKeyReproducesTheNote) {
  auto data = Base64Decode(kGoSignerKeyData);
  ASSERT_TRUE(data.ok());
  ASSERT_EQ(data->size(), 33u);
  ASSERT_EQ((*data)[0], kNoteSignatureTypeEd25519);
  auto key = Ed25519PrivateKey::FromSeed(ByteView(*data).subspan(1));
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  auto signer = NoteSigner::Create("PeterNeumann", std::move(key).value());
  ASSERT_TRUE(signer.ok()) << signer.status().ToString();
  EXPECT_EQ(signer->key_id(), kGoKeyId);
  EXPECT_EQ(signer->Verifier().VerifierKey(), kGoVerifierKey);
  EXPECT_EQ(signer->SignatureLine(kGoText), kGoSignatureLine);
  auto note = signer->Sign(kGoText);
  ASSERT_TRUE(note.ok()) << note.status().ToString();
  EXPECT_EQ(*note, GoNote());
}

TEST(SignedNote, VerifierKeyOfTheGoExampleRoundTrips) {
  EXPECT_EQ(GoVerifier().VerifierKey(), kGoVerifierKey);
}

TEST(SignedNote, KeyIdIsSha256OfNameNewlineTypeAndKey) {
  NoteVerifier verifier = GoVerifier();
  Bytes input;
  ByteView name = AsBytes("PeterNeumann");
  input.insert(input.end(), name.begin(), name.end());
  input.push_back(0x0a);
  input.push_back(0x01);
  const auto& raw = verifier.public_key().raw();
  input.insert(input.end(), raw.begin(), raw.end());
  Hash digest = Sha256(input);
  uint32_t expected = (uint32_t{digest[0]} << 24) | (uint32_t{digest[1]} << 16) |
                      (uint32_t{digest[2]} << 8) | uint32_t{digest[3]};
  EXPECT_EQ(expected, kGoKeyId);
  EXPECT_EQ(Ed25519NoteKeyId("PeterNeumann", verifier.public_key()), kGoKeyId);
  EXPECT_NE(Ed25519NoteKeyId("PeterNeumann2", verifier.public_key()), kGoKeyId);
}

// ---------------------------------------------------------------------------------------------
// Round trips.

TEST(SignedNote, SignThenOpenRoundTrips) {
  NoteSigner signer = MakeSigner("example.com/log", 7);
  NoteVerifier verifier = signer.Verifier();
  for (std::string_view text :
       {std::string_view("one line\n"), std::string_view("two\nlines\n"),
        std::string_view("a text\n\nwith blank lines\n\n"), std::string_view("\n"),
        std::string_view("Unicode: na\xc3\xafve caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x93\x9c\n")}) {
    auto note = signer.Sign(text);
    ASSERT_TRUE(note.ok()) << note.status().ToString();
    auto opened = verifier.Open(*note);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString() << " for " << *note;
    EXPECT_EQ(opened->text, text);
    ASSERT_EQ(opened->signatures.size(), 1u);
    EXPECT_EQ(opened->signatures[0].key_name, "example.com/log");
    EXPECT_EQ(opened->signatures[0].key_id, signer.key_id());
  }
}

TEST(SignedNote, VerifierKeyRoundTripsThroughFromVerifierKey) {
  for (uint8_t fill : {uint8_t{1}, uint8_t{2}, uint8_t{0xfe}}) {
    NoteSigner signer = MakeSigner("log.example/" + std::to_string(fill), fill);
    std::string verifier_key = signer.Verifier().VerifierKey();
    auto verifier = NoteVerifier::FromVerifierKey(verifier_key);
    ASSERT_TRUE(verifier.ok()) << verifier.status().ToString();
    EXPECT_EQ(verifier->key_name(), signer.key_name());
    EXPECT_EQ(verifier->key_id(), signer.key_id());
    EXPECT_EQ(verifier->public_key().raw(), signer.Verifier().public_key().raw());
    EXPECT_EQ(verifier->VerifierKey(), verifier_key);
    auto note = signer.Sign("hello\n");
    ASSERT_TRUE(note.ok());
    EXPECT_TRUE(verifier->Open(*note).ok());
  }
}

TEST(SignedNote, FromVerifierKeyRejectsMalformedKeys) {
  const std::string key_part = "ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  auto code = [](std::string_view verifier_key) {
    return NoteVerifier::FromVerifierKey(verifier_key).status().code();
  };
  EXPECT_EQ(code("PeterNeumann"), ErrorCode::BadEncoding);
  EXPECT_EQ(code("PeterNeumann+c74f20a3"), ErrorCode::BadEncoding);
  EXPECT_EQ(code("PeterNeumann+c74f20a4+" + key_part), ErrorCode::BadEncoding);  // wrong hash
  EXPECT_EQ(code("PeterNeumann+c74f20+" + key_part), ErrorCode::BadEncoding);
  EXPECT_EQ(code("PeterNeumann+c74f20a3a3+" + key_part), ErrorCode::BadEncoding);
  EXPECT_EQ(code("PeterNeumann+zzzzzzzz+" + key_part), ErrorCode::BadEncoding);
  EXPECT_EQ(code("PaulNeumann+c74f20a3+" + key_part), ErrorCode::BadEncoding);  // other name
  EXPECT_EQ(code("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T"),
            ErrorCode::BadEncoding);                                     // not base64
  EXPECT_EQ(code("+c74f20a3+" + key_part), ErrorCode::InvalidArgument);  // empty name

  auto key = Base64Decode(key_part);
  ASSERT_TRUE(key.ok());
  Bytes other_type = *key;
  other_type[0] = 0x02;
  EXPECT_EQ(code("PeterNeumann+c74f20a3+" + Base64Encode(other_type)), ErrorCode::WrongKeyType);
  Bytes short_key(key->begin(), key->end() - 1);
  EXPECT_EQ(code("PeterNeumann+c74f20a3+" + Base64Encode(short_key)), ErrorCode::WrongKeyType);
}

// ---------------------------------------------------------------------------------------------
// Signatures that do not verify, and keys that did not sign.

TEST(SignedNote, AFlippedByteInTheTextIsBadSignature) {
  NoteVerifier verifier = GoVerifier();
  std::string note = GoNote();
  std::string tampered = note;
  tampered.replace(tampered.find("cryptography"), 12, "cryptographY");
  EXPECT_EQ(verifier.Open(tampered).status().code(), ErrorCode::BadSignature);
  // Changing the case of any one letter of the text breaks the signature.
  for (size_t i = 0; i < kGoText.size(); ++i) {
    char c = note[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) continue;
    std::string altered = note;
    altered[i] = static_cast<char>(c ^ 0x20);
    EXPECT_EQ(verifier.Open(altered).status().code(), ErrorCode::BadSignature) << "byte " << i;
  }
}

TEST(SignedNote, AnAlteredSignatureIsBadSignature) {
  NoteSigner signer = MakeSigner("example.com/log", 3);
  const std::string text = "some text\n";
  Ed25519PrivateKey key = SeedKey(3);
  const Ed25519Signature good = key.Sign(AsBytes(text));
  NoteVerifier verifier = signer.Verifier();
  ASSERT_TRUE(
      verifier.Open(text + "\n" + SignatureLine("example.com/log", signer.key_id(), good)).ok());
  for (size_t bit = 0; bit < good.size() * 8; bit += 13) {
    Ed25519Signature bad = good;
    bad[bit / 8] = static_cast<uint8_t>(bad[bit / 8] ^ (1u << (bit % 8)));
    std::string note = text + "\n" + SignatureLine("example.com/log", signer.key_id(), bad);
    EXPECT_EQ(verifier.Open(note).status().code(), ErrorCode::BadSignature) << "bit " << bit;
  }
  // A signature by the right key over another text.
  std::string other =
      text + "\n" +
      SignatureLine("example.com/log", signer.key_id(), key.Sign(AsBytes("other text\n")));
  EXPECT_EQ(verifier.Open(other).status().code(), ErrorCode::BadSignature);
}

TEST(SignedNote, AKnownKeySignatureOfTheWrongLengthIsBadSignature) {
  NoteSigner signer = MakeSigner("example.com/log", 3);
  const std::string text = "some text\n";
  Ed25519Signature good = SeedKey(3).Sign(AsBytes(text));
  ByteView view(good);
  for (ByteView signature : {view.first(63), view.first(1)}) {
    std::string note = text + "\n" + SignatureLine("example.com/log", signer.key_id(), signature);
    EXPECT_EQ(signer.Verifier().Open(note).status().code(), ErrorCode::BadSignature);
  }
  Bytes longer(good.begin(), good.end());
  longer.push_back(0);
  std::string note = text + "\n" + SignatureLine("example.com/log", signer.key_id(), longer);
  EXPECT_EQ(signer.Verifier().Open(note).status().code(), ErrorCode::BadSignature);
}

TEST(SignedNote, ANoteSignedByAnotherKeyIsUnknownKey) {
  NoteSigner signer = MakeSigner("example.com/log", 1);
  NoteSigner same_name_other_key = MakeSigner("example.com/log", 2);
  NoteSigner other_name_same_key = MakeSigner("example.com/other", 1);
  auto note = signer.Sign("text\n");
  ASSERT_TRUE(note.ok());
  EXPECT_EQ(same_name_other_key.Verifier().Open(*note).status().code(), ErrorCode::UnknownKey);
  EXPECT_EQ(other_name_same_key.Verifier().Open(*note).status().code(), ErrorCode::UnknownKey);
  EXPECT_EQ(GoVerifier().Open(*note).status().code(), ErrorCode::UnknownKey);
  EXPECT_EQ(signer.Verifier().Open(GoNote()).status().code(), ErrorCode::UnknownKey);
}

TEST(SignedNote, ASignatureMatchingOnlyTheNameOrOnlyTheIdIsIgnored) {
  NoteSigner signer = MakeSigner("example.com/log", 1);
  const std::string text = "text\n";
  Ed25519Signature garbage{};
  std::string wrong_id = SignatureLine("example.com/log", signer.key_id() ^ 1, garbage);
  std::string wrong_name = SignatureLine("example.com/lag", signer.key_id(), garbage);
  std::string good = signer.SignatureLine(text);
  NoteVerifier verifier = signer.Verifier();
  EXPECT_EQ(verifier.Open(text + "\n" + wrong_id).status().code(), ErrorCode::UnknownKey);
  EXPECT_EQ(verifier.Open(text + "\n" + wrong_name).status().code(), ErrorCode::UnknownKey);
  auto opened = verifier.Open(text + "\n" + wrong_id + wrong_name + good);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(opened->signatures.size(), 3u);
}

TEST(SignedNote, ANoteWithAnUnknownSecondSignatureStillOpens) {
  NoteSigner known = MakeSigner("example.com/log", 1);
  NoteSigner unknown = MakeSigner("witness.example/w1", 2);
  const std::string text = "origin\n42\n";
  for (bool known_first : {true, false}) {
    std::string note = text + "\n" +
                       (known_first ? known.SignatureLine(text) + unknown.SignatureLine(text)
                                    : unknown.SignatureLine(text) + known.SignatureLine(text));
    auto opened = known.Verifier().Open(note);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    EXPECT_EQ(opened->text, text);
    ASSERT_EQ(opened->signatures.size(), 2u);
    EXPECT_TRUE(unknown.Verifier().Open(note).ok());
    EXPECT_EQ(GoVerifier().Open(note).status().code(), ErrorCode::UnknownKey);
  }
  // Also when the unknown key's signature is not even a valid Ed25519 signature.
  std::string note = text + "\n" + SignatureLine("other.example", 12345, AsBytes("xyz")) +
                     known.SignatureLine(text);
  EXPECT_TRUE(known.Verifier().Open(note).ok());
}

// ---------------------------------------------------------------------------------------------
// Malformed notes.

ErrorCode OpenCode(std::string_view note) { return GoVerifier().Open(note).status().code(); }

TEST(SignedNote, ANoteWithoutABlankLineIsMalformed) {
  EXPECT_EQ(OpenCode(std::string(kGoText) + std::string(kGoSignatureLine)), ErrorCode::Malformed);
}

TEST(SignedNote, ANoteWithoutAFinalNewlineIsMalformed) {
  std::string note = GoNote();
  note.pop_back();
  EXPECT_EQ(OpenCode(note), ErrorCode::Malformed);
  EXPECT_EQ(OpenCode(""), ErrorCode::Malformed);
}

TEST(SignedNote, ANoteWithoutSignatureLinesIsMalformed) {
  EXPECT_EQ(OpenCode(std::string(kGoText) + "\n"), ErrorCode::Malformed);
  EXPECT_EQ(OpenCode("\n\n"), ErrorCode::Malformed);
}

TEST(SignedNote, ControlCharactersOtherThanNewlineAreMalformed) {
  for (char control : {'\0', '\t', '\r', '\x01', '\x1b', '\x1f'}) {
    std::string text = "If you think\n";
    text.insert(3, 1, control);
    std::string note = text + "\n" + std::string(kGoSignatureLine);
    EXPECT_EQ(OpenCode(note), ErrorCode::Malformed) << "byte " << int{control};
    // Also in a signature line.
    std::string line = std::string(kGoSignatureLine);
    line.insert(line.size() - 1, 1, control);
    EXPECT_EQ(OpenCode(std::string(kGoText) + "\n" + line), ErrorCode::Malformed)
        << "byte " << int{control};
  }
}

TEST(SignedNote, InvalidUtf8IsMalformed) {
  for (std::string_view bad : {std::string_view("\xff"), std::string_view("\xc0\xaf"),
                               std::string_view("\xed\xa0\x80"), std::string_view("\xe2\x80"),
                               std::string_view("\xf4\x90\x80\x80"), std::string_view("\x80")}) {
    std::string note = "text " + std::string(bad) + "\n\n" + std::string(kGoSignatureLine);
    EXPECT_EQ(OpenCode(note), ErrorCode::Malformed) << HexEncode(AsBytes(bad));
  }
}

TEST(SignedNote, BadSignatureLinesAreMalformed) {
  const std::string prefix = std::string(kGoText) + "\n";
  const std::string dash = std::string(kEmDash);
  const std::string b64 =
      "x08go/ZJkuBS9UG/"
      "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=";
  // Bad base64: a character outside the alphabet, missing padding, stray whitespace.
  EXPECT_EQ(OpenCode(prefix + dash + " PeterNeumann " + "!" + b64.substr(1) + "\n"),
            ErrorCode::Malformed);
  EXPECT_EQ(OpenCode(prefix + dash + " PeterNeumann " + b64.substr(0, b64.size() - 1) + "\n"),
            ErrorCode::Malformed);
  EXPECT_EQ(OpenCode(prefix + dash + " PeterNeumann " + b64 + " \n"), ErrorCode::Malformed);
  // A key name with '+', or an empty one.
  EXPECT_EQ(OpenCode(prefix + dash + " Peter+Neumann " + b64 + "\n"), ErrorCode::Malformed);
  EXPECT_EQ(OpenCode(prefix + dash + "  " + b64 + "\n"), ErrorCode::Malformed);
  // No space between name and signature, or no signature.
  EXPECT_EQ(OpenCode(prefix + dash + " PeterNeumann\n"), ErrorCode::Malformed);
  // Not an em dash and a space.
  EXPECT_EQ(OpenCode(prefix + "- PeterNeumann " + b64 + "\n"), ErrorCode::Malformed);
  EXPECT_EQ(OpenCode(prefix + dash + "PeterNeumann " + b64 + "\n"), ErrorCode::Malformed);
  // Shorter than a key ID and one byte of signature.
  EXPECT_EQ(OpenCode(prefix + dash + " PeterNeumann " + Base64Encode(Bytes{1, 2, 3, 4}) + "\n"),
            ErrorCode::Malformed);
  // A non-signature line among signature lines.
  EXPECT_EQ(OpenCode(prefix + std::string(kGoSignatureLine) + "trailing words\n"),
            ErrorCode::Malformed);
}

TEST(SignedNote, KeyNamesWithUnicodeSpacesArePlusesOrControlsAreInvalid) {
  EXPECT_TRUE(IsValidNoteKeyName("PeterNeumann"));
  EXPECT_TRUE(IsValidNoteKeyName("example.com/log"));
  EXPECT_TRUE(IsValidNoteKeyName("caf\xc3\xa9"));
  EXPECT_FALSE(IsValidNoteKeyName(""));
  EXPECT_FALSE(IsValidNoteKeyName("a b"));
  EXPECT_FALSE(IsValidNoteKeyName("a+b"));
  EXPECT_FALSE(IsValidNoteKeyName("a\nb"));
  EXPECT_FALSE(IsValidNoteKeyName("a\tb"));
  EXPECT_FALSE(IsValidNoteKeyName("a\xff"));
  // C2SP: "Key names ... MUST NOT contain any Unicode spaces". NEL, no-break space, Ogham space
  // mark, en quad, hair space, line and paragraph separators, narrow no-break space, medium
  // mathematical space, ideographic space.
  for (std::string_view space :
       {"\xc2\x85", "\xc2\xa0", "\xe1\x9a\x80", "\xe2\x80\x80", "\xe2\x80\x8a", "\xe2\x80\xa8",
        "\xe2\x80\xa9", "\xe2\x80\xaf", "\xe2\x81\x9f", "\xe3\x80\x80"}) {
    std::string name = "a" + std::string(space) + "b";
    EXPECT_FALSE(IsValidNoteKeyName(name)) << HexEncode(AsBytes(name));
    EXPECT_EQ(NoteSigner::Create(name, SeedKey(1)).status().code(), ErrorCode::InvalidArgument);
    std::string note = std::string(kGoText) + "\n" + std::string(kEmDash) + " " + name + " " +
                       Base64Encode(Bytes(68, 1)) + "\n";
    EXPECT_EQ(OpenCode(note), ErrorCode::Malformed) << HexEncode(AsBytes(name));
  }
  // Zero-width space is not a Unicode space (White_Space=no).
  EXPECT_TRUE(
      IsValidNoteKeyName("a\xe2\x80\x8b"
                         "b"));
}

TEST(SignedNote, CreateRejectsInvalidKeyNames) {
  for (std::string_view name : {"", "a b", "a+b", "a\nb"}) {
    EXPECT_EQ(NoteSigner::Create(std::string(name), SeedKey(1)).status().code(),
              ErrorCode::InvalidArgument);
    EXPECT_EQ(NoteVerifier::Create(std::string(name), SeedKey(1).public_key()).status().code(),
              ErrorCode::InvalidArgument);
  }
}

TEST(SignedNote, SignRejectsTextThatCannotBeANote) {
  NoteSigner signer = MakeSigner("example.com/log", 1);
  for (std::string_view text : {std::string_view(""), std::string_view("no final newline"),
                                std::string_view("tab\there\n"), std::string_view("\xff\n")}) {
    EXPECT_EQ(signer.Sign(text).status().code(), ErrorCode::InvalidArgument) << text;
  }
}

TEST(SignedNote, NotesOverTheSizeLimitAreLimitExceeded) {
  NoteSigner signer = MakeSigner("example.com/log", 1);
  std::string text(kMaxNoteBytes, 'a');
  text.back() = '\n';
  auto note = signer.Sign(text);
  ASSERT_TRUE(note.ok());
  ASSERT_GT(note->size(), kMaxNoteBytes);
  EXPECT_EQ(signer.Verifier().Open(*note).status().code(), ErrorCode::LimitExceeded);
  EXPECT_EQ(ParseNote(*note).status().code(), ErrorCode::LimitExceeded);
  // Just under the limit opens.
  std::string line = signer.SignatureLine("x\n");
  std::string smaller(kMaxNoteBytes - line.size() - 1, 'a');
  smaller.back() = '\n';
  auto fits = signer.Sign(smaller);
  ASSERT_TRUE(fits.ok());
  ASSERT_EQ(fits->size(), kMaxNoteBytes);
  EXPECT_TRUE(signer.Verifier().Open(*fits).ok());
}

TEST(SignedNote, MoreThanTheSignatureLimitIsLimitExceeded) {
  NoteSigner signer = MakeSigner("example.com/log", 1);
  const std::string text = "text\n";
  std::string others;
  for (size_t i = 0; i + 1 < kMaxNoteSignatures; ++i) {
    others += MakeSigner("witness" + std::to_string(i), 2).SignatureLine(text);
  }
  // Exactly the limit, the known signature last: opens.
  auto opened = signer.Verifier().Open(text + "\n" + others + signer.SignatureLine(text));
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(opened->signatures.size(), kMaxNoteSignatures);
  // One more, wherever the known signature is.
  std::string extra = MakeSigner("one.more", 3).SignatureLine(text);
  EXPECT_EQ(signer.Verifier()
                .Open(text + "\n" + others + extra + signer.SignatureLine(text))
                .status()
                .code(),
            ErrorCode::LimitExceeded);
  EXPECT_EQ(signer.Verifier()
                .Open(text + "\n" + signer.SignatureLine(text) + others + extra)
                .status()
                .code(),
            ErrorCode::LimitExceeded);
}

TEST(SignedNote, TheTextEndsAtTheLastBlankLine) {
  NoteSigner signer = MakeSigner("example.com/log", 1);
  const std::string text = "first\n\nsecond\n";
  auto note = signer.Sign(text);
  ASSERT_TRUE(note.ok());
  auto parsed = ParseNote(*note);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->text, text);
  ASSERT_EQ(parsed->signatures.size(), 1u);
  EXPECT_EQ(parsed->signatures[0].key_name, "example.com/log");
  EXPECT_EQ(parsed->signatures[0].key_id, signer.key_id());
  EXPECT_EQ(parsed->signatures[0].signature.size(), kEd25519SignatureSize);
}

}  // namespace
}  // namespace crowdledger
