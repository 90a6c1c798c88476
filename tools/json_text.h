// JsonString: a string as a JSON string literal (quoted, with control characters, quotes and
// backslashes escaped), for the commands that print JSON by hand.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace crowdledger::tool {

inline std::string JsonString(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof(escaped), "\\u%04x", static_cast<unsigned>(c));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

}  // namespace crowdledger::tool
