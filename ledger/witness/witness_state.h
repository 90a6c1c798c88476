// WitnessState: what a witness remembers per log between runs (its state file): the size and
// root of the latest checkpoint it cosigned for each origin. The spec asks no more: the next
// add-checkpoint for that origin must start from exactly that size, with a consistency proof
// from that root.
//
// Text, one item per line, parsed strictly (the file is input like any other):
//   crowdledger-witness-state 1
//   log <origin> <decimal tree size> <base64 root hash>     (one line per log, origins ascending)
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "crypto/bytes.h"
#include "crypto/status.h"

namespace crowdledger {

// A witness serves the logs it is configured with: a few, rarely hundreds. The state file of a
// witness that ever cosigned more than this many is refused as damaged.
inline constexpr size_t kMaxWitnessedLogs = 4096;

struct WitnessedTree {
  uint64_t size = 0;
  Hash root{};

  bool operator==(const WitnessedTree&) const = default;
};

struct WitnessState {
  std::map<std::string, WitnessedTree> logs;  // by origin

  bool operator==(const WitnessState&) const = default;
};

std::string FormatWitnessState(const WitnessState& state);
// Malformed naming the line and what is wrong with it.
Result<WitnessState> ParseWitnessState(std::string_view text);

}  // namespace crowdledger
