// The asynchronous client against the real server over loopback: pipelining with answers
// matched by request id, many connections on one io thread, signed reads, its in-flight bound,
// and a server that goes away with requests in flight.
#include "api/async_client.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <optional>
#include <set>
#include <thread>

#include "tests/api/server_fixture.h"

namespace crowdledger {
namespace {

using test::KeyFor;
using test::TransactionBuilder;
using namespace std::chrono_literals;

SignedTransaction BobDeposits(uint64_t id, int64_t amount) {
  auto deposit = TransactionBuilder("bob", 1, id);
  deposit.Deposit("bob", "CNY", amount);
  return deposit.Sign(KeyFor("bob"));
}

// The server of tests/api/server_fixture.h with alice (12,345 fen) and bob registered; the
// asynchronous clients run on io_, driven by the test's own thread.
class AsyncClientTest : public test::ServerFixture {
 protected:
  api::ServerOptions Options() const override { return api::ServerOptions(); }  // 4 MiB frames

  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(test::ServerFixture::SetUp());
    auto setup = TransactionBuilder("authority", 1, 1);
    setup.RegisterParty("alice", schema::PartyKind::Investor)
        .RegisterKey("alice", 1, KeyFor("alice").public_key(), schema::Role::Post)
        .RegisterParty("bob", schema::PartyKind::Investor)
        .RegisterKey("bob", 1, KeyFor("bob").public_key(), schema::Role::Post);
    ASSERT_TRUE(Submit(setup.Sign(KeyFor("authority"))).ok());
    auto deposit = TransactionBuilder("alice", 1, 1);
    deposit.Deposit("alice", "CNY", 12'345);
    ASSERT_TRUE(Submit(deposit.Sign(KeyFor("alice"))).ok());
  }

  // Runs io_ on this thread until `done` holds; false after `timeout` (nothing may hang).
  bool RunUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout = 20s) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      io_.restart();
      io_.run_one_for(50ms);
    }
    return true;
  }

  std::shared_ptr<api::AsyncClient> ConnectAsync(api::AsyncClientOptions options = {}) {
    auto client = api::AsyncClient::Create(io_, options);
    std::optional<Status> connected;
    client->Connect("127.0.0.1", server_->port(), [&](Status status) { connected = status; });
    EXPECT_TRUE(RunUntil([&] { return connected.has_value(); }));
    EXPECT_TRUE(connected.has_value() && connected->ok());
    return client;
  }

  boost::asio::io_context io_;
};

TEST_F(AsyncClientTest, FiftyPipelinedSubmitsAreAllAcknowledgedAndMatchedById) {
  auto client = ConnectAsync();
  // All 50 are pending before any is answered; transaction i deposits i + 1 fen, so each
  // callback can tell whether the answer it got is its own.
  constexpr int kCount = 50;
  std::vector<int> calls(kCount, 0);
  std::set<uint64_t> request_ids, sequences;
  int mismatched = 0;
  for (int i = 0; i < kCount; ++i) {
    client->Submit(BobDeposits(100 + static_cast<uint64_t>(i), i + 1),
                   [&, i](Result<api::ResponseFrame> answer) {
                     ++calls[static_cast<size_t>(i)];
                     ASSERT_TRUE(answer.ok()) << answer.status().ToString();
                     ASSERT_TRUE(answer->status().ok()) << answer->status().ToString();
                     request_ids.insert(answer->response->request_id());
                     const auto* result = answer->response->body_as_SubmitResult();
                     ASSERT_NE(result, nullptr);
                     sequences.insert(result->sequence());
                     ASSERT_EQ(result->movements()->size(), 1u);
                     if (result->movements()->Get(0)->amount() != i + 1) ++mismatched;
                   });
  }
  ASSERT_TRUE(RunUntil([&] { return std::count(calls.begin(), calls.end(), 1) == kCount; }));
  EXPECT_EQ(mismatched, 0);
  EXPECT_EQ(request_ids.size(), 50u);
  EXPECT_EQ(sequences.size(), 50u);
  // The ledger holds all 50: 1 + 2 + ... + 50 fen.
  std::optional<Result<api::ResponseFrame>> balance;
  client->Query(
      "bob", 1, KeyFor("bob"),
      [](flatbuffers::FlatBufferBuilder& b) {
        return std::make_pair(schema::QueryBody::BalanceQuery,
                              schema::CreateBalanceQueryDirect(b, "cash:bob:CNY").Union());
      },
      [&](Result<api::ResponseFrame> answer) { balance = std::move(answer); });
  ASSERT_TRUE(RunUntil([&] { return balance.has_value(); }));
  ASSERT_TRUE(balance->ok() && (*balance)->status().ok());
  EXPECT_EQ((*balance)->response->body_as_BalanceResult()->balance(), 50 * 51 / 2);
  client->Close();
  io_.restart();
  io_.run_for(100ms);
  EXPECT_EQ(std::count(calls.begin(), calls.end(), 1), kCount);  // never a second call
}

