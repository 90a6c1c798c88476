// C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the note text
//   <origin>\n<decimal tree size>\n<base64 root hash>\n[extension lines]
// signed as a signed-note by the log's key, whose key name is the origin.
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "crypto/signed_note.h"

namespace crowdledger {

inline constexpr size_t kMaxCheckpointExtensions = 16;

struct Checkpoint {
  std::string origin;
  uint64_t size = 0;
  Hash root{};
  std::vector<std::string> extensions;

  bool operator==(const Checkpoint&) const = default;
};

std::string FormatCheckpointText(const Checkpoint& checkpoint);
Result<Checkpoint> ParseCheckpointText(std::string_view text);

// The full signed note for `checkpoint`; the signer's key name must be the origin.
Result<std::string> SignCheckpoint(const Checkpoint& checkpoint, const NoteSigner& signer);
// Verifies the note's signature by `verifier` and parses its text. The origin must be the
// verifier's key name.
Result<Checkpoint> OpenCheckpoint(std::string_view note, const NoteVerifier& verifier);

}  // namespace crowdledger
