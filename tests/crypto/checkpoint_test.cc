// C2SP tlog-checkpoint: exact text form, strict parsing, and signing by the log's own key only.
#include "crypto/checkpoint.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <string_view>

#include "tests/crypto/error_code_printer.h"

namespace crowdledger {
namespace {

Hash SampleRoot() {
  Hash root;
  for (size_t i = 0; i < root.size(); ++i) root[i] = static_cast<uint8_t>(i);
  return root;
}

// Base64 of bytes 0x00..0x1f.
constexpr std::string_view kSampleRootBase64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

Checkpoint SampleCheckpoint() {
  Checkpoint checkpoint;
  checkpoint.origin = "example.com/log";
  checkpoint.size = 42;
  checkpoint.root = SampleRoot();
  return checkpoint;
}

NoteSigner MakeSigner(std::string name, uint8_t fill) {
  auto key = Ed25519PrivateKey::FromSeed(Bytes(32, fill));
  EXPECT_TRUE(key.ok()) << key.status().ToString();
  auto signer = NoteSigner::Create(std::move(name), std::move(key).value());
  EXPECT_TRUE(signer.ok()) << signer.status().ToString();
  return std::move(signer).value();
}

ErrorCode ParseCode(std::string_view text) { return ParseCheckpointText(text).status().code(); }

TEST(Checkpoint, FormatsOriginSizeAndBase64RootOnePerLine) {
  EXPECT_EQ(FormatCheckpointText(SampleCheckpoint()),
            "example.com/log\n42\n" + std::string(kSampleRootBase64) + "\n");
  Checkpoint with_extensions = SampleCheckpoint();
  with_extensions.extensions = {"\xe2\x80\x94 grease", "timestamp 1700000000"};
  EXPECT_EQ(FormatCheckpointText(with_extensions),
            "example.com/log\n42\n" + std::string(kSampleRootBase64) +
                "\n\xe2\x80\x94 grease\ntimestamp 1700000000\n");
}

TEST(Checkpoint, ParsesWhatItFormats) {
  for (size_t extension_count : {size_t{0}, size_t{1}, size_t{2}, size_t{16}}) {
    Checkpoint checkpoint = SampleCheckpoint();
    for (size_t i = 0; i < extension_count; ++i) {
      checkpoint.extensions.push_back("extension line " + std::to_string(i));
    }
    auto parsed = ParseCheckpointText(FormatCheckpointText(checkpoint));
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    EXPECT_EQ(*parsed, checkpoint) << extension_count << " extensions";
  }
  for (uint64_t size : {uint64_t{0}, uint64_t{1}, uint64_t{10}, uint64_t{1} << 40,
                        std::numeric_limits<uint64_t>::max()}) {
    Checkpoint checkpoint = SampleCheckpoint();
    checkpoint.size = size;
    auto parsed = ParseCheckpointText(FormatCheckpointText(checkpoint));
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    EXPECT_EQ(*parsed, checkpoint);
  }
}

TEST(Checkpoint, ParseRejectsSizesThatAreNotCanonicalDecimal) {
  const std::string root = std::string(kSampleRootBase64);
  for (std::string_view size : {"01", "00", "007", "+1", "-1", " 1", "1 ", "1a", "0x10", "1.0",
                                "\xd9\xa1", "18446744073709551616", "99999999999999999999"}) {
    std::string text = "example.com/log\n" + std::string(size) + "\n" + root + "\n";
    EXPECT_EQ(ParseCode(text), ErrorCode::Malformed) << "size '" << size << "'";
  }
  EXPECT_TRUE(ParseCheckpointText("example.com/log\n0\n" + root + "\n").ok());
  EXPECT_TRUE(ParseCheckpointText("example.com/log\n18446744073709551615\n" + root + "\n").ok());
}

TEST(Checkpoint, ParseRejectsARootThatIsNotBase64OfThirtyTwoBytes) {
  auto text_with_root = [](const std::string& root) {
    return "example.com/log\n42\n" + root + "\n";
  };
  EXPECT_EQ(ParseCode(text_with_root(Base64Encode(Bytes(31, 7)))), ErrorCode::Malformed);
  EXPECT_EQ(ParseCode(text_with_root(Base64Encode(Bytes(33, 7)))), ErrorCode::Malformed);
  EXPECT_EQ(ParseCode(text_with_root(Base64Encode(Bytes(64, 7)))), ErrorCode::Malformed);
  EXPECT_EQ(ParseCode(text_with_root(HexEncode(SampleRoot()))), ErrorCode::Malformed);
  std::string unpadded = std::string(kSampleRootBase64);
  unpadded.pop_back();
  EXPECT_EQ(ParseCode(text_with_root(unpadded)), ErrorCode::Malformed);
  std::string bad_character = std::string(kSampleRootBase64);
  bad_character[5] = '*';
  EXPECT_EQ(ParseCode(text_with_root(bad_character)), ErrorCode::Malformed);
  EXPECT_TRUE(ParseCheckpointText(text_with_root(std::string(kSampleRootBase64))).ok());
}

TEST(Checkpoint, ParseRejectsEmptyLines) {
  const std::string root = std::string(kSampleRootBase64);
  EXPECT_EQ(ParseCode("\n42\n" + root + "\n"), ErrorCode::Malformed);  // empty origin
  EXPECT_EQ(ParseCode("example.com/log\n\n42\n" + root + "\n"), ErrorCode::Malformed);
  EXPECT_EQ(ParseCode("example.com/log\n42\n" + root + "\n\n"), ErrorCode::Malformed);
  EXPECT_EQ(ParseCode("example.com/log\n42\n" + root + "\next\n\nmore\n"), ErrorCode::Malformed);
}

TEST(Checkpoint, ParseRejectsAMissingFinalNewline) {
  const std::string text = FormatCheckpointText(SampleCheckpoint());
  EXPECT_EQ(ParseCode(text.substr(0, text.size() - 1)), ErrorCode::Malformed);
  Checkpoint with_extension = SampleCheckpoint();
  with_extension.extensions = {"ext"};
  const std::string extended = FormatCheckpointText(with_extension);
  EXPECT_EQ(ParseCode(extended.substr(0, extended.size() - 1)), ErrorCode::Malformed);
}

TEST(Checkpoint, ParseRejectsFewerThanThreeLines) {
  EXPECT_EQ(ParseCode(""), ErrorCode::Malformed);
  EXPECT_EQ(ParseCode("example.com/log\n"), ErrorCode::Malformed);
  EXPECT_EQ(ParseCode("example.com/log\n42\n"), ErrorCode::Malformed);
}

TEST(Checkpoint, ParseRejectsMoreThanTheExtensionLimit) {
  Checkpoint checkpoint = SampleCheckpoint();
  for (size_t i = 0; i <= kMaxCheckpointExtensions; ++i) {
    checkpoint.extensions.push_back("ext " + std::to_string(i));
  }
  EXPECT_EQ(ParseCode(FormatCheckpointText(checkpoint)), ErrorCode::Malformed);
}

TEST(Checkpoint, SignThenOpenRoundTrips) {
  NoteSigner signer = MakeSigner("example.com/log", 9);
  for (size_t extension_count : {size_t{0}, size_t{2}}) {
    Checkpoint checkpoint = SampleCheckpoint();
    for (size_t i = 0; i < extension_count; ++i) {
      checkpoint.extensions.push_back("ext " + std::to_string(i));
    }
    auto note = SignCheckpoint(checkpoint, signer);
    ASSERT_TRUE(note.ok()) << note.status().ToString();
    // The note is the checkpoint text, a blank line and the signature line.
    const std::string text = FormatCheckpointText(checkpoint);
    EXPECT_EQ(*note, text + "\n" + signer.SignatureLine(text));
    auto opened = OpenCheckpoint(*note, signer.Verifier());
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    EXPECT_EQ(*opened, checkpoint);
  }
}

TEST(Checkpoint, OpenRequiresTheLogsOwnSignature) {
  NoteSigner signer = MakeSigner("example.com/log", 9);
  auto note = SignCheckpoint(SampleCheckpoint(), signer);
  ASSERT_TRUE(note.ok());
  // A verifier of another key name, or of the same name with another key.
  EXPECT_FALSE(OpenCheckpoint(*note, MakeSigner("example.com/other", 9).Verifier()).ok());
  EXPECT_EQ(OpenCheckpoint(*note, MakeSigner("example.com/other", 9).Verifier()).status().code(),
            ErrorCode::UnknownKey);
  EXPECT_EQ(OpenCheckpoint(*note, MakeSigner("example.com/log", 10).Verifier()).status().code(),
            ErrorCode::UnknownKey);
  // A changed size under the original signature.
  std::string tampered = *note;
  tampered.replace(tampered.find("\n42\n"), 4, "\n43\n");
  EXPECT_EQ(OpenCheckpoint(tampered, signer.Verifier()).status().code(), ErrorCode::BadSignature);
}

TEST(Checkpoint, OpenRejectsAnOriginOtherThanTheKeyName) {
  // Signed as a plain note, bypassing SignCheckpoint's check.
  NoteSigner signer = MakeSigner("example.com/log", 9);
  Checkpoint checkpoint = SampleCheckpoint();
  checkpoint.origin = "example.com/impostor";
  auto note = signer.Sign(FormatCheckpointText(checkpoint));
  ASSERT_TRUE(note.ok());
  EXPECT_EQ(OpenCheckpoint(*note, signer.Verifier()).status().code(), ErrorCode::WrongOrigin);
}

TEST(Checkpoint, OpenRejectsASignedTextThatIsNotACheckpoint) {
  NoteSigner signer = MakeSigner("example.com/log", 9);
  auto note = signer.Sign("example.com/log\nnot a size\n" + std::string(kSampleRootBase64) + "\n");
  ASSERT_TRUE(note.ok());
  EXPECT_EQ(OpenCheckpoint(*note, signer.Verifier()).status().code(), ErrorCode::Malformed);
}

TEST(Checkpoint, SignRequiresTheOriginToBeTheKeyName) {
  NoteSigner signer = MakeSigner("example.com/other", 9);
  EXPECT_EQ(SignCheckpoint(SampleCheckpoint(), signer).status().code(), ErrorCode::InvalidArgument);
}

}  // namespace
}  // namespace crowdledger
