// Equity stakes: direct investments, exits with realised gain or loss, write-offs, and
// transfers of some or all of a stake's shares to a buyer.
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

// Transfers. The angel's stake "angel-acme" is 500 shares at a cost basis of 2,000,000 fen.

class StakeTransferTest : public EquityTest {
 protected:
  SubmitResult Transfer(const std::string& seller, const std::string& stake,
                        const std::string& new_stake, const std::string& buyer, int64_t shares,
                        int64_t price) {
    auto builder = As(seller);
    builder.TransferStake(stake, new_stake, buyer, shares, price);
    return SubmitAs(seller, builder);
  }
};

TEST_F(StakeTransferTest, APartialTransferRealisesTheGainOnThePartSoldAtItsProRataCost) {
  // 150 of 500 shares carry 150/500 of the 2,000,000 cost basis: 600,000; sold for 900,000.
  SubmitResult sold = Transfer("angel", "angel-acme", "buyer-acme", "buyer", 150, 900'000);
  ASSERT_TRUE(sold.status.ok()) << sold.status.ToString();
  StakeRecord kept = Stake("angel-acme");
  EXPECT_EQ(kept.status, StakeStatus::Active);
  EXPECT_EQ(kept.shares, 350);
  EXPECT_EQ(kept.cost_basis.minor_units(), 1'400'000);
  EXPECT_EQ(kept.realised.minor_units(), 300'000);
  StakeRecord bought = Stake("buyer-acme");
  EXPECT_EQ(bought.investor, "buyer");
  EXPECT_EQ(bought.enterprise, "acme");
  EXPECT_EQ(bought.kind, schema::InvestmentKind::Other);
  EXPECT_EQ(bought.status, StakeStatus::Active);
  EXPECT_EQ(bought.shares, 150);
  EXPECT_EQ(bought.cost_basis.minor_units(), 900'000);
  EXPECT_EQ(bought.realised.minor_units(), 0);
  EXPECT_EQ(Balance("cash:angel:CNY"), 8'900'000);
  EXPECT_EQ(Balance("cash:buyer:CNY"), 9'100'000);
  EXPECT_EQ(Balance("cash:acme:CNY"), 2'000'000);  // a secondary sale pays the seller only
  ASSERT_EQ(sold.movements.size(), 1u);
  EXPECT_EQ(sold.movements[0].from, "cash:buyer:CNY");
  EXPECT_EQ(sold.movements[0].to, "cash:angel:CNY");
  EXPECT_EQ(sold.movements[0].amount.minor_units(), 900'000);
}

TEST_F(StakeTransferTest, AWholeTransferClosesTheStakeAsExitedWithTheWholeGainOrLoss) {
  SubmitResult sold = Transfer("angel", "angel-acme", "buyer-acme", "buyer", 500, 1'700'000);
  ASSERT_TRUE(sold.status.ok()) << sold.status.ToString();
  StakeRecord closed = Stake("angel-acme");
  EXPECT_EQ(closed.status, StakeStatus::Exited);
  EXPECT_EQ(closed.shares, 0);
  EXPECT_EQ(closed.cost_basis.minor_units(), 0);
  EXPECT_EQ(closed.realised.minor_units(), -300'000);
  EXPECT_EQ(Stake("buyer-acme").shares, 500);
  EXPECT_EQ(Stake("buyer-acme").cost_basis.minor_units(), 1'700'000);
  EXPECT_EQ(Balance("cash:angel:CNY"), 9'700'000);
  EXPECT_EQ(Balance("cash:buyer:CNY"), 8'300'000);
  // The buyer's new stake is its own to sell on; the closed one is settled.
  EXPECT_EQ(Transfer("angel", "angel-acme", "again", "buyer", 1, 0).status.code(),
            ErrorCode::AlreadySettled);
  EXPECT_TRUE(Transfer("buyer", "buyer-acme", "angel-back", "angel", 500, 1).status.ok());
  EXPECT_EQ(Stake("buyer-acme").realised.minor_units(), 1 - 1'700'000);
}

TEST_F(StakeTransferTest, CostBasisLeavesProRataRoundedDownAndTheLastSaleTakesTheRest) {
  auto invest = As("angel");
  invest.RecordInvestment("thirds", "angel", "acme", schema::InvestmentKind::Angel, 1'000'000, 3);
  ASSERT_TRUE(SubmitAs("angel", invest).status.ok());
  // One share of three: floor(1,000,000 / 3) = 333,333 of cost basis leaves, at a price of
  // 300,000 a loss of 33,333.
  ASSERT_TRUE(Transfer("angel", "thirds", "third-1", "buyer", 1, 300'000).status.ok());
  EXPECT_EQ(Stake("thirds").cost_basis.minor_units(), 666'667);
  EXPECT_EQ(Stake("thirds").realised.minor_units(), -33'333);
  // The last two shares carry all of the remaining 666,667: no fen of cost basis is lost.
  ASSERT_TRUE(Transfer("angel", "thirds", "third-2", "buyer", 2, 700'000).status.ok());
  StakeRecord closed = Stake("thirds");
  EXPECT_EQ(closed.status, StakeStatus::Exited);
  EXPECT_EQ(closed.cost_basis.minor_units(), 0);
  EXPECT_EQ(closed.realised.minor_units(), -33'333 + 33'333);
  EXPECT_EQ(Stake("third-1").cost_basis.minor_units() + Stake("third-2").cost_basis.minor_units(),
            1'000'000);
}

TEST_F(StakeTransferTest, AnExitOrWriteOffAfterAPartialTransferAddsToTheRealisedGain) {
  ASSERT_TRUE(Transfer("angel", "angel-acme", "buyer-acme", "buyer", 100, 500'000).status.ok());
  // Sold 100 shares costing 400,000 for 500,000: +100,000. 400 shares costing 1,600,000 remain.
  auto exit = As("angel");
  exit.ExitStake("angel-acme", "buyer", 1'000'000);
  ASSERT_TRUE(SubmitAs("angel", exit).status.ok());
  EXPECT_EQ(Stake("angel-acme").realised.minor_units(), 100'000 - 600'000);
  EXPECT_EQ(Balance("cash:angel:CNY"), 8'000'000 + 500'000 + 1'000'000);

  ASSERT_TRUE(Transfer("buyer", "buyer-acme", "angel-acme-2", "angel", 40, 250'000).status.ok());
  // 40 of 100 shares carry 200,000 of 500,000; the other 300,000 are written off.
  auto write_off = As("buyer");
  write_off.WriteOffStake("buyer-acme");
  ASSERT_TRUE(SubmitAs("buyer", write_off).status.ok());
  EXPECT_EQ(Stake("buyer-acme").status, StakeStatus::WrittenOff);
  EXPECT_EQ(Stake("buyer-acme").realised.minor_units(), 50'000 - 300'000);
}

TEST_F(StakeTransferTest, TransfersAreRefusedWithTheirCodesAndChangeNothing) {
  Register("stranger", Kind::Investor);
  EXPECT_EQ(Transfer("angel", "no-such-stake", "n1", "buyer", 1, 1).status.code(),
            ErrorCode::NotFound);
  EXPECT_EQ(Transfer("buyer", "angel-acme", "n2", "buyer", 1, 1).status.code(),
            ErrorCode::NotPermitted);
  EXPECT_EQ(Transfer("angel", "angel-acme", "n3", "nobody", 1, 1).status.code(),
            ErrorCode::NotFound);
  EXPECT_EQ(Transfer("angel", "angel-acme", "n4", "buyer", 501, 1).status.code(),
            ErrorCode::InvalidArgument);
  EXPECT_EQ(Transfer("angel", "angel-acme", "n5", "angel", 1, 1).status.code(),
            ErrorCode::InvalidArgument);
  EXPECT_EQ(Transfer("angel", "angel-acme", "angel-acme", "buyer", 1, 1).status.code(),
            ErrorCode::AlreadyExists);
  EXPECT_EQ(Transfer("angel", "angel-acme", "n6", "stranger", 1, 1).status.code(),
            ErrorCode::InsufficientFunds);
  EXPECT_EQ(Transfer("angel", "angel-acme", "n7", "buyer", 0, 1).status.code(),
            ErrorCode::InvalidArgument);
  EXPECT_EQ(Transfer("angel", "angel-acme", "n8", "buyer", 1, -1).status.code(),
            ErrorCode::InvalidArgument);
  EXPECT_EQ(Transfer("angel", "angel-acme", "Bad/Id", "buyer", 1, 1).status.code(),
            ErrorCode::InvalidArgument);
  StakeRecord unchanged = Stake("angel-acme");
  EXPECT_EQ(unchanged.shares, 500);
  EXPECT_EQ(unchanged.cost_basis.minor_units(), 2'000'000);
  EXPECT_EQ(unchanged.realised.minor_units(), 0);
  EXPECT_EQ(Balance("cash:angel:CNY"), 8'000'000);
  EXPECT_EQ(Balance("cash:buyer:CNY"), 10'000'000);
  for (const char* id : {"n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8"}) {
    EXPECT_FALSE(Find<StakeRecord>(StakeKey(id)).has_value()) << id;
  }

  auto write_off = As("angel");
  write_off.WriteOffStake("angel-acme");
  ASSERT_TRUE(SubmitAs("angel", write_off).status.ok());
  EXPECT_EQ(Transfer("angel", "angel-acme", "n9", "buyer", 1, 1).status.code(),
            ErrorCode::AlreadySettled);
}

}  // namespace
}  // namespace crowdledger
