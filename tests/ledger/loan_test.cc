// Loans: disbursal with its eligibility rules (first-loan flag, support-loan cap, linked
// stake), credit guarantees reserved before disbursal and called at a write-off, repayments,
// and who may do what.
#include "ledger/campaigns/campaign_record.h"
#include "ledger/loans/loan_records.h"
#include "tests/ledger/ledger_fixture.h"

namespace crowdledger {
namespace {

using Kind = schema::PartyKind;
using Terms = test::TransactionBuilder::LoanTerms;
constexpr int64_t kDayUs = 86'400'000'000;

class LoanTest : public test::LedgerFixture {
 protected:
  void SetUp() override {
    LedgerFixture::SetUp();
    Register("bank", Kind::Bank);
    Register("other-bank", Kind::Bank);
    Register("guarantor", Kind::GuideFund);
    Register("angel", Kind::Angel);
    Register("space", Kind::MakerSpace);
    Register("acme", Kind::Enterprise, now_us_ - 400 * kDayUs, "space");
    Register("tiny", Kind::Enterprise, now_us_ - 100 * kDayUs, "space", /*micro=*/true);
    for (const char* party : {"bank", "other-bank", "guarantor", "angel"}) {
      auto deposit = As(party);
      deposit.Deposit(party, "CNY", 100'000'000);
      ASSERT_TRUE(SubmitAs(party, deposit).status.ok());
    }
  }

