// TLS for the binary API (OpenSSL 3 through Boost.Asio's ssl): the contexts of the server
// (its certificate chain and private key) and of the client (the authorities it trusts), and
// Stream, the byte stream of one connection, TCP or TLS over TCP. The server's connections
// and the client read and write through a Stream, so framing, limits, pipelining and
// shutdown are one code for both. TLS 1.2 at least; 1.3 is negotiated whenever the peer
// offers it (OpenSSL picks the highest version both support).
// Thread-safety: a Stream, like a socket, is used by one thread or strand at a time; a
// TlsContext is read-only once made and shared by every connection.
#pragma once

#include <memory>
#include <string>
#include <variant>

#include "api/asio.h"
#include "crypto/status.h"
// After api/asio.h, which must come before any Boost.Asio header (see there).
// clang-format off
#include <boost/asio/ssl.hpp>
// clang-format on

namespace crowdledger::api {

struct TlsContext {
  explicit TlsContext(boost::asio::ssl::context::method method) : context(method) {}
  boost::asio::ssl::context context;
};

// The server's context: the PEM certificate chain (its certificate first, then any
// intermediates) and the PEM private key, which must match. UsageError naming the file that
// cannot be read or used.
Result<std::unique_ptr<TlsContext>> MakeServerTlsContext(const std::string& certificate_chain_file,
                                                         const std::string& private_key_file);
// A client's context: it accepts only a server certificate that chains to an authority in
// the PEM file `ca_file`. UsageError if the file cannot be read or holds no certificate.
Result<std::unique_ptr<TlsContext>> MakeClientTlsContext(const std::string& ca_file);

// A connected TCP socket, plain or carrying TLS. It meets Asio's stream requirements
// (read_some, write_some and their async forms), so asio::read, asio::write and
// asio::async_read/async_write take it as they take a socket.
class Stream {
 public:
  using Socket = boost::asio::ip::tcp::socket;
  using TlsSocket = boost::asio::ssl::stream<Socket>;
  using executor_type = Socket::executor_type;

  // `tls` null: plain TCP. Otherwise TLS with that context, which must outlive the stream;
  // the handshake is the caller's (tls_socket().handshake or async_handshake).
  Stream(Socket socket, TlsContext* tls);

  bool tls() const { return std::holds_alternative<TlsSocket>(stream_); }
  TlsSocket& tls_socket() { return std::get<TlsSocket>(stream_); }
  // The TCP socket underneath: options, shutdown and close.
  Socket::lowest_layer_type& socket() {
    return std::visit(
        [](auto& stream) -> Socket::lowest_layer_type& { return stream.lowest_layer(); }, stream_);
  }
  executor_type get_executor() { return socket().get_executor(); }

  template <typename Buffers>
  size_t read_some(const Buffers& buffers, boost::system::error_code& error) {
    return std::visit([&](auto& stream) { return stream.read_some(buffers, error); }, stream_);
  }
  template <typename Buffers>
  size_t write_some(const Buffers& buffers, boost::system::error_code& error) {
    return std::visit([&](auto& stream) { return stream.write_some(buffers, error); }, stream_);
  }
  template <typename Buffers, typename Handler>
  void async_read_some(const Buffers& buffers, Handler&& handler) {
    std::visit(
        [&](auto& stream) { stream.async_read_some(buffers, std::forward<Handler>(handler)); },
        stream_);
  }
  template <typename Buffers, typename Handler>
  void async_write_some(const Buffers& buffers, Handler&& handler) {
    std::visit(
        [&](auto& stream) { stream.async_write_some(buffers, std::forward<Handler>(handler)); },
        stream_);
  }

 private:
  std::variant<Socket, TlsSocket> stream_;
};

}  // namespace crowdledger::api
