// Portfolios and the entries-by-party index: each party's positions listed once, in the order
// they first appeared, and the sequence numbers of the entries that concern the party, both
// read page by page.
#include "ledger/portfolio/portfolio.h"

#include "tests/ledger/ledger_fixture.h"

namespace crowdledger {
namespace {

using Kind = schema::PartyKind;
using Strings = std::vector<std::string>;
using Sequences = std::vector<uint64_t>;
constexpr int64_t kDayUs = 86'400'000'000;
constexpr int64_t kHourUs = 3'600'000'000;
using MatchingTerms = test::TransactionBuilder::MatchingTerms;
using LoanTerms = test::TransactionBuilder::LoanTerms;

MatchingTerms FundRule(const std::string& rule, uint32_t ratio_bp, int64_t budget) {
  MatchingTerms terms;
  terms.fund = "fund";
  terms.rule = rule;
  terms.ratio_bp = ratio_bp;
  terms.per_enterprise_cap = 1'000'000;
  terms.budget = budget;
  return terms;
}

class PortfolioTest : public test::LedgerFixture {
 protected:
  void SetUp() override {
    LedgerFixture::SetUp();
    Register("ann", Kind::Angel);
    Register("ben", Kind::Investor);
    Register("fund", Kind::SeedFund);
    Register("bank", Kind::Bank);
    Register("guarantor", Kind::GuideFund);
    Register("pool", Kind::CompensationPool);
    Register("platform", Kind::CrowdfundingPlatform);
    Register("space", Kind::MakerSpace);
    Register("acme", Kind::Enterprise, now_us_ - 100 * kDayUs, "space");
    for (const char* party : {"ann", "ben", "fund", "bank", "guarantor", "pool"}) {
      auto deposit = As(party);
      deposit.Deposit(party, "CNY", 10'000'000);
      ASSERT_TRUE(SubmitAs(party, deposit).status.ok());
    }
  }

  // The bank's guaranteed loan "l1" of 1,000,000 to acme.
  LoanTerms GuaranteedLoan(uint32_t guaranteed_share_bp, bool first_loan) {
    LoanTerms terms;
    terms.loan = "l1";
    terms.lender = "bank";
    terms.borrower = "acme";
    terms.principal = 1'000'000;
    terms.annual_rate_bp = 400;
    terms.maturity_us = now_us_ + 365 * kDayUs;
    terms.first_loan = first_loan;
    terms.guarantor = "guarantor";
    terms.guaranteed_share_bp = guaranteed_share_bp;
    return terms;
  }
  // Submits and requires success; returns the entry's sequence number.
  uint64_t Do(const std::string& party, test::TransactionBuilder& builder) {
    SubmitResult result = SubmitAs(party, builder);
    EXPECT_TRUE(result.status.ok()) << result.status.ToString();
    return result.sequence;
  }
  Strings Portfolio(const std::string& party, uint64_t begin = 0, size_t limit = 100) {
    auto items = ReadPortfolio(ledger_->state(), party, begin, limit);
    EXPECT_TRUE(items.ok()) << items.status().ToString();
    return items.ok() ? *items : Strings{};
  }
  Sequences Entries(const std::string& party, uint64_t from = 0, size_t limit = 100) {
    auto sequences = ledger_->EntriesOfParty(party, from, limit);
    EXPECT_TRUE(sequences.ok()) << sequences.status().ToString();
    return sequences.ok() ? *sequences : Sequences{};
  }
  uint64_t LastSequence() { return ledger_->log().size() - 1; }

