// Attacks end to end (issue 8), over loopback against the real server, beyond the refusals of
// tests/api/refusals_test.cc: slow clients that never finish a frame, a client that never
// reads its answers, a flood of connections, frames nested in frames, huge transactions and
// amounts that overflow. Each is refused with its error or its connection closed, the other
// clients are served meanwhile, and the ledger is unchanged (an observer's reads before and
// after, and the log itself once the server has stopped).
#include <gtest/gtest.h>

#include <limits>
#include <thread>

#include "tests/api/server_fixture.h"
#include "tests/reliability/raw_connection.h"

namespace crowdledger::reliability {
namespace {

using std::chrono::milliseconds;
using test::KeyFor;
using test::TransactionBuilder;

api::BodyAdder BalanceOf(const std::string& account) {
  return [account](flatbuffers::FlatBufferBuilder& b) {
    return std::make_pair(schema::QueryBody::BalanceQuery,
                          schema::CreateBalanceQueryDirect(b, account.c_str()).Union());
  };
}

api::BodyAdder LatestCheckpoint() {
  return [](flatbuffers::FlatBufferBuilder& b) {
    return std::make_pair(schema::QueryBody::CheckpointQuery,
                          schema::CreateCheckpointQuery(b, 0).Union());
  };
}

std::string TransactionRequest(uint64_t request_id, const SignedTransaction& transaction) {
  return api::BuildRequest(request_id, schema::PayloadKind::Transaction, transaction.bytes,
                           transaction.signature);
}

class AttacksTest : public test::ServerFixture {
 protected:
  static constexpr size_t kMaxConnections = 16;
  static constexpr size_t kMaxInFlight = 8;
  static constexpr uint32_t kMaxFrameBytes = 1024 * 1024;  // room for 8,190 operations
  static constexpr std::chrono::seconds kIdleTimeout{1};
  static constexpr int64_t kAliceCash = 10'000;

  api::ServerOptions Options() const override {
    api::ServerOptions options = ServerFixture::Options();
    options.max_frame_bytes = kMaxFrameBytes;
    options.max_connections = kMaxConnections;
    options.max_in_flight_per_connection = kMaxInFlight;
    options.idle_timeout = kIdleTimeout;
    return options;
  }

  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(ServerFixture::SetUp());
    auto setup = TransactionBuilder("authority", 1, 1);
    for (const char* party : {"alice", "bob"}) {
      setup.RegisterParty(party, schema::PartyKind::Investor)
          .RegisterKey(party, 1, KeyFor(party).public_key(), schema::Role::Post);
    }
    ASSERT_NO_FATAL_FAILURE(Accept(setup.Sign(KeyFor("authority"))));
    ASSERT_NO_FATAL_FAILURE(Accept(
        TransactionBuilder("alice", 1, 1).Deposit("alice", "CNY", kAliceCash).Sign(Key("alice"))));
    before_ = Observe();
  }

  static Ed25519PrivateKey Key(const std::string& party) { return KeyFor(party); }

  // True once the server counts exactly `count` connections, false after 10 s.
  bool WaitForConnections(size_t count) const {
    for (int i = 0; i < 1000; ++i) {
      if (server_->connections() == count) return true;
      std::this_thread::sleep_for(milliseconds(10));
    }
    return false;
  }

  // A connection of its own: the fixture's may have been closed by the idle timeout.
  std::unique_ptr<api::Client> Fresh() {
    auto client = Connect();
    EXPECT_NE(client, nullptr);
    return client;
  }

  void Accept(const SignedTransaction& transaction) {
    auto client = Fresh();
    ASSERT_NE(client, nullptr);
    auto frame = client->Submit(transaction);
    ASSERT_TRUE(frame.ok()) << frame.status().ToString();
    ASSERT_TRUE(frame->status().ok()) << frame->status().ToString();
    ++accepted_;
  }

  // A refusal with this code at this operation, on a connection that stays open.
  void ExpectRefused(const SignedTransaction& transaction, ErrorCode code,
                     int32_t failed_operation = -1) {
    auto client = Fresh();
    ASSERT_NE(client, nullptr);
    auto frame = client->Submit(transaction);
    ASSERT_TRUE(frame.ok()) << frame.status().ToString();
    EXPECT_EQ(frame->response->code(), code) << frame->status().ToString();
    EXPECT_EQ(frame->response->failed_operation(), failed_operation);
    EXPECT_FALSE(frame->status().message().empty());
    ExpectServed(*client);
  }

