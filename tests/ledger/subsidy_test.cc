// Subsidies and vouchers: the lifetime start-up subsidy cap across grants, eligibility, and
// vouchers redeemed once, before expiry, at a service provider.
#include "tests/ledger/ledger_fixture.h"

namespace crowdledger {
namespace {

using Kind = schema::PartyKind;
constexpr int64_t kDayUs = 86'400'000'000;

class SubsidyTest : public test::LedgerFixture {
 protected:
  void SetUp() override {
    LedgerFixture::SetUp();
    Register("fund", Kind::GuideFund);
    Register("space", Kind::MakerSpace);
    Register("micro", Kind::Enterprise, now_us_ - 100 * kDayUs, "space", /*micro=*/true);
    Register("large", Kind::Enterprise, now_us_ - 100 * kDayUs, "space", /*micro=*/false);
    Register("lab", Kind::ServiceProvider);
    auto deposit = As("fund");
    deposit.Deposit("fund", "CNY", 100'000'000);
    ASSERT_TRUE(SubmitAs("fund", deposit).status.ok());
  }
  SubmitResult Grant(const std::string& recipient, schema::SubsidyKind kind, int64_t amount) {
    auto builder = As("fund");
    builder.GrantSubsidy("fund", recipient, kind, amount);
    return SubmitAs("fund", builder);
  }
};

TEST_F(SubsidyTest, LifetimeStartupSubsidyCapHoldsAcrossSeveralGrants) {
  ASSERT_TRUE(Grant("micro", schema::SubsidyKind::Startup, 2'000'000).status.ok());
  ASSERT_TRUE(Grant("micro", schema::SubsidyKind::Startup, 2'999'999).status.ok());
  SubmitResult over = Grant("micro", schema::SubsidyKind::Startup, 2);
  EXPECT_EQ(over.status.code(), ErrorCode::CapExceeded) << over.status.ToString();
  ASSERT_TRUE(Grant("micro", schema::SubsidyKind::Startup, 1).status.ok());  // exactly 50,000 CNY
  EXPECT_EQ(Balance("cash:micro:CNY"), 5'000'000);
  // Other subsidy kinds do not count against the start-up cap.
  ASSERT_TRUE(Grant("micro", schema::SubsidyKind::Rent, 700'000).status.ok());
  EXPECT_EQ(Balance("cash:micro:CNY"), 5'700'000);
  EXPECT_EQ(Balance("cash:fund:CNY"), 100'000'000 - 5'700'000);
}

TEST_F(SubsidyTest, TheAuthorityCanRaiseTheCapThroughTheLedger) {
  ASSERT_TRUE(Grant("micro", schema::SubsidyKind::Startup, 5'000'000).status.ok());
  auto policy = As("authority");
  policy.SetPolicy(schema::PolicyParameter::StartupSubsidyCap, 6'000'000);
  ASSERT_TRUE(Submit(policy.Sign(authority_)).status.ok());
  EXPECT_TRUE(Grant("micro", schema::SubsidyKind::Startup, 1'000'000).status.ok());
  EXPECT_EQ(Grant("micro", schema::SubsidyKind::Startup, 1).status.code(), ErrorCode::CapExceeded);
}

TEST_F(SubsidyTest, StartupSubsidiesAndAwardsNeedTheRightRecipient) {
  EXPECT_EQ(Grant("large", schema::SubsidyKind::Startup, 1'000).status.code(),
            ErrorCode::NotEligible);
  EXPECT_EQ(Grant("micro", schema::SubsidyKind::PerformanceAward, 1'000).status.code(),
            ErrorCode::WrongPartyKind);
  EXPECT_TRUE(Grant("space", schema::SubsidyKind::PerformanceAward, 1'000).status.ok());
  EXPECT_EQ(Balance("cash:space:CNY"), 1'000);
}

TEST_F(SubsidyTest, AVoucherRedeemedAfterItsExpiryIsRefused) {
  auto issue = As("fund");
  issue.IssueVoucher("v1", "fund", "micro", 300'000, now_us_ + 10 * kDayUs);
  ASSERT_TRUE(SubmitAs("fund", issue).status.ok());
  EXPECT_EQ(Balance("escrow:voucher:v1"), 300'000);
  now_us_ += 10 * kDayUs;  // the redemption's entry is past the expiry
  auto redeem = As("micro");
  redeem.RedeemVoucher("v1", "lab");
  SubmitResult late = SubmitAs("micro", redeem);
  EXPECT_EQ(late.status.code(), ErrorCode::Expired) << late.status.ToString();
  EXPECT_EQ(Balance("cash:lab:CNY"), 0);
  EXPECT_EQ(Balance("escrow:voucher:v1"), 300'000);
}

TEST_F(SubsidyTest, AVoucherIsRedeemedOnceByItsHolderAtAServiceProvider) {
  auto issue = As("fund");
  issue.IssueVoucher("v2", "fund", "micro", 120'000, now_us_ + 10 * kDayUs);
  ASSERT_TRUE(SubmitAs("fund", issue).status.ok());
  auto by_other = As("fund");
  by_other.RedeemVoucher("v2", "lab");
  EXPECT_EQ(SubmitAs("fund", by_other).status.code(), ErrorCode::NotPermitted);
  auto at_space = As("micro");
  at_space.RedeemVoucher("v2", "space");
  EXPECT_EQ(SubmitAs("micro", at_space).status.code(), ErrorCode::WrongPartyKind);
  auto redeem = As("micro");
  redeem.RedeemVoucher("v2", "lab");
  ASSERT_TRUE(SubmitAs("micro", redeem).status.ok());
  EXPECT_EQ(Balance("cash:lab:CNY"), 120'000);
  EXPECT_EQ(Balance("escrow:voucher:v2"), 0);
  auto again = As("micro");
  again.RedeemVoucher("v2", "lab");
  EXPECT_EQ(SubmitAs("micro", again).status.code(), ErrorCode::AlreadySettled);
}

}  // namespace
}  // namespace crowdledger
