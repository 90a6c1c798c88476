// JsonValue and its canonical form: the exact bytes a report is signed and compared in.
// Canonical means: objects with their keys in byte order, no whitespace, integers only
// (64-bit, decimal, no leading zeros; a report has no floating point), strings as UTF-8 with
// only '"', '\\' and control characters escaped ("\b \f \n \r \t", else "\u00XX") and any
// byte sequence that is not UTF-8 written as "\ufffd". The same value always gives the same
// bytes. ParseJson reads any JSON of these types, bounded in depth, for a report read back.
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "crypto/status.h"

namespace crowdledger {

class JsonValue {
 public:
  using Array = std::vector<JsonValue>;
  using Object = std::map<std::string, JsonValue>;

  JsonValue() = default;                                      // null
  JsonValue(bool value) : value_(value) {}                    // NOLINT(google-explicit-constructor)
  JsonValue(int64_t value) : value_(value) {}                 // NOLINT(google-explicit-constructor)
  JsonValue(std::string value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  JsonValue(const char* value)
      : value_(std::string(value)) {}                    // NOLINT(google-explicit-constructor)
  JsonValue(Array value) : value_(std::move(value)) {}   // NOLINT(google-explicit-constructor)
  JsonValue(Object value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)

  bool is_null() const { return std::holds_alternative<std::monostate>(value_); }
  const bool* AsBool() const { return std::get_if<bool>(&value_); }
  const int64_t* AsInt() const { return std::get_if<int64_t>(&value_); }
  const std::string* AsString() const { return std::get_if<std::string>(&value_); }
  const Array* AsArray() const { return std::get_if<Array>(&value_); }
  const Object* AsObject() const { return std::get_if<Object>(&value_); }
  // The member `key` of an object, or nullptr (also when this is not an object).
  const JsonValue* Find(std::string_view key) const;

  bool operator==(const JsonValue&) const = default;

 private:
  std::variant<std::monostate, bool, int64_t, std::string, Array, Object> value_;
};

std::string CanonicalJson(const JsonValue& value);

// Nesting deeper than this is refused: a report nests six levels.
inline constexpr size_t kMaxJsonDepth = 32;
// BadEncoding naming the byte offset of the first error.
Result<JsonValue> ParseJson(std::string_view text);

}  // namespace crowdledger
