// AsyncClient: pipelined frame I/O over one TCP connection on a caller's io_context.
#include "api/async_client.h"

#include <optional>
#include <span>

namespace crowdledger::api {

using boost::asio::ip::tcp;

std::shared_ptr<AsyncClient> AsyncClient::Create(boost::asio::io_context& io,
                                                 AsyncClientOptions options) {
  return std::shared_ptr<AsyncClient>(new AsyncClient(io, options));
}

AsyncClient::AsyncClient(boost::asio::io_context& io, AsyncClientOptions options)
    : options_(options),
      strand_(boost::asio::make_strand(io)),
      resolver_(strand_),
      socket_(strand_),
      read_buffer_(kReadChunkBytes) {}

AsyncClient::~AsyncClient() = default;

void AsyncClient::Connect(const std::string& host, uint16_t port, ConnectCallback done) {
  boost::asio::post(strand_,
                    [self = shared_from_this(), host, port, done = std::move(done)]() mutable {
                      self->Resolve(host, port, std::move(done));
                    });
}

void AsyncClient::Resolve(const std::string& host, uint16_t port, ConnectCallback done) {
  if (connect_started_) {
    return done(Status(ErrorCode::UsageError, "AsyncClient::Connect called twice"));
  }
  connect_started_ = true;
  if (!failure_.ok()) return done(failure_);
  resolver_.async_resolve(
      host, std::to_string(port),
      boost::asio::bind_executor(
          strand_, [self = shared_from_this(), where = host + ":" + std::to_string(port),
                    done = std::move(done)](boost::system::error_code error,
                                            const tcp::resolver::results_type& endpoints) mutable {
            if (error && self->failure_.ok()) {
              self->Fail(
                  Status(ErrorCode::IoError, "cannot resolve " + where + ": " + error.message()));
            }
            if (!self->failure_.ok()) return done(self->failure_);
            self->ConnectTo(endpoints, where, std::move(done));
          }));
}

void AsyncClient::ConnectTo(const tcp::resolver::results_type& endpoints, const std::string& where,
                            ConnectCallback done) {
  boost::asio::async_connect(
      socket_, endpoints,
      boost::asio::bind_executor(
          strand_, [self = shared_from_this(), where, done = std::move(done)](
                       boost::system::error_code error, const tcp::endpoint&) {
            if (error && self->failure_.ok()) {
              self->Fail(Status(ErrorCode::IoError,
                                "cannot connect to " + where + ": " + error.message()));
            }
            if (!self->failure_.ok()) return done(self->failure_);
            boost::system::error_code ignored;
            self->socket_.set_option(tcp::no_delay(true), ignored);
            self->connected_ = true;
            done(Status::Ok());
            self->Read();
            self->Write();
          }));
}

void AsyncClient::Submit(SignedTransaction transaction, Callback done) {
  boost::asio::post(strand_, [self = shared_from_this(), transaction = std::move(transaction),
                              done = std::move(done)]() mutable {
    self->Send(schema::PayloadKind::Transaction, transaction.bytes, transaction.signature,
               std::move(done));
  });
}

void AsyncClient::Query(const std::string& party, uint32_t key_id, const Ed25519PrivateKey& key,
                        const BodyAdder& add_body, Callback done) {
  auto query = BuildSignedQuery(party, key_id, key, add_body);
  boost::asio::post(strand_, [self = shared_from_this(), query = std::move(query),
                              done = std::move(done)]() mutable {
    if (!query.ok()) return done(query.status());
    self->Send(schema::PayloadKind::Query, query->payload, query->signature, std::move(done));
  });
}

void AsyncClient::Close() {
  boost::asio::post(strand_, [self = shared_from_this()] {
    self->Fail(Status(ErrorCode::IoError, "connection closed by the client"));
  });
}

void AsyncClient::Send(schema::PayloadKind kind, std::string_view payload,
                       std::string_view signature, Callback done) {
  if (!failure_.ok()) return done(failure_);
  if (pending_.size() >= options_.max_in_flight) {
    return done(Status(ErrorCode::Busy, std::to_string(pending_.size()) +
                                            " requests in flight on this connection; the "
                                            "limit is " +
                                            std::to_string(options_.max_in_flight)));
  }
  uint64_t id = next_request_id_++;
  std::string body = BuildRequest(id, kind, payload, signature);
  if (body.size() > options_.max_request_bytes) {
    return done(Status(ErrorCode::LimitExceeded, "request of " + std::to_string(body.size()) +
                                                     " bytes; the limit is " +
                                                     std::to_string(options_.max_request_bytes)));
  }
  pending_.emplace(id, std::move(done));
  outbox_.push_back(EncodeFrame(body));
  Write();
}

void AsyncClient::Write() {
  if (!connected_ || !failure_.ok() || !writing_.empty() || outbox_.empty()) return;
  std::vector<boost::asio::const_buffer> buffers;
  buffers.reserve(outbox_.size());
  writing_.reserve(outbox_.size());
  while (!outbox_.empty()) {
    writing_.push_back(std::move(outbox_.front()));
    outbox_.pop_front();
    buffers.emplace_back(writing_.back().data(), writing_.back().size());
  }
  boost::asio::async_write(
      socket_, buffers,
      boost::asio::bind_executor(
          strand_, [self = shared_from_this()](boost::system::error_code error, size_t) {
            if (!self->failure_.ok()) return;
            if (error) {
              return self->Fail(Status(ErrorCode::IoError, "send failed: " + error.message()));
            }
            self->writing_.clear();
            self->Write();
          }));
}

void AsyncClient::Read() {
  if (!failure_.ok()) return;
  std::span<char> space = read_buffer_.Space();
  socket_.async_read_some(
      boost::asio::buffer(space.data(), space.size()),
      boost::asio::bind_executor(
          strand_, [self = shared_from_this()](boost::system::error_code error, size_t bytes) {
            if (!self->failure_.ok()) return;
            if (error) {
              return self->Fail(
                  Status(ErrorCode::IoError, error == boost::asio::error::eof
                                                 ? std::string("the server closed the connection")
                                                 : "receive failed: " + error.message()));
            }
            self->OnRead(bytes);
          }));
}

// Delivers every whole frame in the buffer; a frame larger than the buffer is read on into
// its own storage.
void AsyncClient::OnRead(size_t bytes) {
  read_buffer_.Filled(bytes);
  while (failure_.ok()) {
    std::optional<uint32_t> length = read_buffer_.NextLength();
    if (!length) break;
    if (*length == 0 || *length > options_.max_response_bytes) {
      return Fail(Status(ErrorCode::LimitExceeded,
                         "response frame of " + std::to_string(*length) + " bytes; the limit is " +
                             std::to_string(options_.max_response_bytes)));
    }
    if (read_buffer_.Awaits(*length)) break;  // read on
    std::vector<uint64_t> storage;
    size_t have = read_buffer_.Take(*length, storage);
    if (have < *length) return ReadLargeFrame(std::move(storage), *length, have);
    Deliver(std::move(storage), *length);
  }
  Read();
}

void AsyncClient::ReadLargeFrame(std::vector<uint64_t> storage, uint32_t length, size_t have) {
  auto* data = reinterpret_cast<char*>(storage.data());
  auto buffer = boost::asio::buffer(data + have, length - have);
  boost::asio::async_read(
      socket_, buffer,
      boost::asio::bind_executor(
          strand_, [self = shared_from_this(), storage = std::move(storage), length](
                       boost::system::error_code error, size_t) mutable {
            if (!self->failure_.ok()) return;
            if (error) {
              return self->Fail(Status(ErrorCode::IoError, "receive failed: " + error.message()));
            }
            self->Deliver(std::move(storage), length);
            self->Read();
          }));
}

void AsyncClient::Deliver(std::vector<uint64_t> storage, uint32_t length) {
  ResponseFrame frame;
  frame.storage = std::move(storage);
  auto response =
      VerifyResponse(std::string_view(reinterpret_cast<const char*>(frame.storage.data()), length));
  if (!response.ok()) return Fail(response.status());
  frame.response = *response;
  uint64_t id = frame.response->request_id();
  if (id == 0) {  // a connection-level error: the server closes the connection
    Status status = frame.status();
    return Fail(status.ok() ? Status(ErrorCode::Malformed, "an answer with request id 0")
                            : status.WithContext("the server closed the connection"));
  }
  auto pending = pending_.find(id);
  if (pending == pending_.end()) {
    return Fail(Status(ErrorCode::Malformed,
                       "an answer to request " + std::to_string(id) + ", which is not pending"));
  }
  Callback done = std::move(pending->second);
  pending_.erase(pending);
  done(std::move(frame));
}

void AsyncClient::Fail(const Status& error) {
  if (!failure_.ok()) return;
  failure_ = error;
  boost::system::error_code ignored;
  resolver_.cancel();
  socket_.shutdown(tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  outbox_.clear();
  // writing_ stays until its write completes: the socket may still refer to it.
  auto pending = std::move(pending_);
  pending_.clear();
  for (auto& [id, done] : pending) done(failure_);
}

}  // namespace crowdledger::api
