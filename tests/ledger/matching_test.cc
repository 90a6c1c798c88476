// Matching rules: a fund reserves a rule's budget from its cash, and a qualifying private
// investment (a direct angel or crowd investment, or an equity campaign's success) triggers
// the fund's own investment in the same entry, within the per-enterprise cap and the budget.
#include "ledger/campaigns/campaign_record.h"
#include "ledger/matching/matching_records.h"
#include "ledger/portfolio/portfolio.h"
#include "tests/ledger/ledger_fixture.h"

namespace crowdledger {
namespace {

using Kind = schema::PartyKind;
using Investment = schema::InvestmentKind;
using Rule = test::TransactionBuilder::MatchingTerms;
constexpr int64_t kDayUs = 86'400'000'000;
constexpr int64_t kSeedStageDays = 1'095;  // the SeedStageAgeDays default

class MatchingTest : public test::LedgerFixture {
 protected:
  void SetUp() override {
    LedgerFixture::SetUp();
    Register("seed", Kind::SeedFund);
    Register("guide", Kind::GuideFund);
    Register("angel", Kind::Angel);
    Register("vc", Kind::VentureFund);
    Register("space", Kind::MakerSpace);
    Register("young", Kind::Enterprise, now_us_ - 100 * kDayUs, "space");
    Register("young2", Kind::Enterprise, now_us_ - 200 * kDayUs, "space");
    Register("young3", Kind::Enterprise, now_us_ - 300 * kDayUs, "space");
    Register("unincubated", Kind::Enterprise, now_us_ - 100 * kDayUs);
    Register("old", Kind::Enterprise, now_us_ - (kSeedStageDays + 1) * kDayUs, "space");
    Register("undated", Kind::Enterprise, 0, "space");
    for (const char* party : {"seed", "guide", "angel", "vc"}) {
      auto deposit = As(party);
      deposit.Deposit(party, "CNY", 50'000'000);
      ASSERT_TRUE(SubmitAs(party, deposit).status.ok());
    }
  }

