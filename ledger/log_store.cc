// LogStore: opening and checking a ledger, group commit, and reads. See log_store.h.
#include "ledger/log_store.h"

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/listener.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include <bit>
#include <cstdarg>
#include <cstdio>

#include "ledger/log_keys.h"
#include "ledger/log_store_internal.h"

namespace crowdledger {
namespace fs = std::filesystem;

namespace {

Status Corrupt(const std::string& what) { return Status(ErrorCode::Corruption, what); }

rocksdb::ColumnFamilyOptions FamilyOptions(const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  table.cache_index_and_filter_blocks = true;
  table.cache_index_and_filter_blocks_with_high_priority = true;
  table.pin_l0_filter_and_index_blocks_in_cache = true;
  // Merkle and entry keys of one flush span the whole key space (every tree level), so L0
  // files overlap: a Bloom filter lets a point read skip the files that lack its key.
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  // Filters and indexes in 4 KiB partitions under a small pinned top level. A whole-file
  // filter grows with the file (12 MB for 10M index keys): once it outgrew its share of the
  // block cache it could no longer be cached, and every point read (the idempotency lookup
  // of each transaction) read it again from the file and checksummed it. A 10M-transaction
  // ledger build fell from 6,800 to 1,660 transactions/s that way, 58% of its time there.
  table.index_type = rocksdb::BlockBasedTableOptions::IndexType::kTwoLevelIndexSearch;
  table.partition_filters = true;
  table.metadata_block_size = 4096;
  table.pin_top_level_index_and_filter = true;
  rocksdb::ColumnFamilyOptions options;
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return options;
}

// After a write that stops the database (a hard or fatal background error), the store
// resumes it itself, at the next append past kResumeInterval (LogStore::ResumeAfterFailure).
// RocksDB's own recovery from a full disk would instead wait for room for several write
// buffers (128 MiB by default, more than a small disk may ever have) and retry only every
// 5 s, refusing DB::Resume() as Busy meanwhile: it is turned off for those errors.
class ResumedByTheStore : public rocksdb::EventListener {
 public:
  void OnErrorRecoveryBegin(rocksdb::BackgroundErrorReason /*reason*/, rocksdb::Status error,
                            bool* auto_recovery) override {
    if (auto_recovery != nullptr && error.severity() >= rocksdb::Status::Severity::kHardError) {
      *auto_recovery = false;
    }
  }
};

// RocksDB's diagnostic log, normally the file DIR/db/LOG. Debian's librocksdb 7.8 is built
// with assertions, and its file logger aborts the process on the first line after a write of
// its own failed (a full disk): the server must instead go on serving reads and refusing
// writes. So RocksDB's warnings and errors go to stderr, and a failed write loses one line.
class StderrLogger : public rocksdb::Logger {
 public:
  explicit StderrLogger(rocksdb::InfoLogLevel level) : Logger(level) {}
  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list arguments) override {
    char line[1024];
    std::vsnprintf(line, sizeof(line), format, arguments);  // NOLINT: RocksDB's printf format
    std::fprintf(stderr, "rocksdb: %s\n", line);
  }
};

bool HasDatabase(const fs::path& directory) {
  std::error_code error;
  return fs::exists(LogStore::DatabasePath(directory) / "CURRENT", error);
}

}  // namespace

fs::path LogStore::DatabasePath(const fs::path& directory) { return directory / "db"; }
fs::path LogStore::LedgerKeyPath(const fs::path& directory) { return directory / "ledger-key.pem"; }

LogStore::LogStore(std::unique_ptr<Handles> handles, std::string origin, LogStoreOptions options)
    : handles_(std::move(handles)), origin_(std::move(origin)), options_(std::move(options)) {}

LogStore::~LogStore() = default;

