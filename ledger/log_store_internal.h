// LogStore internals shared by its implementation files: the RocksDB handles, the group
// commit's writer record, and the mapping of RocksDB statuses to ours.
#pragma once

#include <rocksdb/db.h>

#include <condition_variable>
#include <memory>
#include <vector>

#include "ledger/log_store.h"

namespace crowdledger {

struct LogStore::Writer {
  const AppendBuilder* build = nullptr;
  Result<AppendResult> result = AppendResult{};
  bool taken = false;  // the leader included it in the group being committed
  bool done = false;
  std::condition_variable ready;
};

// The state checkpoint's table files, in the ledger directory (see Handles::state_table_path).
inline constexpr char kStateTableFile[] = "state-checkpoint.sst";
inline constexpr char kIndexTableFile[] = "index-checkpoint.sst";

struct LogStore::Handles {
  std::unique_ptr<rocksdb::DB> db;
  rocksdb::ColumnFamilyHandle* meta = nullptr;
  rocksdb::ColumnFamilyHandle* entries = nullptr;
  rocksdb::ColumnFamilyHandle* merkle = nullptr;
  rocksdb::ColumnFamilyHandle* checkpoints = nullptr;
  rocksdb::ColumnFamilyHandle* index = nullptr;
  rocksdb::ColumnFamilyHandle* state = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> all;
  // Where a state checkpoint builds its table files before RocksDB takes them in (beside the
  // database, on the same file system, so that RocksDB takes them in as hard links).
  std::string state_table_path;
  std::string index_table_path;

  ~Handles() {
    for (auto* handle : all) {
      if (db) (void)db->DestroyColumnFamilyHandle(handle);
    }
  }
};

// NotFound maps to NotFound; corruption to Corruption; anything else to IoError.
inline Status FromRocks(const rocksdb::Status& status, const std::string& what) {
  if (status.ok()) return Status::Ok();
  if (status.IsNotFound()) return Status(ErrorCode::NotFound, what + " is missing");
  ErrorCode code = status.IsCorruption() ? ErrorCode::Corruption : ErrorCode::IoError;
  return Status(code, what + ": " + status.ToString());
}

}  // namespace crowdledger
