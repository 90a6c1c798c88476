// Witness cosignatures (C2SP tlog-cosignature v1): the line's layout, its key ID, and that
// it verifies only for its own name, key and checkpoint text.
#include "crypto/cosignature.h"

#include <gtest/gtest.h>

#include "crypto/sha256.h"

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

}  // namespace
}  // namespace crowdledger
