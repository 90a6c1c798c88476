// Crowdfunding campaigns: pledges within the terms, cancellations before the cut-off, and
// settlement to the fen: refunds on failure, payout and pro-rata stakes on success, and a
// loan per investor when a debt campaign succeeds.
#include "ledger/campaigns/campaign_record.h"
#include "ledger/loans/loan_records.h"
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

// Pledges prefetch their items a few operations ahead (StateMachine::Apply), before the
// operations in between have applied: a campaign opened in the same transaction, and pledges
// to it right after, apply as they would one per transaction; a pledge to no campaign is
// still refused as NotFound, naming its operation.
TEST_F(CampaignTest, PledgesRightAfterTheirCampaignOpensInOneTransactionApply) {
  auto builder = As("platform");
  builder.OpenCampaign(DefaultTerms());
  for (int round = 0; round < 3; ++round) {
    for (const char* investor : {"ann", "ben", "cat"}) builder.Pledge("acme-seed", investor, 1'000);
  }
  ASSERT_TRUE(SubmitAs("platform", builder).status.ok());
  EXPECT_EQ(Campaign().raised.minor_units(), 9'000);
  EXPECT_EQ(Campaign().investors, 3u);
  EXPECT_EQ(Balance("cash:ann:CNY"), 1'000'000 - 3'000);
  EXPECT_EQ(Balance("escrow:acme-seed"), 9'000);

  auto unknown = As("platform");
  for (int i = 0; i < 5; ++i) unknown.Pledge("acme-seed", "ann", 1'000);
  unknown.Pledge("no-such-campaign", "ann", 1'000);
  SubmitResult refused = SubmitAs("platform", unknown);
  EXPECT_EQ(refused.status.code(), ErrorCode::NotFound);
  EXPECT_EQ(refused.failed_operation, 5);
  EXPECT_EQ(Campaign().raised.minor_units(), 9'000);
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

TEST_F(CampaignTest, StakesACampaignIssuedCanBeTransferredExitedAndWrittenOff) {
  Terms terms = DefaultTerms();
  terms.kind = schema::CampaignKind::Equity;
  terms.equity_shares = 1'000;
  ASSERT_TRUE(Open(terms).status.ok());
  ASSERT_TRUE(Pledge("ann", 200'000).status.ok());
  ASSERT_TRUE(Pledge("ben", 100'000).status.ok());
  ASSERT_TRUE(Pledge("cat", 50'000).status.ok());
  PassTime(kHourUs);
  ASSERT_TRUE(Close().status.ok());
  // floor(1000 * pledge / 350,000): 571, 285 and 142 shares.
  ASSERT_EQ(Stake("acme-seed/ann")->shares, 571);

  auto transfer = As("ann");
  transfer.TransferStake("acme-seed/ann", "ann-to-ben", "ben", 100, 40'000);
  SubmitResult transferred = SubmitAs("ann", transfer);
  ASSERT_TRUE(transferred.status.ok()) << transferred.status.ToString();
  // 100 of 571 shares carry floor(200,000 * 100 / 571) = 35,026 of the cost basis.
  EXPECT_EQ(Stake("acme-seed/ann")->shares, 471);
  EXPECT_EQ(Stake("acme-seed/ann")->cost_basis.minor_units(), 200'000 - 35'026);
  EXPECT_EQ(Stake("acme-seed/ann")->realised.minor_units(), 40'000 - 35'026);
  EXPECT_EQ(Stake("ann-to-ben")->investor, "ben");
  EXPECT_EQ(Stake("ann-to-ben")->shares, 100);

  auto exit = As("ben");
  exit.ExitStake("acme-seed/ben", "acme", 0);
  SubmitResult exited = SubmitAs("ben", exit);
  ASSERT_TRUE(exited.status.ok()) << exited.status.ToString();
  EXPECT_EQ(Stake("acme-seed/ben")->status, StakeStatus::Exited);
  EXPECT_EQ(Stake("acme-seed/ben")->realised.minor_units(), -100'000);

  auto write_off = As("cat");
  write_off.WriteOffStake("acme-seed/cat");
  SubmitResult written_off = SubmitAs("cat", write_off);
  ASSERT_TRUE(written_off.status.ok()) << written_off.status.ToString();
  EXPECT_EQ(Stake("acme-seed/cat")->status, StakeStatus::WrittenOff);
  EXPECT_EQ(Stake("acme-seed/cat")->realised.minor_units(), -50'000);
  EXPECT_EQ(Balance("cash:ann:CNY"), 1'000'000 - 200'000 + 40'000);
  EXPECT_EQ(Balance("cash:ben:CNY"), 1'000'000 - 100'000 - 40'000);
}

TEST_F(CampaignTest, ASucceedingDebtCampaignLendsEachPledgeAsALoanTheEnterpriseRepays) {
  Terms terms = DefaultTerms();
  terms.kind = schema::CampaignKind::Debt;
  terms.debt_rate_bp = 800;
  terms.debt_maturity_us = now_us_ + 365 * 24 * kHourUs;
  ASSERT_TRUE(Open(terms).status.ok());
  ASSERT_TRUE(Pledge("ann", 200'000).status.ok());
  ASSERT_TRUE(Pledge("ben", 150'000).status.ok());
  PassTime(kHourUs);
  SubmitResult closed = Close();
  ASSERT_TRUE(closed.status.ok()) << closed.status.ToString();
  EXPECT_EQ(Campaign().status, CampaignStatus::Succeeded);
  EXPECT_EQ(Balance("cash:acme:CNY"), 350'000);
  EXPECT_EQ(Balance("escrow:acme-seed"), 0);
  EXPECT_FALSE(Stake("acme-seed/ann").has_value());  // a debt campaign issues no stakes

  auto ann_loan = Find<LoanRecord>(LoanKey("acme-seed/ann"));
  ASSERT_TRUE(ann_loan.has_value());
  EXPECT_EQ(ann_loan->lender, "ann");
  EXPECT_EQ(ann_loan->borrower, "acme");
  EXPECT_EQ(ann_loan->currency, "CNY");
  EXPECT_EQ(ann_loan->principal.minor_units(), 200'000);
  EXPECT_EQ(ann_loan->outstanding.minor_units(), 200'000);
  EXPECT_EQ(ann_loan->annual_rate_bp, 800u);
  EXPECT_EQ(ann_loan->maturity_us, terms.debt_maturity_us);
  EXPECT_EQ(ann_loan->status, LoanStatus::Active);
  EXPECT_FALSE(ann_loan->first_loan);
  EXPECT_EQ(Find<LoanRecord>(LoanKey("acme-seed/ben"))->principal.minor_units(), 150'000);
  EXPECT_FALSE(Find<LoanRecord>(LoanKey("acme-seed/cat")).has_value());
  // Campaign loans are not direct loans: the enterprise's direct-loan history stays empty.
  auto history = Find<BorrowerRecord>(BorrowerKey("acme"));
  ASSERT_TRUE(history.has_value());
  EXPECT_EQ(history->direct_loans, 0u);

  auto partial = As("acme");
  partial.RepayLoan("acme-seed/ann", 50'000, 16'000);
  ASSERT_TRUE(SubmitAs("acme", partial).status.ok());
  EXPECT_EQ(Find<LoanRecord>(LoanKey("acme-seed/ann"))->outstanding.minor_units(), 150'000);
  EXPECT_EQ(Find<LoanRecord>(LoanKey("acme-seed/ann"))->interest_paid.minor_units(), 16'000);
  auto rest = As("acme");
  rest.RepayLoan("acme-seed/ann", 150'000, 0);
  ASSERT_TRUE(SubmitAs("acme", rest).status.ok());
  EXPECT_EQ(Find<LoanRecord>(LoanKey("acme-seed/ann"))->status, LoanStatus::Repaid);
  EXPECT_EQ(Balance("cash:ann:CNY"), 1'000'000 + 16'000);
  EXPECT_EQ(Balance("cash:acme:CNY"), 350'000 - 216'000);
  // Only the investor who lent can write its loan off.
  auto by_platform = As("platform");
  by_platform.WriteOffLoan("acme-seed/ben");
  EXPECT_EQ(SubmitAs("platform", by_platform).status.code(), ErrorCode::NotPermitted);
  auto write_off = As("ben");
  write_off.WriteOffLoan("acme-seed/ben");
  ASSERT_TRUE(SubmitAs("ben", write_off).status.ok());
  EXPECT_EQ(Find<LoanRecord>(LoanKey("acme-seed/ben"))->written_off.minor_units(), 150'000);
}

TEST_F(CampaignTest, AFailingDebtCampaignRefundsAndLendsNothing) {
  Terms terms = DefaultTerms();
  terms.kind = schema::CampaignKind::Debt;
  terms.debt_rate_bp = 800;
  terms.debt_maturity_us = now_us_ + 365 * 24 * kHourUs;
  ASSERT_TRUE(Open(terms).status.ok());
  ASSERT_TRUE(Pledge("ann", 200'000).status.ok());
  PassTime(kHourUs);
  ASSERT_TRUE(Close().status.ok());
  EXPECT_EQ(Campaign().status, CampaignStatus::Failed);
  EXPECT_FALSE(Find<LoanRecord>(LoanKey("acme-seed/ann")).has_value());
  EXPECT_EQ(Balance("cash:ann:CNY"), 1'000'000);
}

}  // namespace
}  // namespace crowdledger