Result<std::unique_ptr<LogStore::Handles>> LogStore::OpenDatabase(const fs::path& directory,
                                                                  const LogStoreOptions& options,
                                                                  bool create) {
  // Half the cache is kept for index and filter partitions, ahead of data blocks.
  auto cache = rocksdb::NewLRUCache(options.block_cache_bytes, -1, false, 0.5);
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = create;
  db_options.error_if_exists = create;
  db_options.create_missing_column_families = create;
  db_options.paranoid_checks = true;
  // One flush and three compaction threads. With one compaction thread, a long compaction of
  // the entries-by-party records (every checkpoint's file spans all parties, so each one
  // rewrites the level below) held back the entries family's cheap moves out of L0 until
  // its writes stalled at 20 files: at 100M operations the rate fell to 29,000 pledges/s for
  // a million (docs/BENCHMARKS.md, "Growth to 100 million operations, rerun").
  db_options.max_background_jobs = 4;
  db_options.db_write_buffer_size = options.memtable_budget_bytes;
  // A WAL file is deleted once every family with data in it has flushed. The checkpoints family
  // gets one small key per group and fills its memtable rarely, so without a bound every WAL
  // since its last flush stays: 4.5 GB of WAL beside 5.6 GB of tables at 100M operations
  // (RocksDB's default bound is four times all memtables, 3 GB here), all of it replayed
  // after a crash. Past this bound RocksDB flushes the families holding the oldest WAL.
  db_options.max_total_wal_size = kMaxTotalWalBytes;
  // One leader writes each group; RocksDB's concurrent memtable writes would only disable
  // the insert hints below.
  db_options.allow_concurrent_memtable_write = false;
  if (options.env != nullptr) db_options.env = options.env;  // tests: injected storage faults
  db_options.listeners.push_back(std::make_shared<ResumedByTheStore>());
  // Creating a database logs an error for the directory it has not made yet: only fatal
  // lines then.
  db_options.info_log = std::make_shared<StderrLogger>(create ? rocksdb::InfoLogLevel::FATAL_LEVEL
                                                              : rocksdb::InfoLogLevel::WARN_LEVEL);
  db_options.max_bgerror_resume_count = 0;  // no automatic resume of retryable errors either
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const char* name :
       {rocksdb::kDefaultColumnFamilyName.c_str(), log_keys::kEntries, log_keys::kMerkle,
        log_keys::kCheckpoints, log_keys::kIndex, log_keys::kState}) {
    families.emplace_back(name, FamilyOptions(cache));
  }
  // Entry, node and checkpoint keys are written once in increasing order and only looked up
  // when known to exist: the last level needs no filter. Index and state lookups often miss.
  for (size_t family = 1; family <= 3; ++family)
    families[family].options.optimize_filters_for_hits = true;
  // The idempotency lookup of every new transaction and the first read of every new state
  // item miss: a Bloom filter over the memtable's keys answers them without searching its
  // skip list (a tenth of the server's time on 1,000-pledge transactions).
  for (size_t family : {size_t{4}, size_t{5}}) {
    families[family].options.memtable_whole_key_filtering = true;
    families[family].options.memtable_prefix_bloom_size_ratio = 0.05;
  }
  // SHA-256 output does not compress: trying only costs time on every read and write.
  families[2].options.compression = rocksdb::kNoCompression;
  // Keys arrive in increasing order per stream (entries by index; nodes by index within a
  // level): a per-prefix insert hint lets the memtable append instead of searching its
  // skiplist from the top, which otherwise dominates the write path's CPU.
  families[1].options.memtable_insert_with_hint_prefix_extractor.reset(
      rocksdb::NewFixedPrefixTransform(0));
  families[2].options.memtable_insert_with_hint_prefix_extractor.reset(
      rocksdb::NewFixedPrefixTransform(1));
  // A state checkpoint writes its entries-by-party records and then its items in sorted
  // batches (hundreds of thousands of keys); RocksDB's one write queue holds the next synced
  // group commit until the batch ahead of it is in the memtables.
  for (size_t family : {size_t{4}, size_t{5}}) {
    families[family].options.memtable_insert_with_hint_prefix_extractor.reset(
        rocksdb::NewFixedPrefixTransform(0));
  }
  auto handles = std::make_unique<Handles>();
  rocksdb::DB* db = nullptr;
  std::string path = DatabasePath(directory).string();
  rocksdb::Status status =
      options.read_only
          ? rocksdb::DB::OpenForReadOnly(db_options, path, families, &handles->all, &db)
          : rocksdb::DB::Open(db_options, path, families, &handles->all, &db);
  if (!status.ok()) return FromRocks(status, "cannot open ledger database " + path);
  handles->db.reset(db);
  handles->state_table_path = (directory / kStateTableFile).string();
  handles->index_table_path = (directory / kIndexTableFile).string();
  handles->meta = handles->all[0];
  handles->entries = handles->all[1];
  handles->merkle = handles->all[2];
  handles->checkpoints = handles->all[3];
  handles->index = handles->all[4];
  handles->state = handles->all[5];
  return handles;
}

