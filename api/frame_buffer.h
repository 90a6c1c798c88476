// FrameBuffer: bytes read from a connection, taken out as whole frames (api/wire.h's framing).
// The server and the client read whatever has arrived into one, so that a batch of pipelined
// frames costs one read; a frame longer than the buffer is read on into its own storage.
// Thread-safety: none; one connection's strand uses it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace crowdledger::api {

class FrameBuffer {
 public:
  explicit FrameBuffer(size_t capacity) : bytes_(capacity) {}

  size_t capacity() const { return bytes_.size(); }
  // Room for the next read, after the unread bytes are moved to the front.
  std::span<char> Space();
  // `bytes` were read into Space().
  void Filled(size_t bytes) { end_ += bytes; }
  // The length the next frame's header announces, once the whole header is in.
  std::optional<uint32_t> NextLength() const;
  // Whether the next frame, of `length`, must wait for more bytes that the buffer has room
  // for (a frame longer than the buffer never does: Take it as it is and read on).
  bool Awaits(uint32_t length) const;
  // Moves the next frame's body, of `length`, into `storage` (8-byte aligned, for the
  // FlatBuffer): all of it if it is in, else what is (the buffer is then empty). Returns the
  // bytes moved.
  size_t Take(uint32_t length, std::vector<uint64_t>& storage);

 private:
  size_t Buffered() const { return end_ - begin_; }
  std::vector<char> bytes_;
  size_t begin_ = 0, end_ = 0;  // the unread bytes
};

}  // namespace crowdledger::api
