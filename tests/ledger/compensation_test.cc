// Risk compensation: a pool's policy repays a share of recorded losses (angel stakes written
// off or sold at a loss, the net loss on a written-off first loan) of enterprises incubated in
// a maker space, within per-enterprise and per-year caps, once per loss.
#include "ledger/campaigns/campaign_record.h"
#include "ledger/compensation/compensation_records.h"
#include "ledger/loans/loan_records.h"
#include "tests/ledger/ledger_fixture.h"

namespace crowdledger {
namespace {

using Kind = schema::PartyKind;
using Loss = schema::LossKind;
using LoanTerms = test::TransactionBuilder::LoanTerms;
constexpr int64_t kDayUs = 86'400'000'000;

class CompensationTest : public test::LedgerFixture {
 protected:
  void SetUp() override {
    LedgerFixture::SetUp();
    Register("pool", Kind::CompensationPool);
    Register("pool2", Kind::CompensationPool);
    Register("bank", Kind::Bank);
    Register("angel", Kind::Angel);
    Register("angel2", Kind::Angel);
    Register("space", Kind::MakerSpace);
    Register("acme", Kind::Enterprise, now_us_ - 100 * kDayUs, "space");
    Register("beta", Kind::Enterprise, now_us_ - 100 * kDayUs, "space");
    Register("lonely", Kind::Enterprise, now_us_ - 100 * kDayUs);
    for (const char* party : {"pool", "pool2", "bank", "angel", "angel2"}) {
      auto deposit = As(party);
      deposit.Deposit(party, "CNY", 50'000'000);
      ASSERT_TRUE(SubmitAs(party, deposit).status.ok());
    }
  }

