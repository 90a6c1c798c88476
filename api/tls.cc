// TLS: the server's and the client's OpenSSL contexts, and the plain-or-TLS stream.
#include "api/tls.h"

#include <openssl/ssl.h>

#include <fstream>

namespace crowdledger::api {
namespace {

namespace ssl = boost::asio::ssl;

// TLS 1.2 at least (1.3 whenever the peer offers it), no renegotiation, and for TLS 1.2
// forward-secret AEAD suites only. Private keys are never read interactively: a key file
// with a passphrase is refused instead of prompting on the terminal.
Status Harden(TlsContext& tls) {
  SSL_CTX* context = tls.context.native_handle();
  if (SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_cipher_list(context, "ECDHE+AESGCM:ECDHE+CHACHA20") != 1) {
    return Status(ErrorCode::IoError, "OpenSSL refused the TLS settings");
  }
  tls.context.set_options(ssl::context::default_workarounds | ssl::context::no_compression);
  SSL_CTX_set_options(context, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  tls.context.set_password_callback(
      [](size_t, ssl::context::password_purpose) { return std::string(); });
  return Status::Ok();
}

Status CheckReadable(const std::string& path, const char* what) {
  if (path.empty()) return Status(ErrorCode::UsageError, std::string("no ") + what + " given");
  std::ifstream file(path, std::ios::binary);
  if (!file) return Status(ErrorCode::UsageError, "cannot read " + std::string(what) + " " + path);
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<TlsContext>> MakeServerTlsContext(const std::string& certificate_chain_file,
                                                         const std::string& private_key_file) {
  RETURN_IF_ERROR(CheckReadable(certificate_chain_file, "TLS certificate chain file"));
  RETURN_IF_ERROR(CheckReadable(private_key_file, "TLS private key file"));
  auto tls = std::make_unique<TlsContext>(ssl::context::tls_server);
  RETURN_IF_ERROR(Harden(*tls));
  boost::system::error_code error;
  tls->context.use_certificate_chain_file(certificate_chain_file, error);
  if (error) {
    return Status(ErrorCode::UsageError, "cannot use " + certificate_chain_file +
                                             " as a TLS certificate chain: " + error.message());
  }
  tls->context.use_private_key_file(private_key_file, ssl::context::pem, error);
  if (error || SSL_CTX_check_private_key(tls->context.native_handle()) != 1) {
    return Status(ErrorCode::UsageError,
                  "cannot use " + private_key_file + " as the private key of the certificate in " +
                      certificate_chain_file +
                      (error ? ": " + error.message() : std::string(": they do not match")));
  }
  return tls;
}

Result<std::unique_ptr<TlsContext>> MakeClientTlsContext(const std::string& ca_file) {
  RETURN_IF_ERROR(CheckReadable(ca_file, "TLS CA file"));
  auto tls = std::make_unique<TlsContext>(ssl::context::tls_client);
  RETURN_IF_ERROR(Harden(*tls));
  boost::system::error_code error;
  tls->context.load_verify_file(ca_file, error);
  if (error) {
    return Status(ErrorCode::UsageError,
                  "cannot use " + ca_file + " as TLS certificate authorities: " + error.message());
  }
  tls->context.set_verify_mode(ssl::verify_peer);
  return tls;
}

namespace {

std::variant<Stream::Socket, Stream::TlsSocket> MakeStream(Stream::Socket socket, TlsContext* tls) {
  if (tls == nullptr) {
    return std::variant<Stream::Socket, Stream::TlsSocket>(std::in_place_index<0>,
                                                           std::move(socket));
  }
  return std::variant<Stream::Socket, Stream::TlsSocket>(std::in_place_index<1>, std::move(socket),
                                                         tls->context);
}

}  // namespace

Stream::Stream(Socket socket, TlsContext* tls) : stream_(MakeStream(std::move(socket), tls)) {}

}  // namespace crowdledger::api
