// Client: blocking frame I/O over one TCP or TLS connection.
#include "api/client.h"

#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <chrono>

#include "api/tls.h"
#include "crypto/wall_clock.h"

namespace crowdledger::api {

using boost::asio::ip::tcp;

namespace {

// SSL_set_tlsext_host_name without its macro's C cast (OpenSSL copies the name).
bool SetServerNameIndication(SSL* ssl, const std::string& host) {
  return SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                  const_cast<char*>(host.c_str())) == 1;
}

// The client's side of the handshake: the certificate must name `host`, as an IP address or
// as a DNS name (also sent as the server name indication). It must finish within `timeout`:
// a server that does not speak TLS may wait for more bytes and answer nothing.
Status TlsHandshake(boost::asio::io_context& io, Stream& stream, const std::string& host,
                    const std::string& where, std::chrono::milliseconds timeout) {
  SSL* ssl = stream.tls_socket().native_handle();
  boost::system::error_code error;
  boost::asio::ip::make_address(host, error);
  bool ok = false;
  if (!error) {
    ok = X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str()) == 1;
  } else {
    SSL_set_hostflags(ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    ok = SSL_set1_host(ssl, host.c_str()) == 1 && SetServerNameIndication(ssl, host);
  }
  if (!ok) return Status(ErrorCode::UsageError, "cannot check a TLS certificate for " + host);
  bool done = false;
  stream.tls_socket().async_handshake(boost::asio::ssl::stream_base::client,
                                      [&](boost::system::error_code result) {
                                        error = result;
                                        done = true;
                                      });
  io.restart();
  io.run_for(timeout);
  if (!done) {
    stream.socket().close(error);
    io.restart();
    io.run();  // the handshake ends, aborted
    return Status(ErrorCode::IoError, "TLS handshake with " + where + " timed out after " +
                                          std::to_string(timeout.count()) + " ms");
  }
  if (error) {
    std::string reason = error.message();
    long verify = SSL_get_verify_result(ssl);
    if (verify != X509_V_OK) {
      reason += std::string(" (") + X509_verify_cert_error_string(verify) + ")";
    }
    return Status(ErrorCode::IoError, "TLS handshake with " + where + " failed: " + reason);
  }
  return Status::Ok();
}

}  // namespace

Status ResponseFrame::status() const {
  if (response->code() == ErrorCode::Ok) return Status::Ok();
  const auto* message = response->message();
  return Status(response->code(), message ? message->str() : std::string());
}

std::string BuildRequest(uint64_t request_id, schema::PayloadKind kind, std::string_view payload,
                         std::string_view signature) {
  flatbuffers::FlatBufferBuilder builder(payload.size() + 256);
  auto payload_vector =
      builder.CreateVector(reinterpret_cast<const uint8_t*>(payload.data()), payload.size());
  auto signature_vector =
      builder.CreateVector(reinterpret_cast<const uint8_t*>(signature.data()), signature.size());
  builder.Finish(schema::CreateRequest(builder, request_id, kind, payload_vector, signature_vector),
                 schema::RequestIdentifier());
  return std::string(reinterpret_cast<const char*>(builder.GetBufferPointer()), builder.GetSize());
}

Client::Client() = default;
Client::~Client() = default;

Result<std::unique_ptr<Client>> Client::Connect(const std::string& host, uint16_t port,
                                                const ClientTlsOptions& tls) {
  auto client = std::unique_ptr<Client>(new Client());
  if (tls.enabled()) {
    ASSIGN_OR_RETURN(client->tls_, MakeClientTlsContext(tls.ca_file));
  }
  std::string where = host + ":" + std::to_string(port);
  boost::system::error_code error;
  tcp::socket socket(client->io_);
  tcp::resolver resolver(client->io_);
  auto endpoints = resolver.resolve(host, std::to_string(port), error);
  if (!error) boost::asio::connect(socket, endpoints, error);
  if (error) {
    return Status(ErrorCode::IoError, "cannot connect to " + where + ": " + error.message());
  }
  socket.set_option(tcp::no_delay(true), error);
  client->stream_ = std::make_unique<Stream>(std::move(socket), client->tls_.get());
  if (client->tls_) {
    RETURN_IF_ERROR(
        TlsHandshake(client->io_, *client->stream_, host, where, tls.handshake_timeout));
  }
  return client;
}