TEST_F(AsyncClientTest, ManyConnectionsShareOneIoThread) {
  // Eight connections, each keeping four transactions in flight until it has sent 20, all
  // driven by this thread alone.
  constexpr int kConnections = 8, kPerConnection = 20, kWindow = 4;
  std::vector<std::shared_ptr<api::AsyncClient>> clients;
  for (int c = 0; c < kConnections; ++c) clients.push_back(ConnectAsync());
  std::vector<int> sent(kConnections, 0), acknowledged(kConnections, 0);
  int failures = 0;
  std::function<void(int)> send_next = [&](int c) {
    auto& count = sent[static_cast<size_t>(c)];
    uint64_t id = 1'000 + static_cast<uint64_t>(c * kPerConnection + count++);
    clients[static_cast<size_t>(c)]->Submit(BobDeposits(id, 1),
                                            [&, c](Result<api::ResponseFrame> answer) {
                                              if (!answer.ok() || !answer->status().ok())
                                                ++failures;
                                              ++acknowledged[static_cast<size_t>(c)];
                                              if (sent[static_cast<size_t>(c)] < kPerConnection)
                                                send_next(c);
                                            });
  };
  for (int c = 0; c < kConnections; ++c) {
    for (int w = 0; w < kWindow; ++w) send_next(c);
  }
  ASSERT_TRUE(RunUntil([&] {
    return std::count(acknowledged.begin(), acknowledged.end(), kPerConnection) == kConnections;
  }));
  EXPECT_EQ(failures, 0);
  for (auto& client : clients) client->Close();
}

