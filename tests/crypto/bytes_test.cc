// Hex and base64 codecs: round trips and strict rejection of malformed text.
#include "crypto/bytes.h"

#include <gtest/gtest.h>

namespace crowdledger {
namespace {

TEST(Base64, EncodesRfc4648TestVectors) {
  EXPECT_EQ(Base64Encode(AsBytes("")), "");
  EXPECT_EQ(Base64Encode(AsBytes("f")), "Zg==");
  EXPECT_EQ(Base64Encode(AsBytes("fo")), "Zm8=");
  EXPECT_EQ(Base64Encode(AsBytes("foo")), "Zm9v");
  EXPECT_EQ(Base64Encode(AsBytes("foobar")), "Zm9vYmFy");
}

TEST(Base64, DecodesWhatItEncodes) {
  for (std::string text : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    auto decoded = Base64Decode(Base64Encode(AsBytes(text)));
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    EXPECT_EQ(AsText(*decoded), text);
  }
}

TEST(Base64, RejectsMalformedText) {
  EXPECT_EQ(Base64Decode("Zg=").status().code(), ErrorCode::BadEncoding);
  EXPECT_EQ(Base64Decode("Zm 9").status().code(), ErrorCode::BadEncoding);
  EXPECT_EQ(Base64Decode("Zm9\n").status().code(), ErrorCode::BadEncoding);
  EXPECT_EQ(Base64Decode("Z=9v").status().code(), ErrorCode::BadEncoding);
}

TEST(Hex, RoundTripsAndRejectsBadDigits) {
  Bytes bytes{0x00, 0x7f, 0xff, 0x10};
  EXPECT_EQ(HexEncode(bytes), "007fff10");
  auto decoded = HexDecode("007FFF10");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, bytes);
  EXPECT_EQ(HexDecode("abc").status().code(), ErrorCode::BadEncoding);
  EXPECT_EQ(HexDecode("zz").status().code(), ErrorCode::BadEncoding);
  EXPECT_EQ(HashFromHex("00").status().code(), ErrorCode::BadEncoding);
}

}  // namespace
}  // namespace crowdledger