Result<std::unique_ptr<LogStore>> LogStore::Create(const fs::path& directory,
                                                   const std::string& origin,
                                                   const std::vector<std::string>& genesis,
                                                   const LogStoreOptions& options) {
  if (options.read_only) return Status(ErrorCode::UsageError, "cannot create a read-only ledger");
  if (HasDatabase(directory) || fs::exists(LedgerKeyPath(directory))) {
    return Status(ErrorCode::AlreadyExists, "a ledger already exists in " + directory.string());
  }
  if (genesis.empty()) return Status(ErrorCode::InvalidArgument, "a ledger needs a genesis entry");
  if (!IsValidNoteKeyName(origin)) {
    return Status(ErrorCode::InvalidArgument,
                  "origin '" + origin + "' must be non-empty, without spaces or '+'");
  }
  std::error_code error;
  fs::create_directories(directory, error);
  if (error)
    return Status(ErrorCode::IoError,
                  "cannot create " + directory.string() + ": " + error.message());
  ASSIGN_OR_RETURN(Ed25519PrivateKey key, Ed25519PrivateKey::Generate());
  RETURN_IF_ERROR(WritePrivateKeyFile(LedgerKeyPath(directory), key));
  ASSIGN_OR_RETURN(auto handles, OpenDatabase(directory, options, /*create=*/true));
  std::unique_ptr<LogStore> store(new LogStore(std::move(handles), origin, options));
  ASSIGN_OR_RETURN(NoteSigner signer, NoteSigner::Create(origin, key));
  store->signer_ = std::make_unique<NoteSigner>(std::move(signer));
  store->verifier_ = std::make_unique<NoteVerifier>(store->signer_->Verifier());

  // Metadata, genesis entries and the first checkpoint land in one synced batch: a crash
  // leaves either no ledger or a complete one.
  rocksdb::WriteBatch batch;
  auto* meta = store->handles_->meta;
  RETURN_IF_ERROR(
      FromRocks(batch.Put(meta, log_keys::kFormatKey, log_keys::kFormatValue), "batch"));
  RETURN_IF_ERROR(FromRocks(batch.Put(meta, log_keys::kOriginKey, origin), "batch"));
  std::string public_key(AsText(key.public_key().raw()));
  RETURN_IF_ERROR(FromRocks(batch.Put(meta, log_keys::kPublicKeyKey, public_key), "batch"));
  AppendBuilder build = [&genesis](uint64_t) -> Result<AppendBatch> {
    return AppendBatch{genesis, {}};
  };
  Writer writer;
  writer.build = &build;
  writer.taken = true;
  std::vector<Writer*> group{&writer};
  RETURN_IF_ERROR(store->CommitGroup(group, batch));
  if (!writer.result.ok()) return writer.result.status().WithContext("genesis");
  return store;
}

Result<std::unique_ptr<LogStore>> LogStore::Open(const fs::path& directory,
                                                 const LogStoreOptions& options) {
  if (!HasDatabase(directory)) {
    return Status(ErrorCode::NotALedger, directory.string() + " holds no Crowdledger ledger");
  }
  ASSIGN_OR_RETURN(auto handles, OpenDatabase(directory, options, /*create=*/false));
  std::unique_ptr<LogStore> store(new LogStore(std::move(handles), "", options));
  RETURN_IF_ERROR(store->LoadMetadata());
  if (!options.expected_origin.empty() && options.expected_origin != store->origin_) {
    return Status(ErrorCode::WrongOrigin, "the ledger in " + directory.string() + " has origin '" +
                                              store->origin_ + "', not '" +
                                              options.expected_origin + "'");
  }
  if (!options.read_only) {
    ASSIGN_OR_RETURN(Ed25519PrivateKey key, ReadPrivateKeyFile(LedgerKeyPath(directory)));
    if (key.public_key().raw() != store->verifier_->public_key().raw()) {
      return Corrupt("ledger key file " + LedgerKeyPath(directory).string() +
                     " does not match the ledger's public key");
    }
    ASSIGN_OR_RETURN(NoteSigner signer, NoteSigner::Create(store->origin_, std::move(key)));
    store->signer_ = std::make_unique<NoteSigner>(std::move(signer));
  }
  RETURN_IF_ERROR(store->LoadLatestCheckpoint());
  RETURN_IF_ERROR(store->CheckStoredTree());
  return store;
}

