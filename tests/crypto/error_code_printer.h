// GoogleTest prints an ErrorCode by name, "Malformed (100)", instead of as raw bytes.
#pragma once

#include <ostream>

#include "crypto/status.h"

namespace crowdledger::schema {

inline void PrintTo(ErrorCode code, std::ostream* out) {
  *out << ErrorCodeName(code) << " (" << static_cast<int>(code) << ")";
}

}  // namespace crowdledger::schema