  // What an observer reads: the latest checkpoint's body and the watched balances.
  std::string Observe() {
    auto client = Fresh();
    if (client == nullptr) return "no connection";
    auto checkpoint = client->Query("authority", 1, Key("authority"), LatestCheckpoint());
    EXPECT_TRUE(checkpoint.ok() && checkpoint->status().ok());
    if (!checkpoint.ok() || !checkpoint->status().ok()) return "no checkpoint";
    std::string note = checkpoint->response->body_as_CheckpointResult()->note()->str();
    std::string seen = note.substr(0, note.find("\n\n"));
    for (const char* account : {"cash:alice:CNY", "external:alice:CNY", "cash:bob:CNY"}) {
      auto balance = client->Query("authority", 1, Key("authority"), BalanceOf(account));
      EXPECT_TRUE(balance.ok()) << balance.status().ToString();
      if (!balance.ok()) continue;
      seen += std::string(" ") + account + "=" +
              (balance->status().ok()
                   ? std::to_string(balance->response->body_as_BalanceResult()->balance())
                   : std::string(ErrorCodeName(balance->response->code())));
    }
    return seen;
  }

  // `client` is served: alice reads her own cash.
  static void ExpectServed(api::Client& client) {
    auto balance = client.Query("alice", 1, Key("alice"), BalanceOf("cash:alice:CNY"));
    ASSERT_TRUE(balance.ok()) << balance.status().ToString();
    ASSERT_TRUE(balance->status().ok()) << balance->status().ToString();
    EXPECT_EQ(balance->response->body_as_BalanceResult()->balance(), kAliceCash);
  }
  void ExpectOthersServed() {
    auto client = Fresh();
    ASSERT_NE(client, nullptr);
    ExpectServed(*client);
  }

  // Nothing changed: the observer reads the same, and the log holds genesis and the accepted.
  void ExpectLedgerUnchanged() {
    EXPECT_EQ(Observe(), before_);
    StopServer();
    std::unique_ptr<Ledger> ledger = OpenLedger();
    ASSERT_NE(ledger, nullptr);
    EXPECT_EQ(ledger->log().size(), 1 + accepted_);
  }

