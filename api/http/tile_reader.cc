// TileReader: availability by the spec's rules, hash tiles from stored nodes, entry bundles.
#include "api/http/tile_reader.h"

namespace crowdledger::api::http {
namespace {

// Tile arithmetic: (N + 1) * 256^(L+1) overflows 64 bits for large N or L; 128 bits do not
// (CheckAvailable first bounds L <= 7 and N * 256 <= the tree size, so products < 2^121).
__extension__ using Wide = unsigned __int128;

Status NotAvailable(const std::string& why) { return Status(ErrorCode::NotFound, why); }

// A hash at level 8 would span 256^8 = 2^64 leaves: more than any tree holds.
constexpr uint32_t kMaxServedLevel = 7;

// 256^level, for level <= kMaxServedLevel.
Wide LeavesPerHash(uint32_t level) { return Wide{1} << (8 * level); }

void AppendLength(std::string& out, size_t length, BundleFormat format) {
  if (format == BundleFormat::kSpec) {
    out.push_back(static_cast<char>((length >> 8) & 0xff));
    out.push_back(static_cast<char>(length & 0xff));
    return;
  }
  for (int shift = 0; shift < 32; shift += 8) {
    out.push_back(static_cast<char>((length >> shift) & 0xff));
  }
}

}  // namespace

Status TileReader::CheckAvailable(const TilePath& tile, uint64_t tree_size) const {
  if (tile.level > kMaxServedLevel || Wide{tile.index} * kTileWidth > tree_size) {
    return NotAvailable("the tree of size " + std::to_string(tree_size) +
                        " does not reach this tile");
  }
  Wide per_hash = LeavesPerHash(tile.level);
  Wide first_hash = Wide{tile.index} * kTileWidth;
  if (tile.width == 0) {
    if ((first_hash + kTileWidth) * per_hash > tree_size) {
      return NotAvailable("the tree of size " + std::to_string(tree_size) +
                          " does not complete this tile");
    }
    return Status::Ok();
  }
  // The tree sizes s with floor(s / 256^L) == N*256 + W: [lowest, lowest + 256^L).
  Wide lowest = (first_hash + tile.width) * per_hash;
  if (lowest > tree_size) {
    return NotAvailable("the tree of size " + std::to_string(tree_size) +
                        " does not reach this partial tile");
  }
  Wide highest = lowest + per_hash - 1;
  auto up_to = static_cast<uint64_t>(highest < tree_size ? highest : Wide{tree_size});
  // Was a checkpoint issued at one of those sizes (the latest one included)?
  ASSIGN_OR_RETURN(auto issued, log_.CheckpointsAfter(static_cast<uint64_t>(lowest) - 1, up_to, 1));
  if (issued.empty()) {
    return NotAvailable("no checkpoint was issued at a tree size that implies this partial tile");
  }
  return Status::Ok();
}

Result<std::string> TileReader::HashTile(const TilePath& tile, uint64_t tree_size) const {
  RETURN_IF_ERROR(CheckAvailable(tile, tree_size));
  // Available, so every hash's subtree, a stored node of level 8L, lies inside the tree.
  uint64_t width = tile.width == 0 ? kTileWidth : tile.width;
  return log_.ReadNodes(static_cast<uint8_t>(8 * tile.level), tile.index * kTileWidth, width);
}

Result<std::string> TileReader::EntryBundle(const TilePath& tile, uint64_t tree_size,
                                            BundleFormat format) const {
  TilePath level_zero = tile;
  level_zero.level = 0;
  RETURN_IF_ERROR(CheckAvailable(level_zero, tree_size));
  uint64_t begin = tile.index * kTileWidth;
  uint64_t end = begin + (tile.width == 0 ? kTileWidth : tile.width);
  std::string out;
  RETURN_IF_ERROR(log_.ForEachEntry(begin, end, [&](uint64_t index, std::string_view entry) {
    if (format == BundleFormat::kSpec && entry.size() > kMaxSpecBundleEntryBytes) {
      return NotAvailable("entry " + std::to_string(index) + " is " + std::to_string(entry.size()) +
                          " bytes, too long for the spec's 16-bit lengths; this bundle is "
                          "served with 32-bit lengths at /crowdledger/entries/");
    }
    if (out.size() + 4 + entry.size() > kMaxBundleBytes) {
      return NotAvailable("this bundle exceeds the server's " + std::to_string(kMaxBundleBytes) +
                          "-byte limit on one response");
    }
    AppendLength(out, entry.size(), format);
    out.append(entry);
    return Status::Ok();
  }));
  return out;
}

}  // namespace crowdledger::api::http
