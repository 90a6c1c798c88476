// End to end over loopback, the real server and the real protocol (issue 4): every kind of
// refusal gets its precise code and message and changes nothing (checked with an auditor's
// reads before and after, and in the ledger itself once the server has stopped); a frame that
// cannot be read gets an error frame and closes its connection alone; and 100 clients
// pipelining transactions each get every one acknowledged exactly once.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <thread>
#include <vector>

#include "crypto/wall_clock.h"
#include "ledger/state/records.h"
#include "tests/api/server_fixture.h"
#include "tests/crypto/error_code_printer.h"

namespace crowdledger {
namespace {

using test::KeyFor;
using test::TransactionBuilder;

constexpr int64_t kSecondUs = 1'000'000;

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

api::BodyAdder CampaignNamed(const std::string& campaign) {
  return [campaign](flatbuffers::FlatBufferBuilder& b) {
    return std::make_pair(schema::QueryBody::CampaignQuery,
                          schema::CreateCampaignQueryDirect(b, campaign.c_str()).Union());
  };
}

// A query signed by `key` as `party`/`key_id` with the given time and nonce, in a request.
std::string QueryRequest(uint64_t request_id, const std::string& party, uint32_t key_id,
                         const Ed25519PrivateKey& key, int64_t time_us, uint64_t nonce,
                         const api::BodyAdder& add_body) {
  flatbuffers::FlatBufferBuilder builder;
  auto [kind, body] = add_body(builder);
  builder.Finish(
      schema::CreateQuery(builder, builder.CreateString(party), key_id, time_us, nonce, kind, body),
      schema::QueryIdentifier());
  std::string payload(reinterpret_cast<const char*>(builder.GetBufferPointer()), builder.GetSize());
  return api::BuildRequest(request_id, schema::PayloadKind::Query, payload,
                           AsText(key.Sign(AsBytes(payload))));
}

std::string TransactionRequest(uint64_t request_id, const SignedTransaction& transaction) {
  return api::BuildRequest(request_id, schema::PayloadKind::Transaction, transaction.bytes,
                           transaction.signature);
}

// What an auditor sees of the ledger: the latest checkpoint's body (origin, tree size, root
// hash), the watched accounts' balances (nullopt: never moved) and the campaign's totals.
struct Observation {
  std::string checkpoint;
  std::map<std::string, std::optional<int64_t>> balances;
  int64_t raised = -1;
  uint32_t investors = 0;
  bool operator==(const Observation&) const = default;
};

void PrintTo(const Observation& seen, std::ostream* out) {
  *out << "{" << seen.checkpoint;
  for (const auto& [account, balance] : seen.balances) {
    *out << ", " << account << "=" << (balance ? std::to_string(*balance) : "never moved");
  }
  *out << ", raised=" << seen.raised << ", investors=" << seen.investors << "}";
}

// Parties of the refusal tests: investors, two platforms, an enterprise with a campaign on
// the first platform, a seed fund, and an auditor; alice, bob and the fund hold cash.
class RefusalsTest : public test::ServerFixture {
 protected:
  static constexpr uint32_t kMaxFrameBytes = 4'096;