  // Opens and fills an equity campaign for acme: ann pledges twice, ben once.
  void RunCampaign() {
    test::TransactionBuilder::CampaignTerms terms;
    terms.campaign = "round";
    terms.platform = "platform";
    terms.enterprise = "acme";
    terms.kind = schema::CampaignKind::Equity;
    terms.goal = 100'000;
    terms.equity_shares = 1'000;
    terms.opens_us = now_us_;
    terms.closes_us = now_us_ + kHourUs;
    terms.cancel_cutoff_us = terms.closes_us;
    auto open = As("platform");
    open.OpenCampaign(terms).Pledge("round", "ann", 60'000).Pledge("round", "ann", 20'000);
    Do("platform", open);
    auto pledge = As("ben");
    pledge.Pledge("round", "ben", 20'000);
    Do("ben", pledge);
    now_us_ = terms.closes_us;
    auto close = As("platform");
    close.CloseCampaign("round");
    Do("platform", close);
  }
};

TEST_F(PortfolioTest, EachPositionIsListedOnceInTheOrderItFirstAppeared) {
  auto rule = As("fund");
  rule.SetMatchingRule(FundRule("half", 5'000, 2'000'000));
  Do("fund", rule);
  RunCampaign();
  auto invest = As("ann");
  invest.RecordInvestment("ann-acme", "ann", "acme", schema::InvestmentKind::Angel, 400'000, 40)
      .TransferStake("ann-acme", "ben-acme", "ben", 10, 100'000);
  Do("ann", invest);
  auto rule_again = As("fund");  // a changed rule is not listed twice
  rule_again.SetMatchingRule(FundRule("half", 5'000, 3'000'000));
  Do("fund", rule_again);

  auto offer = As("guarantor");
  offer.OfferGuarantee("l1", "guarantor", "bank", "acme", 500'000);
  Do("guarantor", offer);
  auto lend = As("bank");
  lend.DisburseLoan(GuaranteedLoan(5'000, /*first_loan=*/true));
  Do("bank", lend);
  auto write_off = As("bank");
  write_off.WriteOffLoan("l1");
  Do("bank", write_off);
  auto stake_loss = As("ann");
  stake_loss.WriteOffStake("ann-acme");
  Do("ann", stake_loss);
  auto policy = As("pool");
  policy.SetCompensationPolicy("pool", 5'000, 5'000, 5'000'000, 5'000'000);
  Do("pool", policy);
  auto claim_loan = As("bank");
  claim_loan.ClaimCompensation("pool", schema::LossKind::FirstLoanLoss, "l1");
  Do("bank", claim_loan);
  auto claim_stake = As("ann");
  claim_stake.ClaimCompensation("pool", schema::LossKind::StakeLoss, "ann-acme");
  Do("ann", claim_stake);
  auto voucher = As("fund");
  voucher.IssueVoucher("v1", "fund", "acme", 50'000, now_us_ + 30 * kDayUs);
  Do("fund", voucher);

  EXPECT_EQ(Portfolio("ann"), (Strings{"pledge:round", "stake:round/ann", "stake:ann-acme",
                                       "claim:StakeLoss/ann-acme"}));
  EXPECT_EQ(Portfolio("ben"), (Strings{"pledge:round", "stake:round/ben", "stake:ben-acme"}));
  EXPECT_EQ(Portfolio("fund"),
            (Strings{"rule:half", "stake:round/campaign-match/fund", "stake:ann-acme/match/fund"}));
  EXPECT_EQ(Portfolio("bank"), (Strings{"loan:l1", "claim:FirstLoanLoss/l1"}));
  EXPECT_EQ(Portfolio("acme"), (Strings{"loan:l1", "voucher:v1"}));
  EXPECT_EQ(Portfolio("guarantor"), (Strings{"guarantee:l1"}));
  EXPECT_TRUE(Portfolio("pool").empty());
  EXPECT_TRUE(Portfolio("nobody").empty());
}

TEST_F(PortfolioTest, APortfolioIsReadPageByPage) {
  auto invest = As("ann");
  for (const char* stake : {"s0", "s1", "s2", "s3", "s4"}) {
    invest.RecordInvestment(stake, "ann", "acme", schema::InvestmentKind::Other, 1'000, 1);
  }
  Do("ann", invest);
  ASSERT_EQ(*PortfolioSize(ledger_->state(), "ann"), 5u);
  EXPECT_EQ(Portfolio("ann", 0, 2), (Strings{"stake:s0", "stake:s1"}));
  EXPECT_EQ(Portfolio("ann", 2, 2), (Strings{"stake:s2", "stake:s3"}));
  EXPECT_EQ(Portfolio("ann", 4, 2), (Strings{"stake:s4"}));
  EXPECT_TRUE(Portfolio("ann", 5, 2).empty());
  EXPECT_TRUE(Portfolio("ann", 0, 0).empty());
  // A refused transaction adds nothing.
  auto refused = As("ann");
  refused.RecordInvestment("s5", "ann", "acme", schema::InvestmentKind::Other, 1'000, 1)
      .Transfer("ann", "ben", "CNY", 100'000'000);
  EXPECT_EQ(SubmitAs("ann", refused).status.code(), ErrorCode::InsufficientFunds);
  EXPECT_EQ(*PortfolioSize(ledger_->state(), "ann"), 5u);
}

TEST_F(PortfolioTest, TheEntriesOfAPartyAreItsSubmissionsTheOperationsNamingItAndItsMovements) {
  Register("anna", Kind::Investor);  // a handle that extends another must not mix with it
  uint64_t anna_registered = LastSequence();
  Sequences ann_setup = Entries("ann");
  ASSERT_EQ(ann_setup.size(), 2u);  // its registration and its deposit

  auto deposit = As("ann");
  deposit.Deposit("ann", "CNY", 1'000);
  uint64_t s1 = Do("ann", deposit);
  auto ben_deposit = As("ben");
  ben_deposit.Deposit("ben", "CNY", 1'000);
  uint64_t s2 = Do("ben", ben_deposit);
  auto pay = As("ann");
  pay.Transfer("ann", "ben", "CNY", 500);
  uint64_t s3 = Do("ann", pay);
  auto anna_deposit = As("anna");
  anna_deposit.Deposit("anna", "CNY", 1'000);
  uint64_t s4 = Do("anna", anna_deposit);
  auto refused = As("ann");
  refused.Transfer("ann", "ben", "CNY", 100'000'000);
  ASSERT_EQ(SubmitAs("ann", refused).status.code(), ErrorCode::InsufficientFunds);
  auto on_behalf = As("platform");  // names ann as the party a platform deposits for
  on_behalf.Deposit("ann", "CNY", 700);
  uint64_t s5 = Do("platform", on_behalf);
  auto unrelated = As("ben");
  unrelated.Transfer("ben", "acme", "CNY", 100);
  uint64_t s6 = Do("ben", unrelated);
  auto exit = As("ann");
  exit.RecordInvestment("ann-acme", "ann", "acme", schema::InvestmentKind::Venture, 1'000, 1)
      .ExitStake("ann-acme", "ben", 2'000);
  uint64_t s7 = Do("ann", exit);

  Sequences ann_all = ann_setup;
  ann_all.insert(ann_all.end(), {s1, s3, s5, s7});
  EXPECT_EQ(Entries("ann"), ann_all);
  EXPECT_EQ(Entries("ann", s1), (Sequences{s1, s3, s5, s7}));
  EXPECT_EQ(Entries("ben", s1), (Sequences{s2, s3, s6, s7}));
  EXPECT_EQ(Entries("acme", s1), (Sequences{s6, s7}));
  EXPECT_EQ(Entries("platform", s1), (Sequences{s5}));
  EXPECT_EQ(Entries("anna"), (Sequences{anna_registered, s4}));
  EXPECT_TRUE(Entries("nobody").empty());

  // Paging: from a sequence number on (inclusive), at most `limit` at a time.
  EXPECT_EQ(Entries("ann", 0, 2), ann_setup);
  EXPECT_EQ(Entries("ann", ann_setup.back() + 1, 2), (Sequences{s1, s3}));
  EXPECT_EQ(Entries("ann", s3 + 1, 2), (Sequences{s5, s7}));
  EXPECT_EQ(Entries("ann", s3, 1), (Sequences{s3}));
  EXPECT_TRUE(Entries("ann", s7 + 1, 2).empty());
  EXPECT_TRUE(Entries("ann", 0, 0).empty());

  // The index is part of the durable log.
  Reopen();
  EXPECT_EQ(Entries("ann"), ann_all);
}

TEST_F(PortfolioTest, APartyIsIndexedUnderEveryEntryThatChangesItsPositions) {
  auto rule = As("fund");
  rule.SetMatchingRule(FundRule("match", 10'000, 1'000'000));
  uint64_t rule_set = Do("fund", rule);
  // The fund invests from its reserve, not its cash, when ann's investment is matched.
  auto invest = As("ann");
  invest.RecordInvestment("ann-acme", "ann", "acme", schema::InvestmentKind::Angel, 100'000, 10);
  uint64_t matched = Do("ann", invest);
  ASSERT_EQ(Portfolio("fund").back(), "stake:ann-acme/match/fund");
  EXPECT_EQ(Entries("fund", rule_set), (Sequences{rule_set, matched}));

  // A successful campaign issues the investors their stakes without moving their cash.
  RunCampaign();
  uint64_t closed = LastSequence();
  ASSERT_EQ(Portfolio("ben").back(), "stake:round/ben");
  EXPECT_EQ(Entries("ben", closed), (Sequences{closed}));
  EXPECT_EQ(Entries("fund", closed), (Sequences{closed}));  // matched the campaign too

  // A fully guaranteed loan's write-off takes the guarantor's whole reserve, and ends the
  // borrower's loan.
  auto offer = As("guarantor");
  offer.OfferGuarantee("l1", "guarantor", "bank", "acme", 1'000'000);
  Do("guarantor", offer);
  auto lend = As("bank");
  lend.DisburseLoan(GuaranteedLoan(10'000, /*first_loan=*/false));
  Do("bank", lend);
  auto write_off = As("bank");
  write_off.WriteOffLoan("l1");
  uint64_t written_off = Do("bank", write_off);
  EXPECT_EQ(Balance("escrow:guarantee:l1"), 0);
  EXPECT_EQ(Entries("guarantor", written_off), (Sequences{written_off}));
  EXPECT_EQ(Entries("acme", written_off), (Sequences{written_off}));
}

// State checkpoints every few items: a party's records are then partly stored, partly being
// written by a background checkpoint, and partly in memory, and every read sees them all.
class FrequentCheckpointTest : public PortfolioTest {
 protected:
  LedgerOptions Options() override {
    LedgerOptions options = PortfolioTest::Options();
    options.checkpoint_dirty_items = 4;
    options.checkpoint_index_records = 4;
    return options;
  }
};

TEST_F(FrequentCheckpointTest, TheEntriesOfAPartyReadTheSameWhereverTheirRecordsAre) {
  Sequences expected = Entries("ann");
  for (int i = 0; i < 40; ++i) {
    auto deposit = As(i % 3 == 0 ? "ben" : "ann");
    deposit.Deposit(i % 3 == 0 ? "ben" : "ann", "CNY", 1'000 + i);
    uint64_t sequence = Do(i % 3 == 0 ? "ben" : "ann", deposit);
    if (i % 3 != 0) expected.push_back(sequence);
    ASSERT_EQ(Entries("ann"), expected) << "after deposit " << i;
    auto concerns = ledger_->EntryConcernsParty("ann", sequence);
    ASSERT_TRUE(concerns.ok());
    EXPECT_EQ(*concerns, i % 3 != 0);
  }
  Sequences paged;
  for (uint64_t from = 0;;) {
    Sequences page = Entries("ann", from, 7);
    if (page.empty()) break;
    EXPECT_LE(page.size(), 7u);
    paged.insert(paged.end(), page.begin(), page.end());
    from = page.back() + 1;
  }
  EXPECT_EQ(paged, expected);
  ASSERT_TRUE(ledger_->Checkpoint().ok());
  EXPECT_EQ(Entries("ann"), expected);
  Reopen();
  EXPECT_EQ(Entries("ann"), expected);
}

}  // namespace
}  // namespace crowdledger
