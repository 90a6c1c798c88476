// Router: maps a request target to its handler. Paths are matched exactly; a query string
// (but the monitoring page's ?lang=), a fragment or a target that is not an absolute path is
// refused with 400, an unknown path with 404, each with a short text body. The monitoring
// state (/monitor/state.json) is answered asynchronously by the session, not here.
// Thread-safety: thread-safe.
#pragma once

#include <atomic>
#include <string_view>

#include "api/http/http_response.h"
#include "api/http/metrics_handler.h"
#include "api/http/monitor_cache.h"
#include "api/http/tile_reader.h"
#include "api/witness/cosigned_checkpoint.h"

namespace crowdledger::api::http {

struct RouteContext {
  const TileReader* tiles = nullptr;
  MetricsSources metrics;
  const std::atomic<bool>* ready = nullptr;  // /readyz: true while the ledger serves
  // With witnesses: /checkpoint serves the latest checkpoint cosigned by a quorum, once any.
  const CosignedCheckpoint* cosigned = nullptr;
  MonitorCache* monitor = nullptr;  // null: no monitoring page (/ is 404)
};

HttpResponse Route(const RouteContext& context, std::string_view target);

}  // namespace crowdledger::api::http
