// Crowdfunding campaigns: pledges within the terms, cancellations before the cut-off, and
// settlement to the fen: refunds on failure, payout and pro-rata stakes on success.
#include "ledger/campaigns/campaign_record.h"
#include "tests/ledger/ledger_fixture.h"

namespace crowdledger {
namespace {

using Kind = schema::PartyKind;
using Terms = test::TransactionBuilder::CampaignTerms;
constexpr int64_t kHourUs = 3'600'000'000;

class CampaignTest : public test::LedgerFixture {
 protected:
  void SetUp() override {
    LedgerFixture::SetUp();
    Register("platform", Kind::CrowdfundingPlatform);
    Register("other-platform", Kind::CrowdfundingPlatform);
    Register("acme", Kind::Enterprise);
    for (const char* investor : {"ann", "ben", "cat"}) {
      Register(investor, Kind::Investor);
      auto deposit = As("platform");
      deposit.Deposit(investor, "CNY", 1'000'000);
      ASSERT_TRUE(SubmitAs("platform", deposit).status.ok());
    }
  }

  Terms DefaultTerms() {
    Terms terms;
    terms.campaign = "acme-seed";
    terms.platform = "platform";
    terms.enterprise = "acme";
    terms.goal = 300'000;
    terms.hard_cap = 500'000;
    terms.min_pledge = 100;
    terms.max_pledge = 250'000;
    terms.opens_us = now_us_;
    terms.closes_us = now_us_ + kHourUs;
    terms.cancel_cutoff_us = now_us_ + kHourUs / 2;
    return terms;
  }

  SubmitResult Open(const Terms& terms) {
    auto builder = As("platform");
    builder.OpenCampaign(terms);
    return SubmitAs("platform", builder);
  }
  SubmitResult Pledge(const std::string& investor, int64_t amount,
                      const std::string& campaign = "acme-seed") {
    auto builder = As("platform");
    builder.Pledge(campaign, investor, amount);
    return SubmitAs("platform", builder);
  }
  SubmitResult Close(const std::string& campaign = "acme-seed") {
    auto builder = As("platform");
    builder.CloseCampaign(campaign);
    return SubmitAs("platform", builder);
  }
  void PassTime(int64_t us) { now_us_ += us; }

