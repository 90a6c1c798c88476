// The synchronous client against a hostile server: what a server announces is input too.
#include "api/client.h"

#include <gtest/gtest.h>

#include <thread>

#include "api/wire.h"

namespace crowdledger {
namespace {

using boost::asio::ip::tcp;

// A server that accepts one connection and writes `bytes` to it.
class OneShotServer {
 public:
  explicit OneShotServer(std::string bytes)
      : acceptor_(io_, {boost::asio::ip::make_address("127.0.0.1"), 0}),
        thread_([this, bytes = std::move(bytes)] {
          tcp::socket socket(io_);
          boost::system::error_code error;
          acceptor_.accept(socket, error);
          if (!error) boost::asio::write(socket, boost::asio::buffer(bytes), error);
          // Hold the connection open until the client is done with it.
          char byte;
          socket.read_some(boost::asio::buffer(&byte, 1), error);
        }) {}
  ~OneShotServer() { thread_.join(); }
  uint16_t port() const { return acceptor_.local_endpoint().port(); }

 private:
  boost::asio::io_context io_;
  tcp::acceptor acceptor_;
  std::thread thread_;
};

std::string Header(uint32_t length) {
  return {static_cast<char>(length), static_cast<char>(length >> 8),
          static_cast<char>(length >> 16), static_cast<char>(length >> 24)};
}

TEST(ClientTest, AResponseFrameAnnouncedBeyondTheLimitIsRefusedWithoutReadingIt) {
  for (uint32_t announced : {api::kMaxResponseFrameBytes + 1, UINT32_MAX, 0u}) {
    OneShotServer server(Header(announced));
    auto client = api::Client::Connect("127.0.0.1", server.port());
    ASSERT_TRUE(client.ok()) << client.status().ToString();
    auto frame = (*client)->ReadResponse();
    ASSERT_FALSE(frame.ok());
    EXPECT_EQ(frame.status().code(), ErrorCode::LimitExceeded) << announced;
    client->reset();  // closes the connection: the server thread ends
  }
}

TEST(ClientTest, AResponseThatIsNoResponseFrameIsRefused) {
  std::string body = "not a flatbuffer at all";
  OneShotServer server(Header(static_cast<uint32_t>(body.size())) + body);
  auto client = api::Client::Connect("127.0.0.1", server.port());
  ASSERT_TRUE(client.ok());
  auto frame = (*client)->ReadResponse();
  ASSERT_FALSE(frame.ok());
  EXPECT_NE(frame.status().code(), ErrorCode::Ok);
  EXPECT_NE(frame.status().code(), ErrorCode::IoError);
  client->reset();
}

}  // namespace
}  // namespace crowdledger
