// Tile paths of C2SP tlog-tiles (https://c2sp.org/tlog-tiles), parsed strictly:
//   tile/<L>/<N>[.p/<W>]      a hash tile: level L (0..63), index N, partial width W (1..255)
//   tile/entries/<N>[.p/<W>]  an entry bundle
// N is written in 3-digit path elements, all but the last prefixed with "x" (1234067 is
// "x001/x234/067"), with no leading all-zero element; L and W are decimal with no leading
// zeros. Anything else is refused with a message naming what was wrong.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "crypto/status.h"

namespace crowdledger::api::http {

inline constexpr uint64_t kTileWidth = 256;    // hashes or entries in a full tile
inline constexpr uint32_t kMaxTileLevel = 63;  // the spec's range for L

struct TilePath {
  bool entries = false;  // an entry bundle (level 0) rather than a hash tile
  uint32_t level = 0;
  uint64_t index = 0;
  uint32_t width = 0;  // 0: a full tile; 1..255: a partial tile of that width
};

// Parses what follows "tile/" (for hash tiles, "<L>/<N>[.p/<W>]"; for bundles,
// "entries/<N>[.p/<W>]"). InvalidArgument if it is not in the spec's form.
Result<TilePath> ParseTilePath(std::string_view path);
// Parses "<N>[.p/<W>]" alone: the entry bundle part of our own bundle URL.
Result<TilePath> ParseBundlePath(std::string_view path);
// The spec's form of an index: 1234067 -> "x001/x234/067".
std::string FormatTileIndex(uint64_t index);

}  // namespace crowdledger::api::http
