// SHA-256: FIPS 180 known answers, and the incremental hasher agreeing with the one-shot form.
#include "crypto/sha256.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace crowdledger {
namespace {

// FIPS 180-2 appendix B.2: the 448-bit two-block message.
constexpr std::string_view kTwoBlockMessage =
    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

TEST(Sha256, MatchesFips180KnownAnswers) {
  EXPECT_EQ(HexEncode(Sha256(AsBytes(""))),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(HexEncode(Sha256(AsBytes("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(HexEncode(Sha256(AsBytes(kTwoBlockMessage))),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, MatchesFips180MillionAKnownAnswer) {
  std::string million_a(1'000'000, 'a');
  EXPECT_EQ(HexEncode(Sha256(AsBytes(million_a))),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256Hasher, EmptyInputGivesTheEmptyStringDigest) {
  Sha256Hasher hasher;
  EXPECT_EQ(hasher.Finish(), Sha256(AsBytes("")));
}

TEST(Sha256Hasher, IncrementalUpdatesAtEverySplitEqualOneShot) {
  const Hash expected = Sha256(AsBytes(kTwoBlockMessage));
  Sha256Hasher hasher;
  for (size_t split = 0; split <= kTwoBlockMessage.size(); ++split) {
    hasher.Update(AsBytes(kTwoBlockMessage.substr(0, split)))
        .Update(AsBytes(kTwoBlockMessage.substr(split)));
    EXPECT_EQ(hasher.Finish(), expected) << "split at " << split;
  }
}

TEST(Sha256Hasher, ByteAtATimeEqualsOneShot) {
  Sha256Hasher hasher;
  for (char c : kTwoBlockMessage) hasher.Update(static_cast<uint8_t>(c));
  EXPECT_EQ(hasher.Finish(), Sha256(AsBytes(kTwoBlockMessage)));
}

TEST(Sha256Hasher, IncrementalEqualsOneShotAcrossBlockBoundaries) {
  // Lengths around the 64-byte block and the 55/56-byte padding boundary.
  std::string data;
  for (size_t i = 0; i < 200; ++i) data.push_back(static_cast<char>('0' + i % 43));
  constexpr size_t kLengths[] = {0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 200};
  for (size_t length : kLengths) {
    std::string_view prefix = std::string_view(data).substr(0, length);
    Sha256Hasher hasher;
    for (size_t i = 0; i < prefix.size(); i += 7) hasher.Update(AsBytes(prefix.substr(i, 7)));
    EXPECT_EQ(hasher.Finish(), Sha256(AsBytes(prefix))) << "length " << length;
  }
}

TEST(Sha256Hasher, FinishResetsForReuse) {
  Sha256Hasher hasher;
  hasher.Update(AsBytes("some earlier data"));
  EXPECT_EQ(hasher.Finish(), Sha256(AsBytes("some earlier data")));
  // Nothing of the earlier input remains.
  EXPECT_EQ(hasher.Finish(), Sha256(AsBytes("")));
  hasher.Update(AsBytes("abc"));
  EXPECT_EQ(HexEncode(hasher.Finish()),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  hasher.Update(AsBytes("abc"));
  EXPECT_EQ(HexEncode(hasher.Finish()),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace crowdledger
