// Server: the binary API over TCP with Boost.Asio. Each connection reads length-prefixed
// frames; a frame is verified before anything reads it, handed to the RequestHandler, and its
// response written back when ready (responses may come out of order: pipelining). Limits on
// frame size, requests in flight per connection (reading pauses at the limit: backpressure),
// connections, and idle time. A frame that cannot be parsed gets an error response and its
// connection is closed; nothing else is affected. With TLS (ServerOptions::tls) every
// connection first completes a TLS handshake, within the handshake timeout; one that fails
// or times out is closed alone. Frames and everything after are the same over TLS and TCP.
// Thread-safety: Run blocks on the network threads; Stop may be called from any thread.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api/asio.h"
#include "api/request_handler.h"

namespace crowdledger::api {

struct TlsContext;

// TLS on every connection when both files are given; plain TCP when neither is.
struct ServerTlsOptions {
  std::string certificate_chain_file;  // PEM: the server's certificate, then intermediates
  std::string private_key_file;        // PEM, unencrypted
  // A connection must complete its handshake within this (at most the idle timeout), and
  // the handshake's time counts against the idle timeout of its first frame.
  std::chrono::seconds handshake_timeout{10};
  bool enabled() const { return !certificate_chain_file.empty() || !private_key_file.empty(); }
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;  // 0: any free port (see port())
  size_t threads = 2;
  uint32_t max_frame_bytes = 4 * 1024 * 1024;
  size_t max_in_flight_per_connection = 256;
  size_t max_connections = 1'024;
  std::chrono::seconds idle_timeout{120};
  std::chrono::seconds drain_timeout{10};
  ServerTlsOptions tls;
};

class Server {
 public:
  Server(RequestHandler& handler, ServerOptions options);
  ~Server();

  // Loads the TLS certificate and key if any (UsageError if one is missing or unusable),
  // binds and listens; the bound port is then known.
  Status Listen();
  uint16_t port() const { return port_; }
  // Connections open now (for /metrics); thread-safe.
  size_t connections() const { return connections_->load(std::memory_order_relaxed); }
  // Serves until the io stops: after BeginShutdown, once every connection has drained.
  void Run();
  // Graceful: stop accepting and reading; every request already read is answered, then its
  // connection closes (or after drain_timeout if the client does not read its answers).
  void BeginShutdown();
  // Abrupt: stops the network threads at once.
  void Stop();

 private:
  class Connection;
  void Accept();

  RequestHandler& handler_;
  ServerOptions options_;
  std::unique_ptr<TlsContext> tls_;  // null: plain TCP
  boost::asio::io_context io_;
  // The acceptor is used only on its strand: accepting and closing never race.
  boost::asio::strand<boost::asio::io_context::executor_type> accept_strand_;
  boost::asio::ip::tcp::acceptor acceptor_;
  bool shutting_down_ = false;  // on accept_strand_
  uint16_t port_ = 0;
  std::shared_ptr<std::atomic<size_t>> connections_ = std::make_shared<std::atomic<size_t>>(0);
  std::mutex live_mutex_;
  std::vector<std::weak_ptr<Connection>> live_;  // for shutdown; pruned as connections go
};

}  // namespace crowdledger::api
