// StateStore: staging per transaction and per group, the incremental digest, checkpoints,
// reloads, corruption detection and the cache bound.
#include "ledger/state/state_store.h"

#include <gtest/gtest.h>

#include <future>
#include <random>

#include "tests/support/memory_state_backend.h"

namespace crowdledger {
namespace {

using test::MemoryStateBackend;

// The digest recomputed from scratch over every published item.
Hash DigestFromScratch(const std::map<std::string, std::string>& items) {
  StateDigest digest;
  for (const auto& [key, value] : items) digest.Add(StateItemHash(key, value));
  return digest.value();
}

std::optional<std::string> Read(StateStore& store, const std::string& key) {
  auto value = store.Get(key);
  EXPECT_TRUE(value.ok()) << value.status().ToString();
  return value.ok() ? *value : std::nullopt;
}

TEST(StateStore, CommittedTransactionIsVisibleAndAbortedOneIsNot) {
  MemoryStateBackend backend;
  StateStore store(backend);
  store.Put("a/x", "1");
  EXPECT_EQ(Read(store, "a/x"), "1");  // a transaction reads its own writes
  ASSERT_TRUE(store.CommitTransaction().ok());
  store.Put("a/x", "2");
  store.Put("a/y", "3");
  store.AbortTransaction();
  EXPECT_EQ(Read(store, "a/x"), "1");
  EXPECT_EQ(Read(store, "a/y"), std::nullopt);
}

TEST(StateStore, DigestMatchesARecomputationAfterEveryChange) {
  MemoryStateBackend backend;
  StateStore store(backend);
  std::map<std::string, std::string> expected;
  EXPECT_EQ(store.digest(), DigestFromScratch(expected));
  for (int i = 0; i < 50; ++i) {
    std::string key = "k/" + std::to_string(i % 7);
    if (i % 5 == 4) {
      store.Delete(key);
      expected.erase(key);
    } else {
      store.Put(key, std::to_string(i));
      expected[key] = std::to_string(i);
    }
    auto digest = store.CommitTransaction();
    ASSERT_TRUE(digest.ok());
    EXPECT_EQ(*digest, DigestFromScratch(expected)) << "after change " << i;
  }
}

// The digest's sums read hashes as little-endian 256-bit numbers, modulo 2^256: carries and
// borrows cross every byte and limb boundary, and wrap at the top.
TEST(StateDigest, SumsAreLittleEndianModulo2To256) {
  auto with = [](std::initializer_list<std::pair<size_t, uint8_t>> bytes) {
    Hash hash{};
    for (auto [at, byte] : bytes) hash[at] = byte;
    return hash;
  };
  Hash all_ones;
  all_ones.fill(0xff);
  const Hash one = with({{0, 1}});

  StateDigest wraps(all_ones);
  wraps.Add(one);
  EXPECT_EQ(wraps.value(), Hash{});  // 2^256 - 1 + 1: the carry runs off the top
  wraps.Remove(one);
  EXPECT_EQ(wraps.value(), all_ones);  // 0 - 1 borrows through every byte

  StateDigest carries(with({{7, 0xff}, {15, 0xff}}));
  carries.Add(with({{7, 0x01}}));  // into byte 8, the second limb
  EXPECT_EQ(carries.value(), with({{8, 1}, {15, 0xff}}));
  carries.Add(with({{8, 0xff}, {15, 0x00}}));  // 0x01 + 0xff at byte 8, then through 15
  EXPECT_EQ(carries.value(), with({{9, 1}, {15, 0xff}}));
  carries.Remove(with({{9, 2}}));  // borrows from byte 15 down to byte 9
  EXPECT_EQ(
      carries.value(),
      with({{9, 0xff}, {10, 0xff}, {11, 0xff}, {12, 0xff}, {13, 0xff}, {14, 0xff}, {15, 0xfe}}));

  StateDigest mixed(with({{0, 0x34}, {1, 0x12}, {31, 0x80}}));
  mixed.Add(with({{0, 0xcc}, {1, 0xed}, {31, 0x80}}));  // 0x1234 + 0xedcc = 0x10000
  EXPECT_EQ(mixed.value(), with({{2, 1}}));             // and 0x80 + 0x80 at the top wraps
}

// The sums agree with schoolbook byte-by-byte arithmetic on random hashes, with carries and
// borrows of every length (Remove subtracts).
TEST(StateDigest, SumsAgreeWithByteWiseArithmetic) {
  auto byte_wise = [](const Hash& a, const Hash& b, bool subtract) {
    Hash result;
    int carry = 0;
    for (size_t i = 0; i < result.size(); ++i) {
      int total = subtract ? int{a[i]} - int{b[i]} - carry : int{a[i]} + int{b[i]} + carry;
      carry = subtract ? (total < 0 ? 1 : 0) : total >> 8;
      result[i] = static_cast<uint8_t>(total & 0xff);
    }
    return result;
  };
  std::mt19937_64 random(7);
  auto random_hash = [&random] {
    Hash hash;
    // Runs of 0x00 and 0xff make long carries and borrows likely.
    for (uint8_t& byte : hash) {
      uint64_t pick = random() % 4;
      byte = pick == 0 ? 0x00 : pick == 1 ? 0xff : static_cast<uint8_t>(random());
    }
    return hash;
  };
  for (int i = 0; i < 10'000; ++i) {
    Hash a = random_hash(), b = random_hash();
    StateDigest sum(a);
    sum.Add(b);
    ASSERT_EQ(sum.value(), byte_wise(a, b, false)) << i;
    StateDigest difference(a);
    difference.Remove(b);
    ASSERT_EQ(difference.value(), byte_wise(a, b, true)) << i;
  }
}

TEST(StateStore, DigestDependsOnContentNotOnOrder) {
  MemoryStateBackend first_backend;
  MemoryStateBackend second_backend;
  StateStore first(first_backend);
  StateStore second(second_backend);
  first.Put("a", "1");
  first.Put("b", "2");
  ASSERT_TRUE(first.CommitTransaction().ok());
  second.Put("b", "9");
  ASSERT_TRUE(second.CommitTransaction().ok());
  second.Put("a", "1");
  second.Put("b", "2");
  second.Put("c", "3");
  ASSERT_TRUE(second.CommitTransaction().ok());
  second.Delete("c");
  ASSERT_TRUE(second.CommitTransaction().ok());
  EXPECT_EQ(first.digest(), second.digest());
  second.Put("b", "3");
  ASSERT_TRUE(second.CommitTransaction().ok());
  EXPECT_NE(first.digest(), second.digest());
}

TEST(StateStore, DiscardedGroupsRestoreValuesAndDigest) {
  MemoryStateBackend backend;
  StateStore store(backend);
  store.Put("a", "1");
  ASSERT_TRUE(store.CommitTransaction().ok());
  store.PublishGroup(1);
  Hash published = store.digest();
  store.Put("a", "2");
  store.Put("b", "2");
  ASSERT_TRUE(store.CommitTransaction().ok());
  EXPECT_NE(store.digest(), published);
  store.DiscardGroup();
  EXPECT_EQ(store.digest(), published);
  EXPECT_EQ(Read(store, "a"), "1");
  EXPECT_EQ(Read(store, "b"), std::nullopt);

  // A sealed group (its write in flight) is dropped with the group applied on top of it.
  store.Put("a", "2");
  store.Put("b", "2");
  ASSERT_TRUE(store.CommitTransaction().ok());
  store.SealGroup();
  store.Put("b", "3");
  ASSERT_TRUE(store.CommitTransaction().ok());
  store.Put("c", "staged only");
  store.DiscardGroup();
  EXPECT_FALSE(store.has_sealed_group());
  EXPECT_EQ(store.digest(), published);
  EXPECT_EQ(Read(store, "a"), "1");
  EXPECT_EQ(Read(store, "b"), std::nullopt);
  EXPECT_EQ(Read(store, "c"), std::nullopt);
  EXPECT_EQ(store.applied_sequence(), 1u);
  // And the store goes on: a new group seals and publishes normally.
  store.Put("b", "4");
  ASSERT_TRUE(store.CommitTransaction().ok());
  store.SealGroup();
  store.PublishSealed(2);
  EXPECT_EQ(store.digest(), DigestFromScratch({{"a", "1"}, {"b", "4"}}));
}

TEST(StateStore, TheNextGroupReadsThroughTheSealedOneAndPublishesAfterIt) {
  MemoryStateBackend backend;
  StateStore store(backend);
  store.Put("a", "1");
  store.Put("b", "1");
  ASSERT_TRUE(store.CommitTransaction().ok());
  store.PublishGroup(1);
  store.Put("a", "2");
  store.Put("c", "2");
  ASSERT_TRUE(store.CommitTransaction().ok());
  Hash after_sealed = store.digest();
  store.SealGroup();
  EXPECT_TRUE(store.has_sealed_group());
  EXPECT_EQ(store.digest(), after_sealed);
  // The next group sees the sealed values and changes them again.
  EXPECT_EQ(Read(store, "a"), "2");
  store.Put("a", "3");
  store.Delete("c");
  store.Delete("b");
  ASSERT_TRUE(store.CommitTransaction().ok());
  EXPECT_EQ(store.digest(), DigestFromScratch({{"a", "3"}}));

  // A checkpoint now writes the published state only.
  ASSERT_TRUE(store.WriteCheckpoint().ok());
  EXPECT_EQ(backend.items.count("c"), 0u);
  store.PublishSealed(2);
  EXPECT_FALSE(store.has_sealed_group());
  EXPECT_EQ(store.applied_sequence(), 2u);
  EXPECT_EQ(store.dirty_items(), 2u);  // a and c
  ASSERT_TRUE(store.WriteCheckpoint().ok());
  StateStore at_two(backend);
  ASSERT_TRUE(at_two.Load().ok());
  EXPECT_EQ(at_two.digest(), after_sealed);
  EXPECT_EQ(Read(at_two, "a"), "2");
  EXPECT_EQ(Read(at_two, "c"), "2");

  store.PublishGroup(3);
  EXPECT_EQ(store.digest(), DigestFromScratch({{"a", "3"}}));
  EXPECT_EQ(Read(store, "b"), std::nullopt);
  EXPECT_EQ(Read(store, "c"), std::nullopt);
}

// A backend that lists the keys read from it.
class ReadListingBackend : public MemoryStateBackend {
 public:
  Result<std::optional<std::string>> Get(const std::string& key) const override {
    reads.push_back(key);
    return MemoryStateBackend::Get(key);
  }
  mutable std::vector<std::string> reads;
};

TEST(StateStore, ANewListPositionIsNotReadFromTheBackendAndCountsInTheDigest) {
  ReadListingBackend backend;
  {
    StateStore store(backend);
    ASSERT_TRUE(store.PutNew("list/0", "first").ok());
    store.Put("list", "1");
    auto digest = store.CommitTransaction();
    ASSERT_TRUE(digest.ok());
    EXPECT_EQ(*digest, DigestFromScratch({{"list", "1"}, {"list/0", "first"}}));
    EXPECT_EQ(backend.reads, std::vector<std::string>{"list"});  // the count was read, not "list/0"
    EXPECT_EQ(Read(store, "list/0"), "first");
    store.PublishGroup(1);
    ASSERT_TRUE(store.WriteCheckpoint().ok());
  }
  StateStore reopened(backend);
  ASSERT_TRUE(reopened.Load().ok());
  EXPECT_EQ(Read(reopened, "list/0"), "first");
  EXPECT_EQ(reopened.digest(), DigestFromScratch({{"list", "1"}, {"list/0", "first"}}));
}

TEST(StateStore, ANewListPositionOverAKnownValueIsCorruptionAndStagesNothing) {
  MemoryStateBackend backend;
  StateStore store(backend);
  store.Put("list/0", "a");
  ASSERT_TRUE(store.CommitTransaction().ok());
  EXPECT_EQ(store.PutNew("list/0", "b").code(), ErrorCode::Corruption);  // in the pending group
  store.PublishGroup(1);
  EXPECT_EQ(store.PutNew("list/0", "c").code(), ErrorCode::Corruption);  // published
  store.Put("list/1", "staged");
  EXPECT_EQ(store.PutNew("list/1", "d").code(), ErrorCode::Corruption);  // in the transaction
  auto digest = store.CommitTransaction();
  ASSERT_TRUE(digest.ok());
  EXPECT_EQ(*digest, DigestFromScratch({{"list/0", "a"}, {"list/1", "staged"}}));
  EXPECT_EQ(Read(store, "list/0"), "a");
  EXPECT_EQ(Read(store, "list/1"), "staged");
}

TEST(StateStore, SealedItemsAreNotEvicted) {
  MemoryStateBackend backend;
  StateStore store(backend, StateStoreOptions{.max_cached_items = 8});
  store.Put("sealed", "s");
  ASSERT_TRUE(store.CommitTransaction().ok());
  store.SealGroup();
  // Reading many other keys makes the cache evict clean items.
  for (int i = 0; i < 64; ++i) EXPECT_EQ(Read(store, "k" + std::to_string(i)), std::nullopt);
  EXPECT_LE(store.cached_items(), 16u);
  EXPECT_EQ(Read(store, "sealed"), "s");
  store.PublishSealed(1);
  ASSERT_TRUE(store.WriteCheckpoint().ok());
  EXPECT_EQ(backend.items.count("sealed"), 1u);
}

TEST(StateStore, CheckpointWritesOnlyPublishedStateAndReloads) {
  MemoryStateBackend backend;
  {
    StateStore store(backend);
    store.Put("a", "1");
    store.Put("gone", "x");
    ASSERT_TRUE(store.CommitTransaction().ok());
    store.PublishGroup(5);
    store.Delete("gone");
    ASSERT_TRUE(store.CommitTransaction().ok());
    store.PublishGroup(6);
    store.Put("pending", "not yet in the log");
    ASSERT_TRUE(store.CommitTransaction().ok());
    ASSERT_TRUE(store.WriteCheckpoint().ok());
    EXPECT_EQ(backend.items.count("pending"), 0u);  // never ahead of the log
    EXPECT_EQ(backend.items.count("gone"), 0u);
  }
  StateStore reloaded(backend);
  ASSERT_TRUE(reloaded.Load().ok());
  EXPECT_EQ(reloaded.applied_sequence(), 6u);
  EXPECT_EQ(Read(reloaded, "a"), "1");
  EXPECT_EQ(Read(reloaded, "pending"), std::nullopt);
  EXPECT_EQ(reloaded.digest(), DigestFromScratch({{"a", "1"}}));
}

// Keys up to 44 bytes are held in the cache's nodes, longer ones on the heap: both kinds,
// and the empty key, keep their values apart, checkpoint and reload.
TEST(StateStore, ShortAndLongKeysAreKeptApartAndReload) {
  std::map<std::string, std::string> items;
  for (size_t size : {0u, 1u, 15u, 16u, 43u, 44u, 45u, 46u, 200u, 5000u}) {
    items[std::string(size, 'k')] = "value of " + std::to_string(size);
    items[std::string(size, 'k') + "2"] = "value of " + std::to_string(size) + "+1";
  }
  MemoryStateBackend backend;
  {
    StateStore store(backend);
    for (const auto& [key, value] : items) store.Put(key, value);
    ASSERT_TRUE(store.CommitTransaction().ok());
    store.PublishGroup(1);
    for (const auto& [key, value] : items) EXPECT_EQ(Read(store, key), value) << key.size();
    ASSERT_TRUE(store.WriteCheckpoint().ok());
  }
  for (const auto& [key, value] : items) EXPECT_EQ(backend.items.count(key), 1u) << key.size();
  StateStore reloaded(backend);
  ASSERT_TRUE(reloaded.Load().ok());
  for (const auto& [key, value] : items) EXPECT_EQ(Read(reloaded, key), value) << key.size();
  EXPECT_EQ(reloaded.digest(), DigestFromScratch(items));
}

// Each checkpoint copies its items into the buffer the one before used: after a large
// checkpoint, smaller ones (with a deletion, and one in the background) write exactly their
// own items, each as its item hash and value, and nothing left over from before.
TEST(StateStore, CheckpointsReuseTheirBufferAndWriteEachItemAsStored) {
  MemoryStateBackend backend;
  std::map<std::string, std::string> expected;
  auto publish = [&](uint64_t sequence,
                     const std::map<std::string, std::optional<std::string>>& changes,
                     StateStore& store) {
    for (const auto& [key, value] : changes) {
      if (value) {
        store.Put(key, *value);
        expected[key] = *value;
      } else {
        store.Delete(key);
        expected.erase(key);
      }
    }
    ASSERT_TRUE(store.CommitTransaction().ok());
    store.PublishGroup(sequence);
  };
  auto check_backend = [&](const StateStore& store) {
    std::map<std::string, std::string> stored;
    for (const auto& [key, bytes] : backend.items) {
      if (key.starts_with("#")) continue;
      ASSERT_GE(bytes.size(), sizeof(Hash)) << key;
      std::string value = bytes.substr(sizeof(Hash));
      EXPECT_EQ(bytes.substr(0, sizeof(Hash)), AsText(StateItemHash(key, value))) << key;
      stored[key] = value;
    }
    EXPECT_EQ(stored, expected);
    EXPECT_EQ(backend.items.at(kStateDigestKey), AsText(store.digest()));
  };
  StateStore store(backend);
  std::map<std::string, std::optional<std::string>> large;
  for (int i = 0; i < 300; ++i)
    large["item/" + std::to_string(i)] = std::string(200 + static_cast<size_t>(i), 'v');
  publish(1, large, store);
  ASSERT_TRUE(store.WriteCheckpoint().ok());
  check_backend(store);
  publish(2, {{"item/7", "short"}, {"item/8", std::nullopt}, {"new", ""}}, store);
  ASSERT_TRUE(store.WriteCheckpoint().ok());
  check_backend(store);
  publish(3, {{"item/9", std::nullopt}, {"item/7", std::string(1000, 'w')}}, store);
  store.StartCheckpoint();
  ASSERT_TRUE(store.WaitForCheckpoint().ok());
  check_backend(store);
  StateStore reloaded(backend);
  ASSERT_TRUE(reloaded.Load().ok());
  EXPECT_EQ(reloaded.applied_sequence(), 3u);
  for (const auto& [key, value] : expected) EXPECT_EQ(Read(reloaded, key), value) << key;
  EXPECT_EQ(Read(reloaded, "item/8"), std::nullopt);
}

// Prefetching is a hint: on keys cached or not, short or long, staged, pending or published,
// it creates no entry and changes no value nor the digest.
TEST(StateStore, PrefetchingChangesNothing) {
  MemoryStateBackend backend;
  StateStore store(backend);
  const std::string long_key(100, 'l');
  store.Put("published", "1");
  store.Put(long_key, "2");
  ASSERT_TRUE(store.CommitTransaction().ok());
  store.PublishGroup(1);
  store.Put("pending", "3");
  ASSERT_TRUE(store.CommitTransaction().ok());
  store.Put("staged", "4");
  const size_t cached = store.cached_items();
  const Hash digest = store.digest();
  for (const std::string& key :
       {std::string("published"), long_key, std::string("pending"), std::string("staged"),
        std::string("absent"), std::string(), std::string(200, 'a')}) {
    store.Prefetch(key, StateStore::PrefetchStep::kSlots);
    store.Prefetch(key, StateStore::PrefetchStep::kEntry);
  }
  EXPECT_EQ(store.cached_items(), cached);
  EXPECT_EQ(store.digest(), digest);
  EXPECT_EQ(Read(store, "published"), "1");
  EXPECT_EQ(Read(store, long_key), "2");
  EXPECT_EQ(Read(store, "pending"), "3");
  EXPECT_EQ(Read(store, "staged"), "4");
  EXPECT_EQ(Read(store, "absent"), std::nullopt);
}

TEST(StateStore, ADamagedStoredItemIsCorruption) {
  MemoryStateBackend backend;
  {
    StateStore store(backend);
    store.Put("a", "1000");
    ASSERT_TRUE(store.CommitTransaction().ok());
    store.PublishGroup(1);
    ASSERT_TRUE(store.WriteCheckpoint().ok());
  }
  backend.items["a"].back() = '9';
  StateStore reloaded(backend);
  ASSERT_TRUE(reloaded.Load().ok());
  EXPECT_EQ(reloaded.Get("a").status().code(), ErrorCode::Corruption);
  backend.items["b"] = "short";
  EXPECT_EQ(reloaded.Get("b").status().code(), ErrorCode::Corruption);
  backend.items[kStateDigestKey] = "bad";
  StateStore damaged_header(backend);
  EXPECT_EQ(damaged_header.Load().code(), ErrorCode::Corruption);
}

TEST(StateStore, CacheStaysWithinItsBoundOnceCheckpointed) {
  MemoryStateBackend backend;
  StateStore store(backend, StateStoreOptions{100});
  for (int i = 0; i < 1000; ++i) {
    store.Put("k/" + std::to_string(i), std::to_string(i));
    ASSERT_TRUE(store.CommitTransaction().ok());
    store.PublishGroup(static_cast<uint64_t>(i + 1));
    if (store.dirty_items() >= 50) {
      ASSERT_TRUE(store.WriteCheckpoint().ok());
      EXPECT_LE(store.cached_items(), 100u);
    }
  }
  ASSERT_TRUE(store.WriteCheckpoint().ok());
  EXPECT_LE(store.cached_items(), 100u);
  for (int i = 0; i < 1000; i += 37)
    EXPECT_EQ(Read(store, "k/" + std::to_string(i)), std::to_string(i));
  EXPECT_EQ(backend.items.size(), 1002u);  // 1000 items and the two header keys
}

// A backend whose writes wait until the test opens the gate, and fail when told to: a
// background checkpoint can be held in flight and made to fail.
class GatedBackend : public MemoryStateBackend {
 public:
  Status Write(std::span<const StateChange> changes) override {
    gate.wait();
    if (fail) return Status(ErrorCode::IoError, "injected write failure");
    return MemoryStateBackend::Write(changes);
  }
  std::promise<void> opener;
  std::shared_future<void> gate = opener.get_future().share();
  bool fail = false;
};

void PublishItems(StateStore& store, int begin, int end, const std::string& suffix = "") {
  for (int i = begin; i < end; ++i) {
    store.Put("k/" + std::to_string(i), std::to_string(i) + suffix);
    ASSERT_TRUE(store.CommitTransaction().ok());
    store.PublishGroup(static_cast<uint64_t>(i + 1));
  }
}

// Eviction takes the cache to three quarters of its bound, exactly, when enough items are
// clean (spread over the table: which ones is not observable, only that each still reads).
TEST(StateStore, EvictionLeavesThreeQuartersOfTheBound) {
  MemoryStateBackend backend;
  StateStore store(backend, StateStoreOptions{100});
  PublishItems(store, 0, 100);
  ASSERT_TRUE(store.WriteCheckpoint().ok());
  EXPECT_EQ(store.cached_items(), 75u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(Read(store, "k/" + std::to_string(i)), std::to_string(i));
}

TEST(StateStore, ItemsStayReadableWhileABackgroundCheckpointWritesThem) {
  GatedBackend backend;
  StateStore store(backend, StateStoreOptions{20});
  PublishItems(store, 0, 50);
  store.StartCheckpoint();
  EXPECT_TRUE(store.checkpoint_in_flight());
  EXPECT_EQ(store.dirty_items(), 0u);
  // Reads of other keys fill the cache past its bound; eviction must spare the items in
  // flight, which the backend does not hold yet.
  for (int i = 1000; i < 1100; ++i) EXPECT_EQ(Read(store, "k/" + std::to_string(i)), std::nullopt);
  EXPECT_TRUE(backend.items.empty());
  for (int i = 0; i < 50; ++i) EXPECT_EQ(Read(store, "k/" + std::to_string(i)), std::to_string(i));
  backend.opener.set_value();
  ASSERT_TRUE(store.WaitForCheckpoint().ok());
  EXPECT_FALSE(store.checkpoint_in_flight());
  EXPECT_EQ(backend.items.size(), 52u);
  EXPECT_EQ(backend.items.at(kStateAppliedSequenceKey).size(), 8u);
}

TEST(StateStore, AFailedBackgroundCheckpointLeavesItsItemsDirtyForTheNext) {
  GatedBackend backend;
  backend.fail = true;
  StateStore store(backend, StateStoreOptions{1000});
  PublishItems(store, 0, 30);
  store.StartCheckpoint();
  PublishItems(store, 10, 15, "-changed");  // changed while in flight: dirty with the new value
  backend.opener.set_value();
  EXPECT_EQ(store.WaitForCheckpoint().code(), ErrorCode::IoError);
  EXPECT_EQ(store.dirty_items(), 30u);
  backend.fail = false;
  ASSERT_TRUE(store.WriteCheckpoint().ok());
  EXPECT_EQ(store.dirty_items(), 0u);
  ASSERT_EQ(backend.items.size(), 32u);
  StateStore reloaded(backend);
  ASSERT_TRUE(reloaded.Load().ok());
  EXPECT_EQ(reloaded.applied_sequence(), 15u);
  EXPECT_EQ(reloaded.digest(), store.digest());
  EXPECT_EQ(Read(reloaded, "k/12"), "12-changed");
  EXPECT_EQ(Read(reloaded, "k/25"), "25");
}

TEST(StateStore, AValueChangedDuringABackgroundCheckpointGoesIntoTheNextOne) {
  GatedBackend backend;
  StateStore store(backend);
  PublishItems(store, 0, 10);
  store.StartCheckpoint();
  PublishItems(store, 3, 4, "-new");
  EXPECT_EQ(store.dirty_items(), 1u);
  backend.opener.set_value();
  ASSERT_TRUE(store.WaitForCheckpoint().ok());
  EXPECT_EQ(store.dirty_items(), 1u);
  ASSERT_TRUE(store.WriteCheckpoint().ok());
  StateStore reloaded(backend);
  ASSERT_TRUE(reloaded.Load().ok());
  EXPECT_EQ(Read(reloaded, "k/3"), "3-new");
  EXPECT_EQ(reloaded.digest(), store.digest());
}

}  // namespace
}  // namespace crowdledger
