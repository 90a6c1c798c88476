// StateStore: overlays, digest maintenance, cache eviction and checkpoints. See the header.
#include "ledger/state/state_store.h"

#include <algorithm>
#include <tuple>

#include "ledger/log_keys.h"
#include "ledger/thread_name.h"
#include "ledger/thread_priority.h"

namespace crowdledger {
namespace {

Status CorruptState(std::string_view key, const std::string& what) {
  return Status(ErrorCode::Corruption, "state item '" + std::string(key) + "' " + what);
}

}  // namespace

StateStore::StateStore(StateBackend& backend, StateStoreOptions options)
    : backend_(backend), options_(options) {}

Status StateStore::Load() {
  ASSIGN_OR_RETURN(auto sequence, backend_.Get(kStateAppliedSequenceKey));
  ASSIGN_OR_RETURN(auto digest, backend_.Get(kStateDigestKey));
  if (!sequence && !digest) return Status::Ok();  // a state that never checkpointed
  auto decoded = sequence ? log_keys::DecodeUint64(*sequence) : std::nullopt;
  if (!decoded || !digest || digest->size() != sizeof(Hash)) {
    return Status(ErrorCode::Corruption, "state checkpoint header is damaged");
  }
  applied_sequence_ = *decoded;
  Hash value;
  std::copy(digest->begin(), digest->end(), value.begin());
  published_digest_ = pending_digest_ = StateDigest(value);
  return Status::Ok();
}

StateStore::Node& StateStore::Find(std::string_view key) {
  if (auto found = items_.find(key); found != items_.end()) return *found;
  if (items_.size() >= std::max(options_.max_cached_items, evict_at_)) EvictCleanItems();
  return *items_.emplace(std::piecewise_construct, std::forward_as_tuple(key), std::tuple<>())
              .first;
}

void StateStore::Prefetch(std::string_view key, PrefetchStep step) const {
  switch (step) {
    case PrefetchStep::kSlots:
      items_.prefetch(key);
      return;
    case PrefetchStep::kEntry:
      // Finds nothing: the probe's comparison with a matching stored key prefetches its node.
      (void)items_.find(StateKeyPrefetch{key, sizeof(Node)});
      return;
  }
}

Status StateStore::EnsureLoaded(Node& node) const {
  Entry& entry = node.second;
  if (entry.loaded) return Status::Ok();
  const std::string key = node.first.str();
  ASSIGN_OR_RETURN(auto stored, backend_.Get(key));
  if (stored) {
    if (stored->size() < sizeof(Hash)) return CorruptState(key, "is shorter than its hash");
    std::string value = stored->substr(sizeof(Hash));
    Hash hash = StateItemHash(key, value);
    if (AsText(hash) != std::string_view(*stored).substr(0, sizeof(Hash))) {
      return CorruptState(key, "does not match its stored hash");
    }
    entry.published = Layer{std::move(value), hash};
  }
  entry.loaded = true;
  return Status::Ok();
}

const StateStore::Layer& StateStore::Below(const Entry& entry) const {
  return entry.in_group    ? group_[entry.group_at].layer
         : entry.in_sealed ? sealed_[entry.sealed_at].layer
                           : entry.published;
}

const std::optional<std::string>& StateStore::Current(const Entry& entry) const {
  return entry.in_transaction ? transaction_[entry.staged_at].value : Below(entry).value;
}

Result<const std::string*> StateStore::Peek(std::string_view key) {
  Node& node = Find(key);
  const Entry& entry = node.second;
  if (!entry.in_transaction && !entry.in_group && !entry.in_sealed) {
    RETURN_IF_ERROR(EnsureLoaded(node));
  }
  const std::optional<std::string>& value = Current(entry);
  return value ? &*value : nullptr;
}

Result<std::optional<std::string>> StateStore::Get(std::string_view key) {
  ASSIGN_OR_RETURN(const std::string* value, Peek(key));
  if (value == nullptr) return std::optional<std::string>();
  return std::optional<std::string>(*value);
}

void StateStore::Stage(std::string_view key, std::optional<std::string> value) {
  Stage(Find(key), std::move(value));
}

void StateStore::Stage(Node& node, std::optional<std::string> value) {
  Entry& entry = node.second;
  if (entry.in_transaction) {
    transaction_[entry.staged_at].value = std::move(value);
    return;
  }
  entry.in_transaction = true;
  entry.staged_at = static_cast<uint32_t>(transaction_.size());
  transaction_.push_back(Staged{&node, std::move(value)});
}

void StateStore::Put(std::string_view key, std::string value) { Stage(key, std::move(value)); }

void StateStore::Delete(std::string_view key) { Stage(key, std::nullopt); }

Status StateStore::PutNew(std::string_view key, std::string value) {
  Node& node = Find(key);
  Entry& entry = node.second;
  // Published values are nullopt until loaded: only what the store knows is checked.
  if (Current(entry))
    return CorruptState(key, "holds a value where a new list position was expected");
  // Absent below whatever is staged: the backend is not asked (see the header).
  entry.loaded = true;
  Stage(node, std::move(value));
  return Status::Ok();
}

void StateStore::AbortTransaction() {
  for (const Staged& staged : transaction_) staged.node->second.in_transaction = false;
  transaction_.clear();
}

Result<Hash> StateStore::CommitTransaction() {
  // First every current item is loaded, so that a failed read leaves the pending group
  // untouched; then the digest changes once per key, however often the key was written.
  for (const Staged& staged : transaction_) {
    const Entry& entry = staged.node->second;
    if (entry.in_group || entry.in_sealed) continue;
    Status loaded = EnsureLoaded(*staged.node);
    if (!loaded.ok()) {
      AbortTransaction();
      return loaded;
    }
  }
  for (Staged& staged : transaction_) {
    Entry& entry = staged.node->second;
    const Layer& below = Below(entry);
    if (below.value) pending_digest_.Remove(below.hash);
    Layer next;
    if (staged.value) {
      next.hash = StateItemHash(staged.node->first.view(), *staged.value);
      pending_digest_.Add(next.hash);
    }
    next.value = std::move(staged.value);
    entry.in_transaction = false;
    if (entry.in_group) {
      group_[entry.group_at].layer = std::move(next);
    } else {
      entry.in_group = true;
      entry.group_at = static_cast<uint32_t>(group_.size());
      group_.push_back(Changed{staged.node, std::move(next)});
    }
  }
  transaction_.clear();
  return pending_digest_.value();
}

void StateStore::Publish(Node& node, Layer&& layer) {
  Entry& entry = node.second;
  entry.published = std::move(layer);
  entry.loaded = true;
  // A newer value than the one a background checkpoint is writing: the next one writes it.
  entry.flushing = false;
  if (!entry.dirty) dirty_.push_back(&node);
  entry.dirty = true;
}

void StateStore::PublishGroup(uint64_t applied_sequence) {
  for (Changed& changed : group_) {
    changed.node->second.in_group = false;
    Publish(*changed.node, std::move(changed.layer));
  }
  group_.clear();
  published_digest_ = pending_digest_;
  applied_sequence_ = applied_sequence;
}

void StateStore::SealGroup() {
  // The group's list becomes the sealed one as it is (nothing is sealed before: the sealed
  // list is empty), so only the entries' flags and indexes change.
  for (Changed& changed : group_) {
    Entry& entry = changed.node->second;
    entry.sealed_at = entry.group_at;
    entry.in_group = false;
    entry.in_sealed = true;
  }
  sealed_.clear();
  std::swap(sealed_, group_);  // the emptied list keeps its capacity for the next group
  sealed_digest_ = pending_digest_;
}

void StateStore::PublishSealed(uint64_t applied_sequence) {
  for (Changed& changed : sealed_) {
    changed.node->second.in_sealed = false;
    Publish(*changed.node, std::move(changed.layer));
  }
  sealed_.clear();
  published_digest_ = *sealed_digest_;
  sealed_digest_.reset();
  applied_sequence_ = applied_sequence;
}

void StateStore::DiscardGroup() {
  AbortTransaction();
  for (const Changed& changed : group_) changed.node->second.in_group = false;
  group_.clear();
  for (const Changed& changed : sealed_) changed.node->second.in_sealed = false;
  sealed_.clear();
  sealed_digest_.reset();
  pending_digest_ = published_digest_;
}

StateStore::~StateStore() { (void)WaitForCheckpoint(); }

void StateStore::CollectDirtyItems() {
  // The buffer may move as it grows: the items' offsets are noted first, the views made last.
  std::string& bytes = batch_.bytes;
  std::vector<CheckpointBatch::Offsets>& offsets = batch_.offsets;
  bytes.clear();
  offsets.clear();
  offsets.reserve(dirty_.size() + 2);
  auto add = [&](std::string_view key, std::optional<std::string_view> hash,
                 std::string_view value) {
    CheckpointBatch::Offsets item{bytes.size(), 0, 0, hash.has_value()};
    bytes.append(key);
    item.value_at = bytes.size();
    if (hash) {
      bytes.append(*hash);
      bytes.append(value);
    }
    item.end = bytes.size();
    offsets.push_back(item);
  };
  for (Node* node : dirty_) {
    Entry& entry = node->second;
    if (entry.published.value) {
      add(node->first.view(), AsText(entry.published.hash), *entry.published.value);
    } else {
      add(node->first.view(), std::nullopt, {});
    }
    entry.dirty = false;
    entry.flushing = true;
  }
  flushing_ = std::move(dirty_);
  dirty_.clear();
  add(kStateAppliedSequenceKey, "", log_keys::EncodeUint64(applied_sequence_));
  add(kStateDigestKey, "", AsText(published_digest_.value()));
  batch_.changes.clear();
  batch_.changes.reserve(offsets.size());
  for (const CheckpointBatch::Offsets& item : offsets) {
    std::string_view key(bytes.data() + item.key_at, item.value_at - item.key_at);
    std::optional<std::string_view> stored;
    if (item.put) stored = std::string_view(bytes.data() + item.value_at, item.end - item.value_at);
    batch_.changes.push_back(StateChange{key, stored});
  }
}

Status StateStore::FinishCheckpoint(Status written) {
  for (Node* node : flushing_) {
    Entry& entry = node->second;
    entry.flushing = false;
    // A failed write leaves the item dirty again unless a newer value made it dirty already.
    if (!written.ok() && !entry.dirty) {
      entry.dirty = true;
      dirty_.push_back(node);
    }
  }
  if (written.ok()) items_written_ += flushing_.size() + 2;
  flushing_.clear();
  return written;
}

Status StateStore::WriteBatch() {
  // Sorted here, off the writer's thread when in the background: RocksDB inserts increasing
  // keys into its memtable far faster than keys in the cache's hash order.
  std::sort(batch_.changes.begin(), batch_.changes.end(),
            [](const StateChange& a, const StateChange& b) { return a.key < b.key; });
  Status written = backend_.Write(batch_.changes);
  // The buffer is kept for the next checkpoint unless a rare one (the first after a replay
  // of millions of operations) made it far larger than checkpoints in service need.
  constexpr size_t kKeptBytes = size_t{256} << 20;
  if (batch_.bytes.capacity() > kKeptBytes) batch_ = CheckpointBatch();
  return written;
}

void StateStore::StartCheckpoint() {
  if (in_flight_.valid()) return;
  CollectDirtyItems();
  in_flight_ = std::async(std::launch::async, [this] {
    NameThisThread("cl-checkpoint");
    LowerThisThreadsPriority();
    return WriteBatch();
  });
}

Status StateStore::PollCheckpoint() {
  if (!in_flight_.valid() ||
      in_flight_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
    return Status::Ok();
  }
  Status status = FinishCheckpoint(in_flight_.get());
  EvictCleanItems();
  return status;
}

Status StateStore::WaitForCheckpoint() {
  if (!in_flight_.valid()) return Status::Ok();
  return FinishCheckpoint(in_flight_.get());
}

Status StateStore::WriteCheckpoint() {
  RETURN_IF_ERROR(WaitForCheckpoint());
  CollectDirtyItems();
  RETURN_IF_ERROR(FinishCheckpoint(WriteBatch()));
  EvictCleanItems();
  return Status::Ok();
}

void StateStore::EvictCleanItems() {
  // Evict clean items until the cache is a quarter below its bound; dirty items stay until
  // the next checkpoint, and items a background checkpoint is writing until it is done.
  // The evicted items are spread evenly over the table. Evicting the first clean items in
  // table order (as this once did) emptied the front of the table and left the rest nearly
  // full, where a lookup of a missing key probes long runs of slots: at 1M accounts, 28% of
  // the ledger's samples were those probes' key comparisons. Which items go never changes
  // what is read, only what it costs.
  auto evictable = [](const Entry& entry) {
    return !(entry.dirty || entry.flushing || entry.in_group || entry.in_sealed ||
             entry.in_transaction);
  };
  size_t target = options_.max_cached_items - options_.max_cached_items / 4;
  if (items_.size() <= target) {
    evict_at_ = 0;
    return;
  }
  size_t clean = 0;
  for (const auto& [key, entry] : items_) clean += evictable(entry) ? 1u : 0u;
  size_t excess = std::min(clean, items_.size() - target);
  // Every clean item adds `excess` to the running sum; each time it reaches `clean`, that item
  // goes: exactly `excess` items, one in every clean/excess.
  size_t owed = 0;
  for (auto it = items_.begin(); it != items_.end();) {
    if (evictable(it->second) && (owed += excess) >= clean) {
      owed -= clean;
      items_.erase(it++);  // Abseil's erase(iterator) returns nothing
    } else {
      ++it;
    }
  }
  // When too few clean items could go (the rest are dirty, or pinned by a group or a
  // checkpoint in flight), the next pass waits until the cache has grown by another quarter of
  // its bound: a pass for every new key would scan the whole cache each time (found at 10M
  // operations, where one audit group pinned more than the target).
  evict_at_ = items_.size() + options_.max_cached_items / 4;
}

}  // namespace crowdledger
