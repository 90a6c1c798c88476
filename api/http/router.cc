// Router: the routes, in one table-like function.
#include "api/http/router.h"

#include "api/http/monitor_handlers.h"
#include "api/http/tile_handlers.h"

namespace crowdledger::api::http {
namespace {

constexpr std::string_view kTilePrefix = "/tile/";
constexpr std::string_view kExportBundlePrefix = "/crowdledger/entries/";

HttpResponse Ready(const std::atomic<bool>& ready) {
  if (ready.load(std::memory_order_relaxed)) return TextResponse(200, "ready");
  HttpResponse response = TextResponse(503, "shutting down");
  return response;
}

}  // namespace

HttpResponse Route(const RouteContext& context, std::string_view target) {
  if (target.empty() || target[0] != '/') {
    return TextResponse(400, "the request target must be an absolute path");
  }
  // The page is the one route with a query (its language); it has no fragment.
  if (target == "/" || target.starts_with("/?")) {
    if (context.monitor == nullptr) return TextResponse(404, "this server has no monitoring page");
    std::string_view query = target.size() > 1 ? target.substr(2) : std::string_view();
    if (query.find('#') != std::string_view::npos) {
      return TextResponse(400, "query strings and fragments are not accepted");
    }
    return ServeMonitorPage(query);
  }
  if (target.find_first_of("?#") != std::string_view::npos) {
    return TextResponse(400, "query strings and fragments are not accepted");
  }
  if (target == "/checkpoint") return ServeCheckpoint(*context.tiles, context.cosigned);
  if (target.starts_with(kTilePrefix)) {
    return ServeTile(*context.tiles, target.substr(kTilePrefix.size()));
  }
  if (target.starts_with(kExportBundlePrefix)) {
    return ServeExportBundle(*context.tiles, target.substr(kExportBundlePrefix.size()));
  }
  if (target == "/metrics") return ServeMetrics(context.metrics);
  if (target == "/healthz") return TextResponse(200, "alive");
  if (target == "/readyz") return Ready(*context.ready);
  if (target == kMonitorStatePath) return TextResponse(404, "this server has no monitoring page");
  return TextResponse(404, "no such resource");
}

}  // namespace crowdledger::api::http
