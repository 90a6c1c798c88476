// HttpServer: the ledger's read-only HTTP/1.1 face (Boost.Beast) on a listener of its own:
// C2SP tlog-tiles (checkpoint, hash tiles, entry bundles), our 32-bit-length bundles, the
// Prometheus metrics, the health probes and, when enabled, the authority's live monitoring
// page (GET /, GET /monitor/state.json) (docs/http.md). GET and HEAD only (405 otherwise).
// Limits (HttpListener): connections (one over the limit is answered 503 and closed), header
// bytes (431), no body (413), idle time before each request and while a response is unread;
// keep-alive.
// Reads go straight to the LogStore (thread-safe) on the HTTP threads: serving tiles never
// queues behind the ledger thread's group commits.
// The monitoring figures are read on the ledger service's thread (monitor_cache.h).
// Thread-safety: Run blocks on the HTTP threads; SetReady and Stop may be called from any
// thread. The LogStore, the metrics sources and the ledger service must outlive the server,
// and the service must still run reads until the server is destroyed.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "api/http/http_listener.h"
#include "api/http/monitor_cache.h"
#include "api/http/router.h"
#include "api/http/tile_reader.h"

namespace crowdledger::api::http {

class HttpServer {
 public:
  // `service` (the ledger service's counters) and `api_connections` (the binary API's open
  // connections) are optional figures for /metrics.
  HttpServer(const LogStore& log, HttpOptions options, const ServiceMetrics* service = nullptr,
             std::function<size_t()> api_connections = {});
  ~HttpServer();

  // With witnesses (api/witness): /checkpoint serves `cosigned` once it holds a checkpoint, and
  // /metrics reports `metrics`. Both must outlive the server. Call before Listen.
  void SetWitnesses(const CosignedCheckpoint* cosigned, const WitnessMetrics* metrics);
  // Serves the monitoring page and its figures from `service` (call before Listen).
  void EnableMonitor(LedgerService& service, MonitorOptions options = {});

  // Binds and listens; the bound port is then known. UsageError if the address is unusable.
  Status Listen();
  uint16_t port() const { return listener_.port(); }
  // Serves on `threads` threads (the caller's among them) until Stop.
  void Run() { listener_.Run(); }
  // /readyz answers 200 while ready (from Listen on), 503 once set false (shutting down).
  void SetReady(bool ready) { ready_.store(ready, std::memory_order_relaxed); }
  void Stop();
  size_t connections() const { return listener_.connections().load(std::memory_order_relaxed); }

 private:
  void Answer(const HttpRequest& request, HttpReply reply) const;

  TileReader tiles_;
  std::atomic<bool> ready_{false};
  RouteContext context_;
  // Reset before the listener (~HttpServer): waits for a computation in flight, whose waiting
  // callers hold sessions that must close while the listener's io_context lives.
  std::unique_ptr<MonitorCache> monitor_;
  HttpListener listener_;  // last: its sessions use the members above
};

}  // namespace crowdledger::api::http
