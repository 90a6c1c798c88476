// UnwrittenPartyIndex: the entries-by-party records a ledger holds in memory until a state
// checkpoint writes them.
#include "ledger/unwritten_party_index.h"

#include <gtest/gtest.h>

#include "ledger/log_keys.h"

namespace crowdledger {
namespace {

using Sequences = std::vector<uint64_t>;

Sequences EntriesOf(const UnwrittenPartyIndex& index, std::string_view party, uint64_t from = 0,
                    size_t limit = 100) {
  Sequences out;
  index.EntriesOf(party, from, limit, out);
  return out;
}

TEST(UnwrittenPartyIndex, ListsEachPartysEntriesFromASequenceOnUpToALimit) {
  UnwrittenPartyIndex index;
  for (uint64_t sequence : {3u, 5u, 8u, 13u}) index.Add("ann", sequence);
  index.Add("anna", 5);
  index.Add("ann", 13);  // the same record again is kept once
  EXPECT_EQ(index.records(), 5u);
  EXPECT_EQ(EntriesOf(index, "ann"), (Sequences{3, 5, 8, 13}));
  EXPECT_EQ(EntriesOf(index, "ann", 5, 2), (Sequences{5, 8}));
  EXPECT_EQ(EntriesOf(index, "ann", 6), (Sequences{8, 13}));
  EXPECT_EQ(EntriesOf(index, "ann", 14), Sequences{});
  EXPECT_EQ(EntriesOf(index, "ann", 0, 0), Sequences{});
  EXPECT_EQ(EntriesOf(index, "anna"), (Sequences{5}));
  EXPECT_EQ(EntriesOf(index, "an"), Sequences{});
  EXPECT_TRUE(index.Contains("ann", 8));
  EXPECT_FALSE(index.Contains("ann", 7));
  EXPECT_FALSE(index.Contains("ben", 8));
}

TEST(UnwrittenPartyIndex, AppendKeepsEachPartysSequencesAscendingAndEmptiesTheLaterIndex) {
  UnwrittenPartyIndex earlier;
  earlier.Add("ann", 1);
  earlier.Add("ben", 2);
  UnwrittenPartyIndex later;
  later.Add("ann", 4);
  later.Add("cat", 5);
  earlier.Append(std::move(later));
  EXPECT_EQ(later.records(), 0u);
  EXPECT_EQ(earlier.records(), 4u);
  EXPECT_EQ(EntriesOf(earlier, "ann"), (Sequences{1, 4}));
  EXPECT_EQ(EntriesOf(earlier, "cat"), (Sequences{5}));
  earlier.Clear();
  EXPECT_EQ(earlier.records(), 0u);
  EXPECT_EQ(EntriesOf(earlier, "ann"), Sequences{});
}

TEST(UnwrittenPartyIndex, SortedKeysAreTheIndexKeysInRocksDbOrder) {
  UnwrittenPartyIndex index;
  index.Add("ben", 256);
  index.Add("ann", 7);
  index.Add("ann", 300);
  auto keys = index.SortedKeys();
  ASSERT_EQ(keys.size(), 3u);
  EXPECT_EQ(keys[0], "p/ann/" + log_keys::EncodeUint64(7));
  EXPECT_EQ(keys[1], "p/ann/" + log_keys::EncodeUint64(300));
  EXPECT_EQ(keys[2], "p/ben/" + log_keys::EncodeUint64(256));
  EXPECT_EQ(PartyEntryIndexKey("ann", 7).substr(0, 6), PartyEntryIndexPrefix("ann"));
}

}  // namespace
}  // namespace crowdledger