  SubmitResult SetPolicy(const std::string& pool, uint32_t angel_bp, uint32_t first_loan_bp,
                         int64_t per_enterprise_cap, int64_t per_year_cap,
                         const std::string& submitter = "") {
    std::string who = submitter.empty() ? pool : submitter;
    auto builder = As(who);
    builder.SetCompensationPolicy(pool, angel_bp, first_loan_bp, per_enterprise_cap, per_year_cap);
    return who == "authority" ? Submit(builder.Sign(authority_)) : SubmitAs(who, builder);
  }
  SubmitResult Claim(const std::string& claimant, Loss kind, const std::string& loss,
                     const std::string& pool = "pool") {
    auto builder = As(claimant);
    builder.ClaimCompensation(pool, kind, loss);
    return SubmitAs(claimant, builder);
  }
  // An angel investment in `enterprise` of `cost`, written off at once.
  void AngelLoss(const std::string& stake, const std::string& enterprise, int64_t cost,
                 const std::string& angel = "angel",
                 schema::InvestmentKind kind = schema::InvestmentKind::Angel) {
    auto builder = As(angel);
    builder.RecordInvestment(stake, angel, enterprise, kind, cost, 10).WriteOffStake(stake);
    SubmitResult result = SubmitAs(angel, builder);
    ASSERT_TRUE(result.status.ok()) << result.status.ToString();
  }
  // A loan of the bank's at 6% for a year.
  LoanTerms BankLoan(const std::string& loan, const std::string& borrower, int64_t principal,
                     bool first_loan = true) {
    LoanTerms terms;
    terms.loan = loan;
    terms.lender = "bank";
    terms.borrower = borrower;
    terms.principal = principal;
    terms.annual_rate_bp = 600;
    terms.maturity_us = now_us_ + 365 * kDayUs;
    terms.first_loan = first_loan;
    return terms;
  }
  // The bank's loan of `principal` to `borrower`; `repaid` of it is repaid, the rest written
  // off.
  void LoanLoss(const std::string& loan, const std::string& borrower, int64_t principal,
                int64_t repaid, bool first_loan = true) {
    auto disburse = As("bank");
    disburse.DisburseLoan(BankLoan(loan, borrower, principal, first_loan));
    ASSERT_TRUE(SubmitAs("bank", disburse).status.ok());
    if (repaid > 0) {
      auto repay = As(borrower);
      repay.RepayLoan(loan, repaid, 0);
      ASSERT_TRUE(SubmitAs(borrower, repay).status.ok());
    }
    auto write_off = As("bank");
    write_off.WriteOffLoan(loan);
    ASSERT_TRUE(SubmitAs("bank", write_off).status.ok());
  }
  std::optional<ClaimRecord> ClaimOn(Loss kind, const std::string& loss) {
    return Find<ClaimRecord>(ClaimKey(kind, loss));
  }
};

TEST_F(CompensationTest,
       AFirstLoanWriteOffIsCompensatedAtThePolicysShareAndASecondClaimOnTheSameLossIsRefused) {
  ASSERT_TRUE(SetPolicy("pool", 6'000, 4'000, 2'000'000, 5'000'000).status.ok());
  LoanLoss("fl", "acme", 2'000'000, 500'000);
  // 1,500,000 written off; 40% of it is 600,000.
  SubmitResult paid = Claim("bank", Loss::FirstLoanLoss, "fl");
  ASSERT_TRUE(paid.status.ok()) << paid.status.ToString();
  EXPECT_EQ(Balance("cash:pool:CNY"), 50'000'000 - 600'000);
  EXPECT_EQ(Balance("cash:bank:CNY"), 50'000'000 - 1'500'000 + 600'000);
  ASSERT_EQ(paid.movements.size(), 1u);
  EXPECT_EQ(paid.movements[0].from, "cash:pool:CNY");
  EXPECT_EQ(paid.movements[0].to, "cash:bank:CNY");
  std::optional<ClaimRecord> claim = ClaimOn(Loss::FirstLoanLoss, "fl");
  ASSERT_TRUE(claim.has_value());
  EXPECT_EQ(claim->pool, "pool");
  EXPECT_EQ(claim->claimant, "bank");
  EXPECT_EQ(claim->enterprise, "acme");
  EXPECT_EQ(claim->currency, "CNY");
  EXPECT_EQ(claim->loss.minor_units(), 1'500'000);
  EXPECT_EQ(claim->payout.minor_units(), 600'000);
  EXPECT_EQ(claim->paid_us, now_us_);
  EXPECT_EQ(Find<CompensationPolicyRecord>(CompensationPolicyKey("pool"))->paid.minor_units(),
            600'000);

  SubmitResult again = Claim("bank", Loss::FirstLoanLoss, "fl");
  EXPECT_EQ(again.status.code(), ErrorCode::AlreadyClaimed) << again.status.ToString();
  // Nor does another pool pay the same loss.
  ASSERT_TRUE(SetPolicy("pool2", 6'000, 4'000, 2'000'000, 5'000'000).status.ok());
  EXPECT_EQ(Claim("bank", Loss::FirstLoanLoss, "fl", "pool2").status.code(),
            ErrorCode::AlreadyClaimed);
  EXPECT_EQ(Balance("cash:pool:CNY"), 50'000'000 - 600'000);
  EXPECT_EQ(Balance("cash:pool2:CNY"), 50'000'000);
}

TEST_F(CompensationTest, AGuaranteedFirstLoanIsCompensatedOnTheLossNetOfTheGuarantee) {
  Register("guarantor", Kind::GuideFund);
  auto deposit = As("guarantor");
  deposit.Deposit("guarantor", "CNY", 1'000'000)
      .OfferGuarantee("gl", "guarantor", "bank", "acme", 500'000);
  ASSERT_TRUE(SubmitAs("guarantor", deposit).status.ok());
  auto disburse = As("bank");
  LoanTerms terms = BankLoan("gl", "acme", 1'000'000);
  terms.guarantor = "guarantor";
  terms.guaranteed_share_bp = 5'000;
  disburse.DisburseLoan(terms);
  ASSERT_TRUE(SubmitAs("bank", disburse).status.ok());
  auto write_off = As("bank");
  write_off.WriteOffLoan("gl");
  ASSERT_TRUE(SubmitAs("bank", write_off).status.ok());
  ASSERT_TRUE(SetPolicy("pool", 6'000, 4'000, 2'000'000, 5'000'000).status.ok());
  // 1,000,000 written off, 500,000 of it paid by the guarantee: 40% of 500,000.
  ASSERT_TRUE(Claim("bank", Loss::FirstLoanLoss, "gl").status.ok());
  EXPECT_EQ(ClaimOn(Loss::FirstLoanLoss, "gl")->loss.minor_units(), 500'000);
  EXPECT_EQ(ClaimOn(Loss::FirstLoanLoss, "gl")->payout.minor_units(), 200'000);
  EXPECT_EQ(Balance("cash:bank:CNY"), 50'000'000 - 1'000'000 + 500'000 + 200'000);
}

TEST_F(CompensationTest, AFullyGuaranteedFirstLoanHasNoLossToCompensate) {
  Register("guarantor", Kind::GuideFund);
  auto deposit = As("guarantor");
  deposit.Deposit("guarantor", "CNY", 1'000'000)
      .OfferGuarantee("gl", "guarantor", "bank", "acme", 1'000'000);
  ASSERT_TRUE(SubmitAs("guarantor", deposit).status.ok());
  auto disburse = As("bank");
  LoanTerms terms = BankLoan("gl", "acme", 1'000'000);
  terms.guarantor = "guarantor";
  terms.guaranteed_share_bp = 10'000;
  disburse.DisburseLoan(terms);
  ASSERT_TRUE(SubmitAs("bank", disburse).status.ok());
  auto write_off = As("bank");
  write_off.WriteOffLoan("gl");
  ASSERT_TRUE(SubmitAs("bank", write_off).status.ok());
  ASSERT_TRUE(SetPolicy("pool", 6'000, 4'000, 2'000'000, 5'000'000).status.ok());
  SubmitResult claim = Claim("bank", Loss::FirstLoanLoss, "gl");
  EXPECT_EQ(claim.status.code(), ErrorCode::NotEligible) << claim.status.ToString();
  EXPECT_FALSE(ClaimOn(Loss::FirstLoanLoss, "gl").has_value());
}

TEST_F(CompensationTest, AnAngelStakeWrittenOffOrSoldAtALossIsCompensatedAtTheAngelShare) {
  ASSERT_TRUE(SetPolicy("pool", 6'000, 4'000, 5'000'000, 10'000'000).status.ok());
  AngelLoss("written-off", "acme", 2'000'000);
  SubmitResult paid = Claim("angel", Loss::StakeLoss, "written-off");
  ASSERT_TRUE(paid.status.ok()) << paid.status.ToString();
  EXPECT_EQ(ClaimOn(Loss::StakeLoss, "written-off")->payout.minor_units(), 1'200'000);

  auto invest = As("angel");
  invest.RecordInvestment("sold", "angel", "beta", schema::InvestmentKind::Angel, 1'000'000, 10)
      .ExitStake("sold", "angel2", 250'001);
  ASSERT_TRUE(SubmitAs("angel", invest).status.ok());
  ASSERT_TRUE(Claim("angel", Loss::StakeLoss, "sold").status.ok());
  // A loss of 749,999: 60% of it is 449,999.4, paid as 449,999.
  EXPECT_EQ(ClaimOn(Loss::StakeLoss, "sold")->loss.minor_units(), 749'999);
  EXPECT_EQ(ClaimOn(Loss::StakeLoss, "sold")->payout.minor_units(), 449'999);
  EXPECT_EQ(Balance("cash:angel:CNY"),
            50'000'000 - 2'000'000 - 1'000'000 + 250'001 + 1'200'000 + 449'999);
  EXPECT_EQ(Balance("cash:pool:CNY"), 50'000'000 - 1'200'000 - 449'999);
  EXPECT_EQ(Claim("angel", Loss::StakeLoss, "sold").status.code(), ErrorCode::AlreadyClaimed);
}

TEST_F(CompensationTest, LossesThatDoNotQualifyAreRefusedAsNotEligible) {
  ASSERT_TRUE(SetPolicy("pool", 6'000, 4'000, 5'000'000, 10'000'000).status.ok());
  AngelLoss("lonely-loss", "lonely", 1'000'000);  // not incubated in a maker space
  EXPECT_EQ(Claim("angel", Loss::StakeLoss, "lonely-loss").status.code(), ErrorCode::NotEligible);
  AngelLoss("venture-loss", "acme", 1'000'000, "angel", schema::InvestmentKind::Venture);
  EXPECT_EQ(Claim("angel", Loss::StakeLoss, "venture-loss").status.code(), ErrorCode::NotEligible);
  auto invest = As("angel");
  invest.RecordInvestment("active", "angel", "acme", schema::InvestmentKind::Angel, 1'000, 1)
      .RecordInvestment("gain", "angel", "acme", schema::InvestmentKind::Angel, 1'000, 1)
      .ExitStake("gain", "angel2", 1'001);
  ASSERT_TRUE(SubmitAs("angel", invest).status.ok());
  EXPECT_EQ(Claim("angel", Loss::StakeLoss, "active").status.code(), ErrorCode::NotEligible);
  EXPECT_EQ(Claim("angel", Loss::StakeLoss, "gain").status.code(), ErrorCode::NotEligible);
  EXPECT_EQ(Claim("angel", Loss::StakeLoss, "no-such-stake").status.code(), ErrorCode::NotFound);

  LoanLoss("not-first", "acme", 1'000'000, 0, /*first_loan=*/false);
  EXPECT_EQ(Claim("bank", Loss::FirstLoanLoss, "not-first").status.code(), ErrorCode::NotEligible);
  auto disburse = As("bank");
  disburse.DisburseLoan(BankLoan("still-active", "beta", 1'000'000));
  ASSERT_TRUE(SubmitAs("bank", disburse).status.ok());
  EXPECT_EQ(Claim("bank", Loss::FirstLoanLoss, "still-active").status.code(),
            ErrorCode::NotEligible);
  EXPECT_EQ(Claim("bank", Loss::FirstLoanLoss, "no-such-loan").status.code(), ErrorCode::NotFound);
  LoanLoss("lonely-loan", "lonely", 1'000'000, 0);
  EXPECT_EQ(Claim("bank", Loss::FirstLoanLoss, "lonely-loan").status.code(),
            ErrorCode::NotEligible);

  // Nor is a crowd investment.
  auto matched = As("angel");
  matched.RecordInvestment("crowd-loss", "angel", "acme", schema::InvestmentKind::Crowd, 1'000, 1)
      .WriteOffStake("crowd-loss");
  ASSERT_TRUE(SubmitAs("angel", matched).status.ok());
  EXPECT_EQ(Claim("angel", Loss::StakeLoss, "crowd-loss").status.code(), ErrorCode::NotEligible);

  // A pool whose policy gives no share for a kind of loss does not compensate it.
  ASSERT_TRUE(SetPolicy("pool", 0, 4'000, 5'000'000, 10'000'000).status.ok());
  AngelLoss("unshared", "acme", 1'000'000);
  EXPECT_EQ(Claim("angel", Loss::StakeLoss, "unshared").status.code(), ErrorCode::NotEligible);
  EXPECT_EQ(Balance("cash:pool:CNY"), 50'000'000);
}

TEST_F(CompensationTest, ThePerEnterpriseCapLimitsThePayoutAndThenRefusesIt) {
  ASSERT_TRUE(SetPolicy("pool", 6'000, 4'000, 1'000'000, 10'000'000).status.ok());
  AngelLoss("acme-1", "acme", 1'000'000);
  AngelLoss("acme-2", "acme", 1'000'000, "angel2");
  AngelLoss("acme-3", "acme", 1'000'000);
  AngelLoss("beta-1", "beta", 1'000'000);
  ASSERT_TRUE(Claim("angel", Loss::StakeLoss, "acme-1").status.ok());
  ASSERT_TRUE(Claim("angel2", Loss::StakeLoss, "acme-2").status.ok());
  EXPECT_EQ(ClaimOn(Loss::StakeLoss, "acme-1")->payout.minor_units(), 600'000);
  EXPECT_EQ(ClaimOn(Loss::StakeLoss, "acme-2")->payout.minor_units(), 400'000);
  SubmitResult over = Claim("angel", Loss::StakeLoss, "acme-3");
  EXPECT_EQ(over.status.code(), ErrorCode::CapExceeded) << over.status.ToString();
  EXPECT_FALSE(ClaimOn(Loss::StakeLoss, "acme-3").has_value());
  // Another enterprise has its own cap.
  ASSERT_TRUE(Claim("angel", Loss::StakeLoss, "beta-1").status.ok());
  EXPECT_EQ(ClaimOn(Loss::StakeLoss, "beta-1")->payout.minor_units(), 600'000);
  EXPECT_EQ(Balance("cash:pool:CNY"), 50'000'000 - 1'600'000);
  // Raising the cap lets the refused loss be claimed.
  ASSERT_TRUE(SetPolicy("pool", 6'000, 4'000, 1'100'000, 10'000'000).status.ok());
  ASSERT_TRUE(Claim("angel", Loss::StakeLoss, "acme-3").status.ok());
  EXPECT_EQ(ClaimOn(Loss::StakeLoss, "acme-3")->payout.minor_units(), 100'000);
  EXPECT_EQ(Find<CompensationPolicyRecord>(CompensationPolicyKey("pool"))->paid.minor_units(),
            1'700'000);
}

TEST_F(CompensationTest, ThePerYearCapLimitsThePayoutUntilTheNextCalendarYear) {
  ASSERT_TRUE(SetPolicy("pool", 6'000, 4'000, 5'000'000, 1'000'000).status.ok());
  AngelLoss("acme-1", "acme", 1'000'000);
  AngelLoss("beta-1", "beta", 1'000'000);
  AngelLoss("beta-2", "beta", 1'000'000);
  ASSERT_TRUE(Claim("angel", Loss::StakeLoss, "acme-1").status.ok());
  ASSERT_TRUE(Claim("angel", Loss::StakeLoss, "beta-1").status.ok());
  EXPECT_EQ(ClaimOn(Loss::StakeLoss, "beta-1")->payout.minor_units(), 400'000);
  EXPECT_EQ(Claim("angel", Loss::StakeLoss, "beta-2").status.code(), ErrorCode::CapExceeded);
  ASSERT_EQ(CalendarYear(now_us_), 2023);
  now_us_ += 60 * kDayUs;  // into January 2024
  ASSERT_EQ(CalendarYear(now_us_), 2024);
  ASSERT_TRUE(Claim("angel", Loss::StakeLoss, "beta-2").status.ok());
  EXPECT_EQ(ClaimOn(Loss::StakeLoss, "beta-2")->payout.minor_units(), 600'000);
  EXPECT_EQ(Balance("cash:pool:CNY"), 50'000'000 - 1'600'000);
}

TEST_F(CompensationTest, PoliciesAreSetByThePoolOrTheAuthorityForAPoolOnly) {
  EXPECT_EQ(SetPolicy("bank", 6'000, 4'000, 1'000'000, 1'000'000, "authority").status.code(),
            ErrorCode::WrongPartyKind);
  EXPECT_EQ(SetPolicy("pool", 6'000, 4'000, 1'000'000, 1'000'000, "bank").status.code(),
            ErrorCode::NotPermitted);
  EXPECT_EQ(SetPolicy("pool", 10'001, 4'000, 1'000'000, 1'000'000).status.code(),
            ErrorCode::InvalidArgument);
  EXPECT_EQ(SetPolicy("pool", 6'000, 10'001, 1'000'000, 1'000'000).status.code(),
            ErrorCode::InvalidArgument);
  EXPECT_EQ(SetPolicy("pool", 6'000, 4'000, 0, 1'000'000).status.code(),
            ErrorCode::InvalidArgument);
  EXPECT_EQ(SetPolicy("pool", 6'000, 4'000, 1'000'000, 0).status.code(),
            ErrorCode::InvalidArgument);
  EXPECT_FALSE(Find<CompensationPolicyRecord>(CompensationPolicyKey("pool")).has_value());

  ASSERT_TRUE(SetPolicy("pool", 6'000, 4'000, 1'000'000, 2'000'000, "authority").status.ok());
  auto policy = Find<CompensationPolicyRecord>(CompensationPolicyKey("pool"));
  ASSERT_TRUE(policy.has_value());
  EXPECT_EQ(policy->currency, "CNY");
  EXPECT_EQ(policy->angel_loss_share_bp, 6'000u);
  EXPECT_EQ(policy->first_loan_loss_share_bp, 4'000u);
  EXPECT_EQ(policy->per_enterprise_cap.minor_units(), 1'000'000);
  EXPECT_EQ(policy->per_year_cap.minor_units(), 2'000'000);
  ASSERT_TRUE(SetPolicy("pool", 5'000, 3'000, 1'500'000, 2'500'000).status.ok());
  EXPECT_EQ(Find<CompensationPolicyRecord>(CompensationPolicyKey("pool"))->angel_loss_share_bp,
            5'000u);
}

TEST_F(CompensationTest, ClaimsAreRefusedWithTheirCodes) {
  AngelLoss("acme-1", "acme", 1'000'000);
  // No policy: neither at a pool without one nor at a party that is not a pool.
  EXPECT_EQ(Claim("angel", Loss::StakeLoss, "acme-1").status.code(), ErrorCode::NotFound);
  EXPECT_EQ(Claim("angel", Loss::StakeLoss, "acme-1", "bank").status.code(), ErrorCode::NotFound);
  ASSERT_TRUE(SetPolicy("pool", 6'000, 4'000, 5'000'000, 10'000'000).status.ok());
  // Only the holder of the loss claims it.
  EXPECT_EQ(Claim("angel2", Loss::StakeLoss, "acme-1").status.code(), ErrorCode::NotPermitted);
  // A loan id has at most two parts.
  EXPECT_EQ(Claim("bank", Loss::FirstLoanLoss, "a/b/c").status.code(), ErrorCode::InvalidArgument);
  // A pool short of cash pays nothing.
  auto drain = As("pool");
  drain.Withdraw("pool", "CNY", 49'500'000);
  ASSERT_TRUE(SubmitAs("pool", drain).status.ok());
  SubmitResult short_of_cash = Claim("angel", Loss::StakeLoss, "acme-1");
  EXPECT_EQ(short_of_cash.status.code(), ErrorCode::InsufficientFunds)
      << short_of_cash.status.ToString();
  EXPECT_FALSE(ClaimOn(Loss::StakeLoss, "acme-1").has_value());
  auto refill = As("pool");
  refill.Deposit("pool", "CNY", 100'000);
  ASSERT_TRUE(SubmitAs("pool", refill).status.ok());
  ASSERT_TRUE(Claim("angel", Loss::StakeLoss, "acme-1").status.ok());
  EXPECT_EQ(Balance("cash:pool:CNY"), 0);
}

}  // namespace
}  // namespace crowdledger