Status Client::SendRaw(std::string_view bytes) {
  boost::system::error_code error;
  boost::asio::write(*stream_, boost::asio::buffer(bytes.data(), bytes.size()), error);
  if (error) return Status(ErrorCode::IoError, "send failed: " + error.message());
  return Status::Ok();
}

Result<ResponseFrame> Client::ReadResponse() {
  std::array<uint8_t, kFrameHeaderBytes> header{};
  boost::system::error_code error;
  boost::asio::read(*stream_, boost::asio::buffer(header), error);
  if (error) return Status(ErrorCode::IoError, "receive failed: " + error.message());
  uint32_t length = DecodeFrameLength(header.data());
  if (length == 0 || length > kMaxResponseFrameBytes) {
    return Status(ErrorCode::LimitExceeded, "response frame of " + std::to_string(length) +
                                                " bytes; the limit is " +
                                                std::to_string(kMaxResponseFrameBytes));
  }
  ResponseFrame frame;
  frame.storage.resize((length + 7) / 8);
  boost::asio::read(*stream_, boost::asio::buffer(frame.storage.data(), length), error);
  if (error) return Status(ErrorCode::IoError, "receive failed: " + error.message());
  ASSIGN_OR_RETURN(frame.response,
                   VerifyResponse(std::string_view(
                       reinterpret_cast<const char*>(frame.storage.data()), length)));
  return frame;
}

Result<ResponseFrame> Client::WaitFor(uint64_t request_id) {
  while (true) {
    ASSIGN_OR_RETURN(ResponseFrame frame, ReadResponse());
    // A synchronous caller has one request in flight; an id of 0 is a connection-level error.
    if (frame.response->request_id() == request_id || frame.response->request_id() == 0) {
      return frame;
    }
  }
}

Result<ResponseFrame> Client::Call(std::string_view request, uint64_t request_id) {
  RETURN_IF_ERROR(SendRaw(EncodeFrame(request)));
  return WaitFor(request_id);
}

Result<ResponseFrame> Client::Submit(const SignedTransaction& transaction) {
  uint64_t id = next_request_id_++;
  return Call(
      BuildRequest(id, schema::PayloadKind::Transaction, transaction.bytes, transaction.signature),
      id);
}

Result<SignedQuery> BuildSignedQuery(const std::string& party, uint32_t key_id,
                                     const Ed25519PrivateKey& key, const BodyAdder& add_body) {
  flatbuffers::FlatBufferBuilder builder(256);
  auto [kind, body] = add_body(builder);
  uint64_t nonce = 0;
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&nonce), sizeof(nonce)) != 1) {
    return Status(ErrorCode::IoError, "no random nonce available");
  }
  int64_t now = WallClockMicros();
  builder.Finish(
      schema::CreateQuery(builder, builder.CreateString(party), key_id, now, nonce, kind, body),
      schema::QueryIdentifier());
  SignedQuery query;
  query.payload.assign(reinterpret_cast<const char*>(builder.GetBufferPointer()),
                       builder.GetSize());
  query.signature = std::string(AsText(key.Sign(AsBytes(query.payload))));
  return query;
}

Result<uint64_t> Client::SendQuery(const std::string& party, uint32_t key_id,
                                   const Ed25519PrivateKey& key, const BodyAdder& add_body) {
  ASSIGN_OR_RETURN(SignedQuery query, BuildSignedQuery(party, key_id, key, add_body));
  uint64_t id = next_request_id_++;
  RETURN_IF_ERROR(SendRaw(
      EncodeFrame(BuildRequest(id, schema::PayloadKind::Query, query.payload, query.signature))));
  return id;
}

Result<ResponseFrame> Client::Query(const std::string& party, uint32_t key_id,
                                    const Ed25519PrivateKey& key, const BodyAdder& add_body) {
  ASSIGN_OR_RETURN(uint64_t id, SendQuery(party, key_id, key, add_body));
  return WaitFor(id);
}

}  // namespace crowdledger::api
