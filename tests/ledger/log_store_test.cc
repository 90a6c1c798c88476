// LogStore: appends, proofs and checkpoints at every size, group commit under concurrency,
// and the checks made on open against missing, foreign and damaged ledgers.
#include "ledger/log_store.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "ledger/log_keys.h"
#include "ledger/unwritten_party_index.h"
#include "tests/ledger/ledger_dir.h"
#include "tests/support/synthetic_entries.h"

namespace crowdledger {
namespace {

using test::RawLedgerDatabase;
using test::SyntheticEntries;
using test::SyntheticEntry;
using test::TemporaryDirectory;

constexpr char kOrigin[] = "test.example/log";

LogStoreOptions Unsynced() {
  LogStoreOptions options;
  options.sync = false;  // these tests check logic, not durability (crash_test does that)
  return options;
}

std::unique_ptr<LogStore> CreateStore(const TemporaryDirectory& directory) {
  auto store = LogStore::Create(directory.path(), kOrigin, {SyntheticEntry(0)}, Unsynced());
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return std::move(store).value();
}

std::vector<Hash> LeafHashes(uint64_t count) {
  std::vector<Hash> leaves;
  for (uint64_t i = 0; i < count; ++i) leaves.push_back(MerkleLeafHash(AsBytes(SyntheticEntry(i))));
  return leaves;
}

TEST(LogStore, CreateWritesGenesisAndASignedCheckpoint) {
  TemporaryDirectory directory;
  auto store = CreateStore(directory);
  EXPECT_EQ(store->size(), 1u);
  auto checkpoint = OpenCheckpoint(store->latest_checkpoint(), store->verifier());
  ASSERT_TRUE(checkpoint.ok()) << checkpoint.status().ToString();
  EXPECT_EQ(checkpoint->origin, kOrigin);
  EXPECT_EQ(checkpoint->size, 1u);
  EXPECT_EQ(checkpoint->root, MerkleLeafHash(AsBytes(SyntheticEntry(0))));
}

TEST(LogStore, CreateRefusesAnExistingLedger) {
  TemporaryDirectory directory;
  auto store = CreateStore(directory);
  store.reset();
  auto again = LogStore::Create(directory.path(), kOrigin, {SyntheticEntry(0)}, Unsynced());
  EXPECT_EQ(again.status().code(), ErrorCode::AlreadyExists);
}

TEST(LogStore, RootsAndProofsAtEverySizeMatchTheInMemoryTree) {
  TemporaryDirectory directory;
  auto store = CreateStore(directory);
  // Batches of varied sizes so that checkpoints and node completions land at odd places.
  for (uint64_t batch : {1u, 2u, 3u, 5u, 8u, 13u, 31u}) {
    ASSERT_TRUE(store->Append(SyntheticEntries(store->size(), batch)).ok());
  }
  uint64_t size = store->size();
  ASSERT_EQ(size, 64u);
  std::vector<Hash> leaves = LeafHashes(size);
  for (uint64_t n = 1; n <= size; ++n) {
    auto memory = InMemorySubtreeSource(std::span<const Hash>(leaves).first(n));
    Hash expected_root = *MerkleRoot(n, memory);
    ASSERT_EQ(*store->Root(n), expected_root) << "size " << n;
    for (uint64_t i = 0; i < n; ++i) {
      auto proof = store->InclusionProof(i, n);
      ASSERT_TRUE(proof.ok());
      EXPECT_EQ(*proof, *MerkleInclusionProof(i, n, memory)) << i << " in " << n;
      EXPECT_TRUE(VerifyInclusion(leaves[i], i, n, *proof, expected_root).ok());
    }
    for (uint64_t m = 0; m <= n; ++m) {
      auto proof = store->ConsistencyProof(m, n);
      ASSERT_TRUE(proof.ok());
      EXPECT_EQ(*proof, *MerkleConsistencyProof(m, n, memory)) << m << " to " << n;
      EXPECT_TRUE(VerifyConsistency(m, n, *store->Root(m), expected_root, *proof).ok());
    }
  }
}

TEST(LogStore, EveryIssuedCheckpointStaysRetrievableAndVerifies) {
  TemporaryDirectory directory;
  auto store = CreateStore(directory);
  std::vector<uint64_t> sizes{1};
  for (uint64_t batch : {4u, 1u, 10u, 7u}) {
    auto result = store->Append(SyntheticEntries(store->size(), batch));
    ASSERT_TRUE(result.ok());
    sizes.push_back(result->tree_size);
  }
  for (uint64_t size : sizes) {
    auto note = store->CheckpointAt(size);
    ASSERT_TRUE(note.ok()) << size;
    auto checkpoint = OpenCheckpoint(*note, store->verifier());
    ASSERT_TRUE(checkpoint.ok());
    EXPECT_EQ(checkpoint->size, size);
    EXPECT_EQ(checkpoint->root, *store->Root(size));
  }
  EXPECT_EQ(store->CheckpointAt(3).status().code(), ErrorCode::NotFound);
}

TEST(LogStore, ReadsBeyondTheSizeAreRefused) {
  TemporaryDirectory directory;
  auto store = CreateStore(directory);
  EXPECT_EQ(store->ReadEntry(1).status().code(), ErrorCode::InvalidArgument);
  EXPECT_EQ(store->Root(2).status().code(), ErrorCode::InvalidArgument);
  EXPECT_EQ(store->InclusionProof(0, 2).status().code(), ErrorCode::InvalidArgument);
  EXPECT_EQ(store->InclusionProof(1, 1).status().code(), ErrorCode::InvalidArgument);
  EXPECT_EQ(store->ConsistencyProof(2, 1).status().code(), ErrorCode::InvalidArgument);
}

TEST(LogStore, ReadNodesIsTheStoredPerfectSubtreesOfALevelInOneScan) {
  TemporaryDirectory directory;
  auto store = CreateStore(directory);
  ASSERT_TRUE(store->Append(SyntheticEntries(1, 299)).ok());  // 300 entries
  for (uint8_t level : std::initializer_list<uint8_t>{0, 1, 3, 8}) {
    uint64_t nodes = uint64_t{300} >> level;
    for (uint64_t first : {uint64_t{0}, nodes / 3}) {
      auto read = store->ReadNodes(level, first, nodes - first);
      ASSERT_TRUE(read.ok()) << read.status().ToString();
      std::string expected;
      for (uint64_t i = first; i < nodes; ++i) {
        Hash hash = *store->SubtreeHash(i << level, (i + 1) << level);
        expected.append(reinterpret_cast<const char*>(hash.data()), hash.size());
      }
      EXPECT_EQ(*read, expected) << "level " << int{level} << " from " << first;
    }
  }
  EXPECT_EQ(store->ReadNodes(0, 0, 0)->size(), 0u);
  // Level 8 of a tree of 300 holds one node; level 9 none.
  EXPECT_EQ(store->ReadNodes(8, 0, 2).status().code(), ErrorCode::InvalidArgument);
  EXPECT_EQ(store->ReadNodes(9, 0, 1).status().code(), ErrorCode::InvalidArgument);
  EXPECT_EQ(store->ReadNodes(0, 300, 1).status().code(), ErrorCode::InvalidArgument);
  EXPECT_EQ(store->ReadNodes(0, UINT64_MAX, 2).status().code(), ErrorCode::InvalidArgument);
  EXPECT_EQ(store->ReadNodes(64, 0, 1).status().code(), ErrorCode::InvalidArgument);
}

TEST(LogStore, ReadNodesReportsAMissingOrMalformedNodeAsCorruption) {
  TemporaryDirectory directory;
  {
    auto store = CreateStore(directory);
    ASSERT_TRUE(store->Append(SyntheticEntries(1, 15)).ok());
  }
  {
    RawLedgerDatabase raw(directory.path());
    ASSERT_TRUE(raw.db().Delete({}, raw.merkle(), log_keys::MerkleNodeKey(1, 2)).ok());
    ASSERT_TRUE(raw.db().Put({}, raw.merkle(), log_keys::MerkleNodeKey(1, 5), "short").ok());
    ASSERT_TRUE(raw.db().Delete({}, raw.merkle(), log_keys::MerkleNodeKey(2, 3)).ok());
  }
  auto store = LogStore::Open(directory.path(), Unsynced());  // the frontier's nodes are intact
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto missing = (*store)->ReadNodes(1, 0, 8);
  EXPECT_EQ(missing.status().code(), ErrorCode::Corruption);
  EXPECT_NE(missing.status().message().find("(level 1, index 2) is missing"), std::string::npos)
      << missing.status().ToString();
  auto malformed = (*store)->ReadNodes(1, 3, 5);
  EXPECT_NE(malformed.status().message().find("(level 1, index 5) is not 32 bytes"),
            std::string::npos)
      << malformed.status().ToString();
  auto last_missing = (*store)->ReadNodes(2, 0, 4);  // the scan ends before the last node
  EXPECT_NE(last_missing.status().message().find("(level 2, index 3) is missing"),
            std::string::npos)
      << last_missing.status().ToString();
}

TEST(LogStore, LatestCheckpointIsTheLatestNoteWithTheSizeItSigns) {
  TemporaryDirectory directory;
  auto store = CreateStore(directory);
  ASSERT_TRUE(store->Append(SyntheticEntries(1, 6)).ok());
  IssuedCheckpoint latest = store->LatestCheckpoint();
  EXPECT_EQ(latest.tree_size, 7u);
  EXPECT_EQ(latest.note, store->latest_checkpoint());
  auto checkpoint = OpenCheckpoint(latest.note, store->verifier());
  ASSERT_TRUE(checkpoint.ok()) << checkpoint.status().ToString();
  EXPECT_EQ(checkpoint->size, 7u);
}

TEST(LogStore, AnEmptyOrOversizedAppendFailsAloneAndChangesNothing) {
  TemporaryDirectory directory;
  auto store = CreateStore(directory);
  EXPECT_EQ(store->Append(std::vector<std::string>{}).status().code(), ErrorCode::InvalidArgument);
  std::vector<std::string> huge{std::string(kMaxEntryBytes + 1, 'x')};
  EXPECT_EQ(store->Append(huge).status().code(), ErrorCode::LimitExceeded);
  EXPECT_EQ(store->size(), 1u);
  auto good = store->Append({SyntheticEntry(1)});
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(good->first_index, 1u);
}

TEST(LogStore, ConcurrentAppendersGetContiguousDistinctRanges) {
  TemporaryDirectory directory;
  auto store = CreateStore(directory);
  constexpr int kThreads = 8;
  constexpr int kAppendsPerThread = 100;
  std::vector<std::vector<std::pair<uint64_t, uint64_t>>> ranges(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int a = 0; a < kAppendsPerThread; ++a) {
        uint64_t count = static_cast<uint64_t>(1 + (t + a) % 3);
        auto result = store->Append([count](uint64_t first) -> Result<AppendBatch> {
          return AppendBatch{SyntheticEntries(first, count), {}};
        });
        ASSERT_TRUE(result.ok());
        EXPECT_GE(result->tree_size, result->first_index + count);
        ranges[static_cast<size_t>(t)].emplace_back(result->first_index, count);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<uint64_t> seen{0};
  for (const auto& thread_ranges : ranges) {
    for (auto [first, count] : thread_ranges) {
      for (uint64_t i = first; i < first + count; ++i) EXPECT_TRUE(seen.insert(i).second) << i;
    }
  }
  ASSERT_EQ(seen.size(), store->size());
  EXPECT_EQ(*seen.rbegin(), store->size() - 1);
  for (uint64_t i = 0; i < store->size(); ++i) EXPECT_EQ(*store->ReadEntry(i), SyntheticEntry(i));
  auto checkpoint = OpenCheckpoint(store->latest_checkpoint(), store->verifier());
  ASSERT_TRUE(checkpoint.ok());
  EXPECT_EQ(checkpoint->root,
            *MerkleRoot(store->size(), InMemorySubtreeSource(LeafHashes(store->size()))));
}

TEST(LogStore, ReopenRestoresSizeFrontierAndContinuesTheTree) {
  TemporaryDirectory directory;
  {
    auto store = CreateStore(directory);
    ASSERT_TRUE(store->Append(SyntheticEntries(1, 21)).ok());
  }
  auto store = LogStore::Open(directory.path(), Unsynced());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ((*store)->size(), 22u);
  ASSERT_TRUE((*store)->Append(SyntheticEntries(22, 11)).ok());
  EXPECT_EQ(*(*store)->Root(33), *MerkleRoot(33, InMemorySubtreeSource(LeafHashes(33))));
}

// State checkpoints go in as table files (ledger/log_state_write.cc): a later one overrides an
// earlier one item by item, deletions included, the items are there after a reopen, and no
// table file is left beside the database.
TEST(LogStore, StateCheckpointsOverrideEachOtherAndSurviveAReopen) {
  TemporaryDirectory directory;
  {
    auto store = CreateStore(directory);
    std::vector<StateChange> first{{"a", "1"}, {"b", "2"}, {"c", "3"}};
    ASSERT_TRUE(store->WriteState(first, {}).ok());
    std::vector<StateChange> second{{"a", std::nullopt}, {"b", "22"}, {"d", "4"}};
    ASSERT_TRUE(store->WriteState(second, {PartyEntryIndexKey("alice", 7)}).ok());
    EXPECT_EQ(*store->ReadState("b"), std::optional<std::string>("22"));
  }
  auto store = LogStore::Open(directory.path(), Unsynced());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(*(*store)->ReadState("a"), std::nullopt);
  EXPECT_EQ(*(*store)->ReadState("b"), std::optional<std::string>("22"));
  EXPECT_EQ(*(*store)->ReadState("c"), std::optional<std::string>("3"));
  EXPECT_EQ(*(*store)->ReadState("d"), std::optional<std::string>("4"));
  std::vector<std::pair<std::string, std::string>> items;
  ASSERT_TRUE((*store)
                  ->ForEachStateItem([&](std::string_view key, std::string_view value) {
                    items.emplace_back(key, value);
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(items, (std::vector<std::pair<std::string, std::string>>{
                       {"b", "22"}, {"c", "3"}, {"d", "4"}}));
  EXPECT_TRUE((*store)->ReadIndex(PartyEntryIndexKey("alice", 7)).ok());
  for (const auto& file : std::filesystem::directory_iterator(directory.path())) {
    EXPECT_NE(file.path().extension(), ".sst") << file.path();
  }
}

// A process killed after RocksDB took a checkpoint's files in, but before its own links to
// them were removed, leaves those links beside the database: the next checkpoint must not
// write through them into the database's tables (RecoveryTest found a truncated table on
// reopen). Both names link here to the newest table, whichever family it belongs to.
TEST(LogStore, CheckpointTableLinksLeftByAKilledProcessAreNotWrittenThrough) {
  TemporaryDirectory directory;
  {
    auto store = CreateStore(directory);
    std::vector<StateChange> first{{"a", "1"}, {"b", "2"}};
    ASSERT_TRUE(store->WriteState(first, {PartyEntryIndexKey("alice", 7)}).ok());
  }
  std::filesystem::path newest;
  for (const auto& file : std::filesystem::directory_iterator(directory.path() / "db")) {
    if (file.path().extension() == ".sst" && (newest.empty() || file.path() > newest))
      newest = file.path();
  }
  ASSERT_FALSE(newest.empty());
  std::filesystem::create_hard_link(newest, directory.path() / "state-checkpoint.sst");
  std::filesystem::create_hard_link(newest, directory.path() / "index-checkpoint.sst");
  {
    auto store = LogStore::Open(directory.path(), Unsynced());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    std::vector<StateChange> second{{"c", "3"}};
    ASSERT_TRUE((*store)->WriteState(second, {PartyEntryIndexKey("bob", 8)}).ok());
  }
  auto store = LogStore::Open(directory.path(), Unsynced());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(*(*store)->ReadState("a"), std::optional<std::string>("1"));
  EXPECT_EQ(*(*store)->ReadState("c"), std::optional<std::string>("3"));
  EXPECT_TRUE((*store)->ReadIndex(PartyEntryIndexKey("alice", 7)).ok());
  EXPECT_TRUE((*store)->ReadIndex(PartyEntryIndexKey("bob", 8)).ok());
}

// A checkpoint with no dirty items still writes the index records handed to it.
TEST(LogStore, ACheckpointOfIndexRecordsAloneIsWritten) {
  TemporaryDirectory directory;
  {
    auto store = CreateStore(directory);
    std::vector<StateChange> none;
    ASSERT_TRUE(
        store
            ->WriteState(none, {PartyEntryIndexKey("alice", 3), PartyEntryIndexKey("alice", 9),
                                PartyEntryIndexKey("bob", 4)})
            .ok());
  }
  auto store = LogStore::Open(directory.path(), Unsynced());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto alice =
      (*store)->ScanIndex(PartyEntryIndexPrefix("alice"), PartyEntryIndexKey("alice", 0), 10);
  ASSERT_TRUE(alice.ok()) << alice.status().ToString();
  EXPECT_EQ(*alice, (std::vector<std::string>{PartyEntryIndexKey("alice", 3),
                                              PartyEntryIndexKey("alice", 9)}));
}

TEST(LogStore, ReadOnlyOpenWorksBesideAWriter) {
  TemporaryDirectory directory;
  auto writer = CreateStore(directory);
  ASSERT_TRUE(writer->Append(SyntheticEntries(1, 5)).ok());
  LogStoreOptions options;
  options.read_only = true;
  auto reader = LogStore::Open(directory.path(), options);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ((*reader)->size(), 6u);
  EXPECT_EQ((*reader)->Append({SyntheticEntry(6)}).status().code(), ErrorCode::UsageError);
}

TEST(LogStore, OpeningADirectoryWithoutALedgerIsNotALedger) {
  TemporaryDirectory directory;
  std::filesystem::create_directories(directory.path());
  EXPECT_EQ(LogStore::Open(directory.path()).status().code(), ErrorCode::NotALedger);
}

TEST(LogStore, OpeningALedgerOfAnotherOriginIsWrongOrigin) {
  TemporaryDirectory directory;
  CreateStore(directory).reset();
  LogStoreOptions options;
  options.expected_origin = "other.example/log";
  auto store = LogStore::Open(directory.path(), options);
  EXPECT_EQ(store.status().code(), ErrorCode::WrongOrigin);
  EXPECT_NE(store.status().message().find("test.example/log"), std::string::npos);
}

TEST(LogStore, OpenRefusesAForeignLedgerKeyFile) {
  TemporaryDirectory directory;
  TemporaryDirectory other;
  CreateStore(directory).reset();
  CreateStore(other).reset();
  std::filesystem::copy_file(LogStore::LedgerKeyPath(other.path()),
                             LogStore::LedgerKeyPath(directory.path()),
                             std::filesystem::copy_options::overwrite_existing);
  auto store = LogStore::Open(directory.path());
  EXPECT_EQ(store.status().code(), ErrorCode::Corruption);
}

// Damages a closed ledger of 10 entries through `damage`, then expects Open to refuse it with
// Corruption and a message containing `expected`.
void ExpectOpenRefuses(const std::function<void(RawLedgerDatabase&)>& damage,
                       const std::string& expected) {
  TemporaryDirectory directory;
  {
    auto store = CreateStore(directory);
    ASSERT_TRUE(store->Append(SyntheticEntries(1, 9)).ok());
  }
  {
    RawLedgerDatabase raw(directory.path());
    damage(raw);
  }
  auto store = LogStore::Open(directory.path());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), ErrorCode::Corruption) << store.status().ToString();
  EXPECT_NE(store.status().message().find(expected), std::string::npos)
      << store.status().ToString();
}

TEST(LogStore, OpenRefusesAMissingLastEntry) {
  ExpectOpenRefuses(
      [](RawLedgerDatabase& raw) {
        ASSERT_TRUE(raw.db().Delete({}, raw.entries(), log_keys::EncodeUint64(9)).ok());
      },
      "9 entries but its checkpoint covers 10");
}

TEST(LogStore, OpenRefusesAnAlteredLastEntry) {
  ExpectOpenRefuses(
      [](RawLedgerDatabase& raw) {
        ASSERT_TRUE(raw.db().Put({}, raw.entries(), log_keys::EncodeUint64(9), "forged").ok());
      },
      "does not match its Merkle leaf");
}

TEST(LogStore, OpenRefusesAnAlteredMerkleNode) {
  ExpectOpenRefuses(
      [](RawLedgerDatabase& raw) {
        ASSERT_TRUE(raw.db()
                        .Put({}, raw.merkle(), log_keys::MerkleNodeKey(3, 0), std::string(32, 'x'))
                        .ok());
      },
      "root");
}

TEST(LogStore, OpenRefusesACheckpointSignedByAnotherKey) {
  ExpectOpenRefuses(
      [](RawLedgerDatabase& raw) {
        auto key = Ed25519PrivateKey::Generate();
        auto signer = NoteSigner::Create(kOrigin, *key);
        Checkpoint forged{kOrigin, 10, Hash{}, {}};
        auto note = SignCheckpoint(forged, *signer);
        ASSERT_TRUE(raw.db().Put({}, raw.checkpoints(), log_keys::EncodeUint64(10), *note).ok());
      },
      "does not verify");
}

TEST(LogStore, OpenRefusesAnEntryBeyondTheCheckpoint) {
  ExpectOpenRefuses(
      [](RawLedgerDatabase& raw) {
        ASSERT_TRUE(raw.db().Put({}, raw.entries(), log_keys::EncodeUint64(10), "smuggled").ok());
      },
      "11 entries but its checkpoint covers 10");
}

}  // namespace
}  // namespace crowdledger
