// HttpSession: one HTTP/1.1 connection, on its own strand (no locks), one request at a time:
// read a request (header limit, no body, idle timeout before every read), route it, write
// the answer, and read the next one if the connection is kept alive. Requests that break a
// limit get their status (400, 405, 413, 431, 503) and, where the stream cannot be trusted
// any more, the connection is closed. Internal to HttpServer.
#pragma once

#include <array>
#include <atomic>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <memory>
#include <optional>

#include "api/asio.h"
#include "api/http/router.h"

namespace crowdledger::api::http {

struct SessionLimits {
  size_t max_header_bytes = size_t{8} * 1024;
  std::chrono::seconds idle_timeout{30};
};

// Counts one admitted connection for as long as it lives.
class ConnectionSlot {
 public:
  explicit ConnectionSlot(std::shared_ptr<std::atomic<size_t>> open) : open_(std::move(open)) {}
  ~ConnectionSlot() { open_->fetch_sub(1, std::memory_order_relaxed); }
  ConnectionSlot(const ConnectionSlot&) = delete;
  ConnectionSlot& operator=(const ConnectionSlot&) = delete;

 private:
  std::shared_ptr<std::atomic<size_t>> open_;
};

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  // `slot` is held for the connection's life (its release counts the connection closed);
  // null for a connection over the limit, which is answered 503 once and closed.
  HttpSession(boost::asio::ip::tcp::socket socket, const RouteContext& context,
              SessionLimits limits, std::unique_ptr<ConnectionSlot> slot);
  void Start();

 private:
  using Request = boost::beast::http::request<boost::beast::http::empty_body>;
  void DoRead();
  void OnRead(boost::beast::error_code error, size_t bytes);
  void Answer(const Request& request);
  // /monitor/state.json: the cache answers now or once the ledger thread has computed it;
  // the answer is sent on this session's strand. No read is pending meanwhile.
  void AnswerMonitorState(const Request& request, bool head);
  // A refusal of a request that could not be read whole: answered, then the connection closes.
  void Refuse(unsigned status, const std::string& why);
  void Send(unsigned version, HttpResponse response, bool head, bool keep_alive);
  void OnWrite(bool keep_alive, boost::beast::error_code error, size_t bytes);
  void Close();
  // After a refusal: stop sending, then read and discard what the client still sends (for at
  // most kLingerTime) before closing, so that the refusal is not lost to a TCP reset.
  void LingerThenClose();
  void OnLinger(boost::beast::error_code error, size_t bytes);

  boost::beast::tcp_stream stream_;
  const RouteContext& context_;
  SessionLimits limits_;
  std::unique_ptr<ConnectionSlot> slot_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::empty_body>> parser_;
  std::shared_ptr<void> writing_;
  bool refused_ = false;              // the connection closes after a lingering read
  std::array<char, 1024> discard_{};  // the response being written, kept alive until written
};

}  // namespace crowdledger::api::http
