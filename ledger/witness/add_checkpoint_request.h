// The body of a C2SP tlog-witness add-checkpoint request (https://c2sp.org/tlog-witness):
//   old <decimal size, no leading zeros>\n
//   <base64 consistency proof hash>\n     (0 to 63 lines)
//   \n
//   <the checkpoint: a signed note>
// Parsing checks the grammar and the limits only; the witness checks the checkpoint's signature
// and the proof. Formatting is what the ledger sends its witnesses.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/bytes.h"
#include "crypto/signed_note.h"

namespace crowdledger {

// The spec: "The client MUST NOT send more than 63 consistency proof lines".
inline constexpr size_t kMaxAddCheckpointProofLines = 63;
// The old size line, 63 proof lines of 45 bytes, the blank line and the largest note we parse.
inline constexpr size_t kMaxAddCheckpointBytes =
    32 + kMaxAddCheckpointProofLines * 45 + 1 + kMaxNoteBytes;

struct AddCheckpointRequest {
  uint64_t old_size = 0;
  std::vector<Hash> proof;
  std::string checkpoint;  // the signed note, as sent

  bool operator==(const AddCheckpointRequest&) const = default;
};

// Malformed (or LimitExceeded) naming the first thing that does not follow the grammar.
Result<AddCheckpointRequest> ParseAddCheckpointRequest(std::string_view body);
std::string FormatAddCheckpointRequest(const AddCheckpointRequest& request);

}  // namespace crowdledger
