// Server: accept loop, the TLS handshake, and the per-connection frame reader and writer
// (one code over a plain or a TLS stream).
#include "api/server.h"

#include <algorithm>
#include <deque>
#include <optional>
#include <span>
#include <vector>

#include "api/frame_buffer.h"
#include "api/tls.h"
#include "ledger/thread_name.h"

namespace crowdledger::api {

using boost::asio::ip::tcp;

using WorkGuard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;

class Server::Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, Server& server)
      : stream_(std::move(socket), server.tls_.get()),
        strand_(boost::asio::make_strand(server.io_)),
        idle_(strand_),
        server_(server),
        connections_(server.connections_) {}
  ~Connection() { --*connections_; }

  void Start() {
    boost::asio::dispatch(strand_, [self = shared_from_this()] {
      if (!self->stream_.tls()) {
        self->ArmIdleTimer();
        return self->TakeFrames();
      }
      self->Handshake();
    });
  }

  // Stops reading; answers what was read, then closes (at the latest after the timeout).
  void Drain() {
    boost::asio::post(strand_, [self = shared_from_this()] {
      // Already closed (its client left, or it timed out) but not yet destroyed: arming the
      // drain timer would keep the io running for the whole drain timeout.
      if (self->closed_) return;
      self->draining_ = true;
      boost::system::error_code ignored;
      self->stream_.socket().shutdown(tcp::socket::shutdown_receive, ignored);
      self->idle_.expires_after(self->server_.options_.drain_timeout);
      self->idle_.async_wait([self](boost::system::error_code error) {
        if (!error) self->Close();
      });
      self->CloseIfDrained();
    });
  }

 private:
  void CloseIfDrained() {
    if (draining_ && in_flight_ == 0 && outbox_.empty() && !writing_) Close();
  }

  void ArmIdleTimer() {
    ArmIdleTimer(std::chrono::steady_clock::now() + server_.options_.idle_timeout);
  }
  void ArmIdleTimer(std::chrono::steady_clock::time_point deadline) {
    if (draining_) return;
    idle_.expires_at(deadline);
    idle_.async_wait([self = shared_from_this()](boost::system::error_code error) {
      if (error) return;  // re-armed by activity, or closed
      // A connection whose request the ledger is still working on (a large transaction or a
      // report on a loaded machine; a subscription waiting for entries) is not idle, unless
      // answers wait on a client that does not read them.
      if (self->in_flight_ > 0 && self->outbox_.empty()) return self->ArmIdleTimer();
      self->Close();
    });
  }

  // TLS: the handshake comes first, under the idle timer set to the handshake timeout (at
  // most the idle timeout); then the first frame is due within the idle timeout counted from
  // the accept. A failed or timed-out handshake closes this connection only.
  void Handshake() {
    auto accepted = std::chrono::steady_clock::now();
    const ServerOptions& options = server_.options_;
    ArmIdleTimer(accepted + std::min(options.tls.handshake_timeout, options.idle_timeout));
    stream_.tls_socket().async_handshake(
        boost::asio::ssl::stream_base::server,
        boost::asio::bind_executor(
            strand_, [self = shared_from_this(), accepted](boost::system::error_code error) {
              if (error || self->closed_) return self->Close();
              if (self->draining_) return self->CloseIfDrained();
              self->ArmIdleTimer(accepted + self->server_.options_.idle_timeout);
              self->TakeFrames();
            }));
  }

  // Reads what the client has sent into read_buffer_: a client that pipelines sends several
  // frames per read, one system call for them all instead of two per frame.
  void ReadMore() {
    std::span<char> space = read_buffer_.Space();
    stream_.async_read_some(
        boost::asio::buffer(space.data(), space.size()),
        boost::asio::bind_executor(
            strand_, [self = shared_from_this()](boost::system::error_code error, size_t bytes) {
              if (error) return self->OnReadEnded();
              self->read_buffer_.Filled(bytes);
              self->TakeFrames();
            }));
  }

  // Handles each whole frame in the buffer, then reads on; stops reading at the request limit
  // (ResumeReadingIfPaused comes back here) and after an error that closes the connection.
  // Only a complete header or a complete frame counts as activity for the idle timer: bytes
  // trickled one at a time do not keep a connection open.
  void TakeFrames() {
    while (true) {
      if (draining_ || closing_ || closed_) return;
      if (AtRequestLimit()) {
        paused_ = true;
        return;
      }
      std::optional<uint32_t> length = read_buffer_.NextLength();
      if (!length) break;
      if (!header_seen_) {
        header_seen_ = true;
        ArmIdleTimer();
      }
      if (*length == 0 || *length > server_.options_.max_frame_bytes) {
        return SendAndClose(ErrorResponse(
            0, Status(ErrorCode::LimitExceeded,
                      "frame of " + std::to_string(*length) + " bytes; the limit is " +
                          std::to_string(server_.options_.max_frame_bytes))));
      }
      if (read_buffer_.Awaits(*length)) break;  // the rest of it is still to come
      size_t have = read_buffer_.Take(*length, body_);
      if (have < *length) return ReadLargeFrame(*length, have);
      OnFrame(*length);
    }
    ReadMore();
  }

  // A frame larger than the read buffer, of which `have` bytes are in body_, is read on there.
  void ReadLargeFrame(uint32_t length, size_t have) {
    auto* data = reinterpret_cast<char*>(body_.data());
    boost::asio::async_read(
        stream_, boost::asio::buffer(data + have, length - have),
        boost::asio::bind_executor(
            strand_, [self = shared_from_this(), length](boost::system::error_code error, size_t) {
              if (error) return self->OnReadEnded();
              if (self->draining_) return;
              self->OnFrame(length);
              self->TakeFrames();
            }));
  }

  // The client closed its side, or the connection failed (issue 8: a flood of connections
  // that come and go must not hold their slots until their idle timers fire). Nothing more is
  // read; what is owed is written, then the connection closes (at the latest when the idle
  // timer, no longer re-armed, fires).
  void OnReadEnded() {
    if (closed_) return;
    draining_ = true;
    CloseIfDrained();
  }

  // Backpressure counts requests being answered AND answers not yet written: a client that
  // never reads its answers is not read from either, so its answers cannot pile up in memory
  // (issue 8). Reading resumes as requests are answered and answers are written.
  bool AtRequestLimit() const {
    return in_flight_ + outbox_.size() >= server_.options_.max_in_flight_per_connection;
  }
  void ResumeReadingIfPaused() {
    if (paused_ && !draining_ && !closed_ && !AtRequestLimit()) {
      paused_ = false;
      TakeFrames();
    }
  }

  // A whole frame of `length` bytes is in body_.
  void OnFrame(uint32_t length) {
    header_seen_ = false;
    ArmIdleTimer();
    auto request =
        VerifyRequest(std::string_view(reinterpret_cast<const char*>(body_.data()), length));
    if (!request.ok()) return SendAndClose(ErrorResponse(0, request.status()));
    ++in_flight_;
    server_.handler_.Handle(**request, std::make_shared<RequestResponder>(shared_from_this()));
  }

  // One request's answers, sent from the ledger thread through the connection's strand.
  class RequestResponder : public Responder {
   public:
    explicit RequestResponder(std::shared_ptr<Connection> connection)
        : connection_(std::move(connection)),
          // Until the last answer is written the io must keep running: a graceful shutdown
          // waits for it.
          work_(connection_->server_.io_.get_executor()) {}
    void Send(std::string response, bool final) override {
      Post([response = std::move(response)]() mutable { return std::move(response); }, final);
    }
    void SendBuilt(std::function<std::string()> build, bool final) override {
      Post(std::move(build), final);
    }
    size_t unsent() const override { return connection_ ? connection_->unsent_->load() : 0; }
    bool closed() const override { return !connection_ || connection_->closed_flag_->load(); }

   private:
    // The body is built on the strand, where it is written.
    template <typename Build>
    void Post(Build build, bool final) {
      bool releases_slot = !released_;
      released_ = true;
      ++*connection_->unsent_;
      boost::asio::post(connection_->strand_, [connection = connection_, releases_slot,
                                               build = std::move(build)]() mutable {
        connection->Deliver(build(), releases_slot);
      });
      if (final) connection_.reset();  // nothing more will be sent
    }

    std::shared_ptr<Connection> connection_;
    WorkGuard work_;
    bool released_ = false;  // the request's in-flight slot was released (first answer)
  };

  // An answer arrives on the strand: write it, and release the request's slot once.
  void Deliver(const std::string& response, bool releases_slot) {
    if (releases_slot) --in_flight_;
    Send(response, true);
    CloseIfDrained();
    ResumeReadingIfPaused();
  }

  // Queues a frame; `counted` frames came through a responder and count as unsent.
  void Send(const std::string& response, bool counted = false) {
    if (closed_) {
      if (counted) --*unsent_;
      return;
    }
    outbox_.emplace_back(EncodeFrame(response), counted);
    if (!writing_) WriteNext();
  }

  void SendAndClose(const std::string& response) {
    closing_ = true;
    Send(response);
  }

  void WriteNext() {
    if (outbox_.empty()) {
      writing_ = false;
      if (closing_) Close();
      CloseIfDrained();
      return;
    }
    writing_ = true;
    // Every answer queued so far goes out in one write (up to Asio's 64 buffers per system
    // call): the answers of a group commit arrive together.
    size_t frames = std::min(outbox_.size(), kFramesPerWrite);
    std::vector<boost::asio::const_buffer> buffers;
    buffers.reserve(frames);
    for (size_t i = 0; i < frames; ++i) buffers.push_back(boost::asio::buffer(outbox_[i].first));
    boost::asio::async_write(
        stream_, buffers,
        boost::asio::bind_executor(
            strand_, [self = shared_from_this(), frames](boost::system::error_code error, size_t) {
              if (error) return self->Close();
              for (size_t i = 0; i < frames; ++i) {
                // A written frame leaves the unsent budget that subscriptions send within.
                if (self->outbox_.front().second) --*self->unsent_;
                self->outbox_.pop_front();
              }
              self->ResumeReadingIfPaused();
              self->WriteNext();
            }));
  }

  void Close() {
    if (closed_) return;
    closed_ = true;
    // The outbox stays: a write in progress still points into it. Streams see closed() and
    // stop, so its unsent count no longer matters.
    closed_flag_->store(true);
    boost::system::error_code ignored;
    idle_.cancel();
    // Over TLS no close_notify is sent: every frame carries its length, so a cut stream is
    // detected by the framing, and a close never waits for the peer.
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }

  Stream stream_;
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  boost::asio::steady_timer idle_;
  Server& server_;
  std::shared_ptr<std::atomic<size_t>> connections_;
  FrameBuffer read_buffer_{size_t{16} << 10};  // bytes read, not yet taken as frames
  bool header_seen_ = false;    // the idle timer was re-armed for the frame being read
  std::vector<uint64_t> body_;  // the frame being handled, 8-byte aligned for the FlatBuffer
  static constexpr size_t kFramesPerWrite = 64;
  // Frame, counted in unsent_. A deque: frames being written stay in place as others are added.
  std::deque<std::pair<std::string, bool>> outbox_;
  // Shared with responders, read from the ledger thread.
  std::shared_ptr<std::atomic<size_t>> unsent_ = std::make_shared<std::atomic<size_t>>(0);
  std::shared_ptr<std::atomic<bool>> closed_flag_ = std::make_shared<std::atomic<bool>>(false);
  size_t in_flight_ = 0;
  bool paused_ = false, writing_ = false, closing_ = false, closed_ = false, draining_ = false;
};

