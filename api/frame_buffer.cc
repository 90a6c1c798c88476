// FrameBuffer: see the header.
#include "api/frame_buffer.h"

#include <algorithm>
#include <cstring>

#include "api/wire.h"

namespace crowdledger::api {

std::span<char> FrameBuffer::Space() {
  if (begin_ > 0) {
    std::memmove(bytes_.data(), bytes_.data() + begin_, Buffered());
    end_ -= begin_;
    begin_ = 0;
  }
  return {bytes_.data() + end_, bytes_.size() - end_};
}

std::optional<uint32_t> FrameBuffer::NextLength() const {
  if (Buffered() < kFrameHeaderBytes) return std::nullopt;
  return DecodeFrameLength(reinterpret_cast<const uint8_t*>(bytes_.data() + begin_));
}

bool FrameBuffer::Awaits(uint32_t length) const {
  size_t frame = kFrameHeaderBytes + size_t{length};
  return Buffered() < frame && frame <= bytes_.size();
}

size_t FrameBuffer::Take(uint32_t length, std::vector<uint64_t>& storage) {
  size_t have = std::min<size_t>(Buffered() - kFrameHeaderBytes, length);
  storage.resize((size_t{length} + 7) / 8);
  std::memcpy(storage.data(), bytes_.data() + begin_ + kFrameHeaderBytes, have);
  if (have == length) {
    begin_ += kFrameHeaderBytes + have;
  } else {
    begin_ = end_ = 0;
  }
  return have;
}

}  // namespace crowdledger::api
