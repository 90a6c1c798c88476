// LogStore::WriteState: a state checkpoint. Its entries-by-party records and its items are
// written to two table files by the checkpoint's own thread and taken into the index and state
// families together, atomically (one ingestion of both files).
//
// Why not WriteBatches: RocksDB has one write queue, and a checkpoint of 200,000 items (16 MB,
// 1,000-pledge transactions) held it for 130 to 320 ms while the items went into the memtable;
// the synced group commit queued behind it waited as long, and the ledger thread with it
// (docs/BENCHMARKS.md, "State checkpoints as table files"). A table file is built without the
// queue, and taking it in holds writes only while RocksDB records the file in its manifest. The
// records no longer pass through the WAL, a memtable and its flush either: they are written
// once. The index records went through the queue in small batches until the checkpoint thread
// was found spending half its time inserting them into the memtable (docs/BENCHMARKS.md,
// "Entries-by-party records as a table file").
#include <rocksdb/db.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <cstdio>

#include "ledger/log_store.h"
#include "ledger/log_store_internal.h"

namespace crowdledger {
namespace {

// Hands each change to `put` (a value) or `erase` (a deletion), as RocksDB slices.
template <typename Put, typename Erase>
Status AddChanges(std::span<const StateChange> changes, Put put, Erase erase, const char* what) {
  for (const auto& [key, value] : changes) {
    rocksdb::Slice key_slice(key.data(), key.size());
    rocksdb::Status added =
        value ? put(key_slice, rocksdb::Slice(value->data(), value->size())) : erase(key_slice);
    RETURN_IF_ERROR(FromRocks(added, what));
  }
  return Status::Ok();
}

// Writes a table file at `path` for `family`, synced: `add(table)` puts its records, in
// strictly increasing key order.
template <typename Add>
Status WriteTable(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* family, const std::string& path,
                  Add add) {
  rocksdb::Options options = db.GetOptions(family);
  // The records just written are the ones most likely read next: keep them in the page cache.
  constexpr bool kInvalidatePageCache = false;
  rocksdb::SstFileWriter table(rocksdb::EnvOptions(options), options, family, kInvalidatePageCache);
  // RocksDB took the last file in as a hard link; if the process died before that link was
  // removed, opening the path for writing would truncate a live table of the database (the
  // kill test found it). Unlinking first gives the new file an inode of its own.
  (void)std::remove(path.c_str());
  RETURN_IF_ERROR(FromRocks(table.Open(path), "checkpoint table " + path));
  RETURN_IF_ERROR(add(table));
  return FromRocks(table.Finish(), "checkpoint table " + path);
}

Status WriteStateTable(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* family,
                       std::span<const StateChange> changes, const std::string& path) {
  return WriteTable(db, family, path, [&](rocksdb::SstFileWriter& table) {
    return AddChanges(
        changes,
        [&](const rocksdb::Slice& key, const rocksdb::Slice& value) {
          return table.Put(key, value);
        },
        [&](const rocksdb::Slice& key) { return table.Delete(key); }, "state checkpoint table");
  });
}

Status WriteIndexTable(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* family,
                       const std::vector<std::string>& index_keys, const std::string& path) {
  return WriteTable(db, family, path, [&](rocksdb::SstFileWriter& table) {
    for (const std::string& key : index_keys) {
      RETURN_IF_ERROR(FromRocks(table.Put(key, rocksdb::Slice()), "index checkpoint table"));
    }
    return Status::Ok();
  });
}

// The same through RocksDB's write queue, unsynced (the next synced append makes them durable:
// every family shares the log's WAL): the index records first, a few thousand to a batch, so
// that a synced group commit waits behind one small batch at most; then the items in one.
Status WriteCheckpointBatches(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* index,
                              const std::vector<std::string>& index_keys,
                              rocksdb::ColumnFamilyHandle* state,
                              std::span<const StateChange> changes) {
  rocksdb::WriteOptions unsynced;
  unsynced.sync = false;
  constexpr size_t kIndexKeysPerBatch = 4096;
  for (size_t first = 0; first < index_keys.size(); first += kIndexKeysPerBatch) {
    rocksdb::WriteBatch batch;
    size_t end = std::min(index_keys.size(), first + kIndexKeysPerBatch);
    for (size_t i = first; i < end; ++i) {
      RETURN_IF_ERROR(FromRocks(batch.Put(index, index_keys[i], rocksdb::Slice()), "index batch"));
    }
    RETURN_IF_ERROR(FromRocks(db.Write(unsynced, &batch), "index records"));
  }
  if (changes.empty()) return Status::Ok();
  rocksdb::WriteBatch batch;
  RETURN_IF_ERROR(AddChanges(
      changes,
      [&](const rocksdb::Slice& key, const rocksdb::Slice& value) {
        return batch.Put(state, key, value);
      },
      [&](const rocksdb::Slice& key) { return batch.Delete(state, key); }, "state batch"));
  return FromRocks(db.Write(unsynced, &batch), "state checkpoint");
}

}  // namespace

Status LogStore::WriteState(std::span<const StateChange> changes,
                            const std::vector<std::string>& index_keys) {
  if (!signer_) return Status(ErrorCode::UsageError, "the ledger is open read-only");
  // After DB::Resume(), RocksDB 7.8 (Debian 12's) gives an ingested file the number 0 and fails
  // an assertion that aborts the process (seen in StorageFaultTest and PipelineTest, which
  // resume after a full disk). Until the database is reopened, a checkpoint goes through the
  // write queue, as before.
  Status written = resumed_.load(std::memory_order_acquire)
                       ? WriteCheckpointBatches(*handles_->db, handles_->index, index_keys,
                                                handles_->state, changes)
                       : WriteCheckpointTables(changes, index_keys);
  if (written.ok()) keys_written_.fetch_add(index_keys.size(), std::memory_order_relaxed);
  return written;
}

Status LogStore::WriteCheckpointTables(std::span<const StateChange> changes,
                                       const std::vector<std::string>& index_keys) {
  // Both files or neither: the index records are derived from entries the checkpoint covers,
  // and replay writes them again whenever the checkpoint is lost.
  std::vector<rocksdb::IngestExternalFileArg> files;
  auto take_in = [&files](rocksdb::ColumnFamilyHandle* family, const std::string& path) {
    rocksdb::IngestExternalFileArg file;
    file.column_family = family;
    file.external_files = {path};
    file.options.move_files = true;           // a hard link, not a copy
    file.options.write_global_seqno = false;  // the file stays as written (RocksDB >= 5.16)
    files.push_back(std::move(file));
  };
  Status written = Status::Ok();
  if (!index_keys.empty()) {
    take_in(handles_->index, handles_->index_table_path);
    written =
        WriteIndexTable(*handles_->db, handles_->index, index_keys, handles_->index_table_path);
  }
  if (written.ok() && !changes.empty()) {
    take_in(handles_->state, handles_->state_table_path);
    written = WriteStateTable(*handles_->db, handles_->state, changes, handles_->state_table_path);
  }
  if (written.ok() && !files.empty()) {
    written = FromRocks(handles_->db->IngestExternalFiles(files), "state checkpoint");
  }
  // The files are ours until RocksDB took them in (then it holds its own links); a failed
  // checkpoint leaves its items dirty and its index records unwritten for the next one, which
  // writes the files anew.
  for (const auto& file : files) (void)std::remove(file.external_files.front().c_str());
  return written;
}

}  // namespace crowdledger
