// One add-checkpoint exchange: resolve, connect, write, read, each under the same deadline.
#include "api/witness/witness_client.h"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <memory>

namespace crowdledger::api {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using boost::asio::ip::tcp;

Status BadUrl(std::string_view url, const std::string& why) {
  std::string message = "witness URL '";
  message.append(url).append("': ").append(why);
  return Status(ErrorCode::UsageError, message);
}

// Keeps itself alive through its handlers until `done_` has been called.
class Exchange : public std::enable_shared_from_this<Exchange> {
 public:
  Exchange(boost::asio::io_context& io, WitnessEndpoint endpoint, std::string body,
           std::chrono::milliseconds timeout, WitnessAnswerCallback done)
      : resolver_(io),
        stream_(io),
        endpoint_(std::move(endpoint)),
        deadline_(std::chrono::steady_clock::now() + timeout),
        done_(std::move(done)) {
    request_.method(bhttp::verb::post);
    request_.target(endpoint_.target);
    request_.version(11);
    request_.set(bhttp::field::host, endpoint_.host + ":" + std::to_string(endpoint_.port));
    request_.set(bhttp::field::user_agent, "crowdledger");
    request_.set(bhttp::field::content_type, "text/plain; charset=utf-8");
    request_.keep_alive(false);
    request_.body() = std::move(body);
    request_.prepare_payload();
    parser_.body_limit(kMaxWitnessAnswerBytes);
  }

  void Start() {
    // The resolver has no deadline of its own: a timer cancels it.
    auto timer = std::make_shared<boost::asio::steady_timer>(resolver_.get_executor(), deadline_);
    timer->async_wait([self = shared_from_this()](boost::system::error_code error) {
      if (!error) self->resolver_.cancel();
    });
    resolver_.async_resolve(
        endpoint_.host, std::to_string(endpoint_.port),
        [self = shared_from_this(), timer](boost::system::error_code error,
                                           const tcp::resolver::results_type& results) {
          timer->cancel();
          self->OnResolve(error, results);
        });
  }

 private:
  void OnResolve(boost::system::error_code error, const tcp::resolver::results_type& results) {
    if (error) return Fail("cannot resolve " + endpoint_.host, error);
    stream_.expires_at(deadline_);
    stream_.async_connect(results, [self = shared_from_this()](beast::error_code connect_error,
                                                               const tcp::endpoint&) {
      self->OnConnect(connect_error);
    });
  }
  void OnConnect(beast::error_code error) {
    if (error) return Fail("cannot connect", error);
    bhttp::async_write(stream_, request_,
                       [self = shared_from_this()](beast::error_code write_error, size_t) {
                         self->OnWrite(write_error);
                       });
  }
  void OnWrite(beast::error_code error) {
    if (error) return Fail("cannot send the request", error);
    bhttp::async_read(stream_, buffer_, parser_,
                      [self = shared_from_this()](beast::error_code read_error, size_t) {
                        self->OnRead(read_error);
                      });
  }
  void OnRead(beast::error_code error) {
    if (error) return Fail("cannot read the answer", error);
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    const auto& response = parser_.get();
    WitnessHttpAnswer answer;
    answer.status = response.result_int();
    auto content_type = response[bhttp::field::content_type];
    answer.content_type.assign(content_type.data(), content_type.size());
    answer.body = response.body();
    done_(std::move(answer));
  }
  void Fail(const std::string& step, beast::error_code error) {
    std::string where = endpoint_.host + ":" + std::to_string(endpoint_.port);
    done_(Status(ErrorCode::IoError, "witness " + where + ": " + step + ": " + error.message()));
  }

  tcp::resolver resolver_;
  beast::tcp_stream stream_;
  WitnessEndpoint endpoint_;
  std::chrono::steady_clock::time_point deadline_;
  WitnessAnswerCallback done_;
  bhttp::request<bhttp::string_body> request_;
  bhttp::response_parser<bhttp::string_body> parser_;
  beast::flat_buffer buffer_{kMaxWitnessAnswerBytes + size_t{16} * 1024};  // and the header
};

}  // namespace

Result<WitnessEndpoint> ParseWitnessUrl(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme)) return BadUrl(url, "only http:// URLs are supported");
  std::string_view rest = url.substr(kScheme.size());
  size_t path_at = rest.find('/');
  std::string_view authority = rest.substr(0, path_at);
  std::string_view path = path_at == std::string_view::npos ? "" : rest.substr(path_at);
  if (path.find_first_of("?# \t") != std::string_view::npos) {
    return BadUrl(url, "no query, fragment or spaces allowed");
  }
  while (path.ends_with('/')) path.remove_suffix(1);
  WitnessEndpoint endpoint;
  std::string_view port;
  if (authority.starts_with('[')) {  // [IPv6]:port
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return BadUrl(url, "unclosed '['");
    endpoint.host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty() && !after.starts_with(':')) return BadUrl(url, "junk after ']'");
    if (!after.empty()) port = after.substr(1);
  } else {
    size_t colon = authority.find(':');
    endpoint.host = authority.substr(0, colon);
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  if (endpoint.host.empty() || endpoint.host.find('@') != std::string::npos) {
    return BadUrl(url, "no host (or user information, which is not supported)");
  }
  if (!port.empty()) {
    unsigned value = 0;
    auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (error != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
      return BadUrl(url, "the port is not a number from 1 to 65535");
    }
    endpoint.port = static_cast<uint16_t>(value);
  }
  endpoint.target = std::string(path) + "/add-checkpoint";
  return endpoint;
}

void PostAddCheckpoint(boost::asio::io_context& io, const WitnessEndpoint& endpoint,
                       std::string body, std::chrono::milliseconds timeout,
                       WitnessAnswerCallback done) {
  std::make_shared<Exchange>(io, endpoint, std::move(body), timeout, std::move(done))->Start();
}

}  // namespace crowdledger::api
