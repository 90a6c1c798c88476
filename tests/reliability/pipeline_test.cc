// The ledger's pipelined submission (Ledger::Apply, StartWrite, FinishWrite): the next group is
// applied on top of a group whose log write is in flight. Its results and state must be those
// of submitting one group at a time, and a failed write must fail the group applied on top of
// it, leaving the ledger as it was.
#include <rocksdb/env.h>

#include <thread>

#include "tests/ledger/ledger_fixture.h"
#include "tests/reliability/fault_injecting_fs.h"

namespace crowdledger::test {
namespace {

using Kind = schema::PartyKind;
using reliability::FaultInjectingFileSystem;
using reliability::StorageFault;

class PipelineTest : public LedgerFixture {
 protected:
  void TearDown() override { ledger_.reset(); }  // before env_, which it uses
  LedgerOptions Options() override {
    LedgerOptions options = LedgerFixture::Options();
    options.log.env = env_.get();
    return options;
  }

  SignedTransaction Registration(const std::string& party, Kind kind) {
    return As("authority")
        .RegisterParty(party, kind)
        .RegisterKey(party, 1, KeyFor(party).public_key(), schema::Role::Post)
        .Sign(authority_);
  }

  // Applies `transactions` to the open group; their results land in `results` when delivered.
  void Apply(std::vector<SignedTransaction> transactions, std::vector<SubmitResult>& results,
             int64_t time_us) {
    results.assign(transactions.size(), SubmitResult{});
    delivered_.assign(transactions.size(), false);
    std::vector<SubmitDone> done;
    for (size_t i = 0; i < transactions.size(); ++i) {
      done.emplace_back([&results, this, i](SubmitResult result) {
        results[i] = std::move(result);
        delivered_[i] = true;
      });
    }
    ledger_->Apply(transactions, time_us, done);
  }

