// LogStore group commit. The first queued writer leads: it takes everyone queued behind it
// (bounded), builds one WriteBatch with their entries, the Merkle nodes they complete and the
// new checkpoint, writes it with one WAL sync, then wakes them all with their results.
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <algorithm>

#include "ledger/log_keys.h"
#include "ledger/log_store.h"
#include "ledger/log_store_internal.h"

namespace crowdledger {

Result<AppendResult> LogStore::Append(std::vector<std::string> entries) {
  AppendBuilder build = [&entries](uint64_t) -> Result<AppendBatch> {
    return AppendBatch{std::move(entries), {}};
  };
  return Append(build);
}

Result<AppendResult> LogStore::Append(const AppendBuilder& build) {
  if (!signer_) return Status(ErrorCode::UsageError, "the ledger is open read-only");
  Writer self;
  self.build = &build;
  std::unique_lock lock(writers_mutex_);
  writers_.push_back(&self);
  while (!self.done && &self != writers_.front()) self.ready.wait(lock);
  if (self.done) return std::move(self.result);

  // Leader: take the queue's head, bounded, and commit it without holding the queue lock so
  // that new writers can queue up for the next group meanwhile.
  size_t group_size = std::min(writers_.size(), kMaxWritersPerGroup);
  std::vector<Writer*> group(writers_.begin(), writers_.begin() + static_cast<long>(group_size));
  lock.unlock();
  rocksdb::WriteBatch batch;
  Status status = CommitGroup(group, batch);
  lock.lock();
  for (Writer* writer : group) {
    if (!writer->taken) break;  // left for the next group (the byte bound was reached)
    if (!status.ok() && writer->result.ok()) writer->result = status;
    writer->done = true;
    writers_.pop_front();
    if (writer != &self) writer->ready.notify_one();
  }
  if (!writers_.empty()) writers_.front()->ready.notify_one();
  return std::move(self.result);
}

Status LogStore::CommitGroup(const std::vector<Writer*>& group, rocksdb::WriteBatch& batch) {
  if (Status resumed = ResumeAfterFailure(); !resumed.ok()) {
    for (Writer* writer : group) writer->taken = true;
    return resumed;
  }
  MerkleFrontier frontier = frontier_;  // only the leader changes frontier_, so this is stable
  RETURN_IF_ERROR(BuildGroup(group, batch, frontier));
  if (frontier.size() == frontier_.size()) return Status::Ok();  // every builder failed

  ASSIGN_OR_RETURN(std::string checkpoint, SignCheckpointFor(frontier));
  rocksdb::Status put =
      batch.Put(handles_->checkpoints, log_keys::EncodeUint64(frontier.size()), checkpoint);
  if (!put.ok()) return Status(ErrorCode::IoError, "batch: " + put.ToString());
  rocksdb::WriteOptions write_options;
  write_options.sync = options_.sync;
  rocksdb::Status written = handles_->db->Write(write_options, &batch);
  if (!written.ok()) {
    // RocksDB now refuses every write (its background error), and the WAL may hold part of
    // what failed: refuse appends until the database resumes or is reopened. The frontier is
    // unchanged, and the ledger drops the group's state, so memory agrees with the durable log.
    return Fail(Status(ErrorCode::StorageUnavailable,
                       "the ledger's storage failed a write (" + written.ToString() +
                           "); nothing more is logged until it recovers: resubmit later"));
  }
  keys_written_.fetch_add(batch.Count(), std::memory_order_relaxed);
  std::unique_lock lock(committed_mutex_);
  frontier_ = std::move(frontier);
  latest_checkpoint_ = std::move(checkpoint);
  return Status::Ok();
}

Status LogStore::CheckAppendBatch(const AppendBatch& built) {
  if (built.entries.empty()) {
    return Status(ErrorCode::InvalidArgument, "an append needs at least one entry");
  }
  for (const std::string& entry : built.entries) {
    if (entry.size() > kMaxEntryBytes) {
      return Status(ErrorCode::LimitExceeded, "entry of " + std::to_string(entry.size()) +
                                                  " bytes exceeds " +
                                                  std::to_string(kMaxEntryBytes));
    }
  }
  return Status::Ok();
}

Status LogStore::BuildGroup(const std::vector<Writer*>& group, rocksdb::WriteBatch& batch,
                            MerkleFrontier& frontier) {
  for (Writer* writer : group) {
    // The first writer always goes; later ones wait for the next group past the byte bound.
    if (batch.GetDataSize() > kMaxGroupBytes) break;
    writer->taken = true;
    uint64_t first_index = frontier.size();
    Result<AppendBatch> built = (*writer->build)(first_index);
    Status checked = built.ok() ? CheckAppendBatch(*built) : built.status();
    if (!checked.ok()) {
      writer->result = checked;  // this writer fails alone; the group goes on
      continue;
    }
    for (const std::string& entry : built->entries) {
      RETURN_IF_ERROR(PutEntry(entry, batch, frontier));
    }
    // In key order: RocksDB's memtable inserts a run of increasing keys from where the last one
    // went, but a 1,000-pledge transaction's party index keys in apply order cost a full skip
    // list search each (a fifth of the server's time in a profile of such transactions).
    std::sort(built->index_puts.begin(), built->index_puts.end());
    for (const auto& [key, value] : built->index_puts) {
      auto put = batch.Put(handles_->index, key, value);
      if (!put.ok()) return Status(ErrorCode::IoError, "batch: " + put.ToString());
    }
    writer->result = AppendResult{first_index, 0};
  }
  for (Writer* writer : group) {
    if (writer->taken && writer->result.ok()) writer->result->tree_size = frontier.size();
  }
  return Status::Ok();
}

Status LogStore::PutEntry(const std::string& entry, rocksdb::WriteBatch& batch,
                          MerkleFrontier& frontier) {
  auto put = batch.Put(handles_->entries, log_keys::EncodeUint64(frontier.size()), entry);
  if (!put.ok()) return Status(ErrorCode::IoError, "batch: " + put.ToString());
  rocksdb::Status node_status;
  frontier.Append(MerkleLeafHash(AsBytes(entry)), [&](const MerkleFrontier::CompletedNode& node) {
    std::string_view hash = AsText(node.hash);
    auto node_put = batch.Put(handles_->merkle, log_keys::MerkleNodeKey(node.level, node.index),
                              rocksdb::Slice(hash.data(), hash.size()));
    if (node_status.ok()) node_status = node_put;
  });
  if (!node_status.ok()) return Status(ErrorCode::IoError, "batch: " + node_status.ToString());
  return Status::Ok();
}

Result<std::string> LogStore::SignCheckpointFor(const MerkleFrontier& frontier) const {
  Checkpoint checkpoint{origin_, frontier.size(), frontier.Root(), {}};
  return SignCheckpoint(checkpoint, *signer_);
}

Status LogStore::Fail(Status status) {
  std::unique_lock lock(committed_mutex_);
  failure_ = status;
  return status;
}

// DB::Resume() clears RocksDB's background error once the storage works again. It first
// flushes every memtable and moves to a new WAL, so the failed batch (written to the WAL at
// most, never to a memtable) can no longer be replayed, and the log continues from the
// frontier kept in memory. A resume that fails (the fault persists, or RocksDB deems the
// error fatal) is tried again after kResumeInterval; a fatal error needs a reopen.
Status LogStore::ResumeAfterFailure() {
  Status failure;
  {
    std::shared_lock lock(committed_mutex_);
    failure = failure_;
  }
  if (failure.ok()) return failure;
  auto now = std::chrono::steady_clock::now();
  if (!resumable_ || now < next_resume_attempt_) return failure;
  next_resume_attempt_ = now + kResumeInterval;
  rocksdb::Status resumed = handles_->db->Resume();
  if (!resumed.ok()) {
    return Status(ErrorCode::StorageUnavailable,
                  failure.message() + " [resuming failed: " + resumed.ToString() + "]");
  }
  resumed_.store(true, std::memory_order_release);
  // Paired check: the failed batch must have left no entry at the frontier. If it did, the
  // memory no longer matches the database, and only a reopen (replaying it) can continue.
  std::string stored;
  rocksdb::Status probe = handles_->db->Get(rocksdb::ReadOptions(), handles_->entries,
                                            log_keys::EncodeUint64(frontier_.size()), &stored);
  if (!probe.IsNotFound()) {
    resumable_ = false;
    return Fail(Status(ErrorCode::StorageUnavailable,
                       failure.message() + " [after resuming, entry " +
                           std::to_string(frontier_.size()) + " reads " + probe.ToString() +
                           ": the ledger must be reopened]"));
  }
  std::unique_lock lock(committed_mutex_);
  failure_ = Status::Ok();
  return failure_;
}

}  // namespace crowdledger