  Terms LoanTo(const std::string& borrower, const std::string& loan, int64_t principal,
               uint32_t rate_bp = 500) {
    Terms terms;
    terms.loan = loan;
    terms.lender = "bank";
    terms.borrower = borrower;
    terms.principal = principal;
    terms.annual_rate_bp = rate_bp;
    terms.maturity_us = now_us_ + 365 * kDayUs;
    return terms;
  }
  SubmitResult Disburse(const Terms& terms, const std::string& submitter = "") {
    std::string who = submitter.empty() ? terms.lender : submitter;
    auto builder = As(who);
    builder.DisburseLoan(terms);
    return SubmitAs(who, builder);
  }
  SubmitResult Offer(const std::string& loan, int64_t amount,
                     const std::string& guarantor = "guarantor", const std::string& lender = "bank",
                     const std::string& borrower = "acme") {
    auto builder = As(guarantor);
    builder.OfferGuarantee(loan, guarantor, lender, borrower, amount);
    return SubmitAs(guarantor, builder);
  }
  SubmitResult Repay(const std::string& loan, int64_t principal, int64_t interest,
                     const std::string& submitter = "acme") {
    auto builder = As(submitter);
    builder.RepayLoan(loan, principal, interest);
    return SubmitAs(submitter, builder);
  }
  SubmitResult WriteOff(const std::string& loan, const std::string& submitter = "bank") {
    auto builder = As(submitter);
    builder.WriteOffLoan(loan);
    return SubmitAs(submitter, builder);
  }
  LoanRecord Loan(const std::string& id) {
    auto record = Find<LoanRecord>(LoanKey(id));
    EXPECT_TRUE(record.has_value()) << id;
    return record.value_or(LoanRecord{});
  }
};

TEST_F(LoanTest, ADisbursalPaysThePrincipalAndRecordsTheLoan) {
  Terms terms = LoanTo("acme", "l1", 3'000'000);
  terms.first_loan = true;
  SubmitResult disbursed = Disburse(terms);
  ASSERT_TRUE(disbursed.status.ok()) << disbursed.status.ToString();
  EXPECT_EQ(Balance("cash:bank:CNY"), 97'000'000);
  EXPECT_EQ(Balance("cash:acme:CNY"), 3'000'000);
  LoanRecord loan = Loan("l1");
  EXPECT_EQ(loan.lender, "bank");
  EXPECT_EQ(loan.borrower, "acme");
  EXPECT_EQ(loan.principal.minor_units(), 3'000'000);
  EXPECT_EQ(loan.outstanding.minor_units(), 3'000'000);
  EXPECT_EQ(loan.annual_rate_bp, 500u);
  EXPECT_EQ(loan.maturity_us, terms.maturity_us);
  EXPECT_EQ(loan.disbursed_us, now_us_);
  EXPECT_TRUE(loan.first_loan);
  EXPECT_FALSE(loan.support_loan);
  EXPECT_EQ(loan.status, LoanStatus::Active);
  EXPECT_EQ(Find<BorrowerRecord>(BorrowerKey("acme"))->direct_loans, 1u);
}

TEST_F(LoanTest, AGuaranteedLoansWriteOffMovesTheGuaranteedShareFromTheGuarantor) {
  // The guarantor reserves 700,000; a 60% guarantee of 1,000,000 needs 600,000, and
  // the disbursal returns the other 100,000.
  SubmitResult offered = Offer("g1", 700'000);
  ASSERT_TRUE(offered.status.ok()) << offered.status.ToString();
  EXPECT_EQ(Balance("escrow:guarantee:g1"), 700'000);
  EXPECT_EQ(Balance("cash:guarantor:CNY"), 99'300'000);
  Terms terms = LoanTo("acme", "g1", 1'000'000);
  terms.guarantor = "guarantor";
  terms.guaranteed_share_bp = 6'000;
  SubmitResult disbursed = Disburse(terms);
  ASSERT_TRUE(disbursed.status.ok()) << disbursed.status.ToString();
  EXPECT_EQ(Balance("escrow:guarantee:g1"), 600'000);
  EXPECT_EQ(Balance("cash:guarantor:CNY"), 99'400'000);
  EXPECT_TRUE(Find<GuaranteeOfferRecord>(GuaranteeOfferKey("g1"))->taken);

  ASSERT_TRUE(Repay("g1", 250'001, 0).status.ok());
  // 749,999 outstanding: the guarantee pays floor(749,999 * 60%) = 449,999 to the lender
  // and the rest of the reserve, 150,001, goes back to the guarantor.
  SubmitResult written_off = WriteOff("g1");
  ASSERT_TRUE(written_off.status.ok()) << written_off.status.ToString();
  LoanRecord loan = Loan("g1");
  EXPECT_EQ(loan.status, LoanStatus::WrittenOff);
  EXPECT_EQ(loan.written_off.minor_units(), 749'999);
  EXPECT_EQ(loan.guarantee_paid.minor_units(), 449'999);
  EXPECT_EQ(loan.outstanding.minor_units(), 0);
  EXPECT_EQ(Balance("escrow:guarantee:g1"), 0);
  EXPECT_EQ(Balance("cash:guarantor:CNY"), 99'400'000 + 150'001);
  EXPECT_EQ(Balance("cash:bank:CNY"), 100'000'000 - 1'000'000 + 250'001 + 449'999);
  ASSERT_EQ(written_off.movements.size(), 2u);
  EXPECT_EQ(written_off.movements[0].from, "escrow:guarantee:g1");
  EXPECT_EQ(written_off.movements[0].to, "cash:bank:CNY");
  EXPECT_EQ(written_off.movements[0].amount.minor_units(), 449'999);
  EXPECT_EQ(written_off.movements[1].to, "cash:guarantor:CNY");
  EXPECT_EQ(written_off.movements[1].amount.minor_units(), 150'001);

  EXPECT_EQ(WriteOff("g1").status.code(), ErrorCode::AlreadySettled);
  EXPECT_EQ(Repay("g1", 1, 0).status.code(), ErrorCode::AlreadySettled);
}

TEST_F(LoanTest, AFullRepaymentReturnsTheGuaranteeReserveToTheGuarantor) {
  auto deposit = As("acme");
  deposit.Deposit("acme", "CNY", 100'000);  // for the interest
  ASSERT_TRUE(SubmitAs("acme", deposit).status.ok());
  ASSERT_TRUE(Offer("g2", 500'000).status.ok());
  Terms terms = LoanTo("acme", "g2", 1'000'000);
  terms.guarantor = "guarantor";
  terms.guaranteed_share_bp = 5'000;
  ASSERT_TRUE(Disburse(terms).status.ok());
  EXPECT_EQ(Balance("escrow:guarantee:g2"), 500'000);
  ASSERT_TRUE(Repay("g2", 400'000, 30'000).status.ok());
  EXPECT_EQ(Loan("g2").status, LoanStatus::Active);
  EXPECT_EQ(Balance("escrow:guarantee:g2"), 500'000);
  SubmitResult last = Repay("g2", 600'000, 20'000);
  ASSERT_TRUE(last.status.ok()) << last.status.ToString();
  LoanRecord loan = Loan("g2");
  EXPECT_EQ(loan.status, LoanStatus::Repaid);
  EXPECT_EQ(loan.outstanding.minor_units(), 0);
  EXPECT_EQ(loan.interest_paid.minor_units(), 50'000);
  EXPECT_EQ(Balance("escrow:guarantee:g2"), 0);
  EXPECT_EQ(Balance("cash:guarantor:CNY"), 100'000'000);
  EXPECT_EQ(Balance("cash:bank:CNY"), 100'000'000 + 50'000);
  EXPECT_EQ(Balance("cash:acme:CNY"), 100'000 - 50'000);
  EXPECT_EQ(Repay("g2", 1, 0).status.code(), ErrorCode::AlreadySettled);
  EXPECT_EQ(WriteOff("g2").status.code(), ErrorCode::AlreadySettled);
}

TEST_F(LoanTest, ALoanDisbursedWithoutTheOfferedGuaranteeReleasesTheOffer) {
  ASSERT_TRUE(Offer("l1", 300'000).status.ok());
  ASSERT_TRUE(Disburse(LoanTo("acme", "l1", 1'000'000)).status.ok());
  EXPECT_EQ(Balance("escrow:guarantee:l1"), 0);
  EXPECT_EQ(Balance("cash:guarantor:CNY"), 100'000'000);
  EXPECT_TRUE(Find<GuaranteeOfferRecord>(GuaranteeOfferKey("l1"))->taken);
  ASSERT_TRUE(WriteOff("l1").status.ok());
  EXPECT_EQ(Loan("l1").guarantee_paid.minor_units(), 0);
  EXPECT_EQ(Balance("cash:guarantor:CNY"), 100'000'000);
}

TEST_F(LoanTest, GuaranteesAreRefusedWithTheirCodes) {
  EXPECT_EQ(Offer("g1", 1'000, "guarantor", "bank", "acme").status.code(), ErrorCode::Ok);
  EXPECT_EQ(Offer("g1", 1'000, "angel").status.code(), ErrorCode::AlreadyExists);
  auto for_other = As("angel");
  for_other.OfferGuarantee("g2", "guarantor", "bank", "acme", 1'000);
  EXPECT_EQ(SubmitAs("angel", for_other).status.code(), ErrorCode::NotPermitted);
  EXPECT_EQ(Offer("g3", 1'000, "bank").status.code(), ErrorCode::InvalidArgument);
  EXPECT_EQ(Offer("g4", 1'000, "guarantor", "bank", "nobody").status.code(), ErrorCode::NotFound);
  EXPECT_EQ(Offer("g5", 100'000'001).status.code(), ErrorCode::InsufficientFunds);
  EXPECT_EQ(Offer("g6", 0).status.code(), ErrorCode::InvalidArgument);
  ASSERT_TRUE(Disburse(LoanTo("acme", "taken", 1'000)).status.ok());
  EXPECT_EQ(Offer("taken", 1'000).status.code(), ErrorCode::AlreadyExists);
  EXPECT_EQ(Balance("cash:guarantor:CNY"), 100'000'000 - 1'000);

  // The disbursal must name the guarantor that offered, for this lender and borrower, with
  // enough reserved for the guaranteed share.
  Terms no_offer = LoanTo("acme", "g7", 1'000'000);
  no_offer.guarantor = "guarantor";
  no_offer.guaranteed_share_bp = 5'000;
  EXPECT_EQ(Disburse(no_offer).status.code(), ErrorCode::NotFound);
  Terms other_guarantor = LoanTo("acme", "g1", 1'000);
  other_guarantor.guarantor = "angel";
  other_guarantor.guaranteed_share_bp = 5'000;
  EXPECT_EQ(Disburse(other_guarantor).status.code(), ErrorCode::NotFound);
  Terms other_lender = LoanTo("acme", "g1", 1'000);
  other_lender.lender = "other-bank";
  other_lender.guarantor = "guarantor";
  other_lender.guaranteed_share_bp = 5'000;
  EXPECT_EQ(Disburse(other_lender).status.code(), ErrorCode::NotEligible);
  Terms just_enough = LoanTo("acme", "g1", 2'001);
  just_enough.guarantor = "guarantor";
  just_enough.guaranteed_share_bp = 5'000;  // needs floor(2,001 / 2) = 1,000: all of the offer
  EXPECT_TRUE(Disburse(just_enough).status.ok());
  EXPECT_EQ(Balance("escrow:guarantee:g1"), 1'000);
  Terms share_without_guarantor = LoanTo("acme", "g8", 1'000);
  share_without_guarantor.guaranteed_share_bp = 5'000;
  EXPECT_EQ(Disburse(share_without_guarantor).status.code(), ErrorCode::InvalidArgument);
  Terms self_guaranteed = LoanTo("acme", "g9", 1'000);
  self_guaranteed.guarantor = "acme";
  self_guaranteed.guaranteed_share_bp = 5'000;
  EXPECT_EQ(Disburse(self_guaranteed).status.code(), ErrorCode::InvalidArgument);
}

TEST_F(LoanTest, ALoanIdIsNeverReusedEvenWithItsGuaranteeNamedAgain) {
  ASSERT_TRUE(Offer("g1", 600'000).status.ok());
  Terms terms = LoanTo("acme", "g1", 1'000'000);
  terms.guarantor = "guarantor";
  terms.guaranteed_share_bp = 5'000;
  ASSERT_TRUE(Disburse(terms).status.ok());
  ASSERT_TRUE(Repay("g1", 1'000'000, 0).status.ok());
  ASSERT_EQ(Balance("escrow:guarantee:g1"), 0);
  // The repaid loan's taken offer must not be taken again: the id exists.
  SubmitResult again = Disburse(terms);
  EXPECT_EQ(again.status.code(), ErrorCode::AlreadyExists) << again.status.ToString();
  EXPECT_EQ(Disburse(LoanTo("acme", "g1", 1'000)).status.code(), ErrorCode::AlreadyExists);
  EXPECT_EQ(Loan("g1").status, LoanStatus::Repaid);
  EXPECT_EQ(Balance("cash:guarantor:CNY"), 100'000'000);
}

TEST_F(LoanTest, AnOfferTooSmallForTheGuaranteedShareIsCapExceeded) {
  ASSERT_TRUE(Offer("g1", 599'999).status.ok());
  Terms terms = LoanTo("acme", "g1", 1'000'000);
  terms.guarantor = "guarantor";
  terms.guaranteed_share_bp = 6'000;
  EXPECT_EQ(Disburse(terms).status.code(), ErrorCode::CapExceeded);
  EXPECT_FALSE(Find<LoanRecord>(LoanKey("g1")).has_value());
  EXPECT_EQ(Balance("escrow:guarantee:g1"), 599'999);
  EXPECT_EQ(Balance("cash:acme:CNY"), 0);
}

TEST_F(LoanTest, AFirstLoanIsRefusedOnceTheBorrowerHadADirectLoan) {
  Terms first = LoanTo("acme", "l1", 1'000'000);
  first.first_loan = true;
  ASSERT_TRUE(Disburse(first).status.ok());
  ASSERT_TRUE(Repay("l1", 1'000'000, 0).status.ok());
  Terms again = LoanTo("acme", "l2", 1'000'000);
  again.first_loan = true;
  again.lender = "other-bank";
  SubmitResult refused = Disburse(again);
  EXPECT_EQ(refused.status.code(), ErrorCode::NotEligible) << refused.status.ToString();
  again.first_loan = false;
  ASSERT_TRUE(Disburse(again).status.ok());
  EXPECT_EQ(Find<BorrowerRecord>(BorrowerKey("acme"))->direct_loans, 2u);
  Terms tiny_first = LoanTo("tiny", "l3", 1'000'000);
  tiny_first.first_loan = true;
  EXPECT_TRUE(Disburse(tiny_first).status.ok());
}

TEST_F(LoanTest, InterestFreeLoansToAMicroEnterpriseStayWithinTheSupportLoanCap) {
  ASSERT_TRUE(Disburse(LoanTo("tiny", "s1", 10'000'000, 0)).status.ok());
  EXPECT_TRUE(Loan("s1").support_loan);
  SubmitResult over = Disburse(LoanTo("tiny", "s2", 5'000'001, 0));
  EXPECT_EQ(over.status.code(), ErrorCode::CapExceeded) << over.status.ToString();
  ASSERT_TRUE(Disburse(LoanTo("tiny", "s2", 5'000'000, 0)).status.ok());  // exactly the cap
  EXPECT_EQ(Find<BorrowerRecord>(BorrowerKey("tiny"))->support_outstanding.minor_units(),
            15'000'000);
  EXPECT_EQ(Disburse(LoanTo("tiny", "s3", 1, 0)).status.code(), ErrorCode::CapExceeded);
  // Interest-bearing loans, and loans to enterprises that are not micro, are not capped.
  ASSERT_TRUE(Disburse(LoanTo("tiny", "s4", 20'000'000, 100)).status.ok());
  EXPECT_FALSE(Loan("s4").support_loan);
  ASSERT_TRUE(Disburse(LoanTo("acme", "s5", 20'000'000, 0)).status.ok());
  EXPECT_FALSE(Loan("s5").support_loan);
  // Repaying frees room under the cap.
  ASSERT_TRUE(Repay("s1", 2'000'000, 0, "tiny").status.ok());
  EXPECT_EQ(Find<BorrowerRecord>(BorrowerKey("tiny"))->support_outstanding.minor_units(),
            13'000'000);
  EXPECT_EQ(Disburse(LoanTo("tiny", "s6", 2'000'001, 0)).status.code(), ErrorCode::CapExceeded);
  EXPECT_TRUE(Disburse(LoanTo("tiny", "s6", 2'000'000, 0)).status.ok());
}

TEST_F(LoanTest, TheAuthorityCanChangeTheSupportLoanCap) {
  auto policy = As("authority");
  policy.SetPolicy(schema::PolicyParameter::SupportLoanCap, 1'000'000);
  ASSERT_TRUE(Submit(policy.Sign(authority_)).status.ok());
  EXPECT_EQ(Disburse(LoanTo("tiny", "s1", 1'000'001, 0)).status.code(), ErrorCode::CapExceeded);
  EXPECT_TRUE(Disburse(LoanTo("tiny", "s1", 1'000'000, 0)).status.ok());
}

TEST_F(LoanTest, ALinkedStakeMustBeAnActiveStakeInTheBorrower) {
  auto invest = As("angel");
  invest.RecordInvestment("angel-acme", "angel", "acme", schema::InvestmentKind::Angel, 500'000, 5)
      .RecordInvestment("angel-tiny", "angel", "tiny", schema::InvestmentKind::Angel, 500'000, 5)
      .RecordInvestment("angel-acme-2", "angel", "acme", schema::InvestmentKind::Angel, 1, 1)
      .WriteOffStake("angel-acme-2");
  ASSERT_TRUE(SubmitAs("angel", invest).status.ok());
  Terms terms = LoanTo("acme", "l1", 1'000'000);
  terms.linked_stake = "no-such-stake";
  EXPECT_EQ(Disburse(terms).status.code(), ErrorCode::NotFound);
  terms.linked_stake = "angel-tiny";
  EXPECT_EQ(Disburse(terms).status.code(), ErrorCode::NotEligible);
  terms.linked_stake = "angel-acme-2";
  EXPECT_EQ(Disburse(terms).status.code(), ErrorCode::NotEligible);
  terms.linked_stake = "angel-acme";
  ASSERT_TRUE(Disburse(terms).status.ok());
  EXPECT_EQ(Loan("l1").linked_stake, "angel-acme");
}

TEST_F(LoanTest, DisbursalsAreRefusedWithTheirCodes) {
  Register("investor", Kind::Investor);
  Terms terms = LoanTo("acme", "l1", 1'000'000);
  EXPECT_EQ(Disburse(terms, "other-bank").status.code(), ErrorCode::NotPermitted);
  Terms by_angel = terms;
  by_angel.lender = "angel";
  EXPECT_EQ(Disburse(by_angel).status.code(), ErrorCode::WrongPartyKind);
  Terms to_investor = LoanTo("investor", "l1", 1'000'000);
  EXPECT_EQ(Disburse(to_investor).status.code(), ErrorCode::WrongPartyKind);
  EXPECT_EQ(Disburse(LoanTo("nobody", "l1", 1'000'000)).status.code(), ErrorCode::NotFound);
  Terms due_now = terms;
  due_now.maturity_us = now_us_ + 1'000'000;  // the disbursal's own entry time
  EXPECT_EQ(Disburse(due_now).status.code(), ErrorCode::InvalidArgument);
  EXPECT_EQ(Disburse(LoanTo("acme", "l1", 100'000'001)).status.code(),
            ErrorCode::InsufficientFunds);
  EXPECT_EQ(Disburse(LoanTo("acme", "l1", 0)).status.code(), ErrorCode::InvalidArgument);
  Terms rate_too_high = terms;
  rate_too_high.annual_rate_bp = 10'001;
  EXPECT_EQ(Disburse(rate_too_high).status.code(), ErrorCode::InvalidArgument);
  EXPECT_FALSE(Find<LoanRecord>(LoanKey("l1")).has_value());
  EXPECT_EQ(Balance("cash:bank:CNY"), 100'000'000);

  // Any lender kind among banks, funds and the authority may lend.
  Register("seed", Kind::SeedFund);
  Register("venture", Kind::VentureFund);
  Register("gov", Kind::Authority);
  for (const char* lender : {"seed", "venture", "gov", "guarantor"}) {
    auto deposit = As(lender);
    deposit.Deposit(lender, "CNY", 1'000);
    ASSERT_TRUE(SubmitAs(lender, deposit).status.ok());
    Terms by_lender = LoanTo("acme", std::string("from-") + lender, 1'000);
    by_lender.lender = lender;
    EXPECT_TRUE(Disburse(by_lender).status.ok()) << lender;
  }
  ASSERT_TRUE(Disburse(terms).status.ok());
  EXPECT_EQ(Disburse(terms).status.code(), ErrorCode::AlreadyExists);
}

TEST_F(LoanTest, RepaymentsAreRefusedWithTheirCodes) {
  ASSERT_TRUE(Disburse(LoanTo("acme", "paid", 1'000'000)).status.ok());
  ASSERT_TRUE(Disburse(LoanTo("acme", "free", 1'000'000, 0)).status.ok());
  SubmitResult too_much = Repay("paid", 1'000'001, 0);
  EXPECT_EQ(too_much.status.code(), ErrorCode::ExceedsOutstanding);
  EXPECT_EQ(static_cast<int>(too_much.status.code()), 320);
  EXPECT_EQ(Repay("free", 1'000, 1).status.code(), ErrorCode::InvalidArgument);
  EXPECT_EQ(Repay("paid", 1'000, 0, "bank").status.code(), ErrorCode::NotPermitted);
  EXPECT_EQ(Repay("no-such-loan", 1'000, 0).status.code(), ErrorCode::NotFound);
  EXPECT_EQ(Repay("paid", 0, 0).status.code(), ErrorCode::InvalidArgument);
  EXPECT_EQ(Repay("paid", -1, 0).status.code(), ErrorCode::InvalidArgument);
  // The borrower has 2,000,000: interest on top of the whole of both principals is too much.
  ASSERT_TRUE(Repay("free", 1'000'000, 0).status.ok());
  EXPECT_EQ(Repay("paid", 1'000'000, 1).status.code(), ErrorCode::InsufficientFunds);
  EXPECT_EQ(Loan("paid").outstanding.minor_units(), 1'000'000);
  EXPECT_EQ(Loan("free").status, LoanStatus::Repaid);
  EXPECT_EQ(Balance("cash:acme:CNY"), 1'000'000);
}

TEST_F(LoanTest, OnlyTheLenderWritesALoanOffAndTheWholeOutstandingIsWrittenOff) {
  ASSERT_TRUE(Disburse(LoanTo("acme", "l1", 1'000'000)).status.ok());
  ASSERT_TRUE(Repay("l1", 300'000, 5'000).status.ok());
  EXPECT_EQ(WriteOff("l1", "acme").status.code(), ErrorCode::NotPermitted);
  EXPECT_EQ(WriteOff("l1", "other-bank").status.code(), ErrorCode::NotPermitted);
  EXPECT_EQ(WriteOff("no-such-loan").status.code(), ErrorCode::NotFound);
  SubmitResult written_off = WriteOff("l1");
  ASSERT_TRUE(written_off.status.ok()) << written_off.status.ToString();
  EXPECT_TRUE(written_off.movements.empty());
  LoanRecord loan = Loan("l1");
  EXPECT_EQ(loan.status, LoanStatus::WrittenOff);
  EXPECT_EQ(loan.written_off.minor_units(), 700'000);
  EXPECT_EQ(loan.guarantee_paid.minor_units(), 0);
  EXPECT_EQ(loan.interest_paid.minor_units(), 5'000);
  EXPECT_EQ(Balance("cash:bank:CNY"), 100'000'000 - 700'000 + 5'000);
}

}  // namespace
}  // namespace crowdledger
