// HttpSession: the read / answer / write cycle of one connection.
#include "api/http/http_session.h"

namespace crowdledger::api::http {
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace {

// Long enough for a client to finish sending a refused request on loopback or a LAN.
constexpr std::chrono::seconds kLingerTime{1};
// A connection over the limit is not counted: it gets this long to send its request before
// its 503, so that a flood of them cannot hold sockets for the full idle timeout.
constexpr std::chrono::seconds kOverLimitReadTime{2};

}  // namespace

HttpSession::HttpSession(boost::asio::ip::tcp::socket socket, const HttpHandler& handler,
                         SessionLimits limits, std::unique_ptr<ConnectionSlot> slot)
    : stream_(std::move(socket)),
      handler_(handler),
      limits_(limits),
      slot_(std::move(slot)),
      // The buffer never needs more than one header and one body: bound it too.
      buffer_(2 * limits.max_header_bytes + limits.max_body_bytes) {}

void HttpSession::Start() {
  boost::asio::dispatch(stream_.get_executor(),
                        beast::bind_front_handler(&HttpSession::DoRead, shared_from_this()));
}

void HttpSession::DoRead() {
  parser_.emplace();
  parser_->header_limit(static_cast<uint32_t>(limits_.max_header_bytes));
  parser_->body_limit(limits_.max_body_bytes);
  stream_.expires_after(slot_ != nullptr ? limits_.idle_timeout : kOverLimitReadTime);
  bhttp::async_read(stream_, buffer_, *parser_,
                    beast::bind_front_handler(&HttpSession::OnRead, shared_from_this()));
}

void HttpSession::OnRead(beast::error_code error, size_t /*bytes*/) {
  if (error == bhttp::error::header_limit || error == bhttp::error::buffer_overflow) {
    return Refuse(
        431, "the request header exceeds " + std::to_string(limits_.max_header_bytes) + " bytes");
  }
  if (error == bhttp::error::body_limit || error == bhttp::error::unexpected_body) {
    if (limits_.max_body_bytes == 0) {
      return Refuse(413, "requests with a body are not accepted (read-only)");
    }
    return Refuse(413,
                  "the request body exceeds " + std::to_string(limits_.max_body_bytes) + " bytes");
  }
  if (error == bhttp::error::end_of_stream || error == beast::error::timeout ||
      error == boost::asio::error::operation_aborted ||
      error == boost::asio::error::connection_reset || error == boost::asio::error::eof) {
    return Close();
  }
  if (error) return Refuse(400, "malformed HTTP request: " + error.message());
  if (slot_ == nullptr) return Refuse(503, "too many connections; retry later");
  Answer(parser_->get());
}

void HttpSession::Answer(const Request& request) {
  bool head = request.method() == bhttp::verb::head;
  auto if_none_match = request.find(bhttp::field::if_none_match);
  HttpRequest view{
      std::string_view(request.method_string().data(), request.method_string().size()),
      std::string_view(request.target().data(), request.target().size()), request.body(),
      if_none_match != request.end()
          ? std::string_view(if_none_match->value().data(), if_none_match->value().size())
          : std::string_view()};
  unsigned version = request.version();
  bool keep_alive = request.keep_alive();
  // dispatch: an answer given at once is sent at once; one from another thread (the ledger's,
  // for the monitoring figures) is moved onto this connection's strand.
  handler_(view,
           [self = shared_from_this(), version, head, keep_alive](HttpResponse response) mutable {
             auto executor = self->stream_.get_executor();
             boost::asio::dispatch(executor, [self = std::move(self), version, head, keep_alive,
                                              response = std::move(response)]() mutable {
               self->Send(version, std::move(response), head, keep_alive);
             });
           });
}

void HttpSession::Refuse(unsigned status, const std::string& why) {
  refused_ = true;
  Send(11, TextResponse(status, why), false, false);
}

void HttpSession::Send(unsigned version, HttpResponse response, bool head, bool keep_alive) {
  auto message = std::make_shared<bhttp::response<bhttp::string_body>>(
      static_cast<bhttp::status>(response.status), version);
  message->set(bhttp::field::server, "crowdledger");
  // A 304 describes the representation the client has: no type or length of its own.
  if (response.status != 304) message->set(bhttp::field::content_type, response.content_type);
  message->set(bhttp::field::cache_control, response.cache_control);
  if (!response.allow.empty()) message->set(bhttp::field::allow, response.allow);
  if (!response.etag.empty()) message->set(bhttp::field::etag, response.etag);
  message->keep_alive(keep_alive);
  message->body() = std::move(response.body);
  message->prepare_payload();
  if (response.status == 304) message->content_length(boost::none);
  // HEAD: the same headers (Content-Length included), no body.
  if (head) message->body().clear();
  writing_ = message;
  stream_.expires_after(limits_.idle_timeout);  // a client that does not read is dropped
  bhttp::async_write(
      stream_, *message,
      beast::bind_front_handler(&HttpSession::OnWrite, shared_from_this(), keep_alive));
}

void HttpSession::OnWrite(bool keep_alive, beast::error_code error, size_t /*bytes*/) {
  writing_.reset();
  if (!error && refused_) return LingerThenClose();
  if (error || !keep_alive) return Close();
  DoRead();
}

void HttpSession::LingerThenClose() {
  beast::error_code ignored;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
  stream_.expires_after(kLingerTime);
  stream_.async_read_some(boost::asio::buffer(discard_),
                          beast::bind_front_handler(&HttpSession::OnLinger, shared_from_this()));
}

void HttpSession::OnLinger(beast::error_code error, size_t /*bytes*/) {
  if (error) return Close();  // the client closed, or the linger time is over
  stream_.async_read_some(boost::asio::buffer(discard_),
                          beast::bind_front_handler(&HttpSession::OnLinger, shared_from_this()));
}

void HttpSession::Close() {
  beast::error_code ignored;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
  stream_.socket().close(ignored);
}

}  // namespace crowdledger::api::http
