// Property test of the state machine: random valid and invalid transactions (seeded, the seed
// printed; CROWDLEDGER_SEED reproduces a run), with the ledger's invariants checked after every
// transaction, then a full replay from genesis that must reproduce the final digest.
// CROWDLEDGER_PROPERTY_OPERATIONS sets the run's length (default 100,000 operations; the
// sanitizer preset runs fewer, the same rules at a tenth of the speed).
#include <cstdlib>
#include <random>
#include <set>

#include "ledger/campaigns/campaign_record.h"
#include "ledger/compensation/compensation_records.h"
#include "ledger/loans/loan_records.h"
#include "ledger/matching/matching_records.h"
#include "ledger/state/record_codec.h"
#include "tests/ledger/ledger_fixture.h"

namespace crowdledger {
namespace {

using Kind = schema::PartyKind;
constexpr int kDefaultOperationsPerRun = 100'000;
constexpr int kInvestors = 24;
constexpr int kEnterprises = 40;
constexpr int64_t kMinuteUs = 60'000'000;
constexpr int64_t kDayUs = 1440 * kMinuteUs;
constexpr int kMatchingRules = 3;
// Parties beyond investors and enterprises, each acting in its own role.
constexpr const char* kFund = "seed-fund";
constexpr const char* kBank = "bank";
constexpr const char* kGuarantor = "guarantor";
constexpr const char* kPool = "pool";

class PropertyTest : public test::LedgerFixture {
 protected:
  std::string Investor(int i) { return "investor-" + std::to_string(i); }
  std::string Enterprise(int i) { return "enterprise-" + std::to_string(i); }

  std::string Rule(int i) { return "rule-" + std::to_string(i); }

