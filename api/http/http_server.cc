// HttpServer: the listener; sessions are in http_session.cc.
#include "api/http/http_server.h"

#include <thread>
#include <vector>

#include "api/http/http_session.h"

namespace crowdledger::api::http {
namespace asio = boost::asio;

HttpServer::HttpServer(const LogStore& log, HttpOptions options, const ServiceMetrics* service,
                       std::function<size_t()> api_connections)
    : options_(std::move(options)), tiles_(log), acceptor_(io_) {
  context_.tiles = &tiles_;
  context_.metrics = MetricsSources{&log, service, std::move(api_connections), connections_.get()};
  context_.ready = &ready_;
}

HttpServer::~HttpServer() {
  Stop();
  monitor_.reset();  // waits for a computation in flight; its callers' sessions close
}

void HttpServer::EnableMonitor(LedgerService& service, MonitorOptions options) {
  monitor_ = std::make_unique<MonitorCache>(service, options);
  context_.monitor = monitor_.get();
}

Status HttpServer::Listen() {
  boost::system::error_code error;
  auto address = asio::ip::make_address(options_.host, error);
  if (error) return Status(ErrorCode::UsageError, "bad HTTP listen address " + options_.host);
  asio::ip::tcp::endpoint endpoint(address, options_.port);
  acceptor_.open(endpoint.protocol(), error);
  if (!error) acceptor_.set_option(asio::socket_base::reuse_address(true), error);
  if (!error) acceptor_.bind(endpoint, error);
  if (!error) acceptor_.listen(asio::socket_base::max_listen_connections, error);
  if (error) {
    return Status(ErrorCode::UsageError, "cannot listen for HTTP on " + options_.host + ":" +
                                             std::to_string(options_.port) + ": " +
                                             error.message());
  }
  port_ = acceptor_.local_endpoint().port();
  ready_.store(true, std::memory_order_relaxed);
  Accept();
  return Status::Ok();
}

void HttpServer::Accept() {
  // Each connection gets a strand of its own: its handlers never run concurrently.
  acceptor_.async_accept(asio::make_strand(io_),
                         [this](boost::system::error_code error, asio::ip::tcp::socket socket) {
                           OnAccept(error, std::move(socket));
                         });
}

void HttpServer::OnAccept(boost::system::error_code error, asio::ip::tcp::socket socket) {
  if (error == asio::error::operation_aborted || !acceptor_.is_open()) return;
  if (!error) {
    std::unique_ptr<ConnectionSlot> slot;  // null: over the limit, answered 503
    if (connections_->fetch_add(1, std::memory_order_relaxed) < options_.max_connections) {
      slot = std::make_unique<ConnectionSlot>(connections_);
    } else {
      connections_->fetch_sub(1, std::memory_order_relaxed);
    }
    SessionLimits limits{options_.max_header_bytes, options_.idle_timeout};
    std::make_shared<HttpSession>(std::move(socket), context_, limits, std::move(slot))->Start();
  }
  Accept();  // after an accept error too (e.g. out of descriptors), keep listening
}

void HttpServer::Run() {
  std::vector<std::thread> others;
  for (size_t i = 1; i < options_.threads; ++i) others.emplace_back([this] { io_.run(); });
  io_.run();
  for (std::thread& thread : others) thread.join();
}

void HttpServer::Stop() {
  ready_.store(false, std::memory_order_relaxed);
  io_.stop();
}

}  // namespace crowdledger::api::http
