// What the reliability suites read from a transaction's answer.
#pragma once

#include <algorithm>

#include "crypto/bytes.h"
#include "response_root_generated.h"

namespace crowdledger::reliability {

// The state digest an acknowledgement carries (zero if it has none of the right size).
inline Hash StateDigestOf(const schema::SubmitResult& result) {
  Hash digest{};
  const auto* bytes = result.state_digest();
  if (bytes != nullptr && bytes->size() == digest.size()) {
    std::copy(bytes->begin(), bytes->end(), digest.begin());
  }
  return digest;
}

}  // namespace crowdledger::reliability
