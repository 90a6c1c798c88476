// Client: a synchronous client of the binary API, for the CLI, tests and tools. Queries are
// signed with the caller's key, with the current time and a fresh random nonce. Plain TCP by
// default; TLS when given the authorities to trust (ClientTlsOptions).
// Thread-safety: one thread per Client.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include "api/asio.h"
#include "api/wire.h"
#include "crypto/ed25519.h"
#include "ledger/entry_format.h"

namespace crowdledger::api {

// A response frame, 8-byte aligned, with its verified root.
struct ResponseFrame {
  std::vector<uint64_t> storage;
  const schema::Response* response = nullptr;
  Status status() const;  // the response's code and message as a Status
};

// Builds a query body (its kind and offset) in the given builder.
using BodyAdder = std::function<std::pair<schema::QueryBody, flatbuffers::Offset<void>>(
    flatbuffers::FlatBufferBuilder&)>;

// A query payload ("CLQY") signed as `party`/`key_id`, with the current time and a fresh
// random nonce.
struct SignedQuery {
  std::string payload;
  std::string signature;
};
Result<SignedQuery> BuildSignedQuery(const std::string& party, uint32_t key_id,
                                     const Ed25519PrivateKey& key, const BodyAdder& add_body);

class Stream;
struct TlsContext;

struct ClientTlsOptions {
  // PEM: the certificate authorities trusted to sign the server's certificate. Empty: plain
  // TCP.
  std::string ca_file;
  // The handshake must finish within this, or Connect fails (a server that does not speak
  // TLS may wait for more bytes and answer nothing).
  std::chrono::milliseconds handshake_timeout{10'000};
  bool enabled() const { return !ca_file.empty(); }
};

class Client {
 public:
  // Connects over TCP, or with TLS when `tls` names a CA file: the handshake then accepts
  // only a certificate that chains to those authorities and names `host` (a DNS name or an
  // IP address in its subjectAltName). UsageError for an unusable CA file, IoError if the
  // connection or the handshake fails.
  static Result<std::unique_ptr<Client>> Connect(const std::string& host, uint16_t port,
                                                 const ClientTlsOptions& tls = {});
  ~Client();

  // Sends one request frame body and waits for the response with the same id.
  Result<ResponseFrame> Call(std::string_view request, uint64_t request_id);
  Result<ResponseFrame> Submit(const SignedTransaction& transaction);
  // Builds the query body with `add_body`, signs the query as `party`/`key_id` and sends it.
  using BodyAdder = api::BodyAdder;
  Result<ResponseFrame> Query(const std::string& party, uint32_t key_id,
                              const Ed25519PrivateKey& key, const BodyAdder& add_body);
  // Sends a signed query without waiting (a subscription's frames follow with ReadResponse);
  // returns its request id.
  Result<uint64_t> SendQuery(const std::string& party, uint32_t key_id,
                             const Ed25519PrivateKey& key, const BodyAdder& add_body);
  // Reads responses until the one for `request_id` (or a connection-level error, id 0).
  Result<ResponseFrame> WaitFor(uint64_t request_id);

  // Sends raw bytes (tests of hostile input).
  Status SendRaw(std::string_view bytes);
  Result<ResponseFrame> ReadResponse();

 private:
  Client();
  boost::asio::io_context io_;
  std::unique_ptr<TlsContext> tls_;  // null: plain TCP
  std::unique_ptr<Stream> stream_;
  uint64_t next_request_id_ = 1;
};

// A request frame body carrying `payload` of `kind`, signed with `signature`.
std::string BuildRequest(uint64_t request_id, schema::PayloadKind kind, std::string_view payload,
                         std::string_view signature);

}  // namespace crowdledger::api
