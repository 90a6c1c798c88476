// RecordCache and ApplyContext's shared records: a shared record stays decoded until the
// transaction ends, reaches the store exactly when it should, and a direct read or write of
// its key never sees or leaves a stale value.
#include "ledger/apply/record_cache.h"

#include <gtest/gtest.h>

#include "ledger/apply/apply_context.h"
#include "tests/support/memory_state_backend.h"

namespace crowdledger {
namespace {

using test::MemoryStateBackend;

AccountRecord Escrow(int64_t balance) {
  return AccountRecord{AccountKind::Escrow, "EUR", Amount::FromMinorUnits(balance)};
}

std::optional<std::string> Stored(StateStore& store, std::string_view key) {
  auto value = store.Get(key);
  EXPECT_TRUE(value.ok()) << value.status().ToString();
  return value.ok() ? *value : std::nullopt;
}

class RecordCacheTest : public ::testing::Test {
 protected:
  MemoryStateBackend backend;
  StateStore store{backend};
  RecordCache cache{store};
};

TEST_F(RecordCacheTest, AChangedRecordReachesTheStoreOnlyWhenFlushed) {
  store.Put("a/escrow:c1", Escrow(10).Encode());
  cache.Insert("a/escrow:c1", Escrow(10));
  ASSERT_TRUE(cache.Update("a/escrow:c1", Escrow(25)));
  EXPECT_EQ(Stored(store, "a/escrow:c1"), Escrow(10).Encode());
  ASSERT_NE(cache.Find<AccountRecord>("a/escrow:c1"), nullptr);
  EXPECT_EQ(cache.Find<AccountRecord>("a/escrow:c1")->balance.minor_units(), 25);
  cache.FlushAll();
  EXPECT_EQ(Stored(store, "a/escrow:c1"), Escrow(25).Encode());
  EXPECT_TRUE(cache.empty());
}

TEST_F(RecordCacheTest, AnUnchangedRecordIsNotWrittenBack) {
  cache.Insert("a/escrow:c1", Escrow(10));
  cache.FlushAll();
  // Nothing was staged: the key is still absent from the store.
  EXPECT_EQ(Stored(store, "a/escrow:c1"), std::nullopt);
}

TEST_F(RecordCacheTest, UpdateOfAnUncachedKeyChangesNothing) {
  EXPECT_FALSE(cache.Update("a/escrow:c1", Escrow(5)));
  EXPECT_TRUE(cache.empty());
  cache.FlushAll();
  EXPECT_EQ(Stored(store, "a/escrow:c1"), std::nullopt);
}

TEST_F(RecordCacheTest, ForgetWritesTheChangedRecordAndDropsIt) {
  cache.Insert("a/escrow:c1", Escrow(1));
  ASSERT_TRUE(cache.Update("a/escrow:c1", Escrow(2)));
  cache.Forget("a/escrow:c1");
  EXPECT_EQ(Stored(store, "a/escrow:c1"), Escrow(2).Encode());
  EXPECT_EQ(cache.Find<AccountRecord>("a/escrow:c1"), nullptr);
}

TEST_F(RecordCacheTest, AReadAsAnotherTypeWritesTheRecordBackAndMisses) {
  cache.Insert("a/escrow:c1", Escrow(1));
  ASSERT_TRUE(cache.Update("a/escrow:c1", Escrow(3)));
  EXPECT_EQ(cache.Find<PartyRecord>("a/escrow:c1"), nullptr);
  EXPECT_EQ(Stored(store, "a/escrow:c1"), Escrow(3).Encode());
  EXPECT_TRUE(cache.empty());
}

TEST(ApplyContextSharedRecords, ADirectReadSeesTheLatestSharedRecord) {
  MemoryStateBackend backend;
  StateStore store(backend);
  store.Put("a/escrow:c1", Escrow(10).Encode());
  ApplyContext context(store, 1, 0, "platform", 0);
  auto first = context.FindShared<AccountRecord>("a/escrow:c1");
  ASSERT_TRUE(first.ok() && first->has_value());
  context.Store("a/escrow:c1", Escrow(40));
  // A typed read sees the stored record; an untyped one sees its bytes.
  auto again = context.Find<AccountRecord>("a/escrow:c1");
  ASSERT_TRUE(again.ok() && again->has_value());
  EXPECT_EQ((*again)->balance.minor_units(), 40);
  auto raw = context.Get("a/escrow:c1");
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(*raw, Escrow(40).Encode());
}

TEST(ApplyContextSharedRecords, ADirectWriteIsNotOverwrittenByAStaleSharedRecord) {
  MemoryStateBackend backend;
  StateStore store(backend);
  store.Put("a/escrow:c1", Escrow(10).Encode());
  ApplyContext context(store, 1, 0, "platform", 0);
  ASSERT_TRUE(context.FindShared<AccountRecord>("a/escrow:c1").ok());
  context.Store("a/escrow:c1", Escrow(20));
  context.Put("a/escrow:c1", Escrow(7).Encode());
  context.FlushRecords();
  EXPECT_EQ(Stored(store, "a/escrow:c1"), Escrow(7).Encode());
}

TEST(ApplyContextSharedRecords, MovesThroughASharedAccountReachTheStoreWhenFlushed) {
  MemoryStateBackend backend;
  StateStore store(backend);
  store.Put(CashAccountKey("alice", "EUR").view(),
            AccountRecord{AccountKind::Cash, "EUR", Amount::FromMinorUnits(100)}.Encode());
  ApplyContext context(store, 1, 0, "alice", 0);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(context
                    .Move(CashAccount("alice", "EUR"), EscrowAccount("c1"), "EUR",
                          Amount::FromMinorUnits(10))
                    .ok());
  }
  auto balance = context.Balance(EscrowAccount("c1"));
  ASSERT_TRUE(balance.ok());
  EXPECT_EQ(balance->minor_units(), 30);
  context.FlushRecords();
  auto stored = Stored(store, AccountKey(EscrowAccount("c1")).view());
  ASSERT_TRUE(stored.has_value());
  auto escrow = AccountRecord::Decode(*stored);
  ASSERT_TRUE(escrow.ok());
  EXPECT_EQ(escrow->balance.minor_units(), 30);
}

}  // namespace
}  // namespace crowdledger
