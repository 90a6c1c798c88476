// The auditor's tamper matrix: a ledger with campaigns, pledges, a settlement, transfers and a
// revoked key, then copies of it changed under the hood (RocksDB directly, or the export
// file), each change detected by the check meant for it and located at its entry. The
// untouched ledger and export pass every check.
#include <fstream>

#include "crypto/merkle.h"
#include "ledger/audit/auditor.h"
#include "ledger/audit/data_dir_source.h"
#include "ledger/audit/export_source.h"
#include "ledger/audit/replay_store.h"
#include "ledger/log_keys.h"
#include "tests/ledger/ledger_fixture.h"

namespace crowdledger {
namespace {

namespace fs = std::filesystem;
using Kind = schema::PartyKind;
using Terms = test::TransactionBuilder::CampaignTerms;
constexpr int64_t kHourUs = 3'600'000'000;

struct Export {
  std::vector<std::string> entries;
  std::string checkpoint;
};

class AuditTest : public test::LedgerFixture {
 protected:
  void SetUp() override {
    LedgerFixture::SetUp();
    BuildScenario(/*ann_pledge=*/120'000);
    ledger_.reset();  // a clean close leaves the derived state checkpointed
    LogStoreOptions options;
    options.read_only = true;
    auto log = LogStore::Open(directory_.path(), options);
    ASSERT_TRUE(log.ok());
    ledger_key_.emplace((*log)->verifier());
    auto key = ReadPrivateKeyFile(LogStore::LedgerKeyPath(directory_.path()));
    ASSERT_TRUE(key.ok());
    ledger_signer_.emplace(*NoteSigner::Create((*log)->origin(), *key));
  }

  // Parties, deposits, a campaign with pledges and a cancellation, its settlement, transfers,
  // and a key registered and then revoked. `ann_pledge` varies the history for fork tests.
  void BuildScenario(int64_t ann_pledge) {
    Register("platform", Kind::CrowdfundingPlatform);
    Register("acme", Kind::Enterprise);
    for (const char* investor : {"ann", "ben", "cat"}) {
      Register(investor, Kind::Investor);
      auto deposit = As("platform");
      deposit.Deposit(investor, "CNY", 1'000'000);
      Expect(SubmitAs("platform", deposit));
    }
    Terms terms;
    terms.campaign = "acme-seed";
    terms.platform = "platform";
    terms.enterprise = "acme";
    terms.goal = 200'000;
    terms.hard_cap = 500'000;
    terms.min_pledge = 100;
    terms.opens_us = now_us_;
    terms.closes_us = now_us_ + kHourUs;
    terms.cancel_cutoff_us = now_us_ + kHourUs / 2;
    auto open = As("platform");
    open.OpenCampaign(terms);
    Expect(SubmitAs("platform", open));
    for (auto [investor, amount] :
         {std::pair{"ann", ann_pledge}, {"ben", 90'000}, {"cat", 5'000}}) {
      auto pledge = As("platform");
      pledge.Pledge("acme-seed", investor, amount);
      Expect(SubmitAs("platform", pledge));
    }
    auto cancel = As("platform");
    cancel.CancelPledge("acme-seed", "cat");
    Expect(SubmitAs("platform", cancel));
    auto key = As("authority");
    key.RegisterKey("ben", 2, KeyFor("ben-second").public_key(), schema::Role::Post);
    Expect(Submit(key.Sign(authority_)));
    auto transfer = TransactionBuilder("ben", 2, ++next_id_);
    transfer.Transfer("ben", "ann", "CNY", 1'000);
    Expect(Submit(transfer.Sign(KeyFor("ben-second"))));
    auto revoke = As("authority");
    revoke.RevokeKey("ben", 2);
    Expect(Submit(revoke.Sign(authority_)));
    now_us_ += kHourUs;
    auto close = As("platform");
    close.CloseCampaign("acme-seed");
    Expect(SubmitAs("platform", close));
    auto back = As("ann");
    back.Transfer("ann", "cat", "CNY", 2'500);
    Expect(SubmitAs("ann", back));
  }
  using TransactionBuilder = test::TransactionBuilder;

  static void Expect(const SubmitResult& result) {
    ASSERT_TRUE(result.status.ok()) << result.status.ToString();
  }

  fs::path Copy() {
    copies_.push_back(std::make_unique<test::TemporaryDirectory>());
    fs::copy(directory_.path(), copies_.back()->path(), fs::copy_options::recursive);
    return copies_.back()->path();
  }

  // The original ledger's checkpoint key (kept: a fork test rebuilds the directory).
  const NoteVerifier& LedgerKey() const { return *ledger_key_; }

  AuditReport AuditDirectory(const fs::path& directory, const AuditorState* remembered = nullptr) {
    auto source = DataDirSource::Open(directory);
    EXPECT_TRUE(source.ok()) << source.status().ToString();
    return Run(**source, remembered);
  }

  AuditReport AuditExport(const Export& exported, const AuditorState* remembered = nullptr) {
    copies_.push_back(std::make_unique<test::TemporaryDirectory>());
    fs::path out = copies_.back()->path();
    fs::create_directories(out);
    std::ofstream entries(out / "entries.bin", std::ios::binary);
    for (const std::string& entry : exported.entries) {
      uint32_t length = static_cast<uint32_t>(entry.size());
      char header[4] = {static_cast<char>(length), static_cast<char>(length >> 8),
                        static_cast<char>(length >> 16), static_cast<char>(length >> 24)};
      entries.write(header, 4);
      entries.write(entry.data(), static_cast<std::streamsize>(entry.size()));
    }
    entries.close();
    std::ofstream(out / "checkpoint", std::ios::binary) << exported.checkpoint;
    auto source = ExportSource::Open(out);
    EXPECT_TRUE(source.ok()) << source.status().ToString();
    return Run(**source, remembered);
  }

  AuditReport Run(AuditSource& source, const AuditorState* remembered) {
    AuditOptions options;
    options.ledger_key = &LedgerKey();
    options.remembered = remembered;
    options.replay = replay_;
    options.full = full_;
    options.chunk_entries = 4;  // several chunks, so the read-ahead path is exercised
    auto report = Audit(source, options);
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? std::move(*report) : AuditReport{};
  }

  Export ExportOf(const fs::path& directory) {
    LogStoreOptions options;
    options.read_only = true;
    auto log = LogStore::Open(directory, options);
    EXPECT_TRUE(log.ok());
    Export exported;
    EXPECT_TRUE((*log)
                    ->ForEachEntry(0, (*log)->size(),
                                   [&](uint64_t, std::string_view bytes) {
                                     exported.entries.emplace_back(bytes);
                                     return Status::Ok();
                                   })
                    .ok());
    exported.checkpoint = (*log)->latest_checkpoint();
    return exported;
  }

  // What a holder of the real ledger key can do: sign a checkpoint over any entries.
  std::string SignWithLedgerKey(const std::vector<std::string>& entries) {
    MerkleFrontier frontier;
    for (const std::string& entry : entries) {
      frontier.Append(MerkleLeafHash(AsBytes(entry)), [](const auto&) {});
    }
    auto note = SignCheckpoint(
        Checkpoint{LedgerKey().key_name(), frontier.size(), frontier.Root(), {}}, *ledger_signer_);
    EXPECT_TRUE(note.ok());
    return *note;
  }

  // The scenario built again from genesis with ann's pledge changed: every entry from there
  // on is valid and replays (the export's checkpoint is the rebuilt ledger's own).
  void RewriteHistory(Export& rewritten) {
    fs::remove_all(directory_.path());
    next_id_ = 0;
    now_us_ = test::kStartTimeUs;
    ASSERT_TRUE(Ledger::Create(directory_.path(), LedgerKey().key_name(), authority_,
                               test::kStartTimeUs, Options())
                    .ok());
    Reopen();
    BuildScenario(/*ann_pledge=*/110'000);
    ledger_.reset();
    rewritten = ExportOf(directory_.path());
  }

  // An entry rebuilt from `stored` with `change` applied to its fields.
  static std::string Rebuilt(const std::string& stored,
                             const std::function<void(EntryFields&)>& change) {
    std::vector<uint64_t> storage;
    auto entry = VerifyEntry(AlignedFlatbuffer(stored, storage));
    EXPECT_TRUE(entry.ok());
    auto outcome = ReadRecordedOutcome(**entry);
    EntryFields fields;
    fields.sequence = (*entry)->sequence();
    fields.server_time_us = (*entry)->server_time_us();
    fields.transaction =
        std::string_view(reinterpret_cast<const char*>((*entry)->transaction()->data()),
                         (*entry)->transaction()->size());
    fields.signature = ByteView((*entry)->signature()->data(), (*entry)->signature()->size());
    fields.state_digest = outcome->state_digest;
    fields.movements = outcome->movements;
    change(fields);
    return BuildEntry(fields);
  }

  static void ExpectFailure(const AuditReport& report, const std::string& check,
                            std::optional<uint64_t> sequence) {
    ASSERT_FALSE(report.ok()) << "the change went unnoticed";
    EXPECT_EQ(report.failure->check, check) << report.failure->message;
    EXPECT_EQ(report.failure->sequence, sequence) << report.failure->message;
  }

  uint64_t Size() { return ExportOf(directory_.path()).entries.size(); }

  // Audits keep their replayed state here when set (incremental audits).
  std::unique_ptr<ReplayStore> OpenReplayStore() {
    copies_.push_back(std::make_unique<test::TemporaryDirectory>());
    auto store = ReplayStore::Open(copies_.back()->path() / "replay");
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(*store) : nullptr;
  }
  // Entries added to the ledger after the scenario: a transfer from a newly registered key.
  void GrowLedger() {
    Reopen();
    auto key = As("authority");
    key.RegisterKey("cat", 2, KeyFor("cat-second").public_key(), schema::Role::Post);
    Expect(Submit(key.Sign(authority_)));
    auto transfer = TransactionBuilder("cat", 2, ++next_id_);
    transfer.Transfer("cat", "ann", "CNY", 100);
    Expect(Submit(transfer.Sign(KeyFor("cat-second"))));
    ledger_.reset();
  }
  static const AuditCheck& CheckNamed(const AuditReport& report, const std::string& name) {
    return *std::find_if(report.checks.begin(), report.checks.end(),
                         [&name](const AuditCheck& check) { return check.name == name; });
  }

  ReplayStore* replay_ = nullptr;
  bool full_ = false;
  std::vector<std::unique_ptr<test::TemporaryDirectory>> copies_;
  std::optional<NoteVerifier> ledger_key_;
  std::optional<NoteSigner> ledger_signer_;
};

TEST_F(AuditTest, TheUntouchedLedgerAndItsExportPassEveryCheck) {
  AuditReport report = AuditDirectory(Copy());
  ASSERT_TRUE(report.ok()) << report.failure->check << ": " << report.failure->message;
  uint64_t size = Size();
  EXPECT_EQ(report.entries, size);
  EXPECT_EQ(report.checkpoints, size);  // one per group commit, each a single transaction here
  for (const AuditCheck& check : report.checks) {
    // The state file; online only (twice).
    if (check.name != "fork" && check.name != "balances" && check.name != "positions") {
      EXPECT_GT(check.checked, 0u) << check.name;
    }
  }
  AuditReport exported = AuditExport(ExportOf(directory_.path()));
  ASSERT_TRUE(exported.ok()) << exported.failure->message;
  EXPECT_EQ(exported.latest->root, report.latest->root);
  EXPECT_EQ(exported.state_digest, report.state_digest);
}

TEST_F(AuditTest, AByteFlippedInAnEntryIsLocated) {
  fs::path copy = Copy();
  const uint64_t target = 7;
  {
    test::RawLedgerDatabase raw(copy);
    std::string bytes;
    ASSERT_TRUE(raw.db().Get({}, raw.entries(), log_keys::EncodeUint64(target), &bytes).ok());
    bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x10);
    ASSERT_TRUE(raw.db().Put({}, raw.entries(), log_keys::EncodeUint64(target), bytes).ok());
  }
  AuditReport report = AuditDirectory(copy);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.failure->sequence, target)
      << report.failure->check << ": " << report.failure->message;
}

TEST_F(AuditTest, ADeletedEntryIsLocated) {
  fs::path copy = Copy();
  {
    test::RawLedgerDatabase raw(copy);
    ASSERT_TRUE(raw.db().Delete({}, raw.entries(), log_keys::EncodeUint64(5)).ok());
  }
  ExpectFailure(AuditDirectory(copy), "sequence", 5);
  Export exported = ExportOf(directory_.path());
  exported.entries.erase(exported.entries.begin() + 5);
  exported.checkpoint = SignWithLedgerKey(exported.entries);
  ExpectFailure(AuditExport(exported), "sequence", 5);
}

TEST_F(AuditTest, SwappedEntriesAreLocated) {
  fs::path copy = Copy();
  {
    test::RawLedgerDatabase raw(copy);
    std::string a, b;
    ASSERT_TRUE(raw.db().Get({}, raw.entries(), log_keys::EncodeUint64(8), &a).ok());
    ASSERT_TRUE(raw.db().Get({}, raw.entries(), log_keys::EncodeUint64(9), &b).ok());
    ASSERT_TRUE(raw.db().Put({}, raw.entries(), log_keys::EncodeUint64(8), b).ok());
    ASSERT_TRUE(raw.db().Put({}, raw.entries(), log_keys::EncodeUint64(9), a).ok());
  }
  ExpectFailure(AuditDirectory(copy), "sequence", 8);
}

TEST_F(AuditTest, ACheckpointSignedWithAnotherKeyIsLocated) {
  fs::path copy = Copy();
  const uint64_t size = 6;
  {
    test::RawLedgerDatabase raw(copy);
    std::string note;
    ASSERT_TRUE(raw.db().Get({}, raw.checkpoints(), log_keys::EncodeUint64(size), &note).ok());
    auto parsed = ParseCheckpointText(ParseNote(note)->text);
    ASSERT_TRUE(parsed.ok());
    auto impostor = NoteSigner::Create(parsed->origin, KeyFor("impostor"));
    auto forged = SignCheckpoint(*parsed, *impostor);
    ASSERT_TRUE(forged.ok());
    ASSERT_TRUE(raw.db().Put({}, raw.checkpoints(), log_keys::EncodeUint64(size), *forged).ok());
  }
  ExpectFailure(AuditDirectory(copy), "checkpoints", size - 1);
}

TEST_F(AuditTest, AnAlteredOutcomeIsCaughtByTheReplayEvenUnderTheRealLedgerKey) {
  Export exported = ExportOf(directory_.path());
  const uint64_t target = 9;
  exported.entries[target] = Rebuilt(exported.entries[target],
                                     [](EntryFields& fields) { fields.state_digest[0] ^= 0x01; });
  exported.checkpoint = SignWithLedgerKey(exported.entries);
  ExpectFailure(AuditExport(exported), "replay", target);
}

TEST_F(AuditTest, ABalanceAlteredInTheDerivedStateIsNamed) {
  fs::path copy = Copy();
  std::string key = AccountKey(CashAccount("ann", "CNY")).str();
  {
    test::RawLedgerDatabase raw(copy);
    std::string stored;
    ASSERT_TRUE(raw.db().Get({}, raw.family(5), key, &stored).ok());
    auto record = AccountRecord::Decode(std::string_view(stored).substr(sizeof(Hash)));
    ASSERT_TRUE(record.ok());
    record->balance = Amount::FromMinorUnits(record->balance.minor_units() + 100'000);
    std::string value = record->Encode();
    // A careful forger also fixes the item's own hash.
    std::string forged = std::string(AsText(StateItemHash(key, value))) + value;
    ASSERT_TRUE(raw.db().Put({}, raw.family(5), key, forged).ok());
  }
  AuditReport report = AuditDirectory(copy);
  ExpectFailure(report, "state", std::nullopt);
  EXPECT_NE(report.failure->message.find(key), std::string::npos) << report.failure->message;
}

TEST_F(AuditTest, ARevokedKeyUsedAfterItsRevocationIsLocated) {
  Export exported = ExportOf(directory_.path());
  uint64_t sequence = exported.entries.size();
  std::vector<uint64_t> storage;
  auto last = VerifyEntry(AlignedFlatbuffer(exported.entries.back(), storage));
  ASSERT_TRUE(last.ok());
  auto forged = TransactionBuilder("ben", 2, 999'999);
  forged.Transfer("ben", "cat", "CNY", 10'000);
  SignedTransaction signed_tx = forged.Sign(KeyFor("ben-second"));
  EntryFields fields;
  fields.sequence = sequence;
  fields.server_time_us = (*last)->server_time_us() + 1;
  fields.transaction = signed_tx.bytes;
  fields.signature = AsBytes(signed_tx.signature);
  exported.entries.push_back(BuildEntry(fields));
  exported.checkpoint = SignWithLedgerKey(exported.entries);
  AuditReport report = AuditExport(exported);
  ExpectFailure(report, "signatures", sequence);
  EXPECT_NE(report.failure->message.find("KeyRevoked"), std::string::npos)
      << report.failure->message;
}

TEST_F(AuditTest, ARewrittenHistoryReSignedWithTheRealKeyIsCaughtByTheStateFile) {
  AuditReport first = AuditExport(ExportOf(directory_.path()));
  ASSERT_TRUE(first.ok());
  AuditorState remembered = first.Remember(1);
  auto reparsed = ParseAuditorState(FormatAuditorState(remembered));
  ASSERT_TRUE(reparsed.ok()) << reparsed.status().ToString();

  // The same history again, but with ann's pledge changed: every entry from there on is
  // valid and replays, and the export's checkpoint is signed with the real ledger key.
  Export original = ExportOf(directory_.path());
  Export rewritten;
  ASSERT_NO_FATAL_FAILURE(RewriteHistory(rewritten));
  ASSERT_EQ(rewritten.entries.size(), original.entries.size());
  uint64_t first_change = 0;
  while (rewritten.entries[first_change] == original.entries[first_change]) ++first_change;
  rewritten.checkpoint = SignWithLedgerKey(rewritten.entries);

  AuditReport alone = AuditExport(rewritten);
  EXPECT_TRUE(alone.ok()) << "without the state file the rewrite is self-consistent";
  AuditReport report = AuditExport(rewritten, &*reparsed);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.failure->check, "fork") << report.failure->message;
  ASSERT_TRUE(report.failure->sequence.has_value());
  EXPECT_LE(*report.failure->sequence, first_change) << report.failure->message;
}

TEST_F(AuditTest, AnAuditWithTheStateFileAcceptsTheSameHistoryGrown) {
  AuditReport first = AuditDirectory(Copy());
  ASSERT_TRUE(first.ok());
  AuditorState remembered = first.Remember(1);
  Reopen();
  auto more = As("cat");
  more.Transfer("cat", "ann", "CNY", 100);
  Expect(SubmitAs("cat", more));
  ledger_.reset();
  AuditReport again = AuditDirectory(Copy(), &remembered);
  ASSERT_TRUE(again.ok()) << again.failure->message;
  EXPECT_EQ(again.entries, first.entries + 1);
  auto fork = std::find_if(again.checks.begin(), again.checks.end(),
                           [](const AuditCheck& check) { return check.name == "fork"; });
  ASSERT_NE(fork, again.checks.end());
  EXPECT_EQ(fork->checked, 1u);
}

TEST_F(AuditTest, AnIncrementalAuditVerifiesOnlyTheNewEntriesAndReachesTheFullAuditsState) {
  auto store = OpenReplayStore();
  replay_ = store.get();
  AuditReport first = AuditDirectory(Copy());
  ASSERT_TRUE(first.ok()) << first.failure->message;
  EXPECT_EQ(first.resumed_from, 0u);
  AuditorState remembered = first.Remember(1);
  ASSERT_TRUE(remembered.state_digest.has_value());
  GrowLedger();

  fs::path grown = Copy();
  AuditReport again = AuditDirectory(grown, &remembered);
  ASSERT_TRUE(again.ok()) << again.failure->check << ": " << again.failure->message;
  EXPECT_EQ(again.resumed_from, first.entries);
  EXPECT_EQ(again.entries, 2u);  // only the new ones
  EXPECT_EQ(CheckNamed(again, "signatures").checked, 2u);
  // The fork proof to the newest checkpoint, then one per new checkpoint (one per entry here).
  EXPECT_EQ(CheckNamed(again, "consistency").checked, 3u);
  EXPECT_EQ(again.latest->size, first.entries + 2);

  replay_ = nullptr;  // a full audit in memory reaches the same state and tree
  AuditReport full = AuditDirectory(grown);
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(full.entries, first.entries + 2);
  EXPECT_EQ(again.state_digest, full.state_digest);
  EXPECT_EQ(again.frontier, full.frontier);
}

TEST_F(AuditTest, AnIncrementalAuditStartsFromGenesisWhenTheReplayStoreIsNotTheRemembered) {
  auto store = OpenReplayStore();
  replay_ = store.get();
  AuditReport first = AuditDirectory(Copy());
  ASSERT_TRUE(first.ok());
  AuditorState remembered = first.Remember(1);
  GrowLedger();
  fs::path grown = Copy();

  full_ = true;  // asked for
  AuditReport forced = AuditDirectory(grown, &remembered);
  ASSERT_TRUE(forced.ok());
  EXPECT_EQ(forced.resumed_from, 0u);
  EXPECT_EQ(forced.entries, first.entries + 2);

  full_ = false;  // the store now holds the grown state, not the remembered one
  AuditReport mismatched = AuditDirectory(grown, &remembered);
  ASSERT_TRUE(mismatched.ok());
  EXPECT_EQ(mismatched.resumed_from, 0u);
  EXPECT_EQ(mismatched.entries, first.entries + 2);
}

TEST_F(AuditTest, AnIncrementalAuditCatchesARewrittenHistoryOfTheSameSize) {
  auto store = OpenReplayStore();
  replay_ = store.get();
  AuditReport first = AuditExport(ExportOf(directory_.path()));
  ASSERT_TRUE(first.ok());
  AuditorState remembered = first.Remember(1);

  Export rewritten;
  ASSERT_NO_FATAL_FAILURE(RewriteHistory(rewritten));
  rewritten.checkpoint = SignWithLedgerKey(rewritten.entries);

  AuditReport report = AuditExport(rewritten, &remembered);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.resumed_from, first.entries);
  EXPECT_EQ(report.failure->check, "fork") << report.failure->message;
}

}  // namespace
}  // namespace crowdledger