Server::Server(RequestHandler& handler, ServerOptions options)
    : handler_(handler),
      options_(std::move(options)),
      accept_strand_(boost::asio::make_strand(io_)),
      acceptor_(accept_strand_) {}

Server::~Server() { Stop(); }

Status Server::Listen() {
  if (options_.tls.enabled()) {
    ASSIGN_OR_RETURN(tls_, MakeServerTlsContext(options_.tls.certificate_chain_file,
                                                options_.tls.private_key_file));
  }
  boost::system::error_code error;
  auto address = boost::asio::ip::make_address(options_.host, error);
  if (error) return Status(ErrorCode::UsageError, "'" + options_.host + "' is not an IP address");
  tcp::endpoint endpoint(address, options_.port);
  acceptor_.open(endpoint.protocol(), error);
  if (!error) acceptor_.set_option(tcp::acceptor::reuse_address(true), error);
  if (!error) acceptor_.bind(endpoint, error);
  if (!error) acceptor_.listen(boost::asio::socket_base::max_listen_connections, error);
  if (error) {
    return Status(ErrorCode::IoError, "cannot listen on " + options_.host + ":" +
                                          std::to_string(options_.port) + ": " + error.message());
  }
  port_ = acceptor_.local_endpoint().port();
  Accept();
  return Status::Ok();
}

