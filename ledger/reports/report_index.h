// The lists that let a report find its buckets without scanning the state (the state store
// has no iteration): per scope, the buckets it has, in the order they were created (which is
// ascending: blocks follow the sequence, and days never go back along the log); per scope
// kind, the scopes that exist (the districts and maker spaces a programme report lists).
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "crypto/status.h"

namespace crowdledger {

struct BucketId {
  uint64_t block = 0;
  int64_t day = 0;
  bool operator==(const BucketId&) const = default;
};

// u8 version = 1 || u32 count || count x (u64 block || i64 day)
std::string EncodeBucketIndex(const std::vector<BucketId>& buckets);
Result<std::vector<BucketId>> DecodeBucketIndex(std::string_view bytes);

// u8 version = 1 || u32 count || count x text
std::string EncodeScopeList(const std::vector<std::string>& names);
Result<std::vector<std::string>> DecodeScopeList(std::string_view bytes);

}  // namespace crowdledger