  uint64_t accepted_ = 0;
  std::string before_;
};

TEST_F(AttacksTest, SlowClientsThatNeverFinishAFrameAreClosedByTheIdleTimeout) {
  const std::string frame = api::EncodeFrame(TransactionRequest(
      1, TransactionBuilder("alice", 1, 2).Deposit("alice", "CNY", 5).Sign(Key("alice"))));
  RawConnection silent(server_->port());
  RawConnection half_header(server_->port());
  RawConnection half_body(server_->port());
  RawConnection trickle(server_->port());
  ASSERT_TRUE(silent.connected() && half_header.connected() && half_body.connected() &&
              trickle.connected());
  ASSERT_TRUE(half_header.Send(frame.substr(0, 2)));
  ASSERT_TRUE(half_body.Send(frame.substr(0, frame.size() / 2)));
  auto started = std::chrono::steady_clock::now();
  // One byte every 100 ms: the frame would take far longer than the idle timeout to finish,
  // and bytes that do not complete a header or a body do not count as activity.
  bool trickle_closed = false;
  for (size_t sent = 0; sent < frame.size() && !trickle_closed; ++sent) {
    if (!trickle.Send(frame.substr(sent, 1))) break;
    trickle_closed = trickle.ClosedWithin(milliseconds(100));
    if (sent == 3) ExpectOthersServed();  // served while the slow ones hold their slots
  }
  EXPECT_TRUE(trickle_closed || trickle.ClosedWithin(milliseconds(3'000)));
  EXPECT_TRUE(silent.ClosedWithin(milliseconds(3'000)));
  EXPECT_TRUE(half_header.ClosedWithin(milliseconds(3'000)));
  EXPECT_TRUE(half_body.ClosedWithin(milliseconds(3'000)));
  EXPECT_GE(std::chrono::steady_clock::now() - started, kIdleTimeout - milliseconds(100));
  // Their slots are free again: the full quota of connections is served.
  client_.reset();
  std::this_thread::sleep_for(milliseconds(100));
  std::vector<std::unique_ptr<api::Client>> clients;
  for (size_t i = 0; i < kMaxConnections; ++i) {
    clients.push_back(Fresh());
    ASSERT_NE(clients.back(), nullptr);
    ExpectServed(*clients.back());
  }
  clients.clear();
  std::this_thread::sleep_for(milliseconds(100));  // the server sees them close
  ExpectLedgerUnchanged();
}

TEST_F(AttacksTest, AClientThatNeverReadsItsAnswersIsStoppedAndOthersAreServed) {
  // Each request is refused on a network thread with a small answer: the server can answer
  // far faster than a client that never reads takes them. Bounded memory means the server
  // stops reading that client once its answers back up, so the client's writes block.
  const std::string frame = api::EncodeFrame(api::BuildRequest(
      7, schema::PayloadKind::Transaction, "not a transaction", std::string(64, '\0')));
  {
    RawConnection hostile(server_->port(), 4'096, 4'096);
    ASSERT_TRUE(hostile.connected());
    // Far more than the kernel's socket buffers hold (a few MB): without backpressure the
    // server reads them all and keeps every answer.
    constexpr size_t kMostFrames = 300'000;
    size_t sent = 0;
    while (sent < kMostFrames && hostile.SendWithin(frame, milliseconds(1'000))) ++sent;
    EXPECT_LT(sent, kMostFrames) << "the server never stopped reading a client that never reads";
    ExpectOthersServed();
  }  // closed without reading: the server drops its answers
  ExpectLedgerUnchanged();
}

// The flood holds idle connections open for longer than the other attacks' 1 s idle timeout
// (a sanitizer build on a loaded machine takes seconds to get there): they must stay counted.
class ConnectionFloodTest : public AttacksTest {
 protected:
  api::ServerOptions Options() const override {
    api::ServerOptions options = AttacksTest::Options();
    options.idle_timeout = std::chrono::seconds(120);
    return options;
  }
};

TEST_F(ConnectionFloodTest, AFloodOfConnectionsBeyondTheLimitIsClosedAtOnceAndOthersAreServed) {
  // Only the fixture's client is left: SetUp's observer has closed (a loaded server may count
  // it a while longer, and would then refuse the last holder as one over the limit).
  ASSERT_TRUE(WaitForConnections(1));
  auto admitted_client = Fresh();  // with the fixture's, two slots are taken
  ASSERT_NE(admitted_client, nullptr);
  std::vector<std::unique_ptr<RawConnection>> holders;
  for (size_t i = 2; i < kMaxConnections; ++i) {
    holders.push_back(std::make_unique<RawConnection>(server_->port()));
    ASSERT_TRUE(holders.back()->connected());
  }
  // The server has accepted every holder before the flood (a loaded machine may take a while).
  ASSERT_TRUE(WaitForConnections(kMaxConnections));
  ExpectServed(*admitted_client);
  constexpr int kFlood = 100;
  std::vector<std::unique_ptr<RawConnection>> flood;
  flood.reserve(kFlood);
  for (int i = 0; i < kFlood; ++i) {
    flood.push_back(std::make_unique<RawConnection>(server_->port()));
  }
  for (auto& connection : flood) {
    EXPECT_TRUE(!connection->connected() || connection->ClosedWithin(milliseconds(500)));
  }
  ExpectServed(*admitted_client);  // the admitted are served throughout
  flood.clear();
  holders.clear();
  admitted_client.reset();
  client_.reset();
  // Closed connections give their slots back: the full quota is served again.
  ASSERT_TRUE(WaitForConnections(0));
  std::vector<std::unique_ptr<api::Client>> clients;
  for (size_t i = 0; i < kMaxConnections; ++i) {
    clients.push_back(Fresh());
    ASSERT_NE(clients.back(), nullptr);
    ExpectServed(*clients.back());
  }
  clients.clear();
  std::this_thread::sleep_for(milliseconds(100));  // the server sees them close
  ExpectLedgerUnchanged();
}

TEST_F(AttacksTest, FramesNestedInFramesAreMalformedAndTheConnectionServed) {
  // A genuine write wrapped 64 times as the payload of another request: each layer is read
  // once, as bytes, and the outermost payload is not a transaction (nor a query).
  std::string nested = TransactionRequest(
      1, TransactionBuilder("alice", 1, 3).Deposit("alice", "CNY", 5).Sign(Key("alice")));
  for (int depth = 0; depth < 64; ++depth) {
    nested = api::BuildRequest(static_cast<uint64_t>(depth) + 2, schema::PayloadKind::Transaction,
                               nested, std::string(64, '\x01'));
  }
  auto client = Fresh();
  ASSERT_NE(client, nullptr);
  auto answer = client->Call(nested, 65);
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  EXPECT_EQ(answer->response->code(), ErrorCode::Malformed);
  EXPECT_EQ(answer->status().message(), "transaction lacks the \"CLTX\" file identifier");
  std::string as_query =
      api::BuildRequest(66, schema::PayloadKind::Query, nested, std::string(64, '\x01'));
  answer = client->Call(as_query, 66);
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  EXPECT_EQ(answer->response->code(), ErrorCode::Malformed);
  ExpectServed(*client);
  ExpectLedgerUnchanged();
}

TEST_F(AttacksTest, HugeTransactionsAreRefusedBeyondTheLimitsAndTheLimitItselfIsServed) {
  auto too_many = TransactionBuilder("alice", 1, 10);
  for (size_t i = 0; i <= kMaxOperationsPerTransaction; ++i) too_many.Deposit("alice", "CNY", 1);
  ASSERT_NO_FATAL_FAILURE(ExpectRefused(too_many.Sign(Key("alice")), ErrorCode::LimitExceeded));
  // A handle of 100,000 characters, and a currency of 10,000.
  std::string long_name(100'000, 'a');
  ASSERT_NO_FATAL_FAILURE(ExpectRefused(
      TransactionBuilder("alice", 1, 11).Deposit(long_name, "CNY", 1).Sign(Key("alice")),
      ErrorCode::InvalidArgument, 0));
  ASSERT_NO_FATAL_FAILURE(ExpectRefused(TransactionBuilder("alice", 1, 12)
                                            .Deposit("alice", std::string(10'000, 'C'), 1)
                                            .Sign(Key("alice")),
                                        ErrorCode::InvalidArgument, 0));
  // Over the frame limit: refused from the header, that connection closed.
  auto oversized = TransactionBuilder("alice", 1, 13);
  for (int i = 0; i < 20'000; ++i) oversized.Deposit("alice", "CNY", 1);
  std::string frame = api::EncodeFrame(TransactionRequest(13, oversized.Sign(Key("alice"))));
  ASSERT_GT(frame.size(), size_t{kMaxFrameBytes});
  RawConnection hostile(server_->port());
  ASSERT_TRUE(hostile.Send(frame.substr(0, api::kFrameHeaderBytes)));
  EXPECT_TRUE(hostile.ClosedWithin(milliseconds(2'000)));
  ExpectOthersServed();
  ExpectLedgerUnchanged();
}

TEST_F(AttacksTest, TheLargestTransactionAllowedIsAppliedWhole) {
  auto largest = TransactionBuilder("bob", 1, 1);
  for (size_t i = 0; i < kMaxOperationsPerTransaction; ++i) largest.Deposit("bob", "CNY", 1);
  auto client = Fresh();
  ASSERT_NE(client, nullptr);
  auto answer = client->Submit(largest.Sign(Key("bob")));
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  ASSERT_TRUE(answer->status().ok()) << answer->status().ToString();
  EXPECT_EQ(answer->response->body_as_SubmitResult()->movements()->size(),
            kMaxOperationsPerTransaction);
  auto balance = client->Query("bob", 1, Key("bob"), BalanceOf("cash:bob:CNY"));
  ASSERT_TRUE(balance.ok() && balance->status().ok());
  EXPECT_EQ(balance->response->body_as_BalanceResult()->balance(),
            static_cast<int64_t>(kMaxOperationsPerTransaction));
}

TEST_F(AttacksTest, AmountsThatWouldOverflowAreRefusedAndNothingOfTheirTransactionApplies) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  // The first deposit alone fits exactly (cash reaches the maximum); the second overflows.
  ASSERT_NO_FATAL_FAILURE(ExpectRefused(TransactionBuilder("alice", 1, 20)
                                            .Deposit("alice", "CNY", kMax - kAliceCash)
                                            .Deposit("alice", "CNY", 1)
                                            .Sign(Key("alice")),
                                        ErrorCode::Overflow, 1));
  ASSERT_NO_FATAL_FAILURE(ExpectRefused(
      TransactionBuilder("alice", 1, 21).Deposit("alice", "CNY", kMax).Sign(Key("alice")),
      ErrorCode::Overflow, 0));
  for (int64_t amount : {int64_t{0}, int64_t{-1}, kMin}) {
    ASSERT_NO_FATAL_FAILURE(ExpectRefused(
        TransactionBuilder("alice", 1, 22).Deposit("alice", "CNY", amount).Sign(Key("alice")),
        ErrorCode::InvalidArgument, 0));
    ASSERT_NO_FATAL_FAILURE(ExpectRefused(TransactionBuilder("alice", 1, 23)
                                              .Transfer("alice", "bob", "CNY", amount)
                                              .Sign(Key("alice")),
                                          ErrorCode::InvalidArgument, 0));
  }
  // The most a transfer can say is refused for want of funds, not wrapped around.
  ASSERT_NO_FATAL_FAILURE(ExpectRefused(
      TransactionBuilder("alice", 1, 24).Transfer("alice", "bob", "CNY", kMax).Sign(Key("alice")),
      ErrorCode::InsufficientFunds, 0));
  ExpectOthersServed();
  ExpectLedgerUnchanged();
}

}  // namespace
}  // namespace crowdledger::reliability
