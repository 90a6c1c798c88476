// Property test of the state machine: random valid and invalid transactions (seeded, the seed
// printed; CROWDLEDGER_SEED reproduces a run), with the ledger's invariants checked after every
// transaction, then a full replay from genesis that must reproduce the final digest.
#include <cstdlib>
#include <random>
#include <set>

#include "ledger/campaigns/campaign_record.h"
#include "tests/ledger/ledger_fixture.h"

namespace crowdledger {
namespace {

using Kind = schema::PartyKind;
constexpr int kOperationsPerRun = 100'000;
constexpr int kInvestors = 24;
constexpr int kEnterprises = 4;
constexpr int64_t kMinuteUs = 60'000'000;

class PropertyTest : public test::LedgerFixture {
 protected:
  std::string Investor(int i) { return "investor-" + std::to_string(i); }
  std::string Enterprise(int i) { return "enterprise-" + std::to_string(i); }

  void SetUpParties() {
    Register("platform", Kind::CrowdfundingPlatform);
    for (int i = 0; i < kEnterprises; ++i) Register(Enterprise(i), Kind::Enterprise);
    for (int i = 0; i < kInvestors; ++i) Register(Investor(i), Kind::Investor);
  }

  int64_t RandomAmount() {
    // Mostly sensible amounts, sometimes zero or huge: invalid inputs are part of the test.
    switch (random_() % 20) {
      case 0:
        return 0;
      case 1:
        return INT64_MAX - static_cast<int64_t>(random_() % 10);
      default:
        return 1 + static_cast<int64_t>(random_() % 200'000);
    }
  }
  std::string RandomInvestor() { return Investor(static_cast<int>(random_() % (kInvestors + 1))); }
  std::string RandomCampaign() {
    // Mostly one of the three newest campaigns that exist, which are likely open; sometimes
    // any name, existing or not.
    uint64_t count = opened_.size();
    std::string name =
        count == 0 || random_() % 10 == 0
            ? "campaign-" + std::to_string(random_() % static_cast<uint64_t>(campaigns_ + 1))
            : opened_[count - 1 - random_() % std::min<uint64_t>(3, count)];
    touched_.insert(name);
    return name;
  }

  void AddRandomOperation(test::TransactionBuilder& builder) {
    switch (random_() % 12) {
      case 0:
        builder.Deposit(RandomInvestor(), random_() % 30 ? "CNY" : "USD", RandomAmount());
        break;
      case 1:
        builder.Withdraw(RandomInvestor(), "CNY", RandomAmount() % 50'000);
        break;
      case 2:
        builder.Transfer(submitter_, RandomInvestor(), "CNY", RandomAmount() % 50'000);
        break;
      case 3:
        (random_() % 3 == 0 ? AddOpenCampaign(builder)
                            : void(builder.Deposit(RandomInvestor(), "CNY", RandomAmount())));
        break;
      case 4:
        builder.CancelPledge(RandomCampaign(), RandomInvestor());
        break;
      case 5:
        builder.CloseCampaign(RandomCampaign());
        break;
      default:
        builder.Pledge(RandomCampaign(), RandomInvestor(), RandomAmount() % 60'000);
        break;
    }
  }

  void AddOpenCampaign(test::TransactionBuilder& builder) {
    test::TransactionBuilder::CampaignTerms terms;
    terms.campaign = "campaign-" + std::to_string(campaigns_++);
    touched_.insert(terms.campaign);
    opening_.push_back(terms.campaign);
    terms.platform = "platform";
    terms.enterprise = Enterprise(static_cast<int>(random_() % kEnterprises));
    terms.kind = random_() % 2 ? schema::CampaignKind::Equity : schema::CampaignKind::Reward;
    terms.settlement =
        random_() % 3 ? schema::Settlement::AllOrNothing : schema::Settlement::KeepItAll;
    terms.goal = 50'000 + static_cast<int64_t>(random_() % 500'000);
    terms.hard_cap = random_() % 2 ? terms.goal * 2 : 0;
    terms.min_pledge = static_cast<int64_t>(random_() % 1'000);
    terms.max_pledge = random_() % 2 ? 100'000 : 0;
    terms.opens_us = now_us_;
    terms.closes_us = now_us_ + static_cast<int64_t>(10 + random_() % 600) * kMinuteUs;
    terms.cancel_cutoff_us = terms.closes_us - kMinuteUs;
    terms.max_investors = static_cast<uint32_t>(random_() % 12);
    terms.equity_shares = terms.kind == schema::CampaignKind::Equity ? 10'000 : 0;
    builder.OpenCampaign(terms);
  }

  // After every transaction: each account it moved holds exactly what the movements since
  // genesis add up to, cash and escrow are never negative, and each campaign it named has
  // totals equal to its live pledges and its escrow (empty once settled). Every 500
  // transactions and at the end, a sweep over every account checks conservation per currency.
  void CheckInvariants(const std::vector<Movement>& movements, const std::string& context) {
    std::set<std::string> moved;
    for (const Movement& movement : movements) {
      model_[movement.from] -= movement.amount.minor_units();
      model_[movement.to] += movement.amount.minor_units();
      moved.insert(movement.from);
      moved.insert(movement.to);
    }
    for (const std::string& account : moved) {
      AccountRecord record = Account(account);
      ASSERT_EQ(record.balance.minor_units(), model_[account]) << account << context;
      if (record.kind != AccountKind::External) {
        ASSERT_GE(record.balance.minor_units(), 0) << account << context;
      }
    }
    for (const std::string& campaign : touched_) CheckCampaign(campaign, context);
    touched_.clear();
    if (++checked_ % 500 == 0) CheckConservation(context);
  }

  void CheckConservation(const std::string& context) {
    // Partial sums of near-limit balances exceed 64 bits, so they are kept in 128.
    __extension__ using Wide = __int128;
    std::map<std::string, Wide> sum_by_currency;
    for (const auto& [account, expected] : model_) {
      AccountRecord record = Account(account);
      sum_by_currency[record.currency] += record.balance.minor_units();
    }
    for (const auto& [currency, sum] : sum_by_currency)
      ASSERT_TRUE(sum == 0) << currency << context;
  }

  AccountRecord Account(const std::string& account) {
    auto bytes = ledger_->state().Get(AccountKey(account));
    EXPECT_TRUE(bytes.ok() && bytes->has_value()) << account;
    return bytes.ok() && *bytes ? *AccountRecord::Decode(**bytes) : AccountRecord{};
  }

  void CheckCampaign(const std::string& name, const std::string& context) {
    auto bytes = ledger_->state().Get(CampaignKey(name));
    ASSERT_TRUE(bytes.ok());
    if (!*bytes) return;  // its opening was refused
    CampaignRecord campaign = *CampaignRecord::Decode(**bytes);
    int64_t live = 0;
    uint32_t investors = 0;
    for (int i = 0; i <= kInvestors; ++i) {
      auto pledge = ledger_->state().Get(PledgeKey(name, Investor(i)));
      if (pledge.ok() && *pledge) {
        int64_t amount = PledgeRecord::Decode(**pledge)->amount.minor_units();
        live += amount;
        investors += amount > 0 ? 1 : 0;
      }
    }
    int64_t escrow = Balance(EscrowAccount(name));
    if (campaign.status == CampaignStatus::Open) {
      ASSERT_EQ(campaign.raised.minor_units(), live) << name << context;
      ASSERT_EQ(escrow, live) << name << context;
      ASSERT_EQ(campaign.investors, investors) << name << context;
      ASSERT_LE(campaign.investors, campaign.max_investors) << name << context;
      if (!campaign.hard_cap.is_zero()) {
        ASSERT_LE(campaign.raised, campaign.hard_cap) << name << context;
      }
    } else {
      ASSERT_EQ(escrow, 0) << name << " escrow after close" << context;
    }
  }

  std::mt19937_64 random_;
  int campaigns_ = 0;
  std::map<std::string, int64_t> model_;  // every account moved so far, with its balance
  std::string submitter_;
  std::vector<std::string> opened_;   // campaigns that exist, oldest first
  std::vector<std::string> opening_;  // campaigns the transaction being built opens
  int checked_ = 0;
  std::map<std::string, int> refusals_;
  std::set<std::string> touched_;  // campaigns named by the transaction being checked
};

TEST_F(PropertyTest, RandomTransactionsKeepEveryInvariantAndReplayToTheSameDigest) {
  const char* seed_text = std::getenv("CROWDLEDGER_SEED");
  uint64_t seed = seed_text ? std::strtoull(seed_text, nullptr, 10) : std::random_device{}();
  std::printf("property test seed %llu (rerun with CROWDLEDGER_SEED=%llu)\n",
              static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed));
  random_.seed(seed);
  SetUpParties();
  int operations = 0, applied = 0, refused = 0;
  while (operations < kOperationsPerRun) {
    submitter_ = random_() % 2 ? "platform" : RandomInvestor();
    std::string submitter = submitter_;
    opening_.clear();
    auto builder = As(submitter);
    int count = 1 + static_cast<int>(random_() % 3);
    for (int i = 0; i < count; ++i) AddRandomOperation(builder);
    operations += count;
    now_us_ += static_cast<int64_t>(random_() % 2) * kMinuteUs;
    Hash before = ledger_->state().digest();
    SubmitResult result = SubmitAs(submitter, builder);
    std::string context =
        " after operation " + std::to_string(operations) + " (seed " + std::to_string(seed) + ")";
    if (result.status.ok()) {
      ++applied;
      opened_.insert(opened_.end(), opening_.begin(), opening_.end());
    } else {
      ++refused;
      ++refusals_[ErrorCodeName(result.status.code())];
      ASSERT_EQ(ledger_->state().digest(), before)
          << "a refused transaction changed the state" << context;
    }
    CheckInvariants(result.movements, context);
    if (HasFatalFailure()) return;
  }
  CheckConservation(" at the end");
  std::printf("%d operations: %d transactions applied, %d refused, %d campaigns, %zu accounts\n",
              operations, applied, refused, campaigns_, model_.size());
  for (const auto& [code, count] : refusals_)
    std::printf("  refused %s: %d\n", code.c_str(), count);
  EXPECT_GT(applied, 1000);
  EXPECT_GT(refused, 1000);

  Hash final_digest = ledger_->state().digest();
  ledger_.reset();
  {
    test::RawLedgerDatabase raw(directory_.path());
    std::unique_ptr<rocksdb::Iterator> it(raw.db().NewIterator({}, raw.family(5)));
    for (it->SeekToFirst(); it->Valid(); it->Next())
      ASSERT_TRUE(raw.db().Delete({}, raw.family(5), it->key()).ok());
  }
  Reopen();  // a full replay from genesis, every recorded outcome compared
  EXPECT_EQ(ledger_->state().digest(), final_digest);
}

}  // namespace
}  // namespace crowdledger