TEST_F(AsyncClientTest, AQueryIsAnsweredAndARefusalIsAnAnswer) {
  auto client = ConnectAsync();
  auto balance_of = [](std::string account) {
    return [account](flatbuffers::FlatBufferBuilder& b) {
      return std::make_pair(schema::QueryBody::BalanceQuery,
                            schema::CreateBalanceQueryDirect(b, account.c_str()).Union());
    };
  };
  std::optional<Result<api::ResponseFrame>> own, other;
  client->Query("alice", 1, KeyFor("alice"), balance_of("cash:alice:CNY"),
                [&](Result<api::ResponseFrame> answer) { own = std::move(answer); });
  client->Query("bob", 1, KeyFor("bob"), balance_of("cash:alice:CNY"),
                [&](Result<api::ResponseFrame> answer) { other = std::move(answer); });
  ASSERT_TRUE(RunUntil([&] { return own.has_value() && other.has_value(); }));
  ASSERT_TRUE(own->ok()) << own->status().ToString();
  ASSERT_TRUE((*own)->status().ok()) << (*own)->status().ToString();
  EXPECT_EQ((*own)->response->body_as_BalanceResult()->balance(), 12'345);
  ASSERT_TRUE(other->ok());
  EXPECT_EQ((*other)->response->code(), ErrorCode::NotPermitted);
}

TEST_F(AsyncClientTest, BeyondItsBoundARequestIsBusyAndNotSent) {
  api::AsyncClientOptions options;
  options.max_in_flight = 4;
  auto client = ConnectAsync(options);
  std::vector<std::optional<Result<api::ResponseFrame>>> answers(6);
  for (size_t i = 0; i < answers.size(); ++i) {
    client->Submit(BobDeposits(200 + i, 1),
                   [&, i](Result<api::ResponseFrame> answer) { answers[i] = std::move(answer); });
  }
  ASSERT_TRUE(RunUntil([&] {
    return std::all_of(answers.begin(), answers.end(), [](auto& a) { return a.has_value(); });
  }));
  for (size_t i = 0; i < 4; ++i) {
    ASSERT_TRUE(answers[i]->ok()) << answers[i]->status().ToString();
    EXPECT_TRUE((*answers[i])->status().ok());
  }
  for (size_t i = 4; i < 6; ++i) {
    ASSERT_FALSE(answers[i]->ok());
    EXPECT_EQ(answers[i]->status().code(), ErrorCode::Busy);
  }
  // Only the four were sent: bob has 4 fen.
  std::optional<Result<api::ResponseFrame>> balance;
  client->Query(
      "bob", 1, KeyFor("bob"),
      [](flatbuffers::FlatBufferBuilder& b) {
        return std::make_pair(schema::QueryBody::BalanceQuery,
                              schema::CreateBalanceQueryDirect(b, "cash:bob:CNY").Union());
      },
      [&](Result<api::ResponseFrame> answer) { balance = std::move(answer); });
  ASSERT_TRUE(RunUntil([&] { return balance.has_value(); }));
  ASSERT_TRUE(balance->ok() && (*balance)->status().ok());
  EXPECT_EQ((*balance)->response->body_as_BalanceResult()->balance(), 4);
}

TEST_F(AsyncClientTest, AServerThatGoesAwayFailsEveryPendingRequestExactlyOnce) {
  auto client = ConnectAsync();
  auto bystander = ConnectAsync();  // idle: nothing pending, so nothing to fail
  std::vector<int> calls(60, 0);
  std::vector<Status> errors;
  auto submit = [&](size_t i) {
    client->Submit(BobDeposits(300 + i, 1), [&, i](Result<api::ResponseFrame> answer) {
      ++calls[i];
      if (!answer.ok()) errors.push_back(answer.status());
    });
  };
  // Ten are answered while the server runs.
  for (size_t i = 0; i < 10; ++i) submit(i);
  ASSERT_TRUE(RunUntil([&] { return std::count(calls.begin(), calls.end(), 1) == 10; }));
  EXPECT_TRUE(errors.empty());
  // The network threads stop: fifty more are written and stay in flight, unanswered.
  server_->Stop();
  serving_.join();
  for (size_t i = 10; i < 60; ++i) submit(i);
  io_.restart();
  io_.run_for(300ms);
  EXPECT_EQ(std::count(calls.begin(), calls.end(), 0), 50);
  // The server goes away: every one of the fifty gets an error, once, and nothing hangs.
  server_.reset();
  ASSERT_TRUE(RunUntil([&] { return std::count(calls.begin(), calls.end(), 0) == 0; }));
  io_.restart();
  io_.run_for(200ms);
  EXPECT_EQ(std::count(calls.begin(), calls.end(), 1), 60);
  ASSERT_EQ(errors.size(), 50u);
  for (const Status& error : errors) EXPECT_EQ(error.code(), ErrorCode::IoError);
  // The connection is closed for good: a new request fails at once, without a server.
  std::optional<Result<api::ResponseFrame>> late;
  client->Submit(BobDeposits(400, 1),
                 [&](Result<api::ResponseFrame> answer) { late = std::move(answer); });
  ASSERT_TRUE(RunUntil([&] { return late.has_value(); }, 2s));
  EXPECT_FALSE(late->ok());
  bystander->Close();
  client->Close();
  // With both closed and nothing pending, the io_context runs out of work.
  io_.restart();
  io_.run_for(2s);
  EXPECT_TRUE(io_.stopped());
}

TEST_F(AsyncClientTest, AGracefulShutdownAnswersWhatWasReadAndFailsTheRestOnce) {
  auto client = ConnectAsync();
  constexpr size_t kCount = 200;
  std::vector<int> calls(kCount, 0);
  size_t answered = 0, failed = 0;
  bool shutdown = false;
  for (size_t i = 0; i < kCount; ++i) {
    client->Submit(BobDeposits(500 + i, 1), [&, i](Result<api::ResponseFrame> answer) {
      ++calls[i];
      (answer.ok() ? answered : failed)++;
      if (!shutdown) {  // with the first answer, the rest are still in flight
        shutdown = true;
        server_->BeginShutdown();
      }
    });
  }
  ASSERT_TRUE(RunUntil([&] { return answered + failed == kCount; }));
  io_.restart();
  io_.run_for(200ms);
  EXPECT_EQ(std::count(calls.begin(), calls.end(), 1), static_cast<std::ptrdiff_t>(kCount));
  EXPECT_GE(answered, 1u);
}

TEST_F(AsyncClientTest, AnAnswerLargerThanTheReadBufferIsReadWhole) {
  auto client = ConnectAsync();
  auto many = TransactionBuilder("bob", 1, 700);
  for (int i = 0; i < 3'000; ++i) many.Deposit("bob", "CNY", 1);
  std::optional<Result<api::ResponseFrame>> applied;
  client->Submit(many.Sign(KeyFor("bob")),
                 [&](Result<api::ResponseFrame> answer) { applied = std::move(answer); });
  ASSERT_TRUE(RunUntil([&] { return applied.has_value(); }));
  ASSERT_TRUE(applied->ok() && (*applied)->status().ok());
  uint64_t sequence = (*applied)->response->body_as_SubmitResult()->sequence();
  // Two reads of the entry and a small one, pipelined: the large answers span several reads
  // of the buffer, and what follows them is read as before.
  std::vector<std::optional<Result<api::ResponseFrame>>> answers(3);
  for (size_t i = 0; i < 2; ++i) {
    client->Query(
        "bob", 1, KeyFor("bob"),
        [sequence](flatbuffers::FlatBufferBuilder& b) {
          return std::make_pair(schema::QueryBody::EntryQuery,
                                schema::CreateEntryQuery(b, sequence).Union());
        },
        [&, i](Result<api::ResponseFrame> answer) { answers[i] = std::move(answer); });
  }
  client->Query(
      "bob", 1, KeyFor("bob"),
      [](flatbuffers::FlatBufferBuilder& b) {
        return std::make_pair(schema::QueryBody::BalanceQuery,
                              schema::CreateBalanceQueryDirect(b, "cash:bob:CNY").Union());
      },
      [&](Result<api::ResponseFrame> answer) { answers[2] = std::move(answer); });
  ASSERT_TRUE(RunUntil([&] {
    return std::all_of(answers.begin(), answers.end(), [](auto& a) { return a.has_value(); });
  }));
  for (size_t i = 0; i < 2; ++i) {
    ASSERT_TRUE(answers[i]->ok()) << answers[i]->status().ToString();
    ASSERT_TRUE((*answers[i])->status().ok()) << (*answers[i])->status().ToString();
    EXPECT_GT((*answers[i])->response->body_as_EntryResult()->entry()->size(),
              api::AsyncClient::kReadChunkBytes);
  }
  ASSERT_TRUE(answers[2]->ok() && (*answers[2])->status().ok());
  EXPECT_EQ((*answers[2])->response->body_as_BalanceResult()->balance(), 3'000);
}

TEST_F(AsyncClientTest, ConnectingToNothingFailsTheConnectAndEveryRequest) {
  // A port nobody listens on: bind one, then close it.
  boost::asio::ip::tcp::acceptor probe(io_, {boost::asio::ip::make_address("127.0.0.1"), 0});
  uint16_t port = probe.local_endpoint().port();
  probe.close();
  auto client = api::AsyncClient::Create(io_);
  std::optional<Result<api::ResponseFrame>> early;
  client->Submit(BobDeposits(600, 1),
                 [&](Result<api::ResponseFrame> answer) { early = std::move(answer); });
  std::optional<Status> connected;
  client->Connect("127.0.0.1", port, [&](Status status) { connected = status; });
  ASSERT_TRUE(RunUntil([&] { return connected.has_value() && early.has_value(); }));
  EXPECT_EQ(connected->code(), ErrorCode::IoError);
  ASSERT_FALSE(early->ok());
  EXPECT_EQ(early->status().code(), ErrorCode::IoError);
}

}  // namespace
}  // namespace crowdledger
