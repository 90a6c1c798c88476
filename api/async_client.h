// AsyncClient: an asynchronous client of the binary API (docs/protocol.md) on a caller's
// boost::asio::io_context, so that one thread can drive many connections.
//
//   boost::asio::io_context io;
//   auto client = api::AsyncClient::Create(io);
//   client->Connect("127.0.0.1", 7411, [](Status connected) { ... });
//   client->Submit(signed_tx, [](Result<api::ResponseFrame> answer) { ... });
//   io.run();
//
// Requests are pipelined: each gets the next request id, is written as soon as the socket
// is free (queued frames go out together in one write), and its answer is matched by id, in
// whatever order the server sends them. Requests may be made before the connection is up;
// they are written once it is.
//
// Bounds (nothing grows without limit):
//  - at most `max_in_flight` requests are pending (written or waiting to be written, and not
//    yet answered). A request beyond that is not queued: its callback gets `Busy` (400) at
//    once, and nothing is sent. A caller that keeps at most `max_in_flight` requests
//    outstanding (for example by sending the next one from a callback) never sees it;
//  - a request frame larger than `max_request_bytes` gets `LimitExceeded` (102), unsent;
//  - the read buffer is `kReadChunkBytes`; a response frame announced larger than
//    `max_response_bytes` (or empty) is a connection error (`LimitExceeded`).
//
// Every response frame passes VerifyResponse before it is used. Each callback receives
// exactly one Result<ResponseFrame>: the server's answer (whose code may be a refusal; see
// ResponseFrame::status), or an error of the connection. A connection error (connect or
// resolve failure, a read or write failure, the server closing the connection, a frame that
// fails verification or its size limit, a connection-level error frame with request id 0,
// an answer to an id that is not pending) or Close() fails every pending callback once with
// that error; the connection is then closed for good, and later requests fail at once with
// the same error. A refused transaction may be resubmitted with the same bytes (the ledger
// applies it at most once; docs/protocol.md).
//
// Subscriptions (SubscribeQuery, many answers to one id) are not supported: the second frame
// of a stream is an answer to an id no longer pending and closes the connection. Use
// api::Client::SendQuery and ReadResponse for streams.
//
// Thread-safety: every method may be called from any thread; the work runs on the client's
// strand (see executor()), so the io_context may be run by several threads. Callbacks run on
// that strand, never inside the call that made the request, and may make new requests. A
// callback runs only while the io_context runs: destroying or stopping the io_context with
// requests pending discards their callbacks uncalled. The client stays alive while it has
// work on the io_context, so the caller may drop its shared_ptr after Close().
#pragma once

#include <array>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "api/asio.h"
#include "api/client.h"
#include "api/frame_buffer.h"

namespace crowdledger::api {

struct AsyncClientOptions {
  // Pending requests per connection; the server's default --max-in-flight is 256.
  size_t max_in_flight = 256;
  // The largest request frame body sent (the server's default --max-frame-bytes).
  uint32_t max_request_bytes = 4 * 1024 * 1024;
  // The largest response frame body accepted.
  uint32_t max_response_bytes = kMaxResponseFrameBytes;
};

class AsyncClient : public std::enable_shared_from_this<AsyncClient> {
 public:
  using Callback = std::function<void(Result<ResponseFrame>)>;
  using ConnectCallback = std::function<void(Status)>;
  using Strand = boost::asio::strand<boost::asio::io_context::executor_type>;
  static constexpr size_t kReadChunkBytes = size_t{64} * 1024;

  static std::shared_ptr<AsyncClient> Create(boost::asio::io_context& io,
                                             AsyncClientOptions options = {});
  AsyncClient(const AsyncClient&) = delete;
  AsyncClient& operator=(const AsyncClient&) = delete;
  ~AsyncClient();

  // Resolves and connects; `done` gets Ok once connected, or the error (which also fails
  // every request made so far). Call once.
  void Connect(const std::string& host, uint16_t port, ConnectCallback done);

  // Sends a signed transaction; `done` gets its answer (a SubmitResult, or a refusal).
  void Submit(SignedTransaction transaction, Callback done);
  // Builds the query body with `add_body` and signs the query as `party`/`key_id` with the
  // current time and a fresh nonce, on the calling thread (`key` and `add_body` are not kept);
  // `done` gets its answer.
  void Query(const std::string& party, uint32_t key_id, const Ed25519PrivateKey& key,
             const BodyAdder& add_body, Callback done);

  // Closes the connection: every pending callback gets IoError ("closed by the client");
  // answers not yet read are lost (a transaction may still have been applied). Idempotent.
  void Close();

  // The strand every callback runs on: post here to touch state the callbacks share.
  const Strand& executor() const { return strand_; }

 private:
  AsyncClient(boost::asio::io_context& io, AsyncClientOptions options);

  // All below run on strand_.
  void Resolve(const std::string& host, uint16_t port, ConnectCallback done);
  void ConnectTo(const boost::asio::ip::tcp::resolver::results_type& endpoints,
                 const std::string& where, ConnectCallback done);
  void Send(schema::PayloadKind kind, std::string_view payload, std::string_view signature,
            Callback done);
  void Write();
  void Read();
  void OnRead(size_t bytes);
  void ReadLargeFrame(std::vector<uint64_t> storage, uint32_t length, size_t have);
  void Deliver(std::vector<uint64_t> storage, uint32_t length);
  void Fail(const Status& error);

  AsyncClientOptions options_;
  Strand strand_;
  boost::asio::ip::tcp::resolver resolver_;
  boost::asio::ip::tcp::socket socket_;
  bool connected_ = false;
  bool connect_started_ = false;
  Status failure_;  // not ok once the connection is closed for good
  uint64_t next_request_id_ = 1;
  std::unordered_map<uint64_t, Callback> pending_;
  std::deque<std::string> outbox_;    // frames waiting to be written
  std::vector<std::string> writing_;  // frames of the write in progress
  FrameBuffer read_buffer_;           // kReadChunkBytes
};

}  // namespace crowdledger::api
