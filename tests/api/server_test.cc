// End to end over loopback: the real server (network threads, ledger service, group commit)
// and the client library, with the real protocol: writes, signed reads, their refusals, and
// hostile frames.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <iterator>
#include <thread>

#include "api/subscriptions.h"
#include "ledger/state/records.h"
#include "tests/api/server_fixture.h"

namespace crowdledger {
namespace {

using test::KeyFor;
using test::TransactionBuilder;

// The server of server_fixture.h with an investor with cash, another investor, and an auditor.
class ServerTest : public test::ServerFixture {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(ServerFixture::SetUp());
    auto setup = TransactionBuilder("authority", 1, 1);
    setup.RegisterParty("alice", schema::PartyKind::Investor)
        .RegisterKey("alice", 1, KeyFor("alice").public_key(), schema::Role::Post)
        .RegisterParty("bob", schema::PartyKind::Investor)
        .RegisterKey("bob", 1, KeyFor("bob").public_key(), schema::Role::Post)
        .RegisterParty("auditor", schema::PartyKind::ServiceProvider)
        .RegisterKey("auditor", 1, KeyFor("auditor").public_key(), schema::Role::Audit);
    ASSERT_TRUE(Submit(setup.Sign(KeyFor("authority"))).ok());
    auto deposit = TransactionBuilder("alice", 1, 1);
    deposit.Deposit("alice", "CNY", 12'345);
    ASSERT_TRUE(Submit(deposit.Sign(KeyFor("alice"))).ok());
  }
};

TEST_F(ServerTest, ASubmittedTransactionIsAcknowledgedWithItsEntryAndMovements) {
  auto deposit = TransactionBuilder("bob", 1, 7);
  deposit.Deposit("bob", "CNY", 500);
  SignedTransaction signed_tx = deposit.Sign(KeyFor("bob"));
  auto frame = client_->Submit(signed_tx);
  ASSERT_TRUE(frame.ok()) << frame.status().ToString();
  ASSERT_TRUE(frame->status().ok()) << frame->status().ToString();
  const auto* result = frame->response->body_as_SubmitResult();
  ASSERT_NE(result, nullptr);
  EXPECT_EQ(result->sequence(), 3u);  // genesis, setup, alice's deposit, this one
  EXPECT_FALSE(result->duplicate());
  ASSERT_EQ(result->movements()->size(), 1u);
  EXPECT_EQ(result->movements()->Get(0)->amount(), 500);
  // Exactly once: the same bytes again return the first outcome.
  auto again = client_->Submit(signed_tx);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->response->body_as_SubmitResult()->duplicate());
  EXPECT_EQ(again->response->body_as_SubmitResult()->sequence(), 3u);
}

TEST_F(ServerTest, ARefusedTransactionNamesItsCodeAndOperation) {
  auto overdraw = TransactionBuilder("alice", 1, 8);
  overdraw.Deposit("alice", "CNY", 1).Withdraw("alice", "CNY", 1'000'000);
  auto frame = client_->Submit(overdraw.Sign(KeyFor("alice")));
  ASSERT_TRUE(frame.ok());
  EXPECT_EQ(frame->response->code(), ErrorCode::InsufficientFunds);
  EXPECT_EQ(frame->response->failed_operation(), 1);
  auto forged = TransactionBuilder("alice", 1, 9);
  forged.Deposit("alice", "CNY", 1);
  EXPECT_EQ(Submit(forged.Sign(KeyFor("bob"))).code(), ErrorCode::BadSignature);
}

TEST_F(ServerTest, APartyReadsItsOwnBalanceAndAnAuditorReadsAny) {
  auto own = Balance("alice", "cash:alice:CNY");
  ASSERT_TRUE(own.ok() && own->status().ok())
      << (own.ok() ? own->status() : own.status()).ToString();
  EXPECT_EQ(own->response->body_as_BalanceResult()->balance(), 12'345);
  auto other = Balance("bob", "cash:alice:CNY");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->response->code(), ErrorCode::NotPermitted);
  auto audited = Balance("auditor", "cash:alice:CNY");
  ASSERT_TRUE(audited.ok());
  EXPECT_EQ(audited->response->body_as_BalanceResult()->balance(), 12'345);
}

TEST_F(ServerTest, EntriesCheckpointsAndProofsAreServed) {
  auto checkpoint = client_->Query("alice", 1, KeyFor("alice"), [](auto& b) {
    return std::make_pair(schema::QueryBody::CheckpointQuery,
                          schema::CreateCheckpointQuery(b, 0).Union());
  });
  ASSERT_TRUE(checkpoint.ok() && checkpoint->status().ok());
  std::string note = checkpoint->response->body_as_CheckpointResult()->note()->str();
  EXPECT_EQ(note.substr(0, note.find('\n')), "test.example/api");
  auto entries = client_->Query("alice", 1, KeyFor("alice"), [](auto& b) {
    return std::make_pair(schema::QueryBody::EntriesOfPartyQuery,
                          schema::CreateEntriesOfPartyQueryDirect(b, "alice", 0, 10).Union());
  });
  ASSERT_TRUE(entries.ok() && entries->status().ok()) << entries->status().ToString();
  const auto* sequences = entries->response->body_as_EntriesResult()->sequences();
  ASSERT_EQ(sequences->size(), 2u);  // registered in entry 1, deposited in entry 2
  EXPECT_EQ(sequences->Get(1), 2u);
  auto entry = client_->Query("alice", 1, KeyFor("alice"), [](auto& b) {
    return std::make_pair(schema::QueryBody::EntryQuery, schema::CreateEntryQuery(b, 2).Union());
  });
  ASSERT_TRUE(entry.ok() && entry->status().ok());
  auto not_hers = client_->Query("bob", 1, KeyFor("bob"), [](auto& b) {
    return std::make_pair(schema::QueryBody::EntryQuery, schema::CreateEntryQuery(b, 2).Union());
  });
  ASSERT_TRUE(not_hers.ok());
  EXPECT_EQ(not_hers->response->code(), ErrorCode::NotPermitted);
  auto proof = client_->Query("bob", 1, KeyFor("bob"), [](auto& b) {
    return std::make_pair(schema::QueryBody::InclusionProofQuery,
                          schema::CreateInclusionProofQuery(b, 1, 3).Union());
  });
  ASSERT_TRUE(proof.ok() && proof->status().ok()) << proof->status().ToString();
  EXPECT_EQ(proof->response->body_as_ProofResult()->hashes()->size(), 64u);  // 2 hashes
}

TEST_F(ServerTest, AReadSignedByAnotherKeyOrReplayedIsRefused) {
  // Signed by bob's key but claiming to be alice.
  auto forged = client_->Query("alice", 1, KeyFor("bob"), [](auto& b) {
    return std::make_pair(schema::QueryBody::BalanceQuery,
                          schema::CreateBalanceQueryDirect(b, "cash:alice:CNY").Union());
  });
  ASSERT_TRUE(forged.ok());
  EXPECT_EQ(forged->response->code(), ErrorCode::BadSignature);
  // A captured query sent again is refused by its nonce.
  flatbuffers::FlatBufferBuilder builder;
  auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  builder.Finish(
      schema::CreateQuery(builder, builder.CreateString("alice"), 1, now, 42,
                          schema::QueryBody::BalanceQuery,
                          schema::CreateBalanceQueryDirect(builder, "cash:alice:CNY").Union()),
      schema::QueryIdentifier());
  std::string payload(reinterpret_cast<const char*>(builder.GetBufferPointer()), builder.GetSize());
  std::string signature(AsText(KeyFor("alice").Sign(AsBytes(payload))));
  std::string request = api::BuildRequest(5, schema::PayloadKind::Query, payload, signature);
  auto first = client_->Call(request, 5);
  ASSERT_TRUE(first.ok() && first->status().ok());
  auto replayed = client_->Call(request, 5);
  ASSERT_TRUE(replayed.ok());
  EXPECT_EQ(replayed->response->code(), ErrorCode::StaleRequest);
  // A query from an hour ago is outside the window.
  flatbuffers::FlatBufferBuilder old;
  old.Finish(schema::CreateQuery(old, old.CreateString("alice"), 1, now - 3'600'000'000, 43,
                                 schema::QueryBody::CheckpointQuery,
                                 schema::CreateCheckpointQuery(old, 0).Union()),
             schema::QueryIdentifier());
  std::string old_payload(reinterpret_cast<const char*>(old.GetBufferPointer()), old.GetSize());
  auto stale = client_->Call(api::BuildRequest(6, schema::PayloadKind::Query, old_payload,
                                               AsText(KeyFor("alice").Sign(AsBytes(old_payload)))),
                             6);
  ASSERT_TRUE(stale.ok());
  EXPECT_EQ(stale->response->code(), ErrorCode::StaleRequest);
}

TEST_F(ServerTest, AnUnparsableFrameGetsAnErrorAndClosesOnlyItsConnection) {
  auto hostile = Connect();
  ASSERT_TRUE(hostile->SendRaw(api::EncodeFrame(std::string(100, 'x'))).ok());
  auto answer = hostile->ReadResponse();
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  EXPECT_EQ(answer->response->code(), ErrorCode::Malformed);
  EXPECT_FALSE(hostile->ReadResponse().ok());  // closed
  // An oversized frame is refused from its header alone.
  auto greedy = Connect();
  ASSERT_TRUE(greedy->SendRaw(std::string("\xff\xff\xff\x7f", 4)).ok());
  auto refused = greedy->ReadResponse();
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->response->code(), ErrorCode::LimitExceeded);
  // Other clients are served as before.
  auto own = Balance("alice", "cash:alice:CNY");
  ASSERT_TRUE(own.ok() && own->status().ok());
}

TEST_F(ServerTest, PipelinedRequestsAreAllAnswered) {
  std::vector<std::string> frames;
  for (uint64_t i = 0; i < 50; ++i) {
    auto deposit = TransactionBuilder("bob", 1, 100 + i);
    deposit.Deposit("bob", "CNY", 1);
    SignedTransaction signed_tx = deposit.Sign(KeyFor("bob"));
    frames.push_back(api::EncodeFrame(api::BuildRequest(1000 + i, schema::PayloadKind::Transaction,
                                                        signed_tx.bytes, signed_tx.signature)));
  }
  std::string all;
  for (const auto& frame : frames) all += frame;
  ASSERT_TRUE(client_->SendRaw(all).ok());
  std::set<uint64_t> answered;
  for (int i = 0; i < 50; ++i) {
    auto response = client_->ReadResponse();
    ASSERT_TRUE(response.ok());
    ASSERT_TRUE(response->status().ok()) << response->status().ToString();
    answered.insert(response->response->request_id());
  }
  EXPECT_EQ(answered.size(), 50u);
  auto total = Balance("bob", "cash:bob:CNY");
  ASSERT_TRUE(total.ok() && total->status().ok());
  EXPECT_EQ(total->response->body_as_BalanceResult()->balance(), 50);
}

// The server reads whatever has arrived and takes whole frames from it: frames cut anywhere
// (inside a header, inside a body), several in one read, and one larger than the server's
// 16 KiB read buffer, all in one pipelined stream.
TEST_F(ServerTest, FramesCutAnywhereAcrossReadsAreAllTaken) {
  std::string stream;
  int64_t expected = 0;
  for (uint64_t i = 0; i < 12; ++i) {
    // Every fourth transaction deposits 500 times: a frame of more than 16 KiB.
    size_t deposits = i % 4 == 1 ? 500 : 1;
    auto deposit = TransactionBuilder("bob", 1, 200 + i);
    for (size_t d = 0; d < deposits; ++d) deposit.Deposit("bob", "CNY", 1);
    expected += static_cast<int64_t>(deposits);
    SignedTransaction signed_tx = deposit.Sign(KeyFor("bob"));
    std::string frame = api::EncodeFrame(api::BuildRequest(
        2000 + i, schema::PayloadKind::Transaction, signed_tx.bytes, signed_tx.signature));
    if (deposits > 1) {
      ASSERT_GT(frame.size(), size_t{16} << 10);
    }
    stream += frame;
  }
  // Pieces of 1, 3, 7, ... bytes and then larger, each sent on its own after a pause long
  // enough for the server to read it alone.
  const size_t pieces[] = {1, 3, 7, 2, 400, 5, 9'000, 1, 30'000, 13};
  size_t sent = 0;
  for (size_t i = 0; sent < stream.size(); ++i) {
    size_t piece = std::min(pieces[i % std::size(pieces)], stream.size() - sent);
    ASSERT_TRUE(client_->SendRaw(stream.substr(sent, piece)).ok());
    sent += piece;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  std::set<uint64_t> answered;
  for (int i = 0; i < 12; ++i) {
    auto response = client_->ReadResponse();
    ASSERT_TRUE(response.ok()) << response.status().ToString();
    ASSERT_TRUE(response->status().ok()) << response->status().ToString();
    answered.insert(response->response->request_id());
  }
  EXPECT_EQ(answered.size(), 12u);
  auto total = Balance("bob", "cash:bob:CNY");
  ASSERT_TRUE(total.ok() && total->status().ok());
  EXPECT_EQ(total->response->body_as_BalanceResult()->balance(), expected);
}

uint64_t StreamedSequence(const api::ResponseFrame& frame) {
  const auto* result = frame.response->body_as_EntryResult();
  EXPECT_NE(result, nullptr);
  if (result == nullptr) return UINT64_MAX;
  std::vector<uint64_t> storage;
  auto entry = VerifyEntry(
      AlignedFlatbuffer(std::string_view(reinterpret_cast<const char*>(result->entry()->data()),
                                         result->entry()->size()),
                        storage));
  EXPECT_TRUE(entry.ok());
  return entry.ok() ? (*entry)->sequence() : UINT64_MAX;
}

TEST_F(ServerTest, AnAuditorStreamsEveryEntryAndThenEachNewOne) {
  auto auditor = Connect();
  auto id = auditor->SendQuery("auditor", 1, KeyFor("auditor"), [](auto& b) {
    return std::make_pair(schema::QueryBody::SubscribeQuery,
                          schema::CreateSubscribeQuery(b, 1).Union());
  });
  ASSERT_TRUE(id.ok());
  for (uint64_t expected = 1; expected <= 2; ++expected) {
    auto frame = auditor->ReadResponse();
    ASSERT_TRUE(frame.ok() && frame->status().ok());
    EXPECT_EQ(frame->response->request_id(), *id);
    EXPECT_EQ(StreamedSequence(*frame), expected);
  }
  auto deposit = TransactionBuilder("bob", 1, 11);
  deposit.Deposit("bob", "CNY", 9);
  ASSERT_TRUE(Submit(deposit.Sign(KeyFor("bob"))).ok());
  auto next = auditor->ReadResponse();
  ASSERT_TRUE(next.ok() && next->status().ok());
  EXPECT_EQ(StreamedSequence(*next), 3u);
  // Only auditors stream.
  auto refused = client_->Query("alice", 1, KeyFor("alice"), [](auto& b) {
    return std::make_pair(schema::QueryBody::SubscribeQuery,
                          schema::CreateSubscribeQuery(b, 0).Union());
  });
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->response->code(), ErrorCode::NotPermitted);
  // A stream from beyond the end is refused; the connection is still served.
  auto beyond = auditor->Query("auditor", 1, KeyFor("auditor"), [](auto& b) {
    return std::make_pair(schema::QueryBody::SubscribeQuery,
                          schema::CreateSubscribeQuery(b, 1000).Union());
  });
  ASSERT_TRUE(beyond.ok());
  EXPECT_EQ(beyond->response->code(), ErrorCode::NotFound);
}

// More entries than a connection's unsent budget (kMaxUnsent): the stream goes on as the
// subscriber reads, through a ledger that stays idle meanwhile.
TEST_F(ServerTest, AStreamLongerThanTheUnsentBudgetIsDeliveredWhole) {
  constexpr uint64_t kEntries = api::Subscriptions::kMaxUnsent + 100;
  for (uint64_t i = 0; i < kEntries; ++i) {
    auto deposit = TransactionBuilder("bob", 1, 100 + i);
    deposit.Deposit("bob", "CNY", 1);
    ASSERT_TRUE(Submit(deposit.Sign(KeyFor("bob"))).ok());
  }
  const uint64_t size = kEntries + 3;  // genesis, setup, alice's deposit
  auto auditor = Connect();
  auto id = auditor->SendQuery("auditor", 1, KeyFor("auditor"), [](auto& b) {
    return std::make_pair(schema::QueryBody::SubscribeQuery,
                          schema::CreateSubscribeQuery(b, 0).Union());
  });
  ASSERT_TRUE(id.ok());
  for (uint64_t expected = 0; expected < size; ++expected) {
    auto frame = auditor->ReadResponse();
    ASSERT_TRUE(frame.ok()) << "entry " << expected << ": " << frame.status().ToString();
    ASSERT_TRUE(frame->status().ok());
    ASSERT_EQ(StreamedSequence(*frame), expected);
  }
}

}  // namespace
}  // namespace crowdledger
