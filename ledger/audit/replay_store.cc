// ReplayStore: a plain RocksDB database (default column family) of state items. See the header.
#include "ledger/audit/replay_store.h"

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include "ledger/log_keys.h"
#include "ledger/log_store_internal.h"
#include "ledger/state/state_digest.h"

namespace crowdledger {
namespace {

constexpr char kLastEntryTimeKey[] = "#auditor_last_entry_time";

}  // namespace

ReplayStore::ReplayStore(std::filesystem::path directory, std::unique_ptr<rocksdb::DB> db)
    : directory_(std::move(directory)), db_(std::move(db)) {}

ReplayStore::~ReplayStore() = default;

Result<std::unique_ptr<ReplayStore>> ReplayStore::Open(const std::filesystem::path& directory) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) {
    return Status(ErrorCode::IoError,
                  "the auditor's replay store " + directory.string() + ": " + error.message());
  }
  rocksdb::Options options;
  options.create_if_missing = true;
  options.max_open_files = 256;
  rocksdb::DB* db = nullptr;
  RETURN_IF_ERROR(FromRocks(rocksdb::DB::Open(options, directory.string(), &db),
                            "the auditor's replay store " + directory.string()));
  return std::unique_ptr<ReplayStore>(new ReplayStore(directory, std::unique_ptr<rocksdb::DB>(db)));
}

Result<std::optional<std::string>> ReplayStore::Get(const std::string& key) const {
  std::string value;
  rocksdb::Status status = db_->Get(rocksdb::ReadOptions(), key, &value);
  if (status.IsNotFound()) return std::optional<std::string>();
  RETURN_IF_ERROR(FromRocks(status, "replay item " + key));
  return std::optional<std::string>(std::move(value));
}

Status ReplayStore::Write(std::span<const StateChange> changes) {
  rocksdb::WriteBatch batch;
  for (const auto& [key, value] : changes) {
    rocksdb::Slice key_slice(key.data(), key.size());
    rocksdb::Status status =
        value ? batch.Put(key_slice, rocksdb::Slice(value->data(), value->size()))
              : batch.Delete(key_slice);
    RETURN_IF_ERROR(FromRocks(status, "replay batch"));
  }
  return FromRocks(db_->Write(rocksdb::WriteOptions(), &batch), "replay batch");
}

Status ReplayStore::Clear() {
  // Every key sorts below "\xff\xff": items start with a lower-case letter, headers with '#'.
  rocksdb::WriteBatch batch;
  RETURN_IF_ERROR(FromRocks(batch.DeleteRange(std::string(), std::string("\xff\xff", 2)),
                            "clearing the replay store"));
  return FromRocks(db_->Write(rocksdb::WriteOptions(), &batch), "clearing the replay store");
}

Status ReplayStore::ForEachItem(
    std::string_view prefix,
    const std::function<Status(std::string_view, std::string_view)>& visit) const {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  for (it->Seek(rocksdb::Slice(prefix.data(), prefix.size())); it->Valid(); it->Next()) {
    std::string_view key(it->key().data(), it->key().size());
    if (!key.starts_with(prefix)) break;
    std::string_view stored(it->value().data(), it->value().size());
    if (stored.size() < sizeof(Hash) ||
        AsText(StateItemHash(key, stored.substr(sizeof(Hash)))) != stored.substr(0, sizeof(Hash))) {
      return Status(ErrorCode::Corruption,
                    "replay item " + std::string(key) + " does not match its stored hash");
    }
    RETURN_IF_ERROR(visit(key, stored.substr(sizeof(Hash))));
  }
  return FromRocks(it->status(), "reading the replay store");
}

Result<std::optional<int64_t>> ReplayStore::ResumableAt(uint64_t size, const Hash& digest) const {
  ASSIGN_OR_RETURN(auto sequence, Get(kStateAppliedSequenceKey));
  ASSIGN_OR_RETURN(auto stored_digest, Get(kStateDigestKey));
  auto last_time = LastEntryTime();
  std::optional<uint64_t> applied =
      sequence ? log_keys::DecodeUint64(*sequence) : std::optional<uint64_t>();
  if (!last_time.ok() || !*last_time || applied != size || !stored_digest ||
      *stored_digest != AsText(digest)) {
    return std::optional<int64_t>();
  }
  return *last_time;
}

Result<std::optional<int64_t>> ReplayStore::LastEntryTime() const {
  ASSIGN_OR_RETURN(auto stored, Get(kLastEntryTimeKey));
  if (!stored) return std::optional<int64_t>();
  auto decoded = log_keys::DecodeUint64(*stored);
  if (!decoded) return Status(ErrorCode::Corruption, "the replay store's entry time is damaged");
  return std::optional<int64_t>(static_cast<int64_t>(*decoded));
}

Status ReplayStore::SetLastEntryTime(int64_t time_us) {
  rocksdb::WriteOptions options;
  options.sync = true;  // the state file, written next, must never claim more than this holds
  return FromRocks(
      db_->Put(options, kLastEntryTimeKey, log_keys::EncodeUint64(static_cast<uint64_t>(time_us))),
      "the replay store's entry time");
}

}  // namespace crowdledger
