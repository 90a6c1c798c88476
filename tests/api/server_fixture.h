// The real server on loopback for end-to-end tests: a fresh ledger whose authority key is
// KeyFor("authority"), the ledger service (group commit), the request handler and the server
// on its own thread, and a client connected to it. Every party's key is derived from its name.
// Tests may stop the server and open the ledger directly to check what was committed.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>

#include "api/client.h"
#include "api/server.h"
#include "crypto/sha256.h"
#include "tests/ledger/ledger_dir.h"
#include "tests/support/transaction_builder.h"

namespace crowdledger::test {

inline Ed25519PrivateKey KeyFor(const std::string& party) {
  return *Ed25519PrivateKey::FromSeed(Sha256(AsBytes("seed of " + party)));
}

class ServerFixture : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NO_FATAL_FAILURE(StartServer()); }
  void TearDown() override { StopServer(); }

  // The server's limits; a test class overrides this to tighten them.
  virtual api::ServerOptions Options() const {
    api::ServerOptions options;
    options.max_frame_bytes = 64 * 1024;
    return options;
  }

  void StartServer() {
    ASSERT_TRUE(Ledger::Create(directory_.path(), "test.example/api", KeyFor("authority"),
                               1'700'000'000'000'000)
                    .ok());
    auto ledger = Ledger::Open(directory_.path());
    ASSERT_TRUE(ledger.ok()) << ledger.status().ToString();
    service_ = std::make_unique<api::LedgerService>(std::move(*ledger));
    handler_ = std::make_unique<api::RequestHandler>(*service_);
    server_ = std::make_unique<api::Server>(*handler_, Options());
    ASSERT_TRUE(server_->Listen().ok());
    serving_ = std::thread([this] { server_->Run(); });
    client_ = Connect();
    ASSERT_NE(client_, nullptr);
  }

  // Graceful shutdown: every request read is answered, then the ledger is closed. Idempotent.
  void StopServer() {
    if (server_) server_->BeginShutdown();
    if (serving_.joinable()) serving_.join();
    if (service_) service_->Stop();
    // In the order the members would be destroyed; the service's end closes the ledger.
    server_.reset();
    handler_.reset();
    service_.reset();
  }

  // The ledger itself, once StopServer has closed it.
  std::unique_ptr<Ledger> OpenLedger() {
    auto ledger = Ledger::Open(directory_.path());
    EXPECT_TRUE(ledger.ok()) << ledger.status().ToString();
    return ledger.ok() ? std::move(*ledger) : nullptr;
  }

  std::unique_ptr<api::Client> Connect() {
    auto client = api::Client::Connect("127.0.0.1", server_->port());
    EXPECT_TRUE(client.ok()) << client.status().ToString();
    return client.ok() ? std::move(*client) : nullptr;
  }

  Status Submit(const SignedTransaction& transaction) {
    auto frame = client_->Submit(transaction);
    if (!frame.ok()) return frame.status();
    return frame->status();
  }

  Result<api::ResponseFrame> Balance(const std::string& reader, const std::string& account) {
    return client_->Query(reader, 1, KeyFor(reader), [&](flatbuffers::FlatBufferBuilder& b) {
      return std::make_pair(schema::QueryBody::BalanceQuery,
                            schema::CreateBalanceQueryDirect(b, account.c_str()).Union());
    });
  }

  TemporaryDirectory directory_;
  std::unique_ptr<api::LedgerService> service_;
  std::unique_ptr<api::RequestHandler> handler_;
  std::unique_ptr<api::Server> server_;
  std::thread serving_;
  std::unique_ptr<api::Client> client_;
};

}  // namespace crowdledger::test
