// KeyText: keys built in place, inline or (past two handles) on the heap, read as the
// concatenation of their parts; and the domain's key builders that return one.
#include "ledger/state/key_text.h"

#include <gtest/gtest.h>

#include "ledger/campaigns/campaign_record.h"
#include "ledger/state/records.h"

namespace crowdledger {
namespace {

TEST(KeyText, HoldsTheConcatenationOfItsPartsInlineOrOnTheHeap) {
  for (size_t size : {0u, 1u, 63u, 64u, 65u, 143u, 144u, 145u, 1000u}) {
    std::string tail(size, 'x');
    KeyText key{"cp/", "campaign", "/", tail};
    std::string expected = "cp/campaign/" + tail;
    EXPECT_EQ(key.view(), expected) << size;
    EXPECT_EQ(key.size(), expected.size()) << size;
    EXPECT_EQ(key.str(), expected) << size;
    EXPECT_TRUE(key == std::string_view(expected)) << size;
  }
  KeyText empty{};
  EXPECT_TRUE(empty.view().empty());
}

TEST(KeyText, DomainKeysKeepTheirLayout) {
  std::string longest(kMaxHandleLength, 'z');
  EXPECT_EQ(PartyKey("ann").view(), "p/ann");
  EXPECT_EQ(AccountKey(CashAccount("ann", "CNY")).view(), "a/cash:ann:CNY");
  EXPECT_EQ(CashAccountKey("ann", "CNY").view(), AccountKey(CashAccount("ann", "CNY")).view());
  EXPECT_EQ(CampaignKey("solar").view(), "c/solar");
  EXPECT_EQ(PledgeKey("solar", "ann").view(), "cp/solar/ann");
  EXPECT_EQ(PledgeKey(longest, longest).str(), "cp/" + longest + "/" + longest);
}

}  // namespace
}  // namespace crowdledger
