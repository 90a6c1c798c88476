// TileReader: the C2SP tlog-tiles resources of a LogStore, over the tree of its latest
// checkpoint. A hash tile's i-th hash at level L is MTH(D[(N*256+i)*256^L : (N*256+i+1)*256^L]),
// a perfect subtree of 256^L leaves, read as ONE stored Merkle node (never rehashed from the
// entries; a tile's nodes in one scan). A full tile is served once the checkpoint's tree covers it;
// a partial tile of width W only when some issued checkpoint's tree size s implies it
// (floor(s/256^L) = N*256 + W, the spec's rule), the latest one included. Errors: NotFound (not
// available at this tree size, or a bundle entry too long for the spec's 16-bit lengths, or a
// bundle over kMaxBundleBytes), anything else from the store. Thread-safety: thread-safe (LogStore
// is); the store must outlive the reader.
#pragma once

#include <string>

#include "api/http/tile_path.h"
#include "ledger/log_store.h"

namespace crowdledger::api::http {

// A bundle's bytes are built in memory: past this the bundle is refused (the entries stay
// readable one by one through the binary API). 256 entries of the typical few KiB are far below.
inline constexpr size_t kMaxBundleBytes = size_t{64} * 1024 * 1024;
// The spec's bundles prefix each entry with a big-endian uint16 length.
inline constexpr size_t kMaxSpecBundleEntryBytes = 65'535;

enum class BundleFormat {
  kSpec,    // tlog-tiles: uint16 big-endian length || entry, for each entry
  kExport,  // ours: uint32 little-endian length || entry, as entries.bin (docs/export-format.md)
};

class TileReader {
 public:
  explicit TileReader(const LogStore& log) : log_(log) {}

  // The latest checkpoint and the tree size it signs.
  IssuedCheckpoint Latest() const { return log_.LatestCheckpoint(); }
  // The tile's bytes (32 bytes per hash) at the tree of `tree_size`.
  Result<std::string> HashTile(const TilePath& tile, uint64_t tree_size) const;
  Result<std::string> EntryBundle(const TilePath& tile, uint64_t tree_size,
                                  BundleFormat format) const;

 private:
  // Ok if the tile (level, index, width) is available at `tree_size`; NotFound otherwise.
  Status CheckAvailable(const TilePath& tile, uint64_t tree_size) const;

  const LogStore& log_;
};

}  // namespace crowdledger::api::http
