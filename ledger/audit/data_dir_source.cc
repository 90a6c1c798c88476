// DataDirSource: a ledger directory opened read-only.
#include "ledger/audit/data_dir_source.h"

#include <algorithm>
#include <cstring>

#include "ledger/log_keys.h"
#include "ledger/state/state_store.h"

namespace crowdledger {

Result<std::unique_ptr<DataDirSource>> DataDirSource::Open(const std::filesystem::path& directory) {
  LogStoreOptions options;
  options.read_only = true;
  ASSIGN_OR_RETURN(auto log, LogStore::Open(directory, options));
  return std::unique_ptr<DataDirSource>(new DataDirSource(directory, std::move(log)));
}

std::string DataDirSource::Describe() const { return "data directory " + directory_.string(); }

Result<uint64_t> DataDirSource::Size() { return log_->size(); }

Status DataDirSource::ReadEntries(uint64_t begin, uint64_t end, std::vector<std::string>& out) {
  Status read = log_->ForEachEntry(begin, end, [&out](uint64_t, std::string_view bytes) {
    out.emplace_back(bytes);
    return Status::Ok();
  });
  // A gap ends the read early: the caller sees which entry is absent.
  if (!read.ok() && read.code() == ErrorCode::Corruption &&
      read.message().find("is missing") != std::string::npos) {
    return Status::Ok();
  }
  return read;
}

Result<std::vector<SignedCheckpointNote>> DataDirSource::Checkpoints(uint64_t after, uint64_t up_to,
                                                                     size_t limit) {
  ASSIGN_OR_RETURN(auto stored, log_->CheckpointsAfter(after, up_to, limit));
  std::vector<SignedCheckpointNote> notes;
  notes.reserve(stored.size());
  for (auto& [size, note] : stored) notes.push_back({size, std::move(note)});
  return notes;
}

Result<std::optional<Hash>> DataDirSource::StoredLeafHash(uint64_t index) {
  constexpr size_t kLeafBytes = std::tuple_size_v<Hash>;
  if (index < leaves_begin_ || index - leaves_begin_ >= leaves_.size() / kLeafBytes) {
    leaves_begin_ = index;
    leaves_.clear();
    uint64_t size = log_->size();
    uint64_t count = index < size ? std::min(kLeafBatch, size - index) : 0;
    auto batch = log_->ReadNodes(0, index, count);
    if (batch.ok()) {
      leaves_ = std::move(*batch);
    } else {
      // Damage in the batch: the leaves before it one by one, and the damaged one's own error.
      for (uint64_t i = index; i < index + count; ++i) {
        auto leaf = log_->SubtreeHash(i, i + 1);
        if (!leaf.ok()) break;
        leaves_.append(reinterpret_cast<const char*>(leaf->data()), leaf->size());
      }
    }
    if (leaves_.empty()) {
      ASSIGN_OR_RETURN(Hash leaf, log_->SubtreeHash(index, index + 1));
      return std::optional<Hash>(leaf);
    }
  }
  Hash leaf;
  std::memcpy(leaf.data(), leaves_.data() + (index - leaves_begin_) * kLeafBytes, kLeafBytes);
  return std::optional<Hash>(leaf);
}

Result<std::optional<std::vector<Hash>>> DataDirSource::ConsistencyProof(uint64_t old_size,
                                                                         uint64_t new_size) {
  ASSIGN_OR_RETURN(auto proof, log_->ConsistencyProof(old_size, new_size));
  return std::optional<std::vector<Hash>>(std::move(proof));
}

Result<std::optional<uint64_t>> DataDirSource::StoredStateSequence() {
  ASSIGN_OR_RETURN(auto stored, log_->ReadState(kStateAppliedSequenceKey));
  if (!stored) return std::optional<uint64_t>(0);
  auto sequence = log_keys::DecodeUint64(*stored);
  if (!sequence) return Status(ErrorCode::Corruption, "the stored state's header is damaged");
  return std::optional<uint64_t>(*sequence);
}

Status DataDirSource::ForEachStateItem(
    const std::function<Status(std::string_view, std::string_view)>& visit) {
  return log_->ForEachStateItem(visit);
}

}  // namespace crowdledger
