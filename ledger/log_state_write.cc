// LogStore::WriteState: a state checkpoint. Its entries-by-party records go through RocksDB's
// write queue in small batches; its items are written to a table file by the checkpoint's own
// thread and taken into the state family whole, atomically (an ingested file).
//
// Why not one WriteBatch: RocksDB has one write queue, and a checkpoint of 200,000 items (16 MB,
// 1,000-pledge transactions) held it for 130 to 320 ms while the items went into the memtable;
// the synced group commit queued behind it waited as long, and the ledger thread with it
// (docs/BENCHMARKS.md, "State checkpoints as table files"). A table file is built without the
// queue, and taking it in holds writes only while RocksDB records the file in its manifest. The
// items no longer pass through the WAL and a memtable flush either: they are written once.
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

// Writes `changes` (in strictly increasing key order, as the state store sorts them) to a table
// file at `path` for `family`, synced.
Status WriteStateTable(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* family,
                       std::span<const StateChange> changes, const std::string& path) {
  rocksdb::Options options = db.GetOptions(family);
  // The items just written are the ones most likely read next: keep them in the page cache.
  constexpr bool kInvalidatePageCache = false;
  rocksdb::SstFileWriter table(rocksdb::EnvOptions(options), options, family, kInvalidatePageCache);
  // RocksDB took the last file in as a hard link; if the process died before that link was
  // removed, opening the path for writing would truncate a live table of the database (the
  // kill test found it). Unlinking first gives the new file an inode of its own.
  (void)std::remove(path.c_str());
  RETURN_IF_ERROR(FromRocks(table.Open(path), "state checkpoint table " + path));
  RETURN_IF_ERROR(AddChanges(
      changes,
      [&](const rocksdb::Slice& key, const rocksdb::Slice& value) { return table.Put(key, value); },
      [&](const rocksdb::Slice& key) { return table.Delete(key); }, "state checkpoint table"));
  return FromRocks(table.Finish(), "state checkpoint table " + path);
}

// The same as one WriteBatch through RocksDB's write queue, unsynced: the next synced append
// makes it durable (the state family shares the log's WAL).
Status WriteStateBatch(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* family,
                       std::span<const StateChange> changes,
                       const rocksdb::WriteOptions& unsynced) {
  rocksdb::WriteBatch batch;
  RETURN_IF_ERROR(AddChanges(
      changes,
      [&](const rocksdb::Slice& key, const rocksdb::Slice& value) {
        return batch.Put(family, key, value);
      },
      [&](const rocksdb::Slice& key) { return batch.Delete(family, key); }, "state batch"));
  return FromRocks(db.Write(unsynced, &batch), "state checkpoint");
}

}  // namespace

Status LogStore::WriteState(std::span<const StateChange> changes,
                            const std::vector<std::string>& index_keys) {
  if (!signer_) return Status(ErrorCode::UsageError, "the ledger is open read-only");
  rocksdb::WriteOptions write_options;
  write_options.sync = false;
  // The index records go through the write queue a few thousand at a time, so that a synced
  // group commit waits behind one small batch at most; written before the state items, they
  // stay correct if the checkpoint is then lost (replay writes them again).
  constexpr size_t kIndexKeysPerBatch = 4096;
  for (size_t first = 0; first < index_keys.size(); first += kIndexKeysPerBatch) {
    rocksdb::WriteBatch batch;
    size_t end = std::min(index_keys.size(), first + kIndexKeysPerBatch);
    for (size_t i = first; i < end; ++i) {
      RETURN_IF_ERROR(
          FromRocks(batch.Put(handles_->index, index_keys[i], rocksdb::Slice()), "index batch"));
    }
    RETURN_IF_ERROR(FromRocks(handles_->db->Write(write_options, &batch), "index records"));
    keys_written_.fetch_add(end - first, std::memory_order_relaxed);
  }
  if (changes.empty()) return Status::Ok();
  // After DB::Resume(), RocksDB 7.8 (Debian 12's) gives an ingested file the number 0 and fails
  // an assertion that aborts the process (seen in StorageFaultTest and PipelineTest, which
  // resume after a full disk). Until the database is reopened, a checkpoint goes through the
  // write queue as one batch, as before.
  if (resumed_.load(std::memory_order_acquire)) {
    return WriteStateBatch(*handles_->db, handles_->state, changes, write_options);
  }

  const std::string& path = handles_->state_table_path;
  Status written = WriteStateTable(*handles_->db, handles_->state, changes, path);
  if (written.ok()) {
    rocksdb::IngestExternalFileOptions ingest;
    ingest.move_files = true;           // a hard link, not a copy
    ingest.write_global_seqno = false;  // the file stays as written (RocksDB >= 5.16 reads it)
    written = FromRocks(handles_->db->IngestExternalFile(handles_->state, {path}, ingest),
                        "state checkpoint");
  }
  // The file is ours until RocksDB took it in (then it holds its own link); a failed
  // checkpoint leaves its items dirty for the next one, which writes the file anew.
  (void)std::remove(path.c_str());
  return written;
}

}  // namespace crowdledger