  void SetUpParties() {
    Register("platform", Kind::CrowdfundingPlatform);
    Register("space", Kind::MakerSpace);
    // Enterprises differ in what matching and compensation look at: age and incubation.
    for (int i = 0; i < kEnterprises; ++i) {
      int64_t age_days = i % 2 == 0 ? 200 : 2000;
      Register(Enterprise(i), Kind::Enterprise, test::kStartTimeUs - age_days * kDayUs,
               i < kEnterprises / 2 ? "space" : "", i == 0);
    }
    for (int i = 0; i < kInvestors; ++i) Register(Investor(i), Kind::Investor);
    Register(kFund, Kind::SeedFund);
    Register(kBank, Kind::Bank);
    Register(kGuarantor, Kind::GuideFund);
    Register(kPool, Kind::CompensationPool);
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
    if (submitter_ == kFund) return AddFundOperation(builder);
    if (submitter_ == kBank) return AddBankOperation(builder);
    if (submitter_ == kGuarantor) return AddGuarantorOperation(builder);
    if (submitter_ == kPool) return AddPoolOperation(builder);
    if (submitter_.starts_with("enterprise-")) return AddEnterpriseOperation(builder);
    switch (random_() % 17) {
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
      case 6:
      case 7:
      case 8:
        AddInvestorStakeOperation(builder);
        break;
      default:
        builder.Pledge(RandomCampaign(), RandomInvestor(), RandomAmount() % 60'000);
        break;
    }
  }

  // Platforms and investors post most transactions; funds, banks, guarantors, the pool and
  // enterprises the rest, each in its own role.
  std::string RandomSubmitter() {
    switch (random_() % 20) {
      case 0:
        return kFund;
      case 1:
        return kBank;
      case 2:
        return kGuarantor;
      case 3:
        return kPool;
      case 4:
        return Enterprise(static_cast<int>(random_() % kEnterprises));
      default:
        return random_() % 2 ? "platform" : RandomInvestor();
    }
  }

  std::string RandomEnterprise() {
    return Enterprise(static_cast<int>(random_() % (kEnterprises + 1)));
  }
  // Mostly one of the submitter's own recent stakes (so that exits, write-offs and claims
  // can apply), sometimes any stake id, existing or not.
  std::string RandomStake() {
    const std::vector<std::string>& own = stakes_of_[submitter_];
    if (own.empty() || random_() % 5 == 0)
      return "stake-" + std::to_string(random_() % (stakes_ + 1));
    return own[own.size() - 1 - random_() % std::min<size_t>(4, own.size())];
  }
  // Claims mostly name something the submitter tried to write off or sell, so that some of
  // them find a recorded loss.
  const std::string& NoteLoss(const std::string& name) {
    pending_.losses.push_back(name);
    return name;
  }
  std::string RandomLoss() {
    const std::vector<std::string>& own = losses_of_[submitter_];
    if (own.empty() || random_() % 4 == 0) return RandomStake();
    return own[own.size() - 1 - random_() % std::min<size_t>(4, own.size())];
  }
  void AddClaim(test::TransactionBuilder& builder, schema::LossKind kind, const std::string& loss) {
    claims_to_check_.emplace_back(ClaimKey(kind, loss), kind);
    builder.ClaimCompensation(kPool, kind, loss);
  }
  static void Remember(std::vector<std::string>& into, const std::vector<std::string>& names) {
    into.insert(into.end(), names.begin(), names.end());
  }
  std::string NewStake() {
    std::string name = "stake-" + std::to_string(stakes_++);
    pending_.stakes.push_back(name);
    return name;
  }
  std::string RandomLoan() {
    // Mostly one of the newest disbursed loans, which are likely still active; sometimes any
    // loan id, disbursed or not.
    std::string name = disbursed_.empty() || random_() % 4 == 0
                           ? "loan-" + std::to_string(random_() % (loans_ + 1))
                           : disbursed_[disbursed_.size() - 1 -
                                        random_() % std::min<size_t>(8, disbursed_.size())];
    touched_loans_.insert(name);
    return name;
  }

  // Investments (which matching rules may follow), and what a holder does with a stake.
  void AddInvestorStakeOperation(test::TransactionBuilder& builder) {
    switch (random_() % 7) {
      case 0:
      case 1: {
        static constexpr schema::InvestmentKind kKinds[] = {schema::InvestmentKind::Angel,
                                                            schema::InvestmentKind::Crowd,
                                                            schema::InvestmentKind::Venture};
        builder.RecordInvestment(NewStake(), submitter_, RandomEnterprise(), kKinds[random_() % 3],
                                 RandomAmount() % 300'000, static_cast<int64_t>(random_() % 1000));
        break;
      }
      case 2: {
        // Often claimed in the same transaction, as a holder would.
        std::string stake = NoteLoss(RandomStake());
        builder.WriteOffStake(stake);
        if (random_() % 2 == 0) AddClaim(builder, schema::LossKind::StakeLoss, stake);
        break;
      }
      case 3:
        builder.ExitStake(NoteLoss(RandomStake()), RandomInvestor(), RandomAmount() % 300'000);
        break;
      case 4:
        builder.TransferStake(RandomStake(), "stake-" + std::to_string(stakes_++), RandomInvestor(),
                              static_cast<int64_t>(random_() % 600), RandomAmount() % 200'000);
        break;
      default:
        AddClaim(builder, schema::LossKind::StakeLoss, RandomLoss());
        break;
    }
  }

  void AddFundOperation(test::TransactionBuilder& builder) {
    if (random_() % 3 == 0) {
      builder.Deposit(kFund, "CNY", 1'000'000);
      return;
    }
    test::TransactionBuilder::MatchingTerms terms;
    terms.fund = kFund;
    terms.rule = Rule(static_cast<int>(random_() % kMatchingRules));
    terms.ratio_bp = static_cast<uint32_t>(random_() % 10'001);
    terms.per_enterprise_cap = static_cast<int64_t>(random_() % 400'000);
    terms.budget = static_cast<int64_t>(random_() % 2'000'000);
    terms.max_enterprise_age_days = static_cast<uint32_t>(random_() % 2) * 1500;
    terms.require_incubation = random_() % 2 == 0;
    terms.active = random_() % 5 != 0;
    builder.SetMatchingRule(terms);
  }

  void AddBankOperation(test::TransactionBuilder& builder) {
    switch (random_() % 5) {
      case 0:
        builder.Deposit(kBank, "CNY", 2'000'000);
        break;
      case 1:
      case 2: {
        test::TransactionBuilder::LoanTerms terms;
        terms.loan = "loan-" + std::to_string(loans_++);
        touched_loans_.insert(terms.loan);
        pending_.loans.push_back(terms.loan);
        terms.lender = kBank;
        terms.borrower = next_borrower_;
        next_borrower_ = RandomEnterprise();
        terms.principal = RandomAmount() % 500'000;
        terms.annual_rate_bp = static_cast<uint32_t>(random_() % 2) * 450;
        terms.maturity_us = now_us_ + 365 * kDayUs;
        terms.first_loan = random_() % 2 == 0;
        if (random_() % 2 == 0) {
          terms.guarantor = kGuarantor;
          terms.guaranteed_share_bp = static_cast<uint32_t>(1 + random_() % 10'000);
        }
        builder.DisburseLoan(terms);
        break;
      }
      case 3: {
        std::string loan = NoteLoss(RandomLoan());
        builder.WriteOffLoan(loan);
        if (random_() % 2 == 0) AddClaim(builder, schema::LossKind::FirstLoanLoss, loan);
        break;
      }
      default:
        AddClaim(builder, schema::LossKind::FirstLoanLoss, RandomLoss());
        break;
    }
  }

  void AddGuarantorOperation(test::TransactionBuilder& builder) {
    if (random_() % 4 == 0) {
      builder.Deposit(kGuarantor, "CNY", 1'000'000);
      return;
    }
    // Offers for the loans the bank is likely to disburse next.
    std::string loan = "loan-" + std::to_string(loans_ + random_() % 3);
    touched_loans_.insert(loan);
    builder.OfferGuarantee(loan, kGuarantor, kBank, next_borrower_, RandomAmount() % 400'000);
  }

  void AddPoolOperation(test::TransactionBuilder& builder) {
    if (random_() % 2 == 0) {
      builder.Deposit(kPool, "CNY", 500'000);
      return;
    }
    // Shares of zero are refused at claim time; mostly the pool compensates something.
    uint32_t angel_bp = static_cast<uint32_t>(random_() % 10 == 0 ? 0 : 1 + random_() % 10'000);
    uint32_t first_loan_bp =
        static_cast<uint32_t>(random_() % 10 == 0 ? 0 : 1 + random_() % 10'000);
    int64_t per_enterprise = static_cast<int64_t>(random_() % 300'000);
    int64_t per_year = static_cast<int64_t>(random_() % 1'000'000);
    builder.SetCompensationPolicy(kPool, angel_bp, first_loan_bp, per_enterprise, per_year);
    pending_policy_ = {angel_bp, first_loan_bp, per_enterprise, per_year};
  }

  void AddEnterpriseOperation(test::TransactionBuilder& builder) {
    if (random_() % 3 == 0) {
      builder.Deposit(submitter_, "CNY", RandomAmount() % 300'000);
      return;
    }
    builder.RepayLoan(RandomLoan(), RandomAmount() % 200'000,
                      static_cast<int64_t>(random_() % 2) * 1'000);
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
    for (int i = 0; i < kMatchingRules; ++i) CheckMatchingRule(Rule(i), context);
    for (const std::string& loan : touched_loans_) CheckLoan(loan, context);
    touched_loans_.clear();
    CheckCompensation(context);
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

  template <typename Record>
  std::optional<Record> Find(const std::string& key) {
    auto bytes = ledger_->state().Get(key);
    EXPECT_TRUE(bytes.ok());
    if (!bytes.ok() || !*bytes) return std::nullopt;
    auto record = Record::Decode(**bytes);
    EXPECT_TRUE(record.ok()) << key;
    return record.ok() ? std::optional<Record>(*record) : std::nullopt;
  }

  // A running total kept by the ledger (0 when absent).
  int64_t Total(const std::string& key) {
    auto bytes = ledger_->state().Get(key);
    EXPECT_TRUE(bytes.ok());
    if (!bytes.ok() || !*bytes) return 0;
    RecordReader reader(**bytes, "total");
    int64_t total = reader.I64();
    EXPECT_TRUE(FinishRecord(reader, total).ok()) << key;
    return total;
  }

  // Matching stays within budget and per-enterprise caps, and the reserve holds exactly what
  // an active rule may still spend.
  void CheckMatchingRule(const std::string& name, const std::string& context) {
    auto rule = Find<MatchingRuleRecord>(MatchingRuleKey(kFund, name));
    if (!rule) return;
    ASSERT_LE(rule->spent, rule->budget) << name << context;
    int64_t reserve = Balance(MatchingReserveAccount(kFund, name));
    ASSERT_EQ(reserve, rule->active ? (rule->budget.minor_units() - rule->spent.minor_units()) : 0)
        << name << context;
    for (int i = 0; i < kEnterprises; ++i) {
      // The cap in force may have been lowered after matching; never above the highest set.
      ASSERT_LE(Total(MatchedForEnterpriseKey(kFund, name, Enterprise(i))), kMaxMatchingCap)
          << name << context;
    }
  }

  // A loan's outstanding principal stays within what was lent, and its guarantee reserve
  // holds the guaranteed share while it is active, nothing once it is settled.
  void CheckLoan(const std::string& name, const std::string& context) {
    auto loan = Find<LoanRecord>(LoanKey(name));
    if (!loan) return;
    ASSERT_GE(loan->outstanding.minor_units(), 0) << name << context;
    ASSERT_LE(loan->outstanding, loan->principal) << name << context;
    ASSERT_EQ(loan->status == LoanStatus::Active, loan->outstanding.minor_units() > 0)
        << name << context;
    int64_t reserve = Balance(GuaranteeReserveAccount(name));
    if (loan->guarantor.empty() || loan->status != LoanStatus::Active) {
      ASSERT_EQ(reserve, 0) << name << context;
    } else {
      ASSERT_EQ(reserve,
                loan->principal.CheckedBasisPoints(loan->guaranteed_share_bp)->minor_units())
          << name << context;
    }
    if (loan->status == LoanStatus::WrittenOff) {
      ASSERT_EQ(loan->guarantee_paid,
                *loan->written_off.CheckedBasisPoints(loan->guaranteed_share_bp))
          << name << context;
    }
  }

  // Every claim pays at most the policy's share of its loss, and a pool never pays an
  // enterprise more than the highest per-enterprise cap it ever set.
  void CheckCompensation(const std::string& context) {
    for (const auto& [key, loss_kind] : claims_to_check_) {
      auto claim = Find<ClaimRecord>(key);
      if (!claim) continue;
      ASSERT_LE(claim->payout, claim->loss) << key << context;
      uint32_t share = loss_kind == schema::LossKind::StakeLoss ? max_policy_.angel_bp
                                                                : max_policy_.first_loan_bp;
      ASSERT_LE(claim->payout, *claim->loss.CheckedBasisPoints(share)) << key << context;
    }
    claims_to_check_.clear();
    for (int i = 0; i < kEnterprises; ++i) {
      ASSERT_LE(Total(PaidPerEnterpriseKey(kPool, Enterprise(i))), max_policy_.per_enterprise)
          << Enterprise(i) << context;
    }
  }

  struct PolicyTerms {
    uint32_t angel_bp = 0, first_loan_bp = 0;
    int64_t per_enterprise = 0, per_year = 0;
  };
  static constexpr int64_t kMaxMatchingCap = 400'000;

  std::mt19937_64 random_;
  uint64_t stakes_ = 0, loans_ = 0;
  std::set<std::string> touched_loans_;  // loans named by the transaction being checked
  std::map<std::string, std::vector<std::string>> stakes_of_;  // stake ids by first holder
  std::vector<std::string> disbursed_;                         // loans that exist, oldest first
  // What the transaction being built creates or loses, remembered only once it is applied, so
  // that later operations mostly name things that exist.
  struct Pending {
    std::vector<std::string> stakes, loans, losses;
  } pending_;
  std::string next_borrower_ = "enterprise-0";  // guarantors offer for the bank's next loan
  std::map<std::string, std::vector<std::string>> losses_of_;  // written off or sold, by holder
  std::optional<PolicyTerms> pending_policy_;                  // set by the transaction being built
  PolicyTerms max_policy_;  // the highest terms the pool ever set
  std::vector<std::pair<std::string, schema::LossKind>> claims_to_check_;
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
  const char* length_text = std::getenv("CROWDLEDGER_PROPERTY_OPERATIONS");
  const int operations_per_run =
      length_text ? std::atoi(length_text) : kDefaultOperationsPerRun;  // NOLINT(cert-err34-c)
  ASSERT_GE(operations_per_run, 10'000) << "too short a run to reach every rule";
  random_.seed(seed);
  SetUpParties();
  int operations = 0, applied = 0, refused = 0;
  while (operations < operations_per_run) {
    submitter_ = RandomSubmitter();
    pending_policy_.reset();
    std::string submitter = submitter_;
    opening_.clear();
    pending_ = {};
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
      Remember(stakes_of_[submitter], pending_.stakes);
      Remember(disbursed_, pending_.loans);
      Remember(losses_of_[submitter], pending_.losses);
      if (pending_policy_) {
        max_policy_.angel_bp = std::max(max_policy_.angel_bp, pending_policy_->angel_bp);
        max_policy_.first_loan_bp =
            std::max(max_policy_.first_loan_bp, pending_policy_->first_loan_bp);
        max_policy_.per_enterprise =
            std::max(max_policy_.per_enterprise, pending_policy_->per_enterprise);
      }
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
  // The run reached the rules it is meant to exercise, not only their refusals.
  int64_t matched = 0, loans = 0, guaranteed = 0, written_off = 0;
  for (int i = 0; i < kMatchingRules; ++i) {
    if (auto rule = Find<MatchingRuleRecord>(MatchingRuleKey(kFund, Rule(i))))
      matched += rule->spent.minor_units();
  }
  for (uint64_t i = 0; i < loans_; ++i) {
    auto loan = Find<LoanRecord>(LoanKey("loan-" + std::to_string(i)));
    if (!loan) continue;
    ++loans;
    guaranteed += loan->guarantor.empty() ? 0 : 1;
    written_off += loan->status == LoanStatus::WrittenOff ? 1 : 0;
  }
  auto policy = Find<CompensationPolicyRecord>(CompensationPolicyKey(kPool));
  int64_t compensated = policy ? policy->paid.minor_units() : 0;
  std::printf(
      "matched %lld fen; %lld loans, %lld guaranteed, %lld written off; %lld fen compensated\n",
      static_cast<long long>(matched), static_cast<long long>(loans),
      static_cast<long long>(guaranteed), static_cast<long long>(written_off),
      static_cast<long long>(compensated));
  EXPECT_GT(matched, 0);
  EXPECT_GT(guaranteed, 0);
  EXPECT_GT(written_off, 0);
  EXPECT_GT(compensated, 0);

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
