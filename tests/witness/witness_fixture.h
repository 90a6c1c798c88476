// Witnesses on loopback for end-to-end tests: a Witness with its state in a file of a
// temporary directory (saved with the tool's atomic ReplaceFile), served by the real
// WitnessServer on a thread of its own, and a plain HTTP client for requests.
#pragma once

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "api/witness/witness_server.h"
#include "crypto/sha256.h"
#include "tools/file_input.h"

namespace crowdledger::test {

inline Ed25519PrivateKey WitnessKey(const std::string& name) {
  return *Ed25519PrivateKey::FromSeed(Sha256(AsBytes("witness seed of " + name)));
}

// The cosignatures' timestamp in these tests.
inline constexpr uint64_t kWitnessTime = 1'750'000'000;

class RunningWitness {
 public:
  // Loads the state file if it exists, like `crowdledger witness`.
  RunningWitness(std::string name, std::vector<NoteVerifier> logs, std::filesystem::path state_file)
      : name_(std::move(name)), state_file_(std::move(state_file)) {
    WitnessState state;
    if (std::filesystem::exists(state_file_)) {
      auto text = tool::ReadBoundedFile(state_file_, 1 << 20);
      EXPECT_TRUE(text.ok());
      auto parsed = ParseWitnessState(*text);
      EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
      if (parsed.ok()) state = *parsed;
    }
    auto persist = [path = state_file_](const WitnessState& next) {
      return tool::ReplaceFile(path, FormatWitnessState(next));
    };
    auto witness = Witness::Create(name_, WitnessKey(name_), std::move(logs), std::move(state),
                                   persist, [] { return kWitnessTime; });
    EXPECT_TRUE(witness.ok()) << witness.status().ToString();
    witness_ = std::move(*witness);
    server_ = std::make_unique<api::WitnessServer>(*witness_, api::http::HttpOptions{});
    EXPECT_TRUE(server_->Listen().ok());
    thread_ = std::thread([this] { server_->Run(); });
  }
  ~RunningWitness() {
    server_->Stop();
    thread_.join();
  }

  const std::string& name() const { return name_; }
  uint16_t port() const { return server_->port(); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port()); }
  std::string verifier_key() const { return witness_->VerifierKey(); }
  Witness& witness() { return *witness_; }

 private:
  std::string name_;
  std::filesystem::path state_file_;
  std::unique_ptr<Witness> witness_;
  std::unique_ptr<api::WitnessServer> server_;
  std::thread thread_;
};

using HttpAnswer = boost::beast::http::response<boost::beast::http::string_body>;

// One request on a new connection.
inline HttpAnswer HttpExchange(uint16_t port, const std::string& method, const std::string& target,
                               const std::string& body = "") {
  namespace bhttp = boost::beast::http;
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket socket(io);
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  timeval timeout{5, 0};  // a server that never answers fails the test instead of hanging it
  ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  bhttp::request<bhttp::string_body> request(bhttp::string_to_verb(method), target, 11);
  request.set(bhttp::field::host, "127.0.0.1");
  request.keep_alive(false);
  request.body() = body;
  request.prepare_payload();
  bhttp::write(socket, request);
  boost::beast::flat_buffer buffer;
  HttpAnswer answer;
  boost::beast::error_code error;
  bhttp::read(socket, buffer, answer, error);
  EXPECT_FALSE(error) << error.message();
  return answer;
}

}  // namespace crowdledger::test
