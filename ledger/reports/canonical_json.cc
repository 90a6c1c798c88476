// Canonical JSON writing and a bounded recursive-descent parser.
#include "ledger/reports/canonical_json.h"

#include <cstdio>
#include <limits>

namespace crowdledger {
namespace {

// The length of the UTF-8 sequence at text[i], or 0 if it is not valid UTF-8 (overlong
// forms, surrogates and code points beyond U+10FFFF are not).
size_t Utf8SequenceLength(std::string_view text, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char lead = byte(i);
  size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  if (length == 0 || lead > 0xF4 || i + length > text.size()) return 0;
  uint32_t code = lead & (0xFFu >> (length + 1));
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    code = (code << 6) | (byte(i + k) & 0x3Fu);
  }
  static constexpr uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code < kSmallest[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  return length;
}

void WriteString(std::string_view text, std::string& out) {
  out += '"';
  for (size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      size_t length = Utf8SequenceLength(text, i);
      if (length == 0) {
        out += "\\ufffd";
        ++i;
      } else {
        out.append(text.substr(i, length));
        i += length;
      }
      continue;
    }
    ++i;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof(escaped), "\\u%04x", static_cast<unsigned>(c));
          out += escaped;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

void Write(const JsonValue& value, std::string& out) {
  if (const bool* flag = value.AsBool()) {
    out += *flag ? "true" : "false";
  } else if (const int64_t* number = value.AsInt()) {
    out += std::to_string(*number);
  } else if (const std::string* text = value.AsString()) {
    WriteString(*text, out);
  } else if (const JsonValue::Array* array = value.AsArray()) {
    out += '[';
    for (size_t i = 0; i < array->size(); ++i) {
      if (i > 0) out += ',';
      Write((*array)[i], out);
    }
    out += ']';
  } else if (const JsonValue::Object* object = value.AsObject()) {
    out += '{';
    bool first = true;
    for (const auto& [key, member] : *object) {  // std::map: byte order of the keys
      if (!first) out += ',';
      first = false;
      WriteString(key, out);
      out += ':';
      Write(member, out);
    }
    out += '}';
  } else {
    out += "null";
  }
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Result<JsonValue> Document() {
    ASSIGN_OR_RETURN(JsonValue value, Value(0));
    SkipSpace();
    if (position_ != text_.size()) return Error("text after the JSON value");
    return value;
  }

 private:
  Status Error(const std::string& what) const {
    return Status(ErrorCode::BadEncoding,
                  "JSON: " + what + " at byte " + std::to_string(position_));
  }
  void SkipSpace() {
    while (position_ < text_.size() && (text_[position_] == ' ' || text_[position_] == '\n' ||
                                        text_[position_] == '\r' || text_[position_] == '\t')) {
      ++position_;
    }
  }
  bool Consume(std::string_view literal) {
    if (text_.substr(position_, literal.size()) != literal) return false;
    position_ += literal.size();
    return true;
  }

  Result<JsonValue> Value(size_t depth) {
    if (depth > kMaxJsonDepth) return Error("nesting deeper than " + std::to_string(kMaxJsonDepth));
    SkipSpace();
    if (position_ >= text_.size()) return Error("a value is missing");
    char c = text_[position_];
    if (c == '{') return ObjectValue(depth);
    if (c == '[') return ArrayValue(depth);
    if (c == '"') {
      ASSIGN_OR_RETURN(std::string text, String());
      return JsonValue(std::move(text));
    }
    if (Consume("true")) return JsonValue(true);
    if (Consume("false")) return JsonValue(false);
    if (Consume("null")) return JsonValue();
    return Number();
  }

  Result<JsonValue> ObjectValue(size_t depth) {
    ++position_;
    JsonValue::Object object;
    SkipSpace();
    if (Consume("}")) return JsonValue(std::move(object));
    while (true) {
      SkipSpace();
      if (position_ >= text_.size() || text_[position_] != '"') return Error("a key is missing");
      ASSIGN_OR_RETURN(std::string key, String());
      SkipSpace();
      if (!Consume(":")) return Error("':' is missing");
      ASSIGN_OR_RETURN(JsonValue member, Value(depth + 1));
      if (!object.emplace(std::move(key), std::move(member)).second) return Error("a repeated key");
      SkipSpace();
      if (Consume("}")) return JsonValue(std::move(object));
      if (!Consume(",")) return Error("',' or '}' is missing");
    }
  }

  Result<JsonValue> ArrayValue(size_t depth) {
    ++position_;
    JsonValue::Array array;
    SkipSpace();
    if (Consume("]")) return JsonValue(std::move(array));
    while (true) {
      ASSIGN_OR_RETURN(JsonValue member, Value(depth + 1));
      array.push_back(std::move(member));
      SkipSpace();
      if (Consume("]")) return JsonValue(std::move(array));
      if (!Consume(",")) return Error("',' or ']' is missing");
    }
  }

  Result<JsonValue> Number() {
    size_t start = position_;
    bool negative = Consume("-");
    size_t digits = position_;
    while (position_ < text_.size() && text_[position_] >= '0' && text_[position_] <= '9') {
      ++position_;
    }
    size_t count = position_ - digits;
    if (count == 0) return Error("not a value");
    if (count > 1 && text_[digits] == '0') return Error("a number with a leading zero");
    if (position_ < text_.size() &&
        (text_[position_] == '.' || text_[position_] == 'e' || text_[position_] == 'E')) {
      return Error("a number that is not an integer");
    }
    // Accumulated negatively, so that the most negative 64-bit integer reads too.
    int64_t value = 0;
    for (size_t i = digits; i < position_; ++i) {
      int64_t digit = text_[i] - '0';
      if (value < (std::numeric_limits<int64_t>::min() + digit) / 10) {
        position_ = start;
        return Error("an integer beyond 64 bits");
      }
      value = value * 10 - digit;
    }
    if (!negative) {
      if (value == std::numeric_limits<int64_t>::min()) return Error("an integer beyond 64 bits");
      value = -value;
    }
    return JsonValue(value);
  }

  Result<uint32_t> Hex4() {
    if (text_.size() - position_ < 4) return Error("a short \\u escape");
    uint32_t code = 0;
    for (int i = 0; i < 4; ++i) {
      char c = text_[position_++];
      uint32_t digit = c >= '0' && c <= '9'   ? static_cast<uint32_t>(c - '0')
                       : c >= 'a' && c <= 'f' ? static_cast<uint32_t>(c - 'a' + 10)
                       : c >= 'A' && c <= 'F' ? static_cast<uint32_t>(c - 'A' + 10)
                                              : 16;
      if (digit == 16) return Error("a bad \\u escape");
      code = code * 16 + digit;
    }
    return code;
  }

  static void AppendUtf8(uint32_t code, std::string& out) {
    auto put = [&](uint32_t byte) { out += static_cast<char>(static_cast<unsigned char>(byte)); };
    if (code < 0x80) {
      put(code);
    } else if (code < 0x800) {
      put(0xC0 | (code >> 6));
      put(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      put(0xE0 | (code >> 12));
      put(0x80 | ((code >> 6) & 0x3F));
      put(0x80 | (code & 0x3F));
    } else {
      put(0xF0 | (code >> 18));
      put(0x80 | ((code >> 12) & 0x3F));
      put(0x80 | ((code >> 6) & 0x3F));
      put(0x80 | (code & 0x3F));
    }
  }

  Result<uint32_t> EscapedCodePoint() {
    ASSIGN_OR_RETURN(uint32_t code, Hex4());
    if (code >= 0xDC00 && code <= 0xDFFF) return Error("a lone low surrogate");
    if (code < 0xD800 || code > 0xDBFF) return code;
    if (!Consume("\\u")) return Error("a lone high surrogate");
    ASSIGN_OR_RETURN(uint32_t low, Hex4());
    if (low < 0xDC00 || low > 0xDFFF) return Error("a lone high surrogate");
    return 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
  }

  Result<std::string> String() {
    ++position_;  // the opening quote
    std::string out;
    while (position_ < text_.size()) {
      auto c = static_cast<unsigned char>(text_[position_++]);
      if (c == '"') return out;
      if (c < 0x20) return Error("a control character in a string");
      if (c != '\\') {
        out += static_cast<char>(c);
        continue;
      }
      if (position_ >= text_.size()) break;
      char escape = text_[position_++];
      switch (escape) {
        case '"':
        case '\\':
        case '/':
          out += escape;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          ASSIGN_OR_RETURN(uint32_t code, EscapedCodePoint());
          AppendUtf8(code, out);
          break;
        }
        default:
          return Error("an unknown escape");
      }
    }
    return Error("an unterminated string");
  }

  std::string_view text_;
  size_t position_ = 0;
};

}  // namespace

const JsonValue* JsonValue::Find(std::string_view key) const {
  const Object* object = AsObject();
  if (object == nullptr) return nullptr;
  auto found = object->find(std::string(key));
  return found == object->end() ? nullptr : &found->second;
}

std::string CanonicalJson(const JsonValue& value) {
  std::string out;
  Write(value, out);
  return out;
}

Result<JsonValue> ParseJson(std::string_view text) { return Parser(text).Document(); }

}  // namespace crowdledger
