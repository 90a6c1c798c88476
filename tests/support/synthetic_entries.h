// Deterministic synthetic entries for log store tests and benchmarks: the content of entry i
// depends only on i, so a test can check any entry's bytes without remembering them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace crowdledger::test {

inline std::string SyntheticEntry(uint64_t index, size_t min_bytes = 0) {
  std::string entry = "entry " + std::to_string(index) + " ";
  size_t filler = (index * 7919) % 97 + min_bytes;
  for (size_t i = 0; i < filler; ++i) entry.push_back(static_cast<char>('a' + (index + i) % 26));
  return entry;
}

inline std::vector<std::string> SyntheticEntries(uint64_t first, uint64_t count,
                                                 size_t min_bytes = 0) {
  std::vector<std::string> entries;
  entries.reserve(count);
  for (uint64_t i = 0; i < count; ++i) entries.push_back(SyntheticEntry(first + i, min_bytes));
  return entries;
}

}  // namespace crowdledger::test
