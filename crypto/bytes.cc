// Hex and base64 codecs. Base64 goes through OpenSSL's EVP block coder, with the strictness
// checks it lacks (it accepts whitespace and reports padding as data) done here.
#include "crypto/bytes.h"

#include <openssl/evp.h>

namespace crowdledger {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsBase64Alphabet(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

}  // namespace

std::string HexEncode(ByteView bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (uint8_t byte : bytes) {
    out.push_back(kDigits[byte >> 4]);
    out.push_back(kDigits[byte & 0x0f]);
  }
  return out;
}

Result<Bytes> HexDecode(std::string_view hex) {
  if (hex.size() % 2 != 0) {
    return Status(ErrorCode::BadEncoding,
                  "hex string has odd length " + std::to_string(hex.size()));
  }
  Bytes out(hex.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    int high = HexValue(hex[2 * i]);
    int low = HexValue(hex[2 * i + 1]);
    if (high < 0 || low < 0) {
      return Status(ErrorCode::BadEncoding, "not a hex digit at position " + std::to_string(2 * i));
    }
    out[i] = static_cast<uint8_t>(high * 16 + low);
  }
  return out;
}

Result<Hash> HashFromHex(std::string_view hex) {
  if (hex.size() != 64) {
    return Status(ErrorCode::BadEncoding,
                  "a hash is 64 hex digits, got " + std::to_string(hex.size()));
  }
  ASSIGN_OR_RETURN(Bytes bytes, HexDecode(hex));
  Hash hash;
  std::copy(bytes.begin(), bytes.end(), hash.begin());
  return hash;
}

std::string Base64Encode(ByteView bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes.data(),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(written));
  return out;
}

Result<Bytes> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) {
    return Status(ErrorCode::BadEncoding,
                  "base64 length " + std::to_string(text.size()) + " is not a multiple of 4");
  }
  size_t padding = 0;
  if (!text.empty() && text.back() == '=') padding = (text[text.size() - 2] == '=') ? 2 : 1;
  for (size_t i = 0; i < text.size() - padding; ++i) {
    if (!IsBase64Alphabet(text[i])) {
      return Status(ErrorCode::BadEncoding,
                    "not a base64 character at position " + std::to_string(i));
    }
  }
  Bytes out(text.size() / 4 * 3);
  int written = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (written < 0) return Status(ErrorCode::BadEncoding, "invalid base64");
  out.resize(static_cast<size_t>(written) - padding);
  return out;
}

}  // namespace crowdledger
