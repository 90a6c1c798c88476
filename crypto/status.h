// Status and Result<T>: errors as values. A Status carries a code from the schema's
// ErrorCode enum (grouped by what the caller should do) and a message naming what was wrong
// and with which value. Exceptions never cross module borders; these do.
// Thread-safety: immutable values, safe to share once built.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "error_code_generated.h"

namespace crowdledger {

using ErrorCode = schema::ErrorCode;

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return {}; }

  bool ok() const { return code_ == ErrorCode::Ok; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "Corruption (501): stored root differs from checkpoint at size 12".
  std::string ToString() const;

  // Prefixes the message with context, keeping the code.
  Status WithContext(const std::string& context) const;

 private:
  ErrorCode code_ = ErrorCode::Ok;
  std::string message_;
};

// Either a value or a non-ok Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}          // NOLINT(google-explicit-constructor)
  Result(Status status) : status_(std::move(status)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

const char* ErrorCodeName(ErrorCode code);

}  // namespace crowdledger

#define CL_CONCAT_INNER(a, b) a##b
#define CL_CONCAT(a, b) CL_CONCAT_INNER(a, b)

// The macros below take declarations and statements as arguments, which cannot be
// parenthesised. NOLINTBEGIN(bugprone-macro-parentheses)

// Returns the Status from the enclosing function if `expr` is not ok.
#define RETURN_IF_ERROR(expr) RETURN_IF_ERROR_IMPL(CL_CONCAT(cl_status_, __LINE__), expr)
#define RETURN_IF_ERROR_IMPL(status, expr) \
  do {                                     \
    ::crowdledger::Status status = (expr); \
    if (!status.ok()) return status;       \
  } while (false)

// Declares `lhs` from a Result, or returns its Status from the enclosing function.
#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL(CL_CONCAT(cl_result_, __LINE__), lhs, expr)
#define ASSIGN_OR_RETURN_IMPL(result, lhs, expr) \
  auto result = (expr);                          \
  if (!result.ok()) return result.status();      \
  lhs = std::move(result).value()
// NOLINTEND(bugprone-macro-parentheses)
