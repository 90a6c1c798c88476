// Reading small input files (keys, transactions, state files) with a size bound, and
// replacing a file atomically (write aside, fsync, rename).
#pragma once

#include <filesystem>
#include <string>

#include "crypto/status.h"

namespace crowdledger::tool {

// The whole file; UsageError if it cannot be opened, LimitExceeded beyond `max_bytes`.
Result<std::string> ReadBoundedFile(const std::filesystem::path& path, size_t max_bytes);

// Writes `contents` to PATH.partial, syncs it, renames it over `path` and syncs the directory.
Status ReplaceFile(const std::filesystem::path& path, std::string_view contents);

}  // namespace crowdledger::tool
