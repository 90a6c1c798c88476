// AuditorState: what an auditor remembers between runs (its state file), so that a history
// rewritten and re-signed later, even with the real ledger key, is caught: the next audit
// must reproduce the remembered tree. Besides the root it keeps the tree's frontier (the
// perfect subtree hashes of its size), which locates a rewrite to the subtree it touched.
//
// Text, one item per line, parsed strictly (the file is input like any other):
//   crowdledger-auditor-state 1
//   origin <log origin>
//   verifier <the ledger's C2SP verifier key the auditor trusted>
//   size <tree size>
//   root <base64 root hash>
//   frontier <base64 hash>        (one line per perfect subtree, largest first)
//   state <base64 digest>         (optional: the replayed state's digest at that size)
//   verified <unix time in microseconds>
//   checkpoint
//   <the signed checkpoint note verified last, to the end of the file>
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/bytes.h"
#include "crypto/status.h"

namespace crowdledger {

struct AuditorState {
  std::string origin;
  std::string verifier_key;
  uint64_t size = 0;
  Hash root{};
  std::vector<Hash> frontier;        // popcount(size) hashes, largest subtree first
  std::optional<Hash> state_digest;  // the replay's state digest at `size`, when it was kept
  int64_t verified_at_us = 0;
  std::string checkpoint;
};

std::string FormatAuditorState(const AuditorState& state);
Result<AuditorState> ParseAuditorState(std::string_view text);

}  // namespace crowdledger