Status LogStore::LoadMetadata() {
  auto& db = *handles_->db;
  std::string format;
  rocksdb::Status status = db.Get({}, handles_->meta, log_keys::kFormatKey, &format);
  if (status.IsNotFound() || (status.ok() && format != log_keys::kFormatValue)) {
    return Status(ErrorCode::NotALedger, "database has no Crowdledger format marker (found '" +
                                             format + "', expected '" + log_keys::kFormatValue +
                                             "')");
  }
  RETURN_IF_ERROR(FromRocks(status, "reading the format marker"));
  RETURN_IF_ERROR(
      FromRocks(db.Get({}, handles_->meta, log_keys::kOriginKey, &origin_), "reading the origin"));
  std::string raw_key;
  RETURN_IF_ERROR(FromRocks(db.Get({}, handles_->meta, log_keys::kPublicKeyKey, &raw_key),
                            "reading the ledger public key"));
  auto key = Ed25519PublicKey::FromRaw(AsBytes(raw_key));
  if (!key.ok()) return Corrupt("stored ledger public key: " + key.status().message());
  auto verifier = NoteVerifier::Create(origin_, *key);
  if (!verifier.ok()) return Corrupt("stored origin: " + verifier.status().message());
  verifier_ = std::make_unique<NoteVerifier>(std::move(verifier).value());
  return Status::Ok();
}

Status LogStore::LoadLatestCheckpoint() {
  std::unique_ptr<rocksdb::Iterator> it(handles_->db->NewIterator({}, handles_->checkpoints));
  it->SeekToLast();
  RETURN_IF_ERROR(FromRocks(it->status(), "reading checkpoints"));
  if (!it->Valid()) return Corrupt("the ledger has no checkpoint");
  auto key_size = log_keys::DecodeUint64(it->key().ToStringView());
  auto checkpoint = OpenCheckpoint(it->value().ToStringView(), *verifier_);
  if (!checkpoint.ok()) {
    return Corrupt("latest checkpoint does not verify with the ledger key: " +
                   checkpoint.status().message());
  }
  if (!key_size || *key_size != checkpoint->size) {
    return Corrupt("latest checkpoint is stored under the wrong tree size");
  }
  latest_checkpoint_ = it->value().ToString();
  // Rebuild the frontier from the stored perfect subtrees of this size, largest first.
  uint64_t size = checkpoint->size;
  std::vector<Hash> subtrees;
  uint64_t begin = 0;
  for (int level = 63; level >= 0; --level) {
    uint64_t width = uint64_t{1} << level;
    if ((size & width) == 0) continue;
    auto node = ReadNode(static_cast<uint8_t>(level), begin >> level);
    if (!node.ok())
      return node.status().WithContext("rebuilding the tree of size " + std::to_string(size));
    subtrees.push_back(*node);
    begin += width;
  }
  ASSIGN_OR_RETURN(frontier_, MerkleFrontier::FromSubtrees(size, std::move(subtrees)));
  if (frontier_.Root() != checkpoint->root) {
    return Corrupt("stored Merkle tree of size " + std::to_string(size) + " has root " +
                   HexEncode(frontier_.Root()) + ", the checkpoint says " +
                   HexEncode(checkpoint->root));
  }
  return Status::Ok();
}

Status LogStore::CheckStoredTree() {
  uint64_t size = frontier_.size();
  ASSIGN_OR_RETURN(uint64_t count, CountEntries());
  if (count != size) {
    return Corrupt("the log holds " + std::to_string(count) +
                   " entries but its checkpoint covers " + std::to_string(size));
  }
  if (size == 0) return Status::Ok();
  ASSIGN_OR_RETURN(std::string last, ReadEntry(size - 1));
  ASSIGN_OR_RETURN(Hash leaf, ReadNode(0, size - 1));
  if (MerkleLeafHash(AsBytes(last)) != leaf) {
    return Corrupt("entry " + std::to_string(size - 1) + " does not match its Merkle leaf");
  }
  return Status::Ok();
}

Result<uint64_t> LogStore::CountEntries() const {
  std::unique_ptr<rocksdb::Iterator> it(handles_->db->NewIterator({}, handles_->entries));
  it->SeekToLast();
  RETURN_IF_ERROR(FromRocks(it->status(), "reading entries"));
  if (!it->Valid()) return uint64_t{0};
  auto index = log_keys::DecodeUint64(it->key().ToStringView());
  if (!index) return Corrupt("an entry key is not an 8-byte index");
  return *index + 1;
}

uint64_t LogStore::size() const {
  std::shared_lock lock(committed_mutex_);
  return frontier_.size();
}

std::string LogStore::latest_checkpoint() const {
  std::shared_lock lock(committed_mutex_);
  return latest_checkpoint_;
}

IssuedCheckpoint LogStore::LatestCheckpoint() const {
  std::shared_lock lock(committed_mutex_);  // the frontier and its checkpoint change together
  return IssuedCheckpoint{frontier_.size(), latest_checkpoint_};
}

}  // namespace crowdledger
