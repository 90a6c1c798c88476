// Ed25519: RFC 8032 known answers, strict verification, PEM round trips and key files that are
// created 0600 and never overwritten.
#include "crypto/ed25519.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "tests/crypto/error_code_printer.h"

namespace crowdledger {
namespace {

Bytes FromHex(std::string_view hex) {
  auto bytes = HexDecode(hex);
  EXPECT_TRUE(bytes.ok()) << bytes.status().ToString();
  return bytes.ok() ? *bytes : Bytes{};
}

Bytes ToBytes(std::string_view text) {
  ByteView view = AsBytes(text);
  return Bytes(view.begin(), view.end());
}

struct Rfc8032Vector {
  std::string_view secret_key;
  std::string_view public_key;
  std::string_view message;
  std::string_view signature;
};

// RFC 8032 section 7.1, TEST 1 and TEST 2.
constexpr Rfc8032Vector kTest1{"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                               "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                               "",
                               "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                               "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"};
constexpr Rfc8032Vector kTest2{"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
                               "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
                               "72",
                               "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                               "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"};

Ed25519PrivateKey KeyFromSeedHex(std::string_view seed_hex) {
  auto key = Ed25519PrivateKey::FromSeed(FromHex(seed_hex));
  EXPECT_TRUE(key.ok()) << key.status().ToString();
  return std::move(key).value();
}

void ExpectRfc8032Vector(const Rfc8032Vector& vector) {
  auto key = Ed25519PrivateKey::FromSeed(FromHex(vector.secret_key));
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(HexEncode(key->public_key().raw()), vector.public_key);
  Bytes message = FromHex(vector.message);
  Ed25519Signature signature = key->Sign(message);
  EXPECT_EQ(HexEncode(signature), vector.signature);
  EXPECT_TRUE(key->public_key().Verify(message, signature));
  // A public key imported from its raw bytes verifies the published signature too.
  auto public_key = Ed25519PublicKey::FromRaw(FromHex(vector.public_key));
  ASSERT_TRUE(public_key.ok()) << public_key.status().ToString();
  EXPECT_TRUE(public_key->Verify(message, FromHex(vector.signature)));
}

TEST(Ed25519, Rfc8032Test1GivesTheExactPublicKeyAndSignature) { ExpectRfc8032Vector(kTest1); }

TEST(Ed25519, Rfc8032Test2GivesTheExactPublicKeyAndSignature) { ExpectRfc8032Vector(kTest2); }

TEST(Ed25519, VerifyRejectsEveryFlippedMessageBit) {
  Ed25519PrivateKey key = KeyFromSeedHex(kTest2.secret_key);
  const Bytes message = ToBytes("a message of some length, signed once");
  const Ed25519Signature signature = key.Sign(message);
  ASSERT_TRUE(key.public_key().Verify(message, signature));
  for (size_t bit = 0; bit < message.size() * 8; ++bit) {
    Bytes altered = message;
    altered[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    EXPECT_FALSE(key.public_key().Verify(altered, signature)) << "bit " << bit;
  }
  // Appending or removing a byte changes the message too.
  Bytes longer = message;
  longer.push_back(0);
  EXPECT_FALSE(key.public_key().Verify(longer, signature));
  EXPECT_FALSE(key.public_key().Verify(ByteView(message).first(message.size() - 1), signature));
}

TEST(Ed25519, VerifyRejectsEveryFlippedSignatureBit) {
  Ed25519PrivateKey key = KeyFromSeedHex(kTest1.secret_key);
  const Bytes message = FromHex(kTest1.message);
  const Ed25519Signature signature = key.Sign(message);
  for (size_t bit = 0; bit < signature.size() * 8; ++bit) {
    Ed25519Signature altered = signature;
    altered[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    EXPECT_FALSE(key.public_key().Verify(message, altered)) << "bit " << bit;
  }
}

TEST(Ed25519, VerifyRejectsASignatureByAnotherKey) {
  Ed25519PrivateKey key1 = KeyFromSeedHex(kTest1.secret_key);
  Ed25519PrivateKey key2 = KeyFromSeedHex(kTest2.secret_key);
  const Bytes message = ToBytes("same message");
  EXPECT_TRUE(key1.public_key().Verify(message, key1.Sign(message)));
  EXPECT_FALSE(key2.public_key().Verify(message, key1.Sign(message)));
  EXPECT_FALSE(key1.public_key().Verify(message, key2.Sign(message)));
}

TEST(Ed25519, VerifyRejectsSignaturesOfTheWrongLength) {
  Ed25519PrivateKey key = KeyFromSeedHex(kTest1.secret_key);
  const Bytes message = FromHex(kTest1.message);
  const Ed25519Signature signature = key.Sign(message);
  ByteView view(signature);
  EXPECT_FALSE(key.public_key().Verify(message, view.first(63)));
  EXPECT_FALSE(key.public_key().Verify(message, ByteView()));
  Bytes longer(signature.begin(), signature.end());
  longer.push_back(0);
  EXPECT_FALSE(key.public_key().Verify(message, longer));
}

TEST(Ed25519, FromRawAcceptsOnlyThirtyTwoBytes) {
  EXPECT_EQ(Ed25519PublicKey::FromRaw(Bytes(31, 1)).status().code(), ErrorCode::InvalidArgument);
  EXPECT_EQ(Ed25519PublicKey::FromRaw(Bytes(33, 1)).status().code(), ErrorCode::InvalidArgument);
  EXPECT_EQ(Ed25519PublicKey::FromRaw(Bytes()).status().code(), ErrorCode::InvalidArgument);
  auto key = Ed25519PublicKey::FromRaw(FromHex(kTest1.public_key));
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(HexEncode(key->raw()), kTest1.public_key);
}

TEST(Ed25519, FromSeedAcceptsOnlyThirtyTwoBytes) {
  EXPECT_EQ(Ed25519PrivateKey::FromSeed(Bytes(31, 1)).status().code(), ErrorCode::InvalidArgument);
  EXPECT_EQ(Ed25519PrivateKey::FromSeed(Bytes(64, 1)).status().code(), ErrorCode::InvalidArgument);
}

TEST(Ed25519, GeneratedKeysAreDistinctAndSignVerifiably) {
  auto key1 = Ed25519PrivateKey::Generate();
  auto key2 = Ed25519PrivateKey::Generate();
  ASSERT_TRUE(key1.ok()) << key1.status().ToString();
  ASSERT_TRUE(key2.ok()) << key2.status().ToString();
  EXPECT_NE(key1->public_key().raw(), key2->public_key().raw());
  const Bytes message = ToBytes("generated");
  EXPECT_TRUE(key1->public_key().Verify(message, key1->Sign(message)));
  EXPECT_FALSE(key2->public_key().Verify(message, key1->Sign(message)));
}

TEST(Ed25519, PemRoundTripKeepsTheKey) {
  Ed25519PrivateKey key = KeyFromSeedHex(kTest2.secret_key);
  std::string pem = key.ToPem();
  EXPECT_EQ(pem.rfind("-----BEGIN PRIVATE KEY-----\n", 0), 0u) << pem;
  auto decoded = Ed25519PrivateKey::FromPem(pem);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(HexEncode(decoded->public_key().raw()), kTest2.public_key);
  // Ed25519 is deterministic: the same key gives the same signature.
  EXPECT_EQ(HexEncode(decoded->Sign(FromHex(kTest2.message))), kTest2.signature);
  EXPECT_EQ(decoded->ToPem(), pem);
}

TEST(Ed25519, FromPemRejectsGarbageAndOversizedText) {
  EXPECT_EQ(Ed25519PrivateKey::FromPem("").status().code(), ErrorCode::BadEncoding);
  EXPECT_EQ(Ed25519PrivateKey::FromPem("not a key\n").status().code(), ErrorCode::BadEncoding);
  EXPECT_EQ(Ed25519PrivateKey::FromPem("-----BEGIN PRIVATE KEY-----\nAAAA\n"
                                       "-----END PRIVATE KEY-----\n")
                .status()
                .code(),
            ErrorCode::BadEncoding);
  std::string huge(kMaxKeyFileBytes + 1, 'A');
  EXPECT_EQ(Ed25519PrivateKey::FromPem(huge).status().code(), ErrorCode::LimitExceeded);
}

// A fresh directory per test, removed afterwards.
class Ed25519KeyFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    std::random_device random;
    dir_ = std::filesystem::temp_directory_path() /
           ("crowdledger_ed25519_test_" + std::to_string(::getpid()) + "_" +
            std::to_string(counter++) + "_" + std::to_string(random()));
    ASSERT_TRUE(std::filesystem::create_directory(dir_)) << dir_;
  }
  void TearDown() override {
    std::error_code error;
    std::filesystem::remove_all(dir_, error);
  }

  static std::string ReadAll(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    std::stringstream contents;
    contents << file.rdbuf();
    return contents.str();
  }
  static void WriteAll(const std::filesystem::path& path, const std::string& contents) {
    std::ofstream file(path, std::ios::binary);
    file << contents;
  }

  std::filesystem::path dir_;
};

TEST_F(Ed25519KeyFileTest, WriteCreatesMode0600AndReadsBack) {
  Ed25519PrivateKey key = KeyFromSeedHex(kTest1.secret_key);
  std::filesystem::path path = dir_ / "log.key";
  Status written = WritePrivateKeyFile(path, key);
  ASSERT_TRUE(written.ok()) << written.ToString();

  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_TRUE(S_ISREG(info.st_mode));
  EXPECT_EQ(info.st_mode & 07777, 0600u);
  EXPECT_EQ(ReadAll(path), key.ToPem());

  auto read = ReadPrivateKeyFile(path);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(HexEncode(read->public_key().raw()), kTest1.public_key);
  EXPECT_EQ(HexEncode(read->Sign(Bytes())), kTest1.signature);
}

TEST_F(Ed25519KeyFileTest, WriteRefusesToOverwriteAnExistingKeyFile) {
  Ed25519PrivateKey key1 = KeyFromSeedHex(kTest1.secret_key);
  Ed25519PrivateKey key2 = KeyFromSeedHex(kTest2.secret_key);
  std::filesystem::path path = dir_ / "log.key";
  ASSERT_TRUE(WritePrivateKeyFile(path, key1).ok());
  const std::string before = ReadAll(path);

  Status second = WritePrivateKeyFile(path, key2);
  EXPECT_EQ(second.code(), ErrorCode::AlreadyExists) << second.ToString();
  EXPECT_EQ(ReadAll(path), before);
  auto read = ReadPrivateKeyFile(path);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(HexEncode(read->public_key().raw()), kTest1.public_key);
}

TEST_F(Ed25519KeyFileTest, WriteRefusesToReplaceAnyExistingFile) {
  std::filesystem::path path = dir_ / "notes.txt";
  WriteAll(path, "precious data\n");
  Status written = WritePrivateKeyFile(path, KeyFromSeedHex(kTest1.secret_key));
  EXPECT_EQ(written.code(), ErrorCode::AlreadyExists) << written.ToString();
  EXPECT_EQ(ReadAll(path), "precious data\n");
}

TEST_F(Ed25519KeyFileTest, WriteIntoAMissingDirectoryIsAnIoError) {
  Status written =
      WritePrivateKeyFile(dir_ / "no" / "such" / "dir.key", KeyFromSeedHex(kTest1.secret_key));
  EXPECT_EQ(written.code(), ErrorCode::IoError) << written.ToString();
}

TEST_F(Ed25519KeyFileTest, ReadOfGarbageIsBadEncoding) {
  std::filesystem::path path = dir_ / "garbage.key";
  WriteAll(path, "this is not a PEM private key\n");
  EXPECT_EQ(ReadPrivateKeyFile(path).status().code(), ErrorCode::BadEncoding);
  WriteAll(dir_ / "empty.key", "");
  EXPECT_EQ(ReadPrivateKeyFile(dir_ / "empty.key").status().code(), ErrorCode::BadEncoding);
}

TEST_F(Ed25519KeyFileTest, ReadOfAnOversizedFileIsLimitExceeded) {
  std::filesystem::path path = dir_ / "huge.key";
  WriteAll(path, std::string(kMaxKeyFileBytes * 2, 'A'));
  EXPECT_EQ(ReadPrivateKeyFile(path).status().code(), ErrorCode::LimitExceeded);
}

TEST_F(Ed25519KeyFileTest, ReadOfAMissingFileIsAnIoError) {
  EXPECT_EQ(ReadPrivateKeyFile(dir_ / "missing.key").status().code(), ErrorCode::IoError);
}

}  // namespace
}  // namespace crowdledger
