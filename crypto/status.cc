// Text forms of Status and ErrorCode.
#include "crypto/status.h"

namespace crowdledger {

const char* ErrorCodeName(ErrorCode code) {
  const char* name = schema::EnumNameErrorCode(code);
  return (name != nullptr && name[0] != '\0') ? name : "UnknownError";
}

std::string Status::ToString() const {
  if (ok()) return "Ok";
  return std::string(ErrorCodeName(code_)) + " (" + std::to_string(static_cast<int>(code_)) +
         "): " + message_;
}

Status Status::WithContext(const std::string& context) const {
  if (ok()) return *this;
  return Status(code_, context + ": " + message_);
}

}  // namespace crowdledger