  CampaignRecord Campaign(const std::string& name = "acme-seed") {
    auto bytes = ledger_->state().Get(CampaignKey(name));
    return *CampaignRecord::Decode(**bytes);
  }
  std::optional<StakeRecord> Stake(const std::string& id) {
    auto bytes = ledger_->state().Get(StakeKey(id));
    if (!bytes.ok() || !*bytes) return std::nullopt;
    return *StakeRecord::Decode(**bytes);
  }
};

TEST_F(CampaignTest, AllOrNothingCampaignBelowGoalRefundsEveryPledge) {
  SubmitResult opened = Open(DefaultTerms());
  ASSERT_TRUE(opened.status.ok()) << opened.status.ToString();
  ASSERT_TRUE(Pledge("ann", 100'001).status.ok());
  ASSERT_TRUE(Pledge("ben", 99'999).status.ok());
  ASSERT_TRUE(Pledge("ann", 107).status.ok());  // a second pledge adds to the first
  EXPECT_EQ(Balance("escrow:acme-seed"), 200'107);
  EXPECT_EQ(Campaign().investors, 2u);
  PassTime(kHourUs);
  SubmitResult closed = Close();
  ASSERT_TRUE(closed.status.ok()) << closed.status.ToString();
  EXPECT_EQ(Campaign().status, CampaignStatus::Failed);
  EXPECT_EQ(Balance("cash:ann:CNY"), 1'000'000);
  EXPECT_EQ(Balance("cash:ben:CNY"), 1'000'000);
  EXPECT_EQ(Balance("escrow:acme-seed"), 0);
  EXPECT_EQ(Balance("cash:acme:CNY"), 0);
  EXPECT_EQ(closed.movements.size(), 2u);
}

TEST_F(CampaignTest, SucceedingEquityCampaignPaysTheEnterpriseAndIssuesStakesProRata) {
  Terms terms = DefaultTerms();
  terms.kind = schema::CampaignKind::Equity;
  terms.equity_shares = 1'000;
  ASSERT_TRUE(Open(terms).status.ok());
  ASSERT_TRUE(Pledge("ann", 200'000).status.ok());
  ASSERT_TRUE(Pledge("ben", 100'000).status.ok());
  ASSERT_TRUE(Pledge("cat", 33'333).status.ok());
  PassTime(kHourUs);
  ASSERT_TRUE(Close().status.ok());
  EXPECT_EQ(Campaign().status, CampaignStatus::Succeeded);
  EXPECT_EQ(Balance("cash:acme:CNY"), 333'333);
  EXPECT_EQ(Balance("escrow:acme-seed"), 0);
  EXPECT_EQ(Balance("cash:ann:CNY"), 800'000);
  // floor(1000 * pledge / 333,333): 600, 300 and 99 shares; one share stays unissued.
  EXPECT_EQ(Stake("acme-seed/ann")->shares, 600);
  EXPECT_EQ(Stake("acme-seed/ben")->shares, 300);
  EXPECT_EQ(Stake("acme-seed/cat")->shares, 99);
  EXPECT_EQ(Stake("acme-seed/cat")->cost_basis.minor_units(), 33'333);
  EXPECT_EQ(Stake("acme-seed/cat")->kind, schema::InvestmentKind::Crowd);
}

TEST_F(CampaignTest, KeepItAllCampaignBelowGoalStillPaysOut) {
  Terms terms = DefaultTerms();
  terms.settlement = schema::Settlement::KeepItAll;
  ASSERT_TRUE(Open(terms).status.ok());
  ASSERT_TRUE(Pledge("ann", 1'000).status.ok());
  PassTime(kHourUs);
  ASSERT_TRUE(Close().status.ok());
  EXPECT_EQ(Balance("cash:acme:CNY"), 1'000);
  EXPECT_EQ(Campaign().status, CampaignStatus::Succeeded);
}

TEST_F(CampaignTest, CancelBeforeTheCutoffRefundsAndAfterItIsRefused) {
  ASSERT_TRUE(Open(DefaultTerms()).status.ok());
  ASSERT_TRUE(Pledge("ann", 5'000).status.ok());
  ASSERT_TRUE(Pledge("ben", 6'000).status.ok());
  auto cancel = As("ann");
  cancel.CancelPledge("acme-seed", "ann");
  ASSERT_TRUE(SubmitAs("ann", cancel).status.ok());
  EXPECT_EQ(Balance("cash:ann:CNY"), 1'000'000);
  EXPECT_EQ(Campaign().investors, 1u);
  EXPECT_EQ(Campaign().raised.minor_units(), 6'000);
  PassTime(kHourUs / 2);
  auto late = As("ben");
  late.CancelPledge("acme-seed", "ben");
  SubmitResult refused = SubmitAs("ben", late);
  EXPECT_EQ(refused.status.code(), ErrorCode::AfterCutoff);
  EXPECT_EQ(Balance("escrow:acme-seed"), 6'000);
}

TEST_F(CampaignTest, PledgeBeyondTheHardCapIsRefused) {
  Terms terms = DefaultTerms();
  terms.max_pledge = 0;
  ASSERT_TRUE(Open(terms).status.ok());
  ASSERT_TRUE(Pledge("ann", 400'000).status.ok());
  SubmitResult refused = Pledge("ben", 100'001);
  EXPECT_EQ(refused.status.code(), ErrorCode::HardCapExceeded);
  EXPECT_TRUE(Pledge("ben", 100'000).status.ok());
  // At the hard cap the campaign may close before its close time.
  ASSERT_TRUE(Close().status.ok());
  EXPECT_EQ(Balance("cash:acme:CNY"), 500'000);
}

TEST_F(CampaignTest, PledgeBeyondTheInvestorLimitIsRefused) {
  Terms terms = DefaultTerms();
  terms.max_investors = 2;
  ASSERT_TRUE(Open(terms).status.ok());
  ASSERT_TRUE(Pledge("ann", 1'000).status.ok());
  ASSERT_TRUE(Pledge("ben", 1'000).status.ok());
  EXPECT_EQ(Pledge("cat", 1'000).status.code(), ErrorCode::InvestorLimitReached);
  EXPECT_TRUE(Pledge("ann", 1'000).status.ok());  // an existing investor may add to a pledge
}

TEST_F(CampaignTest, PledgesOutsideTheTermsAreRefusedWithTheirCodes) {
  Terms terms = DefaultTerms();
  terms.opens_us = now_us_ + 10'000'000;
  ASSERT_TRUE(Open(terms).status.ok());
  EXPECT_EQ(Pledge("ann", 1'000).status.code(), ErrorCode::CampaignNotOpen);
  PassTime(10'000'000);
  EXPECT_EQ(Pledge("ann", 99).status.code(), ErrorCode::BelowMinimum);
  ASSERT_TRUE(Pledge("ann", 200'000).status.ok());
  EXPECT_EQ(Pledge("ann", 50'001).status.code(), ErrorCode::AboveMaximum);
  EXPECT_EQ(Pledge("ann", 1, "no-such-campaign").status.code(), ErrorCode::NotFound);
  auto foreign = As("other-platform");
  foreign.Pledge("acme-seed", "ben", 1'000);
  EXPECT_EQ(SubmitAs("other-platform", foreign).status.code(), ErrorCode::NotPermitted);
  EXPECT_EQ(Close().status.code(), ErrorCode::StillOpen);
  PassTime(kHourUs);
  EXPECT_EQ(Pledge("ben", 1'000).status.code(), ErrorCode::CampaignClosed);
  ASSERT_TRUE(Close().status.ok());
  EXPECT_EQ(Close().status.code(), ErrorCode::CampaignClosed);
}

TEST_F(CampaignTest, OpeningNeedsAPlatformAnEnterpriseAndSaneTerms) {
  Terms terms = DefaultTerms();
  terms.enterprise = "ann";
  EXPECT_EQ(Open(terms).status.code(), ErrorCode::WrongPartyKind);
  terms = DefaultTerms();
  terms.hard_cap = terms.goal - 1;
  EXPECT_EQ(Open(terms).status.code(), ErrorCode::InvalidArgument);
  terms = DefaultTerms();
  terms.kind = schema::CampaignKind::Equity;
  EXPECT_EQ(Open(terms).status.code(), ErrorCode::InvalidArgument);  // no shares offered
  terms = DefaultTerms();
  terms.platform = "other-platform";
  EXPECT_EQ(Open(terms).status.code(), ErrorCode::NotPermitted);
  ASSERT_TRUE(Open(DefaultTerms()).status.ok());
  EXPECT_EQ(Open(DefaultTerms()).status.code(), ErrorCode::AlreadyExists);
}

}  // namespace
}  // namespace crowdledger
