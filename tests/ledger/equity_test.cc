// Equity stakes: direct investments, exits with realised gain or loss, and write-offs.
#include "ledger/campaigns/campaign_record.h"
#include "tests/ledger/ledger_fixture.h"

namespace crowdledger {
namespace {

using Kind = schema::PartyKind;

class EquityTest : public test::LedgerFixture {
 protected:
  void SetUp() override {
    LedgerFixture::SetUp();
    Register("angel", Kind::Angel);
    Register("buyer", Kind::VentureFund);
    Register("acme", Kind::Enterprise);
    for (const char* party : {"angel", "buyer"}) {
      auto deposit = As(party);
      deposit.Deposit(party, "CNY", 10'000'000);
      ASSERT_TRUE(SubmitAs(party, deposit).status.ok());
    }
    auto invest = As("angel");
    invest.RecordInvestment("angel-acme", "angel", "acme", schema::InvestmentKind::Angel, 2'000'000,
                            500);
    ASSERT_TRUE(SubmitAs("angel", invest).status.ok());
  }
  StakeRecord Stake(const std::string& id) {
    return *StakeRecord::Decode(**ledger_->state().Get(StakeKey(id)));
  }
};

TEST_F(EquityTest, AnInvestmentPaysTheEnterpriseAndRecordsTheStakeAtCost) {
  EXPECT_EQ(Balance("cash:acme:CNY"), 2'000'000);
  EXPECT_EQ(Balance("cash:angel:CNY"), 8'000'000);
  StakeRecord stake = Stake("angel-acme");
  EXPECT_EQ(stake.shares, 500);
  EXPECT_EQ(stake.cost_basis.minor_units(), 2'000'000);
  EXPECT_EQ(stake.kind, schema::InvestmentKind::Angel);
  EXPECT_EQ(stake.status, StakeStatus::Active);
}

TEST_F(EquityTest, AnExitRecordsTheRealisedGainOrLoss) {
  auto exit = As("angel");
  exit.ExitStake("angel-acme", "buyer", 1'500'000);
  ASSERT_TRUE(SubmitAs("angel", exit).status.ok());
  StakeRecord stake = Stake("angel-acme");
  EXPECT_EQ(stake.status, StakeStatus::Exited);
  EXPECT_EQ(stake.realised.minor_units(), -500'000);
  EXPECT_EQ(Balance("cash:angel:CNY"), 9'500'000);
  EXPECT_EQ(Balance("cash:buyer:CNY"), 8'500'000);
  auto again = As("angel");
  again.WriteOffStake("angel-acme");
  EXPECT_EQ(SubmitAs("angel", again).status.code(), ErrorCode::AlreadySettled);
}

TEST_F(EquityTest, AWriteOffRealisesTheWholeCostBasisAsALoss) {
  auto by_other = As("buyer");
  by_other.WriteOffStake("angel-acme");
  EXPECT_EQ(SubmitAs("buyer", by_other).status.code(), ErrorCode::NotPermitted);
  auto write_off = As("angel");
  write_off.WriteOffStake("angel-acme");
  ASSERT_TRUE(SubmitAs("angel", write_off).status.ok());
  EXPECT_EQ(Stake("angel-acme").status, StakeStatus::WrittenOff);
  EXPECT_EQ(Stake("angel-acme").realised.minor_units(), -2'000'000);
}

TEST_F(EquityTest, InvestmentsAreRefusedWithTheirCodes) {
  auto twice = As("angel");
  twice.RecordInvestment("angel-acme", "angel", "acme", schema::InvestmentKind::Angel, 1, 1);
  EXPECT_EQ(SubmitAs("angel", twice).status.code(), ErrorCode::AlreadyExists);
  auto not_enterprise = As("angel");
  not_enterprise.RecordInvestment("s2", "angel", "buyer", schema::InvestmentKind::Angel, 1, 1);
  EXPECT_EQ(SubmitAs("angel", not_enterprise).status.code(), ErrorCode::WrongPartyKind);
  auto for_other = As("angel");
  for_other.RecordInvestment("s3", "buyer", "acme", schema::InvestmentKind::Venture, 1, 1);
  EXPECT_EQ(SubmitAs("angel", for_other).status.code(), ErrorCode::NotPermitted);
  auto too_much = As("angel");
  too_much.RecordInvestment("s4", "angel", "acme", schema::InvestmentKind::Angel, 8'000'001, 1);
  EXPECT_EQ(SubmitAs("angel", too_much).status.code(), ErrorCode::InsufficientFunds);
  auto no_shares = As("angel");
  no_shares.RecordInvestment("s5", "angel", "acme", schema::InvestmentKind::Angel, 1, 0);
  EXPECT_EQ(SubmitAs("angel", no_shares).status.code(), ErrorCode::InvalidArgument);
}

}  // namespace
}  // namespace crowdledger
