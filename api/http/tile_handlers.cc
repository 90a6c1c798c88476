// Tile routes: parse, check availability at the latest checkpoint, answer with cache headers.
#include "api/http/tile_handlers.h"

namespace crowdledger::api::http {
namespace {

// 404 for what this tree does not (yet) hold, 500 for a store failure.
HttpResponse FromStatus(const Status& status) {
  if (status.code() == ErrorCode::NotFound) return TextResponse(404, status.message());
  return TextResponse(500, "reading the log failed: " + status.ToString());
}

HttpResponse Octets(std::string body, bool partial) {
  HttpResponse response;
  response.content_type = "application/octet-stream";
  // A partial tile is also immutable for its width, but the spec lets logs delete it once
  // the full tile exists: keep it short-lived.
  response.cache_control = partial ? kShortLived : kImmutable;
  response.body = std::move(body);
  return response;
}

HttpResponse ServeBundle(const TileReader& reader, const TilePath& tile, BundleFormat format) {
  auto bundle = reader.EntryBundle(tile, reader.Latest().tree_size, format);
  if (!bundle.ok()) return FromStatus(bundle.status());
  return Octets(std::move(*bundle), tile.width != 0);
}

}  // namespace

HttpResponse ServeCheckpoint(const TileReader& reader, const CosignedCheckpoint* cosigned) {
  HttpResponse response;
  response.cache_control = kNoCache;
  if (cosigned != nullptr) {
    if (std::optional<CosignedNote> note = cosigned->Latest()) {
      response.body = std::move(note->note);
      return response;
    }
  }
  response.body = reader.Latest().note;
  return response;
}

HttpResponse ServeTile(const TileReader& reader, std::string_view path) {
  auto tile = ParseTilePath(path);
  if (!tile.ok()) return TextResponse(400, tile.status().message());
  if (tile->entries) return ServeBundle(reader, *tile, BundleFormat::kSpec);
  auto hashes = reader.HashTile(*tile, reader.Latest().tree_size);
  if (!hashes.ok()) return FromStatus(hashes.status());
  return Octets(std::move(*hashes), tile->width != 0);
}

HttpResponse ServeExportBundle(const TileReader& reader, std::string_view path) {
  auto tile = ParseBundlePath(path);
  if (!tile.ok()) return TextResponse(400, tile.status().message());
  return ServeBundle(reader, *tile, BundleFormat::kExport);
}

}  // namespace crowdledger::api::http
