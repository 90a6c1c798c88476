// The crash harness's offline look at a killed server's ledger: opened read-only with no
// server running, every entry after the setup must be a harness transaction logged once, and
// every acknowledged transaction must sit at the sequence its acknowledgement gave, with the
// very bytes that were signed. Unanswered transactions learn whether the log holds them, so
// that their retry can be held to it.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "tests/reliability/crash_workload.h"

namespace crowdledger::reliability {

struct LogCheckFigures {
  uint64_t entries = 0;             // the log's size
  uint64_t unanswered_logged = 0;   // sent, unanswered, yet in the log (committed, then killed)
  uint64_t unanswered_missing = 0;  // sent, unanswered and not in the log
};

// Appends every broken promise to `violations`; an error only if the ledger cannot be read.
Result<LogCheckFigures> CheckLogAgainstWorkload(const std::filesystem::path& directory,
                                                uint64_t first_workload_sequence,
                                                CrashWorkload& workload,
                                                std::vector<std::string>& violations);

}  // namespace crowdledger::reliability
