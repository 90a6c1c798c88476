// Exit codes of the crowdledger tool, shared by every command:
//   0 all went well; 1 an integrity failure (corruption, a proof or signature that does not
//   verify); 2 usage or I/O errors.
#pragma once

#include <iostream>

#include "crypto/status.h"

namespace crowdledger::tool {

inline constexpr int kExitOk = 0;
inline constexpr int kExitIntegrity = 1;
inline constexpr int kExitUsage = 2;

// Prints the error on stderr and returns the exit code its kind calls for.
inline int ExitWith(const Status& status) {
  if (status.ok()) return kExitOk;
  std::cerr << "crowdledger: " << status.ToString() << "\n";
  switch (status.code()) {
    case ErrorCode::Corruption:
    case ErrorCode::ProofFailed:
    case ErrorCode::BadSignature:
      return kExitIntegrity;
    default:
      return kExitUsage;
  }
}

}  // namespace crowdledger::tool
