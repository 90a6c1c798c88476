// LogStore reads: entries, stored Merkle nodes, roots, proofs and checkpoints at any size.
#include <rocksdb/db.h>

#include <bit>

#include "ledger/log_keys.h"
#include "ledger/log_store.h"
#include "ledger/log_store_internal.h"

namespace crowdledger {
namespace {

Status BeyondSize(const std::string& what, uint64_t value, uint64_t size) {
  return Status(
      ErrorCode::InvalidArgument,
      what + " " + std::to_string(value) + " is beyond the ledger's size " + std::to_string(size));
}

}  // namespace

Result<std::string> LogStore::ReadEntry(uint64_t index) const {
  uint64_t committed = size();
  if (index >= committed) return BeyondSize("entry index", index, committed);
  std::string value;
  auto status = handles_->db->Get({}, handles_->entries, log_keys::EncodeUint64(index), &value);
  if (status.IsNotFound())
    return Status(ErrorCode::Corruption, "entry " + std::to_string(index) + " is missing");
  RETURN_IF_ERROR(FromRocks(status, "entry " + std::to_string(index)));
  return value;
}

Status LogStore::ForEachEntry(
    uint64_t begin, uint64_t end,
    const std::function<Status(uint64_t, std::string_view)>& visit) const {
  uint64_t committed = size();
  if (end > committed) return BeyondSize("end", end, committed);
  rocksdb::ReadOptions read_options;
  read_options.fill_cache = false;  // a scan must not evict the proof working set
  std::unique_ptr<rocksdb::Iterator> it(handles_->db->NewIterator(read_options, handles_->entries));
  uint64_t expected = begin;
  for (it->Seek(log_keys::EncodeUint64(begin)); it->Valid() && expected < end; it->Next()) {
    auto index = log_keys::DecodeUint64(it->key().ToStringView());
    if (!index || *index != expected) {
      return Status(ErrorCode::Corruption, "entry " + std::to_string(expected) + " is missing");
    }
    RETURN_IF_ERROR(visit(expected, it->value().ToStringView()));
    ++expected;
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "reading entries"));
  if (expected < end) {
    return Status(ErrorCode::Corruption, "entry " + std::to_string(expected) + " is missing");
  }
  return Status::Ok();
}

Result<std::string> LogStore::ReadIndex(const std::string& key) const {
  std::string value;
  RETURN_IF_ERROR(FromRocks(handles_->db->Get({}, handles_->index, key, &value), "index record"));
  return value;
}

Result<std::vector<std::string>> LogStore::ScanIndex(std::string_view prefix,
                                                     std::string_view start, size_t limit) const {
  std::unique_ptr<rocksdb::Iterator> iterator(
      handles_->db->NewIterator(rocksdb::ReadOptions(), handles_->index));
  std::vector<std::string> keys;
  std::string_view first = start < prefix ? prefix : start;
  for (iterator->Seek(rocksdb::Slice(first.data(), first.size()));
       iterator->Valid() && keys.size() < limit; iterator->Next()) {
    std::string_view key(iterator->key().data(), iterator->key().size());
    if (!key.starts_with(prefix)) break;
    keys.emplace_back(key);
  }
  RETURN_IF_ERROR(FromRocks(iterator->status(), "index scan"));
  return keys;
}

Result<std::optional<std::string>> LogStore::ReadState(const std::string& key) const {
  std::string value;
  auto status = handles_->db->Get({}, handles_->state, key, &value);
  if (status.IsNotFound()) return std::optional<std::string>();
  RETURN_IF_ERROR(FromRocks(status, "state item"));
  return std::optional<std::string>(std::move(value));
}

Result<Hash> LogStore::ReadNode(uint8_t level, uint64_t index) const {
  std::string value;
  auto status =
      handles_->db->Get({}, handles_->merkle, log_keys::MerkleNodeKey(level, index), &value);
  std::string what =
      "Merkle node (level " + std::to_string(level) + ", index " + std::to_string(index) + ")";
  if (status.IsNotFound()) return Status(ErrorCode::Corruption, what + " is missing");
  RETURN_IF_ERROR(FromRocks(status, what));
  Hash hash;
  if (value.size() != hash.size()) return Status(ErrorCode::Corruption, what + " is not 32 bytes");
  std::copy(value.begin(), value.end(), hash.begin());
  return hash;
}

