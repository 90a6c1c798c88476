// FrameBuffer: whole frames taken from bytes that arrive in any pieces; a frame longer than
// the buffer handed out with what has arrived of it.
#include "api/frame_buffer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "api/wire.h"

namespace crowdledger::api {
namespace {

// Copies `bytes` into the buffer's free space (as a read would) and returns how many fit.
size_t Receive(FrameBuffer& buffer, std::string_view bytes) {
  std::span<char> space = buffer.Space();
  size_t fits = std::min(space.size(), bytes.size());
  std::memcpy(space.data(), bytes.data(), fits);
  buffer.Filled(fits);
  return fits;
}

std::string Body(const std::vector<uint64_t>& storage, size_t length) {
  return std::string(reinterpret_cast<const char*>(storage.data()), length);
}

TEST(FrameBuffer, TakesWholeFramesFromBytesArrivingOneAtATime) {
  const std::string stream = EncodeFrame("first") + EncodeFrame("second frame") + EncodeFrame("x");
  FrameBuffer buffer(64);
  std::vector<std::string> taken;
  for (char byte : stream) {
    ASSERT_EQ(Receive(buffer, std::string_view(&byte, 1)), 1u);
    while (auto length = buffer.NextLength()) {
      if (buffer.Awaits(*length)) break;
      std::vector<uint64_t> storage;
      ASSERT_EQ(buffer.Take(*length, storage), *length);
      EXPECT_EQ(reinterpret_cast<uintptr_t>(storage.data()) % 8, 0u);
      taken.push_back(Body(storage, *length));
    }
  }
  EXPECT_EQ(taken, (std::vector<std::string>{"first", "second frame", "x"}));
  EXPECT_FALSE(buffer.NextLength().has_value());
}

TEST(FrameBuffer, AHeaderAloneAnnouncesItsLength) {
  FrameBuffer buffer(64);
  const std::string frame = EncodeFrame("abc");
  Receive(buffer, frame.substr(0, kFrameHeaderBytes - 1));
  EXPECT_FALSE(buffer.NextLength().has_value());
  Receive(buffer, frame.substr(kFrameHeaderBytes - 1, 1));
  ASSERT_EQ(buffer.NextLength(), std::optional<uint32_t>(3));
  EXPECT_TRUE(buffer.Awaits(3));
}

TEST(FrameBuffer, AFrameLongerThanTheBufferIsHandedOutWithWhatArrived) {
  const std::string body(100, 'b');
  const std::string stream = EncodeFrame(body) + EncodeFrame("next");
  FrameBuffer buffer(32);
  size_t received = Receive(buffer, stream);
  ASSERT_EQ(received, 32u);
  auto length = buffer.NextLength();
  ASSERT_EQ(length, std::optional<uint32_t>(100));
  EXPECT_FALSE(buffer.Awaits(*length));  // it never fits: take what there is
  std::vector<uint64_t> storage;
  size_t have = buffer.Take(*length, storage);
  ASSERT_EQ(have, 32u - kFrameHeaderBytes);
  EXPECT_EQ(Body(storage, have), body.substr(0, have));
  EXPECT_FALSE(buffer.NextLength().has_value());  // emptied: the rest is read into storage
  // The caller reads the rest of that frame itself; the next frame comes through the buffer.
  Receive(buffer, std::string_view(stream).substr(kFrameHeaderBytes + body.size()));
  length = buffer.NextLength();
  ASSERT_EQ(length, std::optional<uint32_t>(4));
  ASSERT_EQ(buffer.Take(*length, storage), 4u);
  EXPECT_EQ(Body(storage, 4), "next");
}

TEST(FrameBuffer, SpaceMovesUnreadBytesToTheFront) {
  FrameBuffer buffer(16);
  const std::string stream = EncodeFrame("abcdef") + EncodeFrame("ghijkl");  // 10 + 10 bytes
  size_t received = Receive(buffer, stream);
  ASSERT_EQ(received, 16u);
  std::vector<uint64_t> storage;
  ASSERT_EQ(buffer.Take(*buffer.NextLength(), storage), 6u);
  EXPECT_TRUE(buffer.Awaits(*buffer.NextLength()));  // 6 of the second frame's 10 bytes
  EXPECT_EQ(buffer.Space().size(), 10u);             // the 6 unread bytes moved to the front
  Receive(buffer, std::string_view(stream).substr(received));
  ASSERT_EQ(buffer.Take(*buffer.NextLength(), storage), 6u);
  EXPECT_EQ(Body(storage, 6), "ghijkl");
}

}  // namespace
}  // namespace crowdledger::api
