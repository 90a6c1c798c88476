// HttpListener: the accept loop; sessions are in http_session.cc.
#include "api/http/http_listener.h"

#include <thread>
#include <vector>

#include "api/http/http_session.h"
#include "ledger/thread_name.h"

namespace crowdledger::api::http {
namespace asio = boost::asio;

HttpListener::HttpListener(HttpOptions options, HttpHandler handler)
    : options_(std::move(options)), handler_(std::move(handler)), acceptor_(io_) {}

HttpListener::~HttpListener() { Stop(); }

Status HttpListener::Listen() {
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
  Accept();
  return Status::Ok();
}

void HttpListener::Accept() {
  // Each connection gets a strand of its own: its handlers never run concurrently.
  acceptor_.async_accept(asio::make_strand(io_),
                         [this](boost::system::error_code error, asio::ip::tcp::socket socket) {
                           OnAccept(error, std::move(socket));
                         });
}

void HttpListener::OnAccept(boost::system::error_code error, asio::ip::tcp::socket socket) {
  if (error == asio::error::operation_aborted || !acceptor_.is_open()) return;
  if (!error) {
    std::unique_ptr<ConnectionSlot> slot;  // null: over the limit, answered 503
    if (connections_->fetch_add(1, std::memory_order_relaxed) < options_.max_connections) {
      slot = std::make_unique<ConnectionSlot>(connections_);
    } else {
      connections_->fetch_sub(1, std::memory_order_relaxed);
    }
    SessionLimits limits{options_.max_header_bytes, options_.max_body_bytes, options_.idle_timeout};
    std::make_shared<HttpSession>(std::move(socket), handler_, limits, std::move(slot))->Start();
  }
  Accept();  // after an accept error too (e.g. out of descriptors), keep listening
}

void HttpListener::Run() {
  std::vector<std::thread> others;
  for (size_t i = 1; i < options_.threads; ++i)
    others.emplace_back([this] {
      NameThisThread("cl-http");
      io_.run();
    });
  io_.run();
  for (std::thread& thread : others) thread.join();
}

void HttpListener::Stop() { io_.stop(); }

}  // namespace crowdledger::api::http