  api::ServerOptions Options() const override {
    api::ServerOptions options = ServerFixture::Options();
    options.max_frame_bytes = kMaxFrameBytes;
    return options;
  }

  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(ServerFixture::SetUp());
    auto setup = TransactionBuilder("authority", 1, 1);
    for (const auto& [party, kind] : std::vector<std::pair<std::string, schema::PartyKind>>{
             {"alice", schema::PartyKind::Investor},
             {"bob", schema::PartyKind::Investor},
             {"carol", schema::PartyKind::Investor},
             {"p1", schema::PartyKind::CrowdfundingPlatform},
             {"p2", schema::PartyKind::CrowdfundingPlatform},
             {"ent", schema::PartyKind::Enterprise},
             {"fund", schema::PartyKind::SeedFund}}) {
      setup.RegisterParty(party, kind)
          .RegisterKey(party, 1, KeyFor(party).public_key(), schema::Role::Post);
    }
    setup.RegisterParty("auditor", schema::PartyKind::ServiceProvider)
        .RegisterKey("auditor", 1, KeyFor("auditor").public_key(), schema::Role::Audit);
    ASSERT_NO_FATAL_FAILURE(Accept(setup.Sign(KeyFor("authority"))));
    ASSERT_NO_FATAL_FAILURE(Accept(
        TransactionBuilder("alice", 1, 1).Deposit("alice", "CNY", 10'000).Sign(Key("alice"))));
    ASSERT_NO_FATAL_FAILURE(
        Accept(TransactionBuilder("bob", 1, 1).Deposit("bob", "CNY", 5'000).Sign(Key("bob"))));
    ASSERT_NO_FATAL_FAILURE(
        Accept(TransactionBuilder("fund", 1, 1).Deposit("fund", "CNY", 50'000).Sign(Key("fund"))));
    TransactionBuilder::CampaignTerms terms;
    terms.campaign = "c1";
    terms.platform = "p1";
    terms.enterprise = "ent";
    terms.goal = 100'000;
    terms.opens_us = 1;
    terms.closes_us = WallClockMicros() + 3'600 * kSecondUs;
    ASSERT_NO_FATAL_FAILURE(
        Accept(TransactionBuilder("p1", 1, 1).OpenCampaign(terms).Sign(Key("p1"))));
    // The host platform pledges for alice: the rules allow it (the refusals below are about
    // who asks, not about the campaign).
    ASSERT_NO_FATAL_FAILURE(
        Accept(TransactionBuilder("p1", 1, 2).Pledge("c1", "alice", 1'000).Sign(Key("p1"))));
    // Another connection, open from here on, for the auditor's reads.
    auditor_ = Connect();
    ASSERT_NE(auditor_, nullptr);
  }

  static Ed25519PrivateKey Key(const std::string& party) { return KeyFor(party); }

  // Submits a transaction that must apply; counts it and keeps its state digest.
  void Accept(const SignedTransaction& transaction) {
    auto frame = client_->Submit(transaction);
    ASSERT_TRUE(frame.ok()) << frame.status().ToString();
    ASSERT_TRUE(frame->status().ok()) << frame->status().ToString();
    const auto* result = frame->response->body_as_SubmitResult();
    ASSERT_NE(result, nullptr);
    ASSERT_FALSE(result->duplicate());
    ASSERT_EQ(result->sequence(), accepted_ + 1);  // the entry after the last one accepted
    ASSERT_EQ(result->state_digest()->size(), last_digest_.size());
    std::copy(result->state_digest()->begin(), result->state_digest()->end(), last_digest_.begin());
    ++accepted_;
  }

  // Sends a request on `client` and expects a normal refusal: this code and message, the
  // request's own id, no body, and `failed_operation`.
  void ExpectRefusal(api::Client& client, std::string_view request, uint64_t request_id,
                     ErrorCode code, const std::string& message, int32_t failed_operation = -1) {
    auto frame = client.Call(request, request_id);
    ASSERT_TRUE(frame.ok()) << frame.status().ToString();
    EXPECT_EQ(frame->response->request_id(), request_id);
    EXPECT_EQ(frame->response->code(), code);
    EXPECT_EQ(frame->status().message(), message);
    EXPECT_EQ(frame->response->failed_operation(), failed_operation);
    EXPECT_EQ(frame->response->body_type(), schema::ResponseBody::NONE);
  }
  void ExpectRefused(const SignedTransaction& transaction, ErrorCode code,
                     const std::string& message, int32_t failed_operation = -1) {
    uint64_t id = next_request_id_++;
    ExpectRefusal(*client_, TransactionRequest(id, transaction), id, code, message,
                  failed_operation);
  }
  void ExpectReadRefused(const std::string& request, uint64_t request_id, ErrorCode code,
                         const std::string& message) {
    ExpectRefusal(*client_, request, request_id, code, message);
  }

  // A signed read as `party` with key `key_id`, now, with a fresh nonce.
  std::string FreshQuery(uint64_t request_id, const std::string& party, uint32_t key_id,
                         const Ed25519PrivateKey& key, const api::BodyAdder& body) {
    return QueryRequest(request_id, party, key_id, key, WallClockMicros(), next_nonce_++, body);
  }

  // Sends `bytes` on a connection of its own, which must get exactly one error frame
  // (request id 0) with this code and message and then be closed, while a connection opened
  // before it is served before and after.
  void ExpectFrameRefused(std::string_view bytes, ErrorCode code, const std::string& message) {
    auto bystander = Connect();
    ASSERT_NE(bystander, nullptr);
    auto before = bystander->Query("auditor", 1, Key("auditor"), LatestCheckpoint());
    ASSERT_TRUE(before.ok() && before->status().ok());
    auto hostile = Connect();
    ASSERT_NE(hostile, nullptr);
    ASSERT_TRUE(hostile->SendRaw(bytes).ok());
    auto answer = hostile->ReadResponse();
    ASSERT_TRUE(answer.ok()) << answer.status().ToString();
    EXPECT_EQ(answer->response->request_id(), 0u);
    EXPECT_EQ(answer->response->code(), code);
    EXPECT_EQ(answer->status().message(), message);
    EXPECT_EQ(answer->response->body_type(), schema::ResponseBody::NONE);
    auto closed = hostile->ReadResponse();
    EXPECT_FALSE(closed.ok()) << "the connection stays open after a frame error";
    auto after = bystander->Query("alice", 1, Key("alice"), BalanceOf("cash:alice:CNY"));
    ASSERT_TRUE(after.ok()) << after.status().ToString();
    ASSERT_TRUE(after->status().ok()) << after->status().ToString();
    EXPECT_EQ(after->response->body_as_BalanceResult()->balance(), 9'000);
  }

  Observation Observe() {
    Observation seen;
    auto checkpoint = auditor_->Query("auditor", 1, Key("auditor"), LatestCheckpoint());
    EXPECT_TRUE(checkpoint.ok() && checkpoint->status().ok());
    if (checkpoint.ok() && checkpoint->status().ok()) {
      std::string note = checkpoint->response->body_as_CheckpointResult()->note()->str();
      seen.checkpoint = note.substr(0, note.find("\n\n"));  // the body, before the signatures
    }
    for (const std::string& account : kWatched) {
      auto balance = auditor_->Query("auditor", 1, Key("auditor"), BalanceOf(account));
      EXPECT_TRUE(balance.ok()) << balance.status().ToString();
      if (!balance.ok()) continue;
      if (balance->response->code() == ErrorCode::NotFound) {
        seen.balances[account] = std::nullopt;
        continue;
      }
      EXPECT_TRUE(balance->status().ok()) << balance->status().ToString();
      if (balance->status().ok()) {
        seen.balances[account] = balance->response->body_as_BalanceResult()->balance();
      }
    }
    auto campaign = auditor_->Query("auditor", 1, Key("auditor"), CampaignNamed("c1"));
    EXPECT_TRUE(campaign.ok() && campaign->status().ok());
    if (campaign.ok() && campaign->status().ok()) {
      seen.raised = campaign->response->body_as_CampaignResult()->raised();
      seen.investors = campaign->response->body_as_CampaignResult()->investors();
    }
    return seen;
  }

  // Stops the server and checks the ledger itself: exactly genesis and the accepted entries
  // are logged, the state's digest is the last accepted entry's, and the watched balances are
  // those the auditor saw.
  void ExpectOnlyAcceptedCommitted(const Observation& seen) {
    StopServer();
    std::unique_ptr<Ledger> ledger = OpenLedger();
    ASSERT_NE(ledger, nullptr);
    EXPECT_EQ(ledger->log().size(), 1 + accepted_);
    EXPECT_EQ(ledger->state().digest(), last_digest_);
    for (const auto& [account, balance] : seen.balances) {
      auto bytes = ledger->state().Get(AccountKey(account));
      ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
      std::optional<int64_t> stored;
      if (*bytes) {
        auto record = AccountRecord::Decode(**bytes);
        ASSERT_TRUE(record.ok()) << record.status().ToString();
        stored = record->balance.minor_units();
      }
      EXPECT_EQ(stored, balance) << account;
    }
  }

  const std::vector<std::string> kWatched = {"cash:alice:CNY", "cash:bob:CNY", "cash:carol:CNY",
                                             "cash:fund:CNY",  "cash:ent:CNY", "external:alice:CNY",
                                             "escrow:c1",      "cash:p2:CNY",  "cash:mallory:CNY"};

  std::unique_ptr<api::Client> auditor_;
  uint64_t accepted_ = 0;  // entries accepted after genesis
  Hash last_digest_{};
  uint64_t next_request_id_ = 1'000;
  uint64_t next_nonce_ = 1;
};

TEST_F(RefusalsTest, TheSetupIsWhatTheRefusalsAreMeasuredAgainst) {
  Observation seen = Observe();
  EXPECT_EQ(seen.checkpoint.substr(0, seen.checkpoint.find('\n')), "test.example/api");
  EXPECT_EQ(seen.balances["cash:alice:CNY"], 9'000);
  EXPECT_EQ(seen.balances["cash:bob:CNY"], 5'000);
  EXPECT_EQ(seen.balances["cash:carol:CNY"], std::nullopt);
  EXPECT_EQ(seen.balances["cash:fund:CNY"], 50'000);
  EXPECT_EQ(seen.balances["escrow:c1"], 1'000);
  EXPECT_EQ(seen.raised, 1'000);
  EXPECT_EQ(seen.investors, 1u);
  ExpectOnlyAcceptedCommitted(seen);
}

TEST_F(RefusalsTest, AForgedOrMisdirectedSignatureOnAWriteIsBadSignatureAndChangesNothing) {
  Observation before = Observe();
  // alice's deposit of 700 as her transaction 100, signed by `signer`.
  auto deposit = [](const std::string& signer) {
    return TransactionBuilder("alice", 1, 100).Deposit("alice", "CNY", 700).Sign(Key(signer));
  };
  const std::string alice_message = "transaction signature does not verify with key 1 of 'alice'";
  // Signed by another party's key.
  ExpectRefused(deposit("bob"), ErrorCode::BadSignature, alice_message);
  // alice's own signature, one bit flipped.
  SignedTransaction flipped = deposit("alice");
  flipped.signature[10] = static_cast<char>(flipped.signature[10] ^ 0x01);
  ExpectRefused(flipped, ErrorCode::BadSignature, alice_message);
  // alice's genuine signature, but over other bytes (another amount).
  SignedTransaction other_bytes = deposit("alice");
  other_bytes.signature =
      TransactionBuilder("alice", 1, 100).Deposit("alice", "CNY", 7).Sign(Key("alice")).signature;
  ExpectRefused(other_bytes, ErrorCode::BadSignature, alice_message);
  // 64 zero bytes.
  SignedTransaction zeros = deposit("alice");
  zeros.signature.assign(64, '\0');
  ExpectRefused(zeros, ErrorCode::BadSignature, alice_message);
  // carol's key has not signed anything yet, so the ledger thread checks it (not a network
  // thread with a key it has learnt): the same refusal.
  ExpectRefused(TransactionBuilder("carol", 1, 100).Deposit("carol", "CNY", 700).Sign(Key("bob")),
                ErrorCode::BadSignature, "signature does not verify with key 1 of 'carol'");
  EXPECT_EQ(Observe(), before);
  // None of them used up the transaction id: the genuine transaction applies.
  ASSERT_NO_FATAL_FAILURE(Accept(deposit("alice")));
  Observation after = Observe();
  EXPECT_EQ(after.balances["cash:alice:CNY"], 9'700);
  ExpectOnlyAcceptedCommitted(after);
}

TEST_F(RefusalsTest, UnknownAndRevokedKeysAreRefusedForWritesAndReads) {
  // alice gets a second key and uses it for a write and a read (so the server has learnt
  // it), then the authority revokes it.
  ASSERT_NO_FATAL_FAILURE(
      Accept(TransactionBuilder("authority", 1, 2)
                 .RegisterKey("alice", 2, Key("alice-2").public_key(), schema::Role::Post)
                 .Sign(Key("authority"))));
  ASSERT_NO_FATAL_FAILURE(
      Accept(TransactionBuilder("alice", 2, 2).Deposit("alice", "CNY", 1).Sign(Key("alice-2"))));
  auto read = client_->Query("alice", 2, Key("alice-2"), BalanceOf("cash:alice:CNY"));
  ASSERT_TRUE(read.ok() && read->status().ok());
  EXPECT_EQ(read->response->body_as_BalanceResult()->balance(), 9'001);
  ASSERT_NO_FATAL_FAILURE(
      Accept(TransactionBuilder("authority", 1, 3).RevokeKey("alice", 2).Sign(Key("authority"))));
  const uint64_t revoked_at = accepted_;
  const std::string revoked = "key 2 of 'alice' was revoked at entry " + std::to_string(revoked_at);
  Observation before = Observe();

  // Writes.
  ExpectRefused(TransactionBuilder("alice", 2, 3).Deposit("alice", "CNY", 5).Sign(Key("alice-2")),
                ErrorCode::KeyRevoked, revoked);
  ExpectRefused(TransactionBuilder("alice", 9, 3).Deposit("alice", "CNY", 5).Sign(Key("alice")),
                ErrorCode::UnknownKey, "key 9 of 'alice' is not registered");
  ExpectRefused(
      TransactionBuilder("mallory", 1, 1).Deposit("mallory", "CNY", 5).Sign(Key("mallory")),
      ErrorCode::UnknownKey, "key 1 of 'mallory' is not registered");
  // Revoking it again is a rule refusal of the operation.
  ExpectRefused(TransactionBuilder("authority", 1, 4).RevokeKey("alice", 2).Sign(Key("authority")),
                ErrorCode::KeyRevoked, "RevokeKey: key 2 of 'alice' is already revoked", 0);

  // Reads.
  uint64_t id = 2'000;
  ExpectReadRefused(FreshQuery(id, "alice", 2, Key("alice-2"), BalanceOf("cash:alice:CNY")), id,
                    ErrorCode::KeyRevoked, revoked);
  ++id;
  ExpectReadRefused(FreshQuery(id, "alice", 9, Key("alice"), BalanceOf("cash:alice:CNY")), id,
                    ErrorCode::UnknownKey, "key 9 of 'alice' is not registered");
  ++id;
  ExpectReadRefused(FreshQuery(id, "mallory", 1, Key("mallory"), LatestCheckpoint()), id,
                    ErrorCode::UnknownKey, "key 1 of 'mallory' is not registered");
  // alice's first key is unaffected.
  auto own = client_->Query("alice", 1, Key("alice"), BalanceOf("cash:alice:CNY"));
  ASSERT_TRUE(own.ok() && own->status().ok());
  EXPECT_EQ(own->response->body_as_BalanceResult()->balance(), 9'001);

  Observation after = Observe();
  EXPECT_EQ(after, before);
  ExpectOnlyAcceptedCommitted(after);
}

// A revoked key is KeyRevoked whatever its signature, whether or not the server had learnt
// it (KnownKeys) before the revocation: the code depends on the request, not on a cache.
TEST_F(RefusalsTest, ARevokedKeyIsKeyRevokedWhateverItsSignature) {
  ASSERT_NO_FATAL_FAILURE(
      Accept(TransactionBuilder("authority", 1, 2)
                 .RegisterKey("alice", 2, Key("alice-2").public_key(), schema::Role::Post)
                 .Sign(Key("authority"))));
  ASSERT_NO_FATAL_FAILURE(
      Accept(TransactionBuilder("alice", 2, 2).Deposit("alice", "CNY", 1).Sign(Key("alice-2"))));
  ASSERT_NO_FATAL_FAILURE(
      Accept(TransactionBuilder("authority", 1, 3).RevokeKey("alice", 2).Sign(Key("authority"))));
  const std::string revoked = "key 2 of 'alice' was revoked at entry " + std::to_string(accepted_);
  ExpectRefused(TransactionBuilder("alice", 2, 3).Deposit("alice", "CNY", 5).Sign(Key("bob")),
                ErrorCode::KeyRevoked, revoked);
  ExpectReadRefused(FreshQuery(2'000, "alice", 2, Key("bob"), BalanceOf("cash:alice:CNY")), 2'000,
                    ErrorCode::KeyRevoked, revoked);
}

TEST_F(RefusalsTest, OutOfRoleWritesAreNotPermittedAtTheOperationThatFailed) {
  Observation before = Observe();
  uint64_t tx = 100;
  // A platform pledging, or opening a campaign, on another platform's behalf.
  ExpectRefused(TransactionBuilder("p2", 1, ++tx).Pledge("c1", "alice", 500).Sign(Key("p2")),
                ErrorCode::NotPermitted,
                "Pledge: 'p2' is neither the campaign's platform nor the investor", 0);
  TransactionBuilder::CampaignTerms terms;
  terms.campaign = "c2";
  terms.platform = "p1";
  terms.enterprise = "ent";
  terms.goal = 1'000;
  terms.opens_us = 1;
  terms.closes_us = WallClockMicros() + 3'600 * kSecondUs;
  ExpectRefused(TransactionBuilder("p2", 1, ++tx).OpenCampaign(terms).Sign(Key("p2")),
                ErrorCode::NotPermitted, "OpenCampaign: 'p2' may not open campaigns on 'p1'", 0);
  // An investor moving money from an account it does not own.
  ExpectRefused(TransactionBuilder("bob", 1, ++tx).Pledge("c1", "alice", 500).Sign(Key("bob")),
                ErrorCode::NotPermitted,
                "Pledge: 'bob' is neither the campaign's platform nor the investor", 0);
  ExpectRefused(
      TransactionBuilder("bob", 1, ++tx).Transfer("alice", "bob", "CNY", 500).Sign(Key("bob")),
      ErrorCode::NotPermitted, "Transfer: 'bob' may not pay from 'alice'", 0);
  ExpectRefused(TransactionBuilder("bob", 1, ++tx).Withdraw("alice", "CNY", 500).Sign(Key("bob")),
                ErrorCode::NotPermitted,
                "Withdraw: 'bob' is neither the party nor a platform or bank", 0);
  // A fund investing, or paying, with an investor's money.
  ExpectRefused(TransactionBuilder("fund", 1, ++tx)
                    .RecordInvestment("s1", "alice", "ent", schema::InvestmentKind::Angel, 500, 5)
                    .Sign(Key("fund")),
                ErrorCode::NotPermitted, "RecordInvestment: 'fund' may not invest for 'alice'", 0);
  ExpectRefused(
      TransactionBuilder("fund", 1, ++tx).Transfer("alice", "ent", "CNY", 500).Sign(Key("fund")),
      ErrorCode::NotPermitted, "Transfer: 'fund' may not pay from 'alice'", 0);
  // Keys without the Administer role.
  ExpectRefused(TransactionBuilder("alice", 1, ++tx)
                    .RegisterParty("mallory", schema::PartyKind::Investor)
                    .Sign(Key("alice")),
                ErrorCode::NotPermitted,
                "RegisterParty: registering parties needs the Administer role", 0);
  ExpectRefused(TransactionBuilder("alice", 1, ++tx)
                    .RegisterKey("bob", 2, Key("mallory").public_key(), schema::Role::Post)
                    .Sign(Key("alice")),
                ErrorCode::NotPermitted,
                "RegisterKey: registering keys of 'bob' needs the Administer role", 0);
  ExpectRefused(TransactionBuilder("alice", 1, ++tx)
                    .RegisterKey("alice", 2, Key("mallory").public_key(), schema::Role::Administer)
                    .Sign(Key("alice")),
                ErrorCode::NotPermitted,
                "RegisterKey: a party cannot give a new key roles its own key lacks", 0);
  ExpectRefused(TransactionBuilder("alice", 1, ++tx).RevokeKey("bob", 1).Sign(Key("alice")),
                ErrorCode::NotPermitted, "RevokeKey: party 'alice' may not act for 'bob'", 0);
  ExpectRefused(TransactionBuilder("alice", 1, ++tx)
                    .SetPolicy(schema::PolicyParameter::StartupSubsidyCap, 1)
                    .Sign(Key("alice")),
                ErrorCode::NotPermitted,
                "SetPolicyParameter: policy parameters need the Administer role", 0);
  // A key that may only read posts nothing, not even for its own party.
  ExpectRefused(
      TransactionBuilder("auditor", 1, ++tx).Deposit("auditor", "CNY", 5).Sign(Key("auditor")),
      ErrorCode::NotPermitted, "key 1 of 'auditor' has neither the Post nor the Administer role");
  // A transaction is all or nothing: alice's own deposit is undone with the transfer after it.
  ExpectRefused(TransactionBuilder("alice", 1, ++tx)
                    .Deposit("alice", "CNY", 500)
                    .Transfer("bob", "alice", "CNY", 500)
                    .Sign(Key("alice")),
                ErrorCode::NotPermitted, "Transfer: 'alice' may not pay from 'bob'", 1);
  Observation after = Observe();
  EXPECT_EQ(after, before);
  ExpectOnlyAcceptedCommitted(after);
}

TEST_F(RefusalsTest, ReusingATransactionIdForOtherContentIsRefused) {
  Observation before = Observe();
  // alice's deposit of 10,000 was her transaction 1 (entry 2).
  ExpectRefused(
      TransactionBuilder("alice", 1, 1).Deposit("alice", "CNY", 10'001).Sign(Key("alice")),
      ErrorCode::IdReused, "transaction id was used by entry 2 with other content");
  // The same bytes again are no refusal but the first outcome, and change nothing either.
  auto again = client_->Submit(
      TransactionBuilder("alice", 1, 1).Deposit("alice", "CNY", 10'000).Sign(Key("alice")));
  ASSERT_TRUE(again.ok() && again->status().ok());
  EXPECT_TRUE(again->response->body_as_SubmitResult()->duplicate());
  EXPECT_EQ(again->response->body_as_SubmitResult()->sequence(), 2u);
  Observation after = Observe();
  EXPECT_EQ(after, before);
  ExpectOnlyAcceptedCommitted(after);
}

TEST_F(RefusalsTest, ForgedReplayedAndStaleReadsAreRefused) {
  Observation before = Observe();
  const int64_t now = WallClockMicros();
  // A read signed with another key: a key the server has learnt (alice's) and one it has not
  // (carol's) are refused alike.
  ExpectReadRefused(QueryRequest(10, "alice", 1, Key("bob"), now, 77, BalanceOf("cash:alice:CNY")),
                    10, ErrorCode::BadSignature,
                    "query signature does not verify with key 1 of 'alice'");
  ExpectReadRefused(QueryRequest(11, "carol", 1, Key("bob"), now, 77, BalanceOf("cash:carol:CNY")),
                    11, ErrorCode::BadSignature,
                    "query signature does not verify with key 1 of 'carol'");
  // The forgery did not use up alice's nonce: her genuine read with it is answered...
  std::string genuine =
      QueryRequest(12, "alice", 1, Key("alice"), now, 77, BalanceOf("cash:alice:CNY"));
  auto first = client_->Call(genuine, 12);
  ASSERT_TRUE(first.ok() && first->status().ok())
      << (first.ok() ? first->status() : first.status()).ToString();
  EXPECT_EQ(first->response->body_as_BalanceResult()->balance(), 9'000);
  // ...once: the same bytes again, on this or another connection, are a replay.
  ExpectReadRefused(genuine, 12, ErrorCode::StaleRequest, "query nonce was used before");
  auto other = Connect();
  ASSERT_NE(other, nullptr);
  ExpectRefusal(*other, genuine, 12, ErrorCode::StaleRequest, "query nonce was used before");
  // A new query reusing the nonce is a replay too, even with another body.
  ExpectReadRefused(QueryRequest(13, "alice", 1, Key("alice"), now, 77, LatestCheckpoint()), 13,
                    ErrorCode::StaleRequest, "query nonce was used before");
  // Outside the 30 s window, either way; inside it, answered.
  const std::string window = "query time is outside the server's window of 30 s";
  ExpectReadRefused(
      QueryRequest(14, "alice", 1, Key("alice"), now - 31 * kSecondUs, 78, LatestCheckpoint()), 14,
      ErrorCode::StaleRequest, window);
  ExpectReadRefused(
      QueryRequest(15, "alice", 1, Key("alice"), now + 31 * kSecondUs, 79, LatestCheckpoint()), 15,
      ErrorCode::StaleRequest, window);
  auto recent = client_->Call(
      QueryRequest(16, "alice", 1, Key("alice"), now - 20 * kSecondUs, 80, LatestCheckpoint()), 16);
  ASSERT_TRUE(recent.ok() && recent->status().ok());
  Observation after = Observe();
  EXPECT_EQ(after, before);
  ExpectOnlyAcceptedCommitted(after);
}

TEST_F(RefusalsTest, ARequestWhosePayloadIsNotItsKindIsRefusedAndItsConnectionServed) {
  Observation before = Observe();
  SignedTransaction deposit =
      TransactionBuilder("alice", 1, 100).Deposit("alice", "CNY", 700).Sign(Key("alice"));
  auto query = api::BuildSignedQuery("alice", 1, Key("alice"), BalanceOf("cash:alice:CNY"));
  ASSERT_TRUE(query.ok());
  ExpectReadRefused(
      api::BuildRequest(20, schema::PayloadKind::Transaction, query->payload, query->signature), 20,
      ErrorCode::Malformed, "transaction lacks the \"CLTX\" file identifier");
  ExpectReadRefused(
      api::BuildRequest(21, schema::PayloadKind::Query, deposit.bytes, deposit.signature), 21,
      ErrorCode::Malformed, "query does not carry the identifier CLQY");
  std::string garbage = deposit.bytes;
  for (size_t i = 8; i < garbage.size(); ++i) garbage[i] = '\xee';  // keeps "CLTX"
  ExpectReadRefused(
      api::BuildRequest(22, schema::PayloadKind::Transaction, garbage, deposit.signature), 22,
      ErrorCode::Malformed, "transaction fails FlatBuffers verification");
  ExpectReadRefused(
      api::BuildRequest(23, static_cast<schema::PayloadKind>(7), deposit.bytes, deposit.signature),
      23, ErrorCode::Malformed, "unknown request payload kind");
  // The connection is still served.
  auto own = Balance("alice", "cash:alice:CNY");
  ASSERT_TRUE(own.ok() && own->status().ok());
  EXPECT_EQ(own->response->body_as_BalanceResult()->balance(), 9'000);
  Observation after = Observe();
  EXPECT_EQ(after, before);
  ExpectOnlyAcceptedCommitted(after);
}

TEST_F(RefusalsTest, AFrameThatCannotBeReadGetsAnErrorFrameAndClosesOnlyItsConnection) {
  Observation before = Observe();
  // A genuine transaction too large for the frame limit: refused from its header alone (the
  // body is never sent, yet the answer comes).
  auto large = TransactionBuilder("alice", 1, 100);
  for (int i = 0; i < 100; ++i) large.Deposit("alice", "CNY", 1);
  std::string oversized = api::EncodeFrame(TransactionRequest(30, large.Sign(Key("alice"))));
  ASSERT_GT(oversized.size(), api::kFrameHeaderBytes + kMaxFrameBytes);
  ASSERT_NO_FATAL_FAILURE(
      ExpectFrameRefused(oversized.substr(0, api::kFrameHeaderBytes), ErrorCode::LimitExceeded,
                         "frame of " + std::to_string(oversized.size() - api::kFrameHeaderBytes) +
                             " bytes; the limit is 4096"));
  ASSERT_NO_FATAL_FAILURE(ExpectFrameRefused(std::string("\x01\x10\x00\x00", 4),
                                             ErrorCode::LimitExceeded,
                                             "frame of 4097 bytes; the limit is 4096"));
  ASSERT_NO_FATAL_FAILURE(ExpectFrameRefused(std::string(4, '\0'), ErrorCode::LimitExceeded,
                                             "frame of 0 bytes; the limit is 4096"));
  // Garbage with a valid length prefix, up to exactly the limit (read, then refused).
  const std::string no_identifier = "request does not carry the identifier CLRQ";
  ASSERT_NO_FATAL_FAILURE(ExpectFrameRefused(api::EncodeFrame(std::string(100, 'x')),
                                             ErrorCode::Malformed, no_identifier));
  ASSERT_NO_FATAL_FAILURE(ExpectFrameRefused(api::EncodeFrame(std::string(kMaxFrameBytes, 'x')),
                                             ErrorCode::Malformed, no_identifier));
  ASSERT_NO_FATAL_FAILURE(
      ExpectFrameRefused(api::EncodeFrame("x"), ErrorCode::Malformed, no_identifier));
  // The right identifier, but garbage around it; a genuine request cut short.
  std::string request = TransactionRequest(
      31, TransactionBuilder("alice", 1, 101).Deposit("alice", "CNY", 1).Sign(Key("alice")));
  std::string scrambled(request.size(), '\xff');
  scrambled.replace(4, 4, "CLRQ");
  ASSERT_NO_FATAL_FAILURE(ExpectFrameRefused(api::EncodeFrame(scrambled), ErrorCode::Malformed,
                                             "request fails the FlatBuffers verifier"));
  ASSERT_NO_FATAL_FAILURE(
      ExpectFrameRefused(api::EncodeFrame(request.substr(0, request.size() - 40)),
                         ErrorCode::Malformed, "request fails the FlatBuffers verifier"));
  // The wrong file identifier: a bare transaction, and a response sent back.
  SignedTransaction bare =
      TransactionBuilder("alice", 1, 102).Deposit("alice", "CNY", 1).Sign(Key("alice"));
  ASSERT_NO_FATAL_FAILURE(
      ExpectFrameRefused(api::EncodeFrame(bare.bytes), ErrorCode::Malformed, no_identifier));
  ASSERT_NO_FATAL_FAILURE(
      ExpectFrameRefused(api::EncodeFrame(api::ErrorResponse(32, Status(ErrorCode::Busy, "echo"))),
                         ErrorCode::Malformed, no_identifier));
  // A signature that is not 64 bytes: truncated, empty, too long.
  for (size_t length : {63u, 0u, 65u}) {
    SignedTransaction odd =
        TransactionBuilder("alice", 1, 103).Deposit("alice", "CNY", 1).Sign(Key("alice"));
    odd.signature.resize(length, '\0');
    ASSERT_NO_FATAL_FAILURE(ExpectFrameRefused(api::EncodeFrame(TransactionRequest(33, odd)),
                                               ErrorCode::Malformed,
                                               "request signature is not 64 bytes"));
  }
  Observation after = Observe();
  EXPECT_EQ(after, before);
  ExpectOnlyAcceptedCommitted(after);
}

// 100 connections, each on its own thread, each keeping 8 transactions in flight until it has
// had 20 acknowledged. Transaction k of investor i deposits 3 * 2^k and pledges 2^k to one
// campaign, so each investor ends with 2 * (2^20 - 1) in cash exactly when each of its 20
// transactions applied once.
class PipeliningClientsTest : public test::ServerFixture {
 protected:
  static constexpr int kClients = 100;
  static constexpr int kPerClient = 20;
  static constexpr int kInFlight = 8;
  static constexpr int64_t kAllBits = (int64_t{1} << kPerClient) - 1;

  static std::string Investor(int i) { return "inv" + std::to_string(i); }

  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(ServerFixture::SetUp());
    auto setup = TransactionBuilder("authority", 1, 1);
    setup.RegisterParty("p1", schema::PartyKind::CrowdfundingPlatform)
        .RegisterKey("p1", 1, KeyFor("p1").public_key(), schema::Role::Post)
        .RegisterParty("ent", schema::PartyKind::Enterprise)
        .RegisterParty("auditor", schema::PartyKind::ServiceProvider)
        .RegisterKey("auditor", 1, KeyFor("auditor").public_key(), schema::Role::Audit);
    for (int i = 0; i < kClients; ++i) {
      setup.RegisterParty(Investor(i), schema::PartyKind::Investor)
          .RegisterKey(Investor(i), 1, KeyFor(Investor(i)).public_key(), schema::Role::Post);
    }
    ASSERT_TRUE(Submit(setup.Sign(KeyFor("authority"))).ok());
    TransactionBuilder::CampaignTerms terms;
    terms.campaign = "c1";
    terms.platform = "p1";
    terms.enterprise = "ent";
    terms.goal = 1'000'000'000;
    terms.opens_us = 1;
    terms.closes_us = WallClockMicros() + 3'600 * kSecondUs;
    ASSERT_TRUE(Submit(TransactionBuilder("p1", 1, 1).OpenCampaign(terms).Sign(KeyFor("p1"))).ok());
  }

  static constexpr uint64_t kEntriesBefore = 3;  // genesis, the registrations, the campaign

  // What one client saw: the sequence of each acknowledged transaction, and what went wrong.
  struct ClientRun {
    std::vector<uint64_t> sequences;
    std::string error;  // empty when every check passed
  };

  ClientRun RunClient(int i) {
    ClientRun run;
    auto fail = [&run](const std::string& what) {
      if (run.error.empty()) run.error = what;
      return run;
    };
    auto client = api::Client::Connect("127.0.0.1", server_->port());
    if (!client.ok()) return fail(client.status().ToString());
    std::string investor = Investor(i);
    std::vector<std::string> frames;
    for (int k = 0; k < kPerClient; ++k) {
      auto transaction = TransactionBuilder(investor, 1, static_cast<uint64_t>(k) + 1)
                             .Deposit(investor, "CNY", 3 * (int64_t{1} << k))
                             .Pledge("c1", investor, int64_t{1} << k)
                             .Sign(KeyFor(investor));
      frames.push_back(api::EncodeFrame(TransactionRequest(RequestId(i, k), transaction)));
    }
    std::map<uint64_t, int> pending;  // request id -> k
    int sent = 0;
    auto send_next = [&]() -> bool {
      pending[RequestId(i, sent)] = sent;
      return (*client)->SendRaw(frames[static_cast<size_t>(sent++)]).ok();
    };
    while (sent < kInFlight) {
      if (!send_next()) return fail("send failed");
    }
    std::set<uint64_t> answered;
    while (!pending.empty()) {
      auto frame = (*client)->ReadResponse();
      if (!frame.ok()) return fail(frame.status().ToString());
      uint64_t id = frame->response->request_id();
      auto found = pending.find(id);
      if (found == pending.end()) {
        return fail("answer to request " + std::to_string(id) +
                    (answered.contains(id) ? ", answered before" : ", never sent"));
      }
      if (!frame->status().ok()) return fail(frame->status().ToString());
      const auto* result = frame->response->body_as_SubmitResult();
      if (result == nullptr || result->duplicate()) return fail("not a first acknowledgement");
      int64_t bit = int64_t{1} << found->second;
      if (result->movements()->size() != 2 || result->movements()->Get(0)->amount() != 3 * bit ||
          result->movements()->Get(1)->amount() != bit) {
        return fail("wrong movements for transaction " + std::to_string(found->second));
      }
      run.sequences.push_back(result->sequence());
      answered.insert(id);
      pending.erase(found);
      if (sent < kPerClient && !send_next()) return fail("send failed");
    }
    // Nothing more was answered: the next frame on the connection is this read's answer.
    auto read_id =
        (*client)->SendQuery(investor, 1, KeyFor(investor), BalanceOf("cash:" + investor + ":CNY"));
    if (!read_id.ok()) return fail(read_id.status().ToString());
    auto balance = (*client)->ReadResponse();
    if (!balance.ok()) return fail(balance.status().ToString());
    if (balance->response->request_id() != *read_id) return fail("an extra answer arrived");
    if (!balance->status().ok()) return fail(balance->status().ToString());
    if (balance->response->body_as_BalanceResult()->balance() != 2 * kAllBits) {
      return fail("cash of " + investor + " is " +
                  std::to_string(balance->response->body_as_BalanceResult()->balance()));
    }
    return run;
  }

  static uint64_t RequestId(int client, int k) {
    return (static_cast<uint64_t>(client) << 32) | (static_cast<uint64_t>(k) + 1);
  }
};

TEST_F(PipeliningClientsTest, EveryPipelinedTransactionOfAHundredClientsIsAcknowledgedOnce) {
  std::vector<ClientRun> runs(kClients);
  std::vector<std::thread> threads;
  threads.reserve(kClients);
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([this, i, &runs] { runs[static_cast<size_t>(i)] = RunClient(i); });
  }
  for (std::thread& thread : threads) thread.join();

  std::set<uint64_t> sequences;
  for (int i = 0; i < kClients; ++i) {
    const ClientRun& run = runs[static_cast<size_t>(i)];
    EXPECT_EQ(run.error, "") << "client " << i;
    EXPECT_EQ(run.sequences.size(), static_cast<size_t>(kPerClient)) << "client " << i;
    sequences.insert(run.sequences.begin(), run.sequences.end());
  }
  // 2,000 distinct entries, right after the setup's.
  constexpr uint64_t kTotal = uint64_t{kClients} * kPerClient;
  ASSERT_EQ(sequences.size(), kTotal);
  EXPECT_EQ(*sequences.begin(), kEntriesBefore);
  EXPECT_EQ(*sequences.rbegin(), kEntriesBefore + kTotal - 1);

  auto campaign = client_->Query("auditor", 1, KeyFor("auditor"), CampaignNamed("c1"));
  ASSERT_TRUE(campaign.ok() && campaign->status().ok());
  EXPECT_EQ(campaign->response->body_as_CampaignResult()->raised(), kClients * kAllBits);
  EXPECT_EQ(campaign->response->body_as_CampaignResult()->investors(),
            static_cast<uint32_t>(kClients));
  auto escrow = Balance("auditor", "escrow:c1");
  ASSERT_TRUE(escrow.ok() && escrow->status().ok());
  EXPECT_EQ(escrow->response->body_as_BalanceResult()->balance(), kClients * kAllBits);
  for (int i = 0; i < kClients; ++i) {
    auto external = Balance("auditor", "external:" + Investor(i) + ":CNY");
    ASSERT_TRUE(external.ok() && external->status().ok());
    EXPECT_EQ(external->response->body_as_BalanceResult()->balance(), -3 * kAllBits) << Investor(i);
  }

  StopServer();
  std::unique_ptr<Ledger> ledger = OpenLedger();
  ASSERT_NE(ledger, nullptr);
  EXPECT_EQ(ledger->log().size(), kEntriesBefore + kTotal);
}

}  // namespace
}  // namespace crowdledger
