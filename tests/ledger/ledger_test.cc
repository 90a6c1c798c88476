// Ledger: genesis, cash operations with exact balances, atomicity, idempotency across
// restarts, authentication and roles, and recovery by replay.
#include "ledger/ledger.h"

#include "tests/ledger/ledger_fixture.h"

namespace crowdledger {
namespace {

using test::LedgerFixture;
using Kind = schema::PartyKind;

class LedgerTest : public LedgerFixture {};

TEST_F(LedgerTest, GenesisRegistersTheAuthorityAndReplaysOnOpen) {
  EXPECT_EQ(ledger_->log().size(), 1u);
  auto party = ledger_->state().Get(PartyKey("authority"));
  ASSERT_TRUE(party.ok() && party->has_value());
  EXPECT_EQ(PartyRecord::Decode(**party)->kind, Kind::Authority);
  EXPECT_EQ(ledger_->state().applied_sequence(), 1u);
}

TEST_F(LedgerTest, DepositTransferWithdrawMoveExactAmountsAndConserveValue) {
  Register("platform", Kind::CrowdfundingPlatform);
  Register("alice", Kind::Investor);
  Register("bob", Kind::Investor);
  auto deposit = As("platform");
  deposit.Deposit("alice", "CNY", 100'000);
  ASSERT_TRUE(SubmitAs("platform", deposit).status.ok());
  auto transfer = As("alice");
  transfer.Transfer("alice", "bob", "CNY", 30'001);
  SubmitResult moved = SubmitAs("alice", transfer);
  ASSERT_TRUE(moved.status.ok()) << moved.status.ToString();
  ASSERT_EQ(moved.movements.size(), 1u);
  EXPECT_EQ(moved.movements[0].from, "cash:alice:CNY");
  EXPECT_EQ(moved.movements[0].amount.minor_units(), 30'001);
  auto withdraw = As("bob");
  withdraw.Withdraw("bob", "CNY", 1);
  ASSERT_TRUE(SubmitAs("bob", withdraw).status.ok());

  EXPECT_EQ(Balance("cash:alice:CNY"), 69'999);
  EXPECT_EQ(Balance("cash:bob:CNY"), 30'000);
  EXPECT_EQ(Balance("external:alice:CNY"), -100'000);
  EXPECT_EQ(Balance("external:bob:CNY"), 1);
  EXPECT_EQ(Balance("cash:alice:CNY") + Balance("cash:bob:CNY") + Balance("external:alice:CNY") +
                Balance("external:bob:CNY"),
            0);
}

TEST_F(LedgerTest, AFailingOperationUndoesTheWholeTransactionAndNamesItsIndex) {
  Register("alice", Kind::Investor);
  Register("bob", Kind::Investor);
  auto deposit = As("alice");
  deposit.Deposit("alice", "CNY", 500);
  ASSERT_TRUE(SubmitAs("alice", deposit).status.ok());
  Hash digest_before = ledger_->state().digest();
  uint64_t size_before = ledger_->log().size();

  auto overdraw = As("alice");
  overdraw.Transfer("alice", "bob", "CNY", 400).Transfer("alice", "bob", "CNY", 101);
  SubmitResult refused = SubmitAs("alice", overdraw);
  EXPECT_EQ(refused.status.code(), ErrorCode::InsufficientFunds) << refused.status.ToString();
  EXPECT_EQ(refused.failed_operation, 1);
  EXPECT_EQ(Balance("cash:alice:CNY"), 500);
  EXPECT_EQ(Balance("cash:bob:CNY"), 0);
  EXPECT_EQ(ledger_->state().digest(), digest_before);
  EXPECT_EQ(ledger_->log().size(), size_before);
}

TEST_F(LedgerTest, ResubmittingReturnsTheFirstOutcomeEvenAfterARestart) {
  Register("alice", Kind::Investor);
  SignedTransaction deposit = As("alice").Deposit("alice", "CNY", 700).Sign(KeyFor("alice"));
  SubmitResult first = Submit(deposit);
  ASSERT_TRUE(first.status.ok());
  SubmitResult again = Submit(deposit);
  EXPECT_TRUE(again.status.ok());
  EXPECT_TRUE(again.duplicate);
  EXPECT_EQ(again.sequence, first.sequence);
  EXPECT_EQ(again.movements, first.movements);
  Reopen();
  SubmitResult after_restart = Submit(deposit);
  EXPECT_TRUE(after_restart.duplicate);
  EXPECT_EQ(after_restart.sequence, first.sequence);
  EXPECT_EQ(after_restart.state_digest, first.state_digest);
  EXPECT_EQ(Balance("cash:alice:CNY"), 700);
}

TEST_F(LedgerTest, ReusingAnIdWithOtherContentIsRefused) {
  Register("alice", Kind::Investor);
  ASSERT_TRUE(
      Submit(
          test::TransactionBuilder("alice", 1, 77).Deposit("alice", "CNY", 1).Sign(KeyFor("alice")))
          .status.ok());
  SubmitResult reused = Submit(
      test::TransactionBuilder("alice", 1, 77).Deposit("alice", "CNY", 2).Sign(KeyFor("alice")));
  EXPECT_EQ(reused.status.code(), ErrorCode::IdReused);
  EXPECT_EQ(Balance("cash:alice:CNY"), 1);
}

TEST_F(LedgerTest, TheBytesOfALoggedTransactionUnderAnotherSignatureAreRefused) {
  Register("alice", Kind::Investor);
  SignedTransaction deposit = As("alice").Deposit("alice", "CNY", 3).Sign(KeyFor("alice"));
  ASSERT_TRUE(Submit(deposit).status.ok());
  SignedTransaction forged = deposit;
  forged.signature = std::string(AsText(KeyFor("mallory").Sign(AsBytes(deposit.bytes))));
  SubmitResult later = Submit(forged);
  EXPECT_EQ(later.status.code(), ErrorCode::BadSignature);
  EXPECT_FALSE(later.duplicate);
  SignedTransaction fresh = As("alice").Deposit("alice", "CNY", 4).Sign(KeyFor("alice"));
  SignedTransaction fresh_forged = fresh;
  fresh_forged.signature = forged.signature;
  std::vector<SignedTransaction> group{fresh, fresh_forged};
  auto results = ledger_->SubmitGroup(group, now_us_ + 1);
  EXPECT_TRUE(results[0].status.ok());
  EXPECT_EQ(results[1].status.code(), ErrorCode::BadSignature);
  EXPECT_EQ(Balance("cash:alice:CNY"), 7);
}

TEST_F(LedgerTest, DuplicatesWithinOneGroupApplyOnce) {
  Register("alice", Kind::Investor);
  SignedTransaction deposit = As("alice").Deposit("alice", "CNY", 5).Sign(KeyFor("alice"));
  std::vector<SignedTransaction> group{deposit, deposit};
  auto results = ledger_->SubmitGroup(group, now_us_ + 1);
  ASSERT_TRUE(results[0].status.ok());
  EXPECT_TRUE(results[1].duplicate);
  EXPECT_EQ(results[1].sequence, results[0].sequence);
  EXPECT_EQ(results[1].movements, results[0].movements);
  EXPECT_EQ(results[1].state_digest, results[0].state_digest);
  EXPECT_EQ(Balance("cash:alice:CNY"), 5);
}

TEST_F(LedgerTest, ForgedUnknownRevokedAndOutOfRoleRequestsLeaveNoTrace) {
  Register("alice", Kind::Investor);
  Hash digest = ledger_->state().digest();
  uint64_t size = ledger_->log().size();

  SignedTransaction forged = As("alice").Deposit("alice", "CNY", 9).Sign(KeyFor("mallory"));
  EXPECT_EQ(Submit(forged).status.code(), ErrorCode::BadSignature);
  SignedTransaction flipped = As("alice").Deposit("alice", "CNY", 9).Sign(KeyFor("alice"));
  flipped.bytes[flipped.bytes.size() - 9] ^= 1;
  EXPECT_NE(Submit(flipped).status.code(), ErrorCode::Ok);
  SignedTransaction unknown = As("mallory").Deposit("mallory", "CNY", 9).Sign(KeyFor("mallory"));
  EXPECT_EQ(Submit(unknown).status.code(), ErrorCode::UnknownKey);
  auto register_party = As("alice");
  register_party.RegisterParty("eve", Kind::Investor);
  SubmitResult out_of_role = SubmitAs("alice", register_party);
  EXPECT_EQ(out_of_role.status.code(), ErrorCode::NotPermitted);
  EXPECT_EQ(out_of_role.failed_operation, 0);
  auto steal = As("alice");
  steal.Transfer("authority", "alice", "CNY", 1);
  EXPECT_EQ(SubmitAs("alice", steal).status.code(), ErrorCode::NotPermitted);
  EXPECT_EQ(ledger_->state().digest(), digest);
  EXPECT_EQ(ledger_->log().size(), size);

  auto revoke = As("authority");
  revoke.RevokeKey("alice", 1);
  ASSERT_TRUE(Submit(revoke.Sign(authority_)).status.ok());
  SignedTransaction after_revocation = As("alice").Deposit("alice", "CNY", 9).Sign(KeyFor("alice"));
  EXPECT_EQ(Submit(after_revocation).status.code(), ErrorCode::KeyRevoked);
  EXPECT_EQ(Balance("cash:alice:CNY"), 0);
}

TEST_F(LedgerTest, AnAuditOnlyKeyPostsNothingAndASelfRegisteredKeyGetsNoNewRoles) {
  Register("alice", Kind::Investor);
  auto auditor_key = KeyFor("alice-audit");
  auto add_key = As("authority");
  add_key.RegisterKey("alice", 2, auditor_key.public_key(), schema::Role::Audit);
  ASSERT_TRUE(Submit(add_key.Sign(authority_)).status.ok());
  SignedTransaction by_auditor =
      test::TransactionBuilder("alice", 2, 901).Deposit("alice", "CNY", 1).Sign(auditor_key);
  EXPECT_EQ(Submit(by_auditor).status.code(), ErrorCode::NotPermitted);
  auto grant = As("alice");
  grant.RegisterKey("alice", 3, KeyFor("alice-3").public_key(),
                    schema::Role::Post | schema::Role::Audit);
  EXPECT_EQ(SubmitAs("alice", grant).status.code(), ErrorCode::NotPermitted);
  auto rotate = As("alice");
  rotate.RegisterKey("alice", 3, KeyFor("alice-3").public_key(), schema::Role::Post);
  EXPECT_TRUE(SubmitAs("alice", rotate).status.ok());
  EXPECT_EQ(Balance("cash:alice:CNY"), 0);
}

TEST_F(LedgerTest, MalformedOperationsAreRefusedWithTheirIndex) {
  Register("alice", Kind::Investor);
  auto bad_currency = As("alice");
  bad_currency.Deposit("alice", "CNY", 1).Deposit("alice", "yuan", 1);
  SubmitResult refused = SubmitAs("alice", bad_currency);
  EXPECT_EQ(refused.status.code(), ErrorCode::InvalidArgument);
  EXPECT_EQ(refused.failed_operation, 1);
  auto zero = As("alice");
  zero.Deposit("alice", "CNY", 0);
  EXPECT_EQ(SubmitAs("alice", zero).status.code(), ErrorCode::InvalidArgument);
  SubmitResult garbage = Submit(SignedTransaction{"not a flatbuffer", std::string(64, 'x')});
  EXPECT_EQ(garbage.status.code(), ErrorCode::Malformed);
}

TEST_F(LedgerTest, ReopeningWithAndWithoutAStateCheckpointGivesTheSameDigest) {
  Register("alice", Kind::Investor);
  Register("bob", Kind::Investor);
  for (int i = 0; i < 20; ++i) {
    auto builder = As("alice");
    builder.Deposit("alice", "CNY", 100 + i).Transfer("alice", "bob", "CNY", 50);
    ASSERT_TRUE(SubmitAs("alice", builder).status.ok());
    if (i == 9) {
      ASSERT_TRUE(ledger_->Checkpoint().ok());
    }
  }
  Hash live = ledger_->state().digest();
  Reopen();  // loads the checkpoint at entry 13 and replays the rest
  EXPECT_EQ(ledger_->state().digest(), live);
  EXPECT_EQ(ledger_->state().applied_sequence(), ledger_->log().size());
  ledger_.reset();
  {
    test::RawLedgerDatabase raw(directory_.path());
    std::unique_ptr<rocksdb::Iterator> it(raw.db().NewIterator({}, raw.family(5)));
    for (it->SeekToFirst(); it->Valid(); it->Next())
      ASSERT_TRUE(raw.db().Delete({}, raw.family(5), it->key()).ok());
  }
  Reopen();  // no state at all: a full replay from genesis
  EXPECT_EQ(ledger_->state().digest(), live);
  EXPECT_EQ(Balance("cash:bob:CNY"), 1000);
}

}  // namespace
}  // namespace crowdledger
