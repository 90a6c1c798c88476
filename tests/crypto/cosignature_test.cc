// Witness cosignatures (C2SP tlog-cosignature v1): the line's layout, its key ID, and that
// it verifies only for its own name, key and checkpoint text.
#include "crypto/cosignature.h"

#include <gtest/gtest.h>

#include "crypto/sha256.h"
#include "crypto/signed_note.h"

namespace crowdledger {
namespace {

constexpr std::string_view kText =
    "example.org/ledger\n23\n9zTH+Dl1bVrvgmYOEooYy0ETQRglP0SM/606caxx+6U=\n";

Ed25519PrivateKey Key(const char* seed) {
  return *Ed25519PrivateKey::FromSeed(Sha256(AsBytes(seed)));
}

TEST(Cosignature, ALineCarriesKeyIdTimestampAndSignature) {
  Ed25519PrivateKey key = Key("witness");
  std::string line = Cosign(kText, "auditor.example.org", key, 1'700'000'000);
  ASSERT_TRUE(line.starts_with("\xe2\x80\x94 auditor.example.org "));
  ASSERT_TRUE(line.ends_with("\n"));
  auto payload = Base64Decode(std::string_view(line).substr(24, line.size() - 25));
  ASSERT_TRUE(payload.ok());
  ASSERT_EQ(payload->size(), 76u);
  uint32_t key_id = uint32_t{(*payload)[0]} << 24 | uint32_t{(*payload)[1]} << 16 |
                    uint32_t{(*payload)[2]} << 8 | (*payload)[3];
  EXPECT_EQ(key_id, CosignatureKeyId("auditor.example.org", key.public_key()));
  // The key ID is SHA-256(name || "\n" || 0x04 || public key)[:4].
  std::string preimage = "auditor.example.org\n";
  preimage.push_back('\x04');
  preimage += AsText(key.public_key().raw());
  Hash digest = Sha256(AsBytes(preimage));
  EXPECT_EQ(key_id, uint32_t{digest[0]} << 24 | uint32_t{digest[1]} << 16 |
                        uint32_t{digest[2]} << 8 | digest[3]);
  uint64_t timestamp = 0;
  for (int i = 4; i < 12; ++i) timestamp = timestamp << 8 | (*payload)[static_cast<size_t>(i)];
  EXPECT_EQ(timestamp, 1'700'000'000u);
  // The signature is over the spec's message.
  std::string message = "cosignature/v1\ntime 1700000000\n" + std::string(kText);
  EXPECT_TRUE(key.public_key().Verify(AsBytes(message), ByteView(payload->data() + 12, 64)));
}

TEST(Cosignature, VerifiesOnlyForItsNameKeyAndText) {
  Ed25519PrivateKey key = Key("witness");
  std::string line = Cosign(kText, "auditor.example.org", key, 1'700'000'000);
  auto verified = VerifyCosignature(line, kText, "auditor.example.org", key.public_key());
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_EQ(*verified, 1'700'000'000u);
  EXPECT_EQ(VerifyCosignature(line, kText, "other.example.org", key.public_key()).status().code(),
            ErrorCode::UnknownKey);
  EXPECT_EQ(VerifyCosignature(line, kText, "auditor.example.org", Key("other").public_key())
                .status()
                .code(),
            ErrorCode::UnknownKey);
  std::string other_text(kText);
  other_text[19] = '4';
  EXPECT_EQ(
      VerifyCosignature(line, other_text, "auditor.example.org", key.public_key()).status().code(),
      ErrorCode::BadSignature);
}

// A known answer computed outside this code base: the RFC 8032 test 1 key (seed 9d61b1...7f60),
// the spec's message written with printf and signed with `openssl pkeyutl -sign -rawin`, the key
// ID with `openssl dgst -sha256` over "witness.example/w1\n" || 0x04 || public key, the payload
// assembled with xxd and base64 (recipe in docs/witness.md).
TEST(Cosignature, MatchesAnIndependentlyComputedLine) {
  auto seed = HexDecode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  auto key = Ed25519PrivateKey::FromSeed(*seed);
  ASSERT_TRUE(key.ok());
  std::string line = Cosign(kText, "witness.example/w1", *key, 1'700'000'000);
  EXPECT_EQ(line,
            "\xe2\x80\x94 witness.example/w1 "
            "63YswgAAAABlU/EAzRdxJkTu5FQMGscMEZ0dMhak4F9xhn7Bzl/hTN1DvTNCbOMZGIgYrm67WuhkNam/J/f/"
            "VeB4pqiYAZEvKUQUBQ==\n");
  EXPECT_EQ(CosignatureKeyId("witness.example/w1", key->public_key()), 0xeb762cc2u);
  EXPECT_EQ(CosignerVerifierKey("witness.example/w1", key->public_key()),
            "witness.example/w1+eb762cc2+BNdamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea");
}

// A type 0x04 verifier key published by another implementation (transparency-dev/formats'
// note tests): its key ID must match what we compute from its name and key.
TEST(Cosignature, ParsesAForeignCosignerVerifierKey) {
  auto cosigner = ParseCosignerVerifierKey(
      "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2");
  ASSERT_TRUE(cosigner.ok()) << cosigner.status().ToString();
  EXPECT_EQ(cosigner->name, "remora.n621.de");
  EXPECT_EQ(cosigner->key_id, 0xda77ade7u);
  EXPECT_EQ(HexEncode(cosigner->key.raw()),
            "ebcdeb78e7fdb2ef9227b2c1ef11e94600b55b4d6d9a57877e31ee89e59adc36");
}

TEST(Cosignature, RefusesOtherVerifierKeys) {
  Ed25519PrivateKey key = Key("witness");
  std::string good = CosignerVerifierKey("w.example", key.public_key());
  ASSERT_TRUE(ParseCosignerVerifierKey(good).ok());
  // A plain note key (type 0x01) of the same name and key.
  auto note_key = NoteVerifier::Create("w.example", key.public_key());
  EXPECT_EQ(ParseCosignerVerifierKey(note_key->VerifierKey()).status().code(),
            ErrorCode::WrongKeyType);
  std::string wrong_hash = good;
  wrong_hash[10] = wrong_hash[10] == '0' ? '1' : '0';
  EXPECT_EQ(ParseCosignerVerifierKey(wrong_hash).status().code(), ErrorCode::BadEncoding);
  EXPECT_EQ(ParseCosignerVerifierKey("w.example").status().code(), ErrorCode::BadEncoding);
  EXPECT_EQ(ParseCosignerVerifierKey("bad name+00000000+AAAA").status().code(),
            ErrorCode::InvalidArgument);
}

}  // namespace
}  // namespace crowdledger
