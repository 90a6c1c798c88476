// The C2SP tlog-tiles routes: /checkpoint, /tile/<L>/<N>[.p/<W>], /tile/entries/<N>[.p/<W>],
// and our own /crowdledger/entries/<N>[.p/<W>] (the same bundles with the export's 32-bit
// little-endian lengths, so that entries over 65,535 bytes are served too; docs/http.md).
// Thread-safety: thread-safe (reads the LogStore, which is).
#pragma once

#include <string_view>

#include "api/http/http_response.h"
#include "api/http/tile_reader.h"
#include "api/witness/cosigned_checkpoint.h"

namespace crowdledger::api::http {

// The latest checkpoint; with witnesses (`cosigned` not null) the latest one a quorum of them
// cosigned, and the ledger's own latest until a quorum is first met.
HttpResponse ServeCheckpoint(const TileReader& reader, const CosignedCheckpoint* cosigned);
// `path` is what follows "/tile/".
HttpResponse ServeTile(const TileReader& reader, std::string_view path);
// `path` is what follows "/crowdledger/entries/".
HttpResponse ServeExportBundle(const TileReader& reader, std::string_view path);

}  // namespace crowdledger::api::http
