// Fuzz target: the bytes of a connection as the server and the clients take frames from them
// (api/frame_buffer.h), arriving in pieces of any size, frames longer than the buffer
// included. The frames taken must be those a plain reading of the whole stream finds.
// The input's first two bytes choose the buffer's size and the pieces' sizes.
#include <algorithm>
#include <cstring>
#include <string_view>
#include <vector>

#include "api/frame_buffer.h"
#include "api/wire.h"

namespace {

using crowdledger::api::DecodeFrameLength;
using crowdledger::api::FrameBuffer;
using crowdledger::api::kFrameHeaderBytes;

// The callers refuse frames announced empty or beyond their limit (then close), before any
// storage is allocated for them.
constexpr uint32_t kMaxLength = 1 << 16;
bool Refused(uint32_t length) { return length == 0 || length > kMaxLength; }

// The frame bodies of `stream` read in one go, until a header announces a refused frame or
// the stream ends inside a frame.
std::vector<std::string_view> ReadWhole(std::string_view stream) {
  std::vector<std::string_view> frames;
  while (stream.size() >= kFrameHeaderBytes) {
    uint32_t length = DecodeFrameLength(reinterpret_cast<const uint8_t*>(stream.data()));
    if (Refused(length) || stream.size() - kFrameHeaderBytes < length) break;
    frames.push_back(stream.substr(kFrameHeaderBytes, length));
    stream.remove_prefix(kFrameHeaderBytes + length);
  }
  return frames;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const size_t capacity = kFrameHeaderBytes + data[0] % 64;
  const size_t piece = 1 + data[1] % 32;
  std::string_view stream(reinterpret_cast<const char*>(data + 2), size - 2);
  const std::vector<std::string_view> expected = ReadWhole(stream);

  FrameBuffer buffer(capacity);
  std::vector<std::vector<char>> taken;
  size_t offset = 0;  // into stream: the next byte to arrive
  bool stopped = false;
  while (!stopped && offset < stream.size()) {
    std::span<char> space = buffer.Space();
    size_t bytes = std::min({space.size(), piece, stream.size() - offset});
    if (bytes == 0) __builtin_trap();  // a buffer with no room and no whole frame
    std::memcpy(space.data(), stream.data() + offset, bytes);
    offset += bytes;
    buffer.Filled(bytes);
    while (auto length = buffer.NextLength()) {
      if (Refused(*length)) {
        stopped = true;
        break;
      }
      if (buffer.Awaits(*length)) break;
      std::vector<uint64_t> storage;
      size_t have = buffer.Take(*length, storage);
      if (have > *length) __builtin_trap();
      if (have < *length) {  // the callers read the rest into storage
        size_t rest = *length - have;
        if (stream.size() - offset < rest) {
          stopped = true;
          break;
        }
        std::memcpy(reinterpret_cast<char*>(storage.data()) + have, stream.data() + offset, rest);
        offset += rest;
      }
      const char* body = reinterpret_cast<const char*>(storage.data());
      taken.emplace_back(body, body + *length);
    }
  }
  if (taken.size() != expected.size()) __builtin_trap();
  for (size_t i = 0; i < taken.size(); ++i) {
    if (std::string_view(taken[i].data(), taken[i].size()) != expected[i]) __builtin_trap();
  }
  return 0;
}
