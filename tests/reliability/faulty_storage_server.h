// The real server on loopback (ledger service, request handler, network threads) over a
// ledger whose RocksDB runs on a FaultInjectingFileSystem, for the storage fault tests. The
// ledger's parties are the crash workload's (tests/reliability/crash_workload.h): the
// authority, clients with Post keys, and a sink. Tests inject faults with `fs()`, stop the
// server, and reopen the ledger on the healthy file system to see what is durable.
#pragma once

#include <gtest/gtest.h>
#include <rocksdb/env.h>

#include <filesystem>
#include <memory>
#include <thread>

#include "api/client.h"
#include "api/server.h"
#include "crypto/wall_clock.h"
#include "tests/ledger/ledger_dir.h"
#include "tests/reliability/crash_workload.h"
#include "tests/reliability/fault_injecting_fs.h"

namespace crowdledger::reliability {

class FaultyStorageServerTest : public ::testing::Test {
 protected:
  static constexpr uint32_t kClients = 4;

  FaultyStorageServerTest()
      : fs_(std::make_shared<FaultInjectingFileSystem>(rocksdb::FileSystem::Default())),
        env_(rocksdb::NewCompositeEnv(fs_)),
        workload_(kClients),
        authority_(CrashWorkload::KeyOf("authority")) {}

  void TearDown() override { StopServer(); }

  // A new ledger in `directory` with the workload's parties, served over the faulty storage.
  void StartNewLedger(const std::filesystem::path& directory) {
    ledger_directory_ = directory;
    ASSERT_TRUE(
        Ledger::Create(directory, "faults.example/test", authority_, WallClockMicros()).ok());
    ASSERT_NO_FATAL_FAILURE(StartServer());
    auto setup = client_->Submit(workload_.Setup(authority_));
    ASSERT_TRUE(setup.ok() && setup->status().ok());
  }

  void StartServer() {
    LedgerOptions options;
    options.log.env = env_.get();
    auto ledger = Ledger::Open(ledger_directory_, options);
    ASSERT_TRUE(ledger.ok()) << ledger.status().ToString();
    service_ = std::make_unique<api::LedgerService>(std::move(*ledger));
    handler_ = std::make_unique<api::RequestHandler>(*service_);
    server_ = std::make_unique<api::Server>(*handler_, api::ServerOptions{});
    ASSERT_TRUE(server_->Listen().ok());
    serving_ = std::thread([this] { server_->Run(); });
    client_ = Connect();
    ASSERT_NE(client_, nullptr);
  }

  // Graceful: every request read is answered, then the ledger is closed. Idempotent.
  void StopServer() {
    client_.reset();
    if (server_) server_->BeginShutdown();
    if (serving_.joinable()) serving_.join();
    if (service_) service_->Stop();
    server_.reset();
    handler_.reset();
    service_.reset();
  }

  std::unique_ptr<api::Client> Connect() {
    auto client = api::Client::Connect("127.0.0.1", server_->port());
    EXPECT_TRUE(client.ok()) << client.status().ToString();
    return client.ok() ? std::move(*client) : nullptr;
  }

  // The ledger reopened on the healthy file system (recovery replays and checks the log).
  std::unique_ptr<Ledger> ReopenHealthy() {
    auto ledger = Ledger::Open(ledger_directory_);
    EXPECT_TRUE(ledger.ok()) << ledger.status().ToString();
    return ledger.ok() ? std::move(*ledger) : nullptr;
  }

  // A balance read through the server, as the authority (0 for an account that never moved).
  Result<int64_t> Balance(api::Client& client, const std::string& account) {
    auto frame = client.Query("authority", 1, authority_, [&](flatbuffers::FlatBufferBuilder& b) {
      return std::make_pair(schema::QueryBody::BalanceQuery,
                            schema::CreateBalanceQueryDirect(b, account.c_str()).Union());
    });
    if (!frame.ok()) return frame.status();
    if (frame->response->code() == ErrorCode::NotFound) return int64_t{0};
    RETURN_IF_ERROR(frame->status());
    return frame->response->body_as_BalanceResult()->balance();
  }

  std::shared_ptr<FaultInjectingFileSystem> fs_;
  std::unique_ptr<rocksdb::Env> env_;
  CrashWorkload workload_;
  Ed25519PrivateKey authority_;
  std::filesystem::path ledger_directory_;
  std::unique_ptr<api::LedgerService> service_;
  std::unique_ptr<api::RequestHandler> handler_;
  std::unique_ptr<api::Server> server_;
  std::thread serving_;
  std::unique_ptr<api::Client> client_;
};

}  // namespace crowdledger::reliability