  std::shared_ptr<FaultInjectingFileSystem> fs_ =
      std::make_shared<FaultInjectingFileSystem>(rocksdb::FileSystem::Default());
  std::unique_ptr<rocksdb::Env> env_ = rocksdb::NewCompositeEnv(fs_);
  std::vector<bool> delivered_;
};

void ExpectSameResult(const SubmitResult& pipelined, const SubmitResult& reference) {
  EXPECT_EQ(pipelined.status.code(), reference.status.code()) << pipelined.status.ToString();
  EXPECT_EQ(pipelined.sequence, reference.sequence);
  EXPECT_EQ(pipelined.duplicate, reference.duplicate);
  EXPECT_EQ(pipelined.state_digest, reference.state_digest);
  EXPECT_EQ(pipelined.movements, reference.movements);
  EXPECT_EQ(pipelined.failed_operation, reference.failed_operation);
}

TEST_F(PipelineTest, TheNextGroupAppliesOnTopOfTheOneBeingWrittenAsIfOneAtATime) {
  std::vector<SignedTransaction> setup{Registration("platform", Kind::CrowdfundingPlatform),
                                       Registration("alice", Kind::Investor),
                                       Registration("bob", Kind::Investor)};
  constexpr int64_t kSetupUs = kStartTimeUs + 1'000'000;
  constexpr int64_t kPipelineUs = kStartTimeUs + 2'000'000;
  for (const SubmitResult& result : ledger_->SubmitGroup(setup, kSetupUs)) {
    ASSERT_TRUE(result.status.ok()) << result.status.ToString();
  }
  // Each transaction needs the one before it: the transfer spends the deposit, which the
  // overdraft then lacks.
  SignedTransaction deposit = As("platform").Deposit("alice", "CNY", 100).Sign(KeyFor("platform"));
  SignedTransaction transfer =
      As("alice").Transfer("alice", "bob", "CNY", 100).Sign(KeyFor("alice"));
  SignedTransaction overdraft =
      As("alice").Transfer("alice", "bob", "CNY", 1).Sign(KeyFor("alice"));
  std::vector<SubmitResult> first;
  std::vector<SubmitResult> second;
  Apply({deposit}, first, kPipelineUs);
  ledger_->StartWrite();
  EXPECT_TRUE(ledger_->write_in_flight());
  std::vector<SubmitResult> second_results;
  second.resize(2);
  {
    std::vector<SignedTransaction> next{transfer, overdraft};
    std::vector<SubmitDone> done;
    for (size_t i = 0; i < next.size(); ++i) {
      done.emplace_back([&second, i](SubmitResult result) { second[i] = std::move(result); });
    }
    ledger_->Apply(next, kPipelineUs, done);
  }
  EXPECT_EQ(ledger_->open_transactions(), 2u);
  ledger_->Drain();
  EXPECT_FALSE(ledger_->write_in_flight());
  EXPECT_EQ(ledger_->open_transactions(), 0u);
  EXPECT_EQ(Balance("cash:alice:CNY"), 0);
  EXPECT_EQ(Balance("cash:bob:CNY"), 100);

  // The same transactions, one group at a time, on a ledger of their own.
  TemporaryDirectory other;
  ASSERT_TRUE(Ledger::Create(other.path(), "test.example/ledger", authority_, kStartTimeUs,
                             LedgerFixture::Options())
                  .ok());
  auto reference = Ledger::Open(other.path(), LedgerFixture::Options());
  ASSERT_TRUE(reference.ok());
  (*reference)->SubmitGroup(setup, kSetupUs);
  std::vector<SignedTransaction> deposit_group{deposit};
  std::vector<SignedTransaction> next_group{transfer, overdraft};
  auto reference_first = (*reference)->SubmitGroup(deposit_group, kPipelineUs);
  auto reference_second = (*reference)->SubmitGroup(next_group, kPipelineUs);
  ExpectSameResult(first[0], reference_first[0]);
  ExpectSameResult(second[0], reference_second[0]);
  ExpectSameResult(second[1], reference_second[1]);
  EXPECT_EQ(second[1].status.code(), ErrorCode::InsufficientFunds);
  EXPECT_EQ(ledger_->state().digest(), (*reference)->state().digest());
  ASSERT_EQ(ledger_->log().size(), (*reference)->log().size());
  uint64_t size = ledger_->log().size();
  EXPECT_EQ(*ledger_->log().Root(size), *(*reference)->log().Root(size));
}

TEST_F(PipelineTest, ARepeatOfATransactionBeingWrittenGetsItsResult) {
  Register("alice", Kind::Investor);
  uint64_t size_before = ledger_->log().size();
  SignedTransaction deposit =
      TransactionBuilder("alice", 1, 501).Deposit("alice", "CNY", 7).Sign(KeyFor("alice"));
  SignedTransaction same_id_other_bytes =
      TransactionBuilder("alice", 1, 501).Deposit("alice", "CNY", 8).Sign(KeyFor("alice"));
  SignedTransaction forged = deposit;
  forged.signature = std::string(AsText(KeyFor("mallory").Sign(AsBytes(deposit.bytes))));
  std::vector<SubmitResult> first;
  std::vector<SubmitResult> repeats;
  Apply({deposit}, first, now_us_ + 1);
  ledger_->StartWrite();
  std::vector<bool> first_delivered = delivered_;
  Apply({deposit, same_id_other_bytes, forged}, repeats, now_us_ + 2);
  ledger_->Drain();
  ASSERT_TRUE(first[0].status.ok()) << first[0].status.ToString();
  EXPECT_FALSE(first[0].duplicate);
  EXPECT_TRUE(repeats[0].status.ok());
  EXPECT_TRUE(repeats[0].duplicate);
  EXPECT_EQ(repeats[0].sequence, first[0].sequence);
  EXPECT_EQ(repeats[0].state_digest, first[0].state_digest);
  EXPECT_EQ(repeats[0].movements, first[0].movements);
  EXPECT_EQ(repeats[1].status.code(), ErrorCode::IdReused);
  EXPECT_EQ(repeats[2].status.code(), ErrorCode::BadSignature);
  EXPECT_EQ(ledger_->log().size(), size_before + 1);
  EXPECT_EQ(Balance("cash:alice:CNY"), 7);
}

TEST_F(PipelineTest, AFailedWriteFailsTheGroupAppliedOnTopOfItAndNothingElse) {
  Register("platform", Kind::CrowdfundingPlatform);
  Register("alice", Kind::Investor);
  Register("bob", Kind::Investor);
  SignedTransaction earlier = As("platform").Deposit("bob", "CNY", 5).Sign(KeyFor("platform"));
  ASSERT_TRUE(Submit(earlier).status.ok());
  const uint64_t size_before = ledger_->log().size();
  const Hash digest_before = ledger_->state().digest();

  SignedTransaction deposit = As("platform").Deposit("alice", "CNY", 100).Sign(KeyFor("platform"));
  SignedTransaction transfer =
      As("alice").Transfer("alice", "bob", "CNY", 100).Sign(KeyFor("alice"));
  std::vector<SubmitResult> first;
  std::vector<SubmitResult> second;
  fs_->Inject(StorageFault::kDiskFull);
  Apply({deposit}, first, now_us_ + 1);
  ledger_->StartWrite();
  // On top of the failing write: a transaction that needs it, one malformed, and a repeat of an
  // entry logged before it.
  SignedTransaction malformed{"not a transaction", std::string(64, 'x'), std::nullopt};
  Apply({transfer, malformed, earlier}, second, now_us_ + 2);
  ledger_->FinishWrite();
  EXPECT_EQ(delivered_, std::vector<bool>(3, true));  // the open group's results too
  EXPECT_GT(fs_->injected(), 0u);
  EXPECT_EQ(first[0].status.code(), ErrorCode::StorageUnavailable) << first[0].status.ToString();
  EXPECT_EQ(second[0].status.code(), ErrorCode::StorageUnavailable) << second[0].status.ToString();
  EXPECT_EQ(second[1].status.code(), ErrorCode::StorageUnavailable);
  EXPECT_TRUE(second[2].status.ok());
  EXPECT_TRUE(second[2].duplicate);
  EXPECT_LT(second[2].sequence, size_before);
  EXPECT_EQ(ledger_->open_transactions(), 0u);
  EXPECT_FALSE(ledger_->write_in_flight());
  EXPECT_EQ(ledger_->log().size(), size_before);
  EXPECT_EQ(ledger_->state().digest(), digest_before);
  EXPECT_EQ(Balance("cash:alice:CNY"), 0);
  // Nor did the failed write add entries-by-party records for its entries.
  auto alice_entries = ledger_->EntriesOfParty("alice", size_before, 10);
  ASSERT_TRUE(alice_entries.ok()) << alice_entries.status().ToString();
  EXPECT_TRUE(alice_entries->empty());

  // Once the disk has room again, the same transactions are logged at the same sequences.
  fs_->Inject(StorageFault::kNone);
  std::this_thread::sleep_for(kResumeInterval + std::chrono::milliseconds(50));
  std::vector<SignedTransaction> again{deposit, transfer};
  auto results = ledger_->SubmitGroup(again, now_us_ + 3);
  ASSERT_TRUE(results[0].status.ok()) << results[0].status.ToString();
  ASSERT_TRUE(results[1].status.ok()) << results[1].status.ToString();
  EXPECT_EQ(results[0].sequence, size_before);
  EXPECT_EQ(results[1].sequence, size_before + 1);
  EXPECT_EQ(Balance("cash:alice:CNY"), 0);
  EXPECT_EQ(Balance("cash:bob:CNY"), 105);
  alice_entries = ledger_->EntriesOfParty("alice", size_before, 10);
  ASSERT_TRUE(alice_entries.ok()) << alice_entries.status().ToString();
  EXPECT_EQ(*alice_entries, (std::vector<uint64_t>{size_before, size_before + 1}));
  Reopen();  // the state after replay agrees
  EXPECT_EQ(Balance("cash:bob:CNY"), 105);
}

// The write thread adds the entries-by-party records of the entries it wrote, so the index
// is not read while a write is in flight, and lists the entries once the write has finished.
TEST_F(PipelineTest, TheEntriesByPartyIndexIsReadOnlyBetweenWritesAndListsEveryWrittenEntry) {
  Register("platform", Kind::CrowdfundingPlatform);
  Register("alice", Kind::Investor);
  const uint64_t first = ledger_->log().size();
  std::vector<SubmitResult> results;
  Apply({As("platform").Deposit("alice", "CNY", 100).Sign(KeyFor("platform")),
         As("platform").Deposit("alice", "CNY", 5).Sign(KeyFor("platform"))},
        results, now_us_ + 1);
  ledger_->StartWrite();
  ASSERT_TRUE(ledger_->write_in_flight());
  EXPECT_EQ(ledger_->EntriesOfParty("alice", first, 10).status().code(), ErrorCode::Busy);
  EXPECT_EQ(ledger_->EntryConcernsParty("alice", first).status().code(), ErrorCode::Busy);
  ledger_->FinishWrite();
  ASSERT_TRUE(results[0].status.ok()) << results[0].status.ToString();
  ASSERT_TRUE(results[1].status.ok()) << results[1].status.ToString();
  auto alice_entries = ledger_->EntriesOfParty("alice", first, 10);
  ASSERT_TRUE(alice_entries.ok()) << alice_entries.status().ToString();
  EXPECT_EQ(*alice_entries, (std::vector<uint64_t>{first, first + 1}));
  auto platform_entries = ledger_->EntriesOfParty("platform", first, 10);
  ASSERT_TRUE(platform_entries.ok()) << platform_entries.status().ToString();
  EXPECT_EQ(*platform_entries, (std::vector<uint64_t>{first, first + 1}));
  auto concerns = ledger_->EntryConcernsParty("alice", first + 1);
  ASSERT_TRUE(concerns.ok()) << concerns.status().ToString();
  EXPECT_TRUE(*concerns);
}

}  // namespace
}  // namespace crowdledger::test
