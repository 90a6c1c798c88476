// HttpListener: an HTTP/1.1 listener (Boost.Beast) that hands each request to one handler:
// the accept loop, the connection limit (one over it is answered 503 and closed), and the
// sessions with their limits (header bytes: 431; body bytes: 413; idle time before each
// request and while an answer is unread). The ledger's read-only face (HttpServer) and the
// witness (api/witness) are both built on it.
// Thread-safety: Run blocks on the listener's threads; Stop may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "api/asio.h"
#include "api/http/http_handler.h"
#include "crypto/status.h"

namespace crowdledger::api::http {

struct HttpOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;  // 0: any free port (see port())
  size_t threads = 1;
  size_t max_connections = 256;
  size_t max_header_bytes = size_t{8} * 1024;  // request line and headers together
  size_t max_body_bytes = 0;                   // 0: requests with a body are refused (413)
  std::chrono::seconds idle_timeout{30};
};

class HttpListener {
 public:
  HttpListener(HttpOptions options, HttpHandler handler);
  ~HttpListener();
  HttpListener(const HttpListener&) = delete;
  HttpListener& operator=(const HttpListener&) = delete;

  // Binds and listens; the bound port is then known. UsageError if the address is unusable.
  Status Listen();
  uint16_t port() const { return port_; }
  const HttpOptions& options() const { return options_; }
  // Serves on `threads` threads (the caller's among them) until Stop.
  void Run();
  void Stop();
  // Open connections, for /metrics.
  const std::atomic<size_t>& connections() const { return *connections_; }

 private:
  void Accept();
  void OnAccept(boost::system::error_code error, boost::asio::ip::tcp::socket socket);

  HttpOptions options_;
  HttpHandler handler_;
  std::shared_ptr<std::atomic<size_t>> connections_ = std::make_shared<std::atomic<size_t>>(0);
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  uint16_t port_ = 0;
};

}  // namespace crowdledger::api::http