void Server::Accept() {
  acceptor_.async_accept(io_, [this](boost::system::error_code error, tcp::socket socket) {
    if (shutting_down_) return;  // the socket, if any, closes as it goes out of scope
    if (error) {
      if (acceptor_.is_open()) Accept();  // a transient failure (e.g. out of descriptors)
      return;
    }
    if (connections_->fetch_add(1) >= options_.max_connections) {
      --*connections_;
      boost::system::error_code ignored;
      socket.close(ignored);
    } else {
      boost::system::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      auto connection = std::make_shared<Connection>(std::move(socket), *this);
      {
        std::lock_guard lock(live_mutex_);
        std::erase_if(live_, [](const auto& weak) { return weak.expired(); });
        live_.push_back(connection);
      }
      connection->Start();
    }
    Accept();
  });
}

void Server::Run() {
  std::vector<std::thread> threads;
  for (size_t i = 1; i < options_.threads; ++i)
    threads.emplace_back([this] {
      NameThisThread("cl-net");
      io_.run();
    });
  io_.run();
  for (std::thread& thread : threads) thread.join();
}

void Server::BeginShutdown() {
  boost::asio::post(accept_strand_, [this] {
    shutting_down_ = true;
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    std::vector<std::shared_ptr<Connection>> live;
    {
      std::lock_guard lock(live_mutex_);
      for (const auto& weak : live_) {
        if (auto connection = weak.lock()) live.push_back(std::move(connection));
      }
      live_.clear();
    }
    for (const auto& connection : live) connection->Drain();
  });
}

void Server::Stop() {
  boost::asio::post(accept_strand_, [this] {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
  });
  io_.stop();
}

}  // namespace crowdledger::api