Result<std::string> LogStore::ReadNodes(uint8_t level, uint64_t first, uint64_t count) const {
  uint64_t committed = size();
  // Nodes of this level inside the tree: [0, committed >> level); level 64 holds none.
  uint64_t nodes = level < 64 ? committed >> level : 0;
  if (first > nodes || count > nodes - first) {
    return Status(ErrorCode::InvalidArgument,
                  "Merkle nodes [" + std::to_string(first) + ", +" + std::to_string(count) +
                      ") of level " + std::to_string(level) + " are beyond the tree of size " +
                      std::to_string(committed));
  }
  constexpr size_t kNodeBytes = std::tuple_size_v<Hash>;
  auto bad_node = [level](uint64_t index, const char* why) {
    return Status(ErrorCode::Corruption, "Merkle node (level " + std::to_string(level) +
                                             ", index " + std::to_string(index) + ") " + why);
  };
  std::string out;
  out.reserve(count * kNodeBytes);
  std::string upper = log_keys::MerkleNodeKey(level, first + count);
  rocksdb::Slice upper_bound(upper);
  rocksdb::ReadOptions read_options;
  read_options.iterate_upper_bound = &upper_bound;
  std::unique_ptr<rocksdb::Iterator> it(handles_->db->NewIterator(read_options, handles_->merkle));
  uint64_t expected = first;
  for (it->Seek(log_keys::MerkleNodeKey(level, first)); it->Valid() && expected < first + count;
       it->Next()) {
    if (it->key() != rocksdb::Slice(log_keys::MerkleNodeKey(level, expected))) {
      return bad_node(expected, "is missing");
    }
    if (it->value().size() != kNodeBytes) return bad_node(expected, "is not 32 bytes");
    out.append(it->value().data(), it->value().size());
    ++expected;
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "reading Merkle nodes"));
  if (expected < first + count) return bad_node(expected, "is missing");
  return out;
}

Result<Hash> LogStore::SubtreeHash(uint64_t begin, uint64_t end) const {
  uint64_t width = end - begin;
  if (begin >= end || end > size()) {
    return Status(ErrorCode::InvalidArgument, "subtree [" + std::to_string(begin) + ", " +
                                                  std::to_string(end) + ") is out of range");
  }
  // A perfect, aligned subtree is one stored node; any other is split as the RFC splits it.
  if (std::has_single_bit(width) && begin % width == 0) {
    return ReadNode(static_cast<uint8_t>(std::countr_zero(width)), begin / width);
  }
  uint64_t k = MerkleSplit(width);
  ASSIGN_OR_RETURN(Hash left, SubtreeHash(begin, begin + k));
  ASSIGN_OR_RETURN(Hash right, SubtreeHash(begin + k, end));
  return MerkleNodeHash(left, right);
}

Result<Hash> LogStore::Root(uint64_t tree_size) const {
  uint64_t committed = size();
  if (tree_size > committed) return BeyondSize("tree size", tree_size, committed);
  return MerkleRoot(tree_size, [this](uint64_t b, uint64_t e) { return SubtreeHash(b, e); });
}

Result<std::vector<Hash>> LogStore::InclusionProof(uint64_t index, uint64_t tree_size) const {
  uint64_t committed = size();
  if (tree_size > committed) return BeyondSize("tree size", tree_size, committed);
  return MerkleInclusionProof(index, tree_size,
                              [this](uint64_t b, uint64_t e) { return SubtreeHash(b, e); });
}

Result<std::vector<Hash>> LogStore::ConsistencyProof(uint64_t old_size, uint64_t new_size) const {
  uint64_t committed = size();
  if (new_size > committed) return BeyondSize("tree size", new_size, committed);
  return MerkleConsistencyProof(old_size, new_size,
                                [this](uint64_t b, uint64_t e) { return SubtreeHash(b, e); });
}

Result<std::string> LogStore::CheckpointAt(uint64_t tree_size) const {
  std::string note;
  auto status =
      handles_->db->Get({}, handles_->checkpoints, log_keys::EncodeUint64(tree_size), &note);
  if (status.IsNotFound()) {
    return Status(ErrorCode::NotFound,
                  "no checkpoint was issued at tree size " + std::to_string(tree_size));
  }
  RETURN_IF_ERROR(FromRocks(status, "checkpoint " + std::to_string(tree_size)));
  return note;
}

Result<std::vector<std::pair<uint64_t, std::string>>> LogStore::CheckpointsAfter(
    uint64_t after, uint64_t up_to, size_t limit) const {
  std::vector<std::pair<uint64_t, std::string>> found;
  if (after == UINT64_MAX) return found;
  std::unique_ptr<rocksdb::Iterator> it(handles_->db->NewIterator({}, handles_->checkpoints));
  for (it->Seek(log_keys::EncodeUint64(after + 1)); it->Valid() && found.size() < limit;
       it->Next()) {
    auto size = log_keys::DecodeUint64(it->key().ToStringView());
    if (!size) return Status(ErrorCode::Corruption, "a checkpoint key is not a tree size");
    if (*size > up_to) break;
    found.emplace_back(*size, it->value().ToString());
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "reading checkpoints"));
  return found;
}

Status LogStore::ForEachStateItem(
    const std::function<Status(std::string_view, std::string_view)>& visit) const {
  rocksdb::ReadOptions read_options;
  read_options.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(handles_->db->NewIterator(read_options, handles_->state));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    RETURN_IF_ERROR(visit(it->key().ToStringView(), it->value().ToStringView()));
  }
  return FromRocks(it->status(), "reading the state");
}

}  // namespace crowdledger
