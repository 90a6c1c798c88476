// RawConnection: a bare TCP connection for hostile clients in tests, which send what they like
// when they like (half a frame, one byte at a time, or frames without ever reading an answer)
// and watch how the server ends the connection.
// Thread-safety: one thread per RawConnection.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <string_view>

namespace crowdledger::reliability {

class RawConnection {
 public:
  // Connects to 127.0.0.1:port; buffer sizes > 0 shrink the socket's kernel buffers (set
  // before connecting, so the TCP window is small from the start).
  explicit RawConnection(uint16_t port, int send_buffer_bytes = 0, int receive_buffer_bytes = 0)
      : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    if (fd_ < 0) return;
    if (send_buffer_bytes > 0) {
      ::setsockopt(fd_, SOL_SOCKET, SO_SNDBUF, &send_buffer_bytes, sizeof(send_buffer_bytes));
    }
    if (receive_buffer_bytes > 0) {
      ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer_bytes, sizeof(receive_buffer_bytes));
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;
  ~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
  }

  bool connected() const { return connected_; }

  // Sends all of `bytes`; false if the connection refuses them (closed by the server).
  bool Send(std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (sent <= 0) return false;
      bytes.remove_prefix(static_cast<size_t>(sent));
    }
    return true;
  }

  // Sends `bytes` only if the socket takes them all at once within `wait` (never blocks
  // longer): false when the server has stopped reading and the buffers are full.
  bool SendWithin(std::string_view bytes, std::chrono::milliseconds wait) {
    pollfd writable{fd_, POLLOUT, 0};
    if (::poll(&writable, 1, static_cast<int>(wait.count())) <= 0) return false;
    ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (sent <= 0) return false;
    if (static_cast<size_t>(sent) == bytes.size()) return true;
    return Send(bytes.substr(static_cast<size_t>(sent)));  // the rest of a frame, blocking
  }

  // Waits up to `wait` for the server to close the connection, discarding anything it sends
  // first: true once the connection reads end-of-file (or is reset).
  bool ClosedWithin(std::chrono::milliseconds wait) {
    auto deadline = std::chrono::steady_clock::now() + wait;
    char discard[4096];
    while (true) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd readable{fd_, POLLIN, 0};
      if (::poll(&readable, 1, static_cast<int>(left.count())) <= 0) continue;
      if (::recv(fd_, discard, sizeof(discard), 0) <= 0) return true;
    }
  }

 private:
  int fd_;
  bool connected_ = false;
};

}  // namespace crowdledger::reliability
