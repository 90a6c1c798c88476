// LogStore figures for operators: RocksDB properties and the live WAL's size, read without
// locks (RocksDB's own calls are thread-safe).
#include <rocksdb/db.h>
#include <rocksdb/transaction_log.h>

#include "ledger/log_store.h"
#include "ledger/log_store_internal.h"

namespace crowdledger {

Result<uint64_t> LogStore::AggregatedIntProperty(const std::string& name) const {
  uint64_t value = 0;
  if (!handles_->db->GetAggregatedIntProperty(name, &value)) {
    return Status(ErrorCode::NotFound, "RocksDB has no integer property " + name);
  }
  return value;
}

Result<uint64_t> LogStore::LiveWalBytes() const {
  rocksdb::VectorLogPtr files;
  RETURN_IF_ERROR(FromRocks(handles_->db->GetSortedWalFiles(files), "listing the WAL files"));
  uint64_t bytes = 0;
  for (const auto& file : files) {
    if (file->Type() == rocksdb::kAliveLogFile) bytes += file->SizeFileBytes();
  }
  return bytes;
}

}  // namespace crowdledger
