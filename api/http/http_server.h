// HttpServer: the ledger's read-only HTTP/1.1 face (Boost.Beast) on a listener of its own:
// C2SP tlog-tiles (checkpoint, hash tiles, entry bundles), our 32-bit-length bundles, the
// Prometheus metrics, the health probes and, when enabled, the authority's live monitoring
// page (GET /, GET /monitor/state.json) (docs/http.md). GET and HEAD only. Limits:
// connections (one over the limit is answered 503 and closed), header bytes (431), no body
// (413), idle time before each request and while a response is unread; keep-alive.
// Reads go straight to the LogStore (thread-safe) on the HTTP threads: serving tiles never
// queues behind the ledger thread's group commits.
// The monitoring figures are read on the ledger service's thread (monitor_cache.h).
// Thread-safety: Run blocks on the HTTP threads; SetReady and Stop may be called from any
// thread. The LogStore, the metrics sources and the ledger service must outlive the server,
// and the service must still run reads until the server is destroyed.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "api/asio.h"
#include "api/http/monitor_cache.h"
#include "api/http/router.h"
#include "api/http/tile_reader.h"

namespace crowdledger::api::http {

struct HttpOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;  // 0: any free port (see port())
  size_t threads = 1;
  size_t max_connections = 256;
  size_t max_header_bytes = size_t{8} * 1024;  // request line and headers together
  std::chrono::seconds idle_timeout{30};
};

class HttpServer {
 public:
  // `service` (the ledger service's counters) and `api_connections` (the binary API's open
  // connections) are optional figures for /metrics.
  HttpServer(const LogStore& log, HttpOptions options, const ServiceMetrics* service = nullptr,
             std::function<size_t()> api_connections = {});
  ~HttpServer();

  // Serves the monitoring page and its figures from `service` (call before Listen).
  void EnableMonitor(LedgerService& service, MonitorOptions options = {});
  // Binds and listens; the bound port is then known. UsageError if the address is unusable.
  Status Listen();
  uint16_t port() const { return port_; }
  // Serves on `threads` threads (the caller's among them) until Stop.
  void Run();
  // /readyz answers 200 while ready (from Listen on), 503 once set false (shutting down).
  void SetReady(bool ready) { ready_.store(ready, std::memory_order_relaxed); }
  void Stop();
  size_t connections() const { return connections_->load(std::memory_order_relaxed); }

 private:
  void Accept();
  void OnAccept(boost::system::error_code error, boost::asio::ip::tcp::socket socket);

  HttpOptions options_;
  TileReader tiles_;
  std::shared_ptr<std::atomic<size_t>> connections_ = std::make_shared<std::atomic<size_t>>(0);
  std::atomic<bool> ready_{false};
  RouteContext context_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  uint16_t port_ = 0;
  // After io_: destroyed first, while the sessions its waiting callers hold can still close.
  std::unique_ptr<MonitorCache> monitor_;
};

}  // namespace crowdledger::api::http