  // A 1:1 rule of the seed fund with the given cap and budget.
  static Rule SeedRule(int64_t per_enterprise_cap, int64_t budget) {
    Rule rule;
    rule.fund = "seed";
    rule.rule = "seed-1to1";
    rule.per_enterprise_cap = per_enterprise_cap;
    rule.budget = budget;
    return rule;
  }
  SubmitResult SetRule(const Rule& rule, const std::string& submitter = "") {
    std::string who = submitter.empty() ? rule.fund : submitter;
    auto builder = As(who);
    builder.SetMatchingRule(rule);
    return SubmitAs(who, builder);
  }
  SubmitResult Invest(const std::string& stake, const std::string& investor,
                      const std::string& enterprise, int64_t amount, int64_t shares,
                      Investment kind = Investment::Angel) {
    auto builder = As(investor);
    builder.RecordInvestment(stake, investor, enterprise, kind, amount, shares);
    return SubmitAs(investor, builder);
  }
  std::optional<StakeRecord> Stake(const std::string& id) {
    return Find<StakeRecord>(StakeKey(id));
  }
  // A stake's cost basis and shares; -1 when there is no such stake.
  int64_t CostOf(const std::string& id) {
    auto stake = Stake(id);
    return stake ? stake->cost_basis.minor_units() : -1;
  }
  int64_t SharesOf(const std::string& id) {
    auto stake = Stake(id);
    return stake ? stake->shares : -1;
  }
  MatchingRuleRecord RuleRecord(const std::string& fund, const std::string& rule) {
    auto record = Find<MatchingRuleRecord>(MatchingRuleKey(fund, rule));
    EXPECT_TRUE(record.has_value());
    return record.value_or(MatchingRuleRecord{});
  }
  std::vector<RuleName> ActiveRules() {
    auto stored = ledger_->state().Get(kActiveMatchingRulesKey);
    if (!stored.ok() || !*stored) return {};
    return *DecodeActiveRules(**stored);
  }
};

TEST_F(MatchingTest, ARuleReservesItsBudgetFromTheFundsCash) {
  SubmitResult set = SetRule(SeedRule(1'500'000, 3'000'000));
  ASSERT_TRUE(set.status.ok()) << set.status.ToString();
  EXPECT_EQ(Balance("cash:seed:CNY"), 47'000'000);
  EXPECT_EQ(Balance("escrow:matching:seed:seed-1to1"), 3'000'000);
  ASSERT_EQ(set.movements.size(), 1u);
  EXPECT_EQ(set.movements[0].from, "cash:seed:CNY");
  EXPECT_EQ(set.movements[0].to, "escrow:matching:seed:seed-1to1");
  MatchingRuleRecord rule = RuleRecord("seed", "seed-1to1");
  EXPECT_EQ(rule.currency, "CNY");
  EXPECT_EQ(rule.ratio_bp, 10'000u);
  EXPECT_EQ(rule.per_enterprise_cap.minor_units(), 1'500'000);
  EXPECT_EQ(rule.budget.minor_units(), 3'000'000);
  EXPECT_TRUE(rule.active);
  EXPECT_TRUE(rule.Qualifies(Investment::Angel));
  EXPECT_TRUE(rule.Qualifies(Investment::Crowd));
  EXPECT_FALSE(rule.Qualifies(Investment::Venture));
  EXPECT_EQ(rule.spent.minor_units(), 0);
  EXPECT_EQ(ActiveRules(), (std::vector<RuleName>{{"seed", "seed-1to1"}}));
}

TEST_F(MatchingTest,
       ASeedFundMatchesAQualifyingAngelInvestmentOneToOneUpToItsCapAndStopsAtItsBudget) {
  ASSERT_TRUE(SetRule(SeedRule(1'500'000, 2'000'000)).status.ok());

  // 1:1 within the cap: the fund invests 1,000,000 beside the angel, at the angel's price.
  SubmitResult first = Invest("a1", "angel", "young", 1'000'000, 100);
  ASSERT_TRUE(first.status.ok()) << first.status.ToString();
  EXPECT_EQ(Balance("cash:young:CNY"), 2'000'000);
  std::optional<StakeRecord> matched = Stake("a1/match/seed");
  ASSERT_TRUE(matched.has_value());
  EXPECT_EQ(matched->investor, "seed");
  EXPECT_EQ(matched->enterprise, "young");
  EXPECT_EQ(matched->kind, Investment::PublicInterest);
  EXPECT_EQ(matched->shares, 100);
  EXPECT_EQ(matched->cost_basis.minor_units(), 1'000'000);
  EXPECT_EQ(matched->status, StakeStatus::Active);
  ASSERT_EQ(first.movements.size(), 2u);
  EXPECT_EQ(first.movements[1].from, "escrow:matching:seed:seed-1to1");
  EXPECT_EQ(first.movements[1].to, "cash:young:CNY");
  EXPECT_EQ(first.movements[1].amount.minor_units(), 1'000'000);

  // The per-enterprise cap leaves 500,000 for a second investment in the same enterprise;
  // the shares are matched at the same price: floor(40 * 500,000 / 800,000) = 25.
  ASSERT_TRUE(Invest("a2", "angel", "young", 800'000, 40).status.ok());
  EXPECT_EQ(CostOf("a2/match/seed"), 500'000);
  EXPECT_EQ(SharesOf("a2/match/seed"), 25);
  EXPECT_EQ(Balance("cash:young:CNY"), 2'000'000 + 800'000 + 500'000);

  // Another enterprise has its own cap, but only 500,000 of the budget is left.
  ASSERT_TRUE(Invest("a3", "angel", "young2", 1'000'000, 10).status.ok());
  EXPECT_EQ(CostOf("a3/match/seed"), 500'000);
  EXPECT_EQ(SharesOf("a3/match/seed"), 5);
  EXPECT_EQ(Balance("cash:young2:CNY"), 1'500'000);
  EXPECT_EQ(Balance("escrow:matching:seed:seed-1to1"), 0);

  // The budget is spent: the next qualifying investment is not matched, and succeeds.
  SubmitResult unmatched = Invest("a4", "angel", "young3", 700'000, 7);
  ASSERT_TRUE(unmatched.status.ok()) << unmatched.status.ToString();
  EXPECT_EQ(unmatched.movements.size(), 1u);
  EXPECT_FALSE(Stake("a4/match/seed").has_value());
  EXPECT_EQ(Balance("cash:young3:CNY"), 700'000);

  MatchingRuleRecord rule = RuleRecord("seed", "seed-1to1");
  EXPECT_EQ(rule.spent.minor_units(), 2'000'000);
  EXPECT_EQ(rule.leveraged.minor_units(), 2'800'000);
  EXPECT_EQ(rule.matches, 3u);
  EXPECT_EQ(Balance("cash:seed:CNY"), 48'000'000);
  EXPECT_EQ(Balance("cash:angel:CNY"), 50'000'000 - 3'500'000);
}

TEST_F(MatchingTest, AnEnterpriseOlderThanTheSeedStageGetsNoMatch) {
  ASSERT_TRUE(SetRule(SeedRule(1'000'000, 5'000'000)).status.ok());
  SubmitResult old = Invest("old-1", "angel", "old", 400'000, 4);
  ASSERT_TRUE(old.status.ok()) << old.status.ToString();
  EXPECT_FALSE(Stake("old-1/match/seed").has_value());
  EXPECT_EQ(Balance("cash:old:CNY"), 400'000);
  // Without a founding date an enterprise cannot show that it is young enough.
  ASSERT_TRUE(Invest("undated-1", "angel", "undated", 400'000, 4).status.ok());
  EXPECT_FALSE(Stake("undated-1/match/seed").has_value());
  EXPECT_EQ(Balance("cash:undated:CNY"), 400'000);
  EXPECT_EQ(Balance("escrow:matching:seed:seed-1to1"), 5'000'000);
  EXPECT_EQ(RuleRecord("seed", "seed-1to1").matches, 0u);
}

TEST_F(MatchingTest, TheSeedStageEndsExactlyAtThePolicysAgeInDays) {
  // Founded just under 1,095 days before the investment's entry, and just over.
  Register("nearly-old", Kind::Enterprise, now_us_ - kSeedStageDays * kDayUs + 60'000'000, "space");
  Register("just-old", Kind::Enterprise, now_us_ - kSeedStageDays * kDayUs - 60'000'000, "space");
  ASSERT_TRUE(SetRule(SeedRule(1'000'000, 5'000'000)).status.ok());
  ASSERT_TRUE(Invest("n1", "angel", "nearly-old", 100'000, 1).status.ok());
  ASSERT_TRUE(Invest("j1", "angel", "just-old", 100'000, 1).status.ok());
  EXPECT_EQ(CostOf("n1/match/seed"), 100'000);
  EXPECT_FALSE(Stake("j1/match/seed").has_value());
}

TEST_F(MatchingTest, ThePolicyOrTheRuleSetsTheSeedStageAge) {
  auto policy = As("authority");
  policy.SetPolicy(schema::PolicyParameter::SeedStageAgeDays, kSeedStageDays + 10);
  ASSERT_TRUE(Submit(policy.Sign(authority_)).status.ok());
  ASSERT_TRUE(SetRule(SeedRule(1'000'000, 5'000'000)).status.ok());
  ASSERT_TRUE(Invest("old-1", "angel", "old", 100'000, 1).status.ok());
  EXPECT_EQ(CostOf("old-1/match/seed"), 100'000);

  // A rule's own age limit replaces the policy's: 150 days admits "young" (100 days) only.
  Rule guide_rule;
  guide_rule.fund = "guide";
  guide_rule.rule = "early";
  guide_rule.per_enterprise_cap = 1'000'000;
  guide_rule.budget = 1'000'000;
  guide_rule.max_enterprise_age_days = 150;
  ASSERT_TRUE(SetRule(guide_rule).status.ok());
  ASSERT_TRUE(Invest("y1", "angel", "young", 100'000, 1).status.ok());
  ASSERT_TRUE(Invest("y2", "angel", "young2", 100'000, 1).status.ok());
  EXPECT_TRUE(Stake("y1/match/guide").has_value());
  EXPECT_FALSE(Stake("y2/match/guide").has_value());
  EXPECT_TRUE(Stake("y2/match/seed").has_value());
}

TEST_F(MatchingTest, AVeryLargeAgeLimitAdmitsEveryDatedEnterprise) {
  // 200,000,000 days in microseconds exceeds a 64-bit integer; the limit must not wrap.
  Rule rule = SeedRule(1'000'000, 1'000'000);
  rule.max_enterprise_age_days = 200'000'000;
  ASSERT_TRUE(SetRule(rule).status.ok());
  ASSERT_TRUE(Invest("old-1", "angel", "old", 100'000, 1).status.ok());
  EXPECT_EQ(CostOf("old-1/match/seed"), 100'000);
}

TEST_F(MatchingTest, ARuleRequiringIncubationSkipsAnEnterpriseWithoutAMakerSpace) {
  Rule rule = SeedRule(1'000'000, 5'000'000);
  rule.require_incubation = true;
  ASSERT_TRUE(SetRule(rule).status.ok());
  ASSERT_TRUE(Invest("u1", "angel", "unincubated", 300'000, 3).status.ok());
  EXPECT_FALSE(Stake("u1/match/seed").has_value());
  EXPECT_EQ(Balance("cash:unincubated:CNY"), 300'000);
  ASSERT_TRUE(Invest("y1", "angel", "young", 300'000, 3).status.ok());
  EXPECT_EQ(CostOf("y1/match/seed"), 300'000);

  // Without the requirement, the unincubated enterprise is matched.
  rule.require_incubation = false;
  ASSERT_TRUE(SetRule(rule).status.ok());
  ASSERT_TRUE(Invest("u2", "angel", "unincubated", 300'000, 3).status.ok());
  EXPECT_EQ(CostOf("u2/match/seed"), 300'000);
}

TEST_F(MatchingTest, OnlyTheRulesEligibleInvestmentKindsAreMatched) {
  ASSERT_TRUE(SetRule(SeedRule(1'000'000, 5'000'000)).status.ok());
  ASSERT_TRUE(Invest("v1", "vc", "young", 300'000, 3, Investment::Venture).status.ok());
  EXPECT_FALSE(Stake("v1/match/seed").has_value());
  ASSERT_TRUE(Invest("c1", "angel", "young", 200'000, 2, Investment::Crowd).status.ok());
  EXPECT_EQ(CostOf("c1/match/seed"), 200'000);

  Rule venture_only;
  venture_only.fund = "guide";
  venture_only.rule = "venture";
  venture_only.per_enterprise_cap = 1'000'000;
  venture_only.budget = 1'000'000;
  venture_only.eligible_kinds = {Investment::Venture};
  ASSERT_TRUE(SetRule(venture_only).status.ok());
  ASSERT_TRUE(Invest("v2", "vc", "young2", 300'000, 3, Investment::Venture).status.ok());
  ASSERT_TRUE(Invest("a2", "angel", "young3", 300'000, 3).status.ok());
  EXPECT_EQ(CostOf("v2/match/guide"), 300'000);
  EXPECT_FALSE(Stake("v2/match/seed").has_value());
  EXPECT_FALSE(Stake("a2/match/guide").has_value());
  EXPECT_EQ(CostOf("a2/match/seed"), 300'000);
}

TEST_F(MatchingTest, AMatchBelowOneToOneIsRoundedDown) {
  Rule rule = SeedRule(1'000'000, 5'000'000);
  rule.ratio_bp = 3'333;
  ASSERT_TRUE(SetRule(rule).status.ok());
  // 333,335 * 3,333 / 10,000 = 111,100.55...: the fund pays 111,100; shares
  // floor(7 * 111,100 / 333,335) = 2.
  ASSERT_TRUE(Invest("a1", "angel", "young", 333'335, 7).status.ok());
  EXPECT_EQ(CostOf("a1/match/seed"), 111'100);
  EXPECT_EQ(SharesOf("a1/match/seed"), 2);
  EXPECT_EQ(Balance("escrow:matching:seed:seed-1to1"), 5'000'000 - 111'100);
}

TEST_F(MatchingTest, EachFundMatchesOnceAndNeverItsOwnInvestment) {
  Rule first = SeedRule(1'000'000, 1'000'000);
  Rule second = SeedRule(1'000'000, 1'000'000);
  second.rule = "seed-second";
  Rule guide_rule;
  guide_rule.fund = "guide";
  guide_rule.rule = "half";
  guide_rule.ratio_bp = 5'000;
  guide_rule.per_enterprise_cap = 1'000'000;
  guide_rule.budget = 1'000'000;
  ASSERT_TRUE(SetRule(first).status.ok());
  ASSERT_TRUE(SetRule(second).status.ok());
  ASSERT_TRUE(SetRule(guide_rule).status.ok());
  // Both funds match; the seed fund only by its first rule in the active list.
  ASSERT_TRUE(Invest("a1", "angel", "young", 200'000, 2).status.ok());
  EXPECT_EQ(CostOf("a1/match/seed"), 200'000);
  EXPECT_EQ(CostOf("a1/match/guide"), 100'000);
  EXPECT_EQ(RuleRecord("seed", "seed-1to1").matches, 1u);
  EXPECT_EQ(RuleRecord("seed", "seed-second").matches, 0u);
  EXPECT_EQ(Balance("cash:young:CNY"), 500'000);
  // The seed fund's own angel-kind investment is matched by the guide fund alone.
  ASSERT_TRUE(Invest("s1", "seed", "young2", 200'000, 2).status.ok());
  EXPECT_FALSE(Stake("s1/match/seed").has_value());
  EXPECT_EQ(CostOf("s1/match/guide"), 100'000);
}

TEST_F(MatchingTest, RetiringARuleReturnsItsReserveAndStopsMatching) {
  Rule rule = SeedRule(1'000'000, 1'000'000);
  ASSERT_TRUE(SetRule(rule).status.ok());
  ASSERT_TRUE(Invest("a1", "angel", "young", 400'000, 4).status.ok());
  EXPECT_EQ(Balance("escrow:matching:seed:seed-1to1"), 600'000);

  rule.active = false;
  SubmitResult retired = SetRule(rule);
  ASSERT_TRUE(retired.status.ok()) << retired.status.ToString();
  EXPECT_EQ(Balance("escrow:matching:seed:seed-1to1"), 0);
  EXPECT_EQ(Balance("cash:seed:CNY"), 50'000'000 - 400'000);
  EXPECT_FALSE(RuleRecord("seed", "seed-1to1").active);
  EXPECT_TRUE(ActiveRules().empty());
  ASSERT_TRUE(Invest("a2", "angel", "young2", 400'000, 4).status.ok());
  EXPECT_FALSE(Stake("a2/match/seed").has_value());

  // Reactivated, the rule reserves what it may still spend: budget minus what it spent.
  rule.active = true;
  ASSERT_TRUE(SetRule(rule).status.ok());
  EXPECT_EQ(Balance("escrow:matching:seed:seed-1to1"), 600'000);
  EXPECT_EQ(RuleRecord("seed", "seed-1to1").spent.minor_units(), 400'000);
  EXPECT_EQ(ActiveRules().size(), 1u);
}

TEST_F(MatchingTest, ChangingTheBudgetMovesTheReserveButNeverBelowWhatIsSpent) {
  Rule rule = SeedRule(1'000'000, 2'000'000);
  ASSERT_TRUE(SetRule(rule).status.ok());
  ASSERT_TRUE(Invest("a1", "angel", "young", 700'000, 7).status.ok());
  rule.budget = 3'000'000;
  ASSERT_TRUE(SetRule(rule).status.ok());
  EXPECT_EQ(Balance("escrow:matching:seed:seed-1to1"), 2'300'000);
  EXPECT_EQ(Balance("cash:seed:CNY"), 47'000'000);
  rule.budget = 700'000;  // exactly what is spent: nothing stays reserved
  ASSERT_TRUE(SetRule(rule).status.ok());
  EXPECT_EQ(Balance("escrow:matching:seed:seed-1to1"), 0);
  EXPECT_EQ(Balance("cash:seed:CNY"), 49'300'000);

  rule.budget = 699'999;
  SubmitResult below = SetRule(rule);
  EXPECT_EQ(below.status.code(), ErrorCode::InvalidArgument) << below.status.ToString();
  EXPECT_EQ(RuleRecord("seed", "seed-1to1").budget.minor_units(), 700'000);
}

TEST_F(MatchingTest, ACapLoweredBelowWhatWasMatchedStopsMatchingThatEnterprise) {
  Rule rule = SeedRule(1'000'000, 5'000'000);
  ASSERT_TRUE(SetRule(rule).status.ok());
  ASSERT_TRUE(Invest("a1", "angel", "young", 800'000, 8).status.ok());
  rule.per_enterprise_cap = 500'000;
  ASSERT_TRUE(SetRule(rule).status.ok());
  SubmitResult unmatched = Invest("a2", "angel", "young", 100'000, 1);
  ASSERT_TRUE(unmatched.status.ok()) << unmatched.status.ToString();
  EXPECT_FALSE(Stake("a2/match/seed").has_value());
  ASSERT_TRUE(Invest("a3", "angel", "young2", 100'000, 1).status.ok());
  EXPECT_EQ(CostOf("a3/match/seed"), 100'000);
  EXPECT_EQ(Balance("escrow:matching:seed:seed-1to1"), 5'000'000 - 900'000);
}

TEST_F(MatchingTest, AMatchedStakeIsTheFundsToSell) {
  ASSERT_TRUE(SetRule(SeedRule(1'000'000, 1'000'000)).status.ok());
  ASSERT_TRUE(Invest("a1", "angel", "young", 400'000, 40).status.ok());
  auto sell = As("seed");
  sell.TransferStake("a1/match/seed", "vc-young", "vc", 10, 150'000);
  SubmitResult sold = SubmitAs("seed", sell);
  ASSERT_TRUE(sold.status.ok()) << sold.status.ToString();
  EXPECT_EQ(SharesOf("a1/match/seed"), 30);
  EXPECT_EQ(CostOf("a1/match/seed"), 300'000);
  EXPECT_EQ(Stake("a1/match/seed")->realised.minor_units(), 50'000);
  EXPECT_EQ(SharesOf("vc-young"), 10);
  // A secondary sale is not a new investment: nothing is matched.
  EXPECT_FALSE(Stake("vc-young/match/seed").has_value());
  EXPECT_EQ(Balance("escrow:matching:seed:seed-1to1"), 600'000);
}

TEST_F(MatchingTest, AtMostSixtyFourRulesAreActiveAtOnce) {
  auto many = As("seed");
  for (int i = 0; i < 64; ++i) {
    Rule rule = SeedRule(1, 1);
    rule.rule = "r" + std::to_string(i);
    many.SetMatchingRule(rule);
  }
  ASSERT_TRUE(SubmitAs("seed", many).status.ok());
  EXPECT_EQ(ActiveRules().size(), 64u);
  Rule one_more = SeedRule(1, 1);
  one_more.rule = "r64";
  EXPECT_EQ(SetRule(one_more).status.code(), ErrorCode::LimitExceeded);
  Rule retired = SeedRule(1, 1);
  retired.rule = "r0";
  retired.active = false;
  auto swap = As("seed");
  swap.SetMatchingRule(retired).SetMatchingRule(one_more);
  ASSERT_TRUE(SubmitAs("seed", swap).status.ok());
  EXPECT_EQ(ActiveRules().size(), 64u);
  EXPECT_EQ(ActiveRules().back(), (RuleName{"seed", "r64"}));
  EXPECT_EQ(Balance("cash:seed:CNY"), 50'000'000 - 64);
}

TEST_F(MatchingTest, RulesAreRefusedWithTheirCodes) {
  Rule by_angel = SeedRule(1'000'000, 1'000'000);
  by_angel.fund = "angel";
  EXPECT_EQ(SetRule(by_angel).status.code(), ErrorCode::WrongPartyKind);
  EXPECT_EQ(SetRule(SeedRule(1'000'000, 1'000'000), "guide").status.code(),
            ErrorCode::NotPermitted);
  EXPECT_EQ(SetRule(SeedRule(1'000'000, 50'000'001)).status.code(), ErrorCode::InsufficientFunds);
  Rule bad = SeedRule(1'000'000, 1'000'000);
  bad.ratio_bp = 0;
  EXPECT_EQ(SetRule(bad).status.code(), ErrorCode::InvalidArgument);
  bad.ratio_bp = 10'001;
  EXPECT_EQ(SetRule(bad).status.code(), ErrorCode::InvalidArgument);
  EXPECT_EQ(SetRule(SeedRule(0, 1'000'000)).status.code(), ErrorCode::InvalidArgument);
  EXPECT_EQ(SetRule(SeedRule(1'000'000, 0)).status.code(), ErrorCode::InvalidArgument);
  EXPECT_FALSE(Find<MatchingRuleRecord>(MatchingRuleKey("seed", "seed-1to1")).has_value());
  EXPECT_FALSE(Find<MatchingRuleRecord>(MatchingRuleKey("angel", "seed-1to1")).has_value());
  EXPECT_EQ(Balance("cash:seed:CNY"), 50'000'000);
  EXPECT_TRUE(ActiveRules().empty());
}

TEST_F(MatchingTest, ASuccessfulEquityCampaignIsMatchedOnTheAmountRaised) {
  Register("platform", Kind::CrowdfundingPlatform);
  Rule rule = SeedRule(1'000'000, 5'000'000);
  rule.ratio_bp = 5'000;
  ASSERT_TRUE(SetRule(rule).status.ok());
  test::TransactionBuilder::CampaignTerms terms;
  terms.campaign = "young-round";
  terms.platform = "platform";
  terms.enterprise = "young";
  terms.kind = schema::CampaignKind::Equity;
  terms.goal = 300'000;
  terms.equity_shares = 1'000;
  terms.opens_us = now_us_;
  terms.closes_us = now_us_ + 3'600'000'000;
  terms.cancel_cutoff_us = terms.closes_us;
  auto open = As("platform");
  open.OpenCampaign(terms);
  ASSERT_TRUE(SubmitAs("platform", open).status.ok());
  for (const auto& [investor, amount] : {std::pair{"angel", 200'000}, std::pair{"vc", 100'001}}) {
    auto pledge = As("platform");
    pledge.Pledge("young-round", investor, amount);
    ASSERT_TRUE(SubmitAs("platform", pledge).status.ok());
  }
  now_us_ = terms.closes_us;
  auto close = As("platform");
  close.CloseCampaign("young-round");
  SubmitResult closed = SubmitAs("platform", close);
  ASSERT_TRUE(closed.status.ok()) << closed.status.ToString();

  // Half of 300,001 raised: 150,000; at the campaign's price, floor(1000 * 150,000 / 300,001).
  std::optional<StakeRecord> matched = Stake("young-round/campaign-match/seed");
  ASSERT_TRUE(matched.has_value());
  EXPECT_EQ(matched->investor, "seed");
  EXPECT_EQ(matched->kind, Investment::PublicInterest);
  EXPECT_EQ(matched->cost_basis.minor_units(), 150'000);
  EXPECT_EQ(matched->shares, 499);
  EXPECT_EQ(Balance("cash:young:CNY"), 300'001 + 150'000);
  EXPECT_EQ(Balance("escrow:matching:seed:seed-1to1"), 5'000'000 - 150'000);
  EXPECT_EQ(RuleRecord("seed", "seed-1to1").leveraged.minor_units(), 300'001);
  EXPECT_EQ(SharesOf("young-round/angel"), 666);
}

}  // namespace
}  // namespace crowdledger
