// StateStore: overlays, digest maintenance, cache eviction and checkpoints. See the header.
#include "ledger/state/state_store.h"

#include "ledger/log_keys.h"

namespace crowdledger {
namespace {

Status CorruptState(const std::string& key, const std::string& what) {
  return Status(ErrorCode::Corruption, "state item '" + key + "' " + what);
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

Result<StateStore::Item> StateStore::LoadFromBackend(const std::string& key) const {
  ASSIGN_OR_RETURN(auto stored, backend_.Get(key));
  Item item;
  if (!stored) return item;
  if (stored->size() < sizeof(Hash)) return CorruptState(key, "is shorter than its hash");
  std::copy(stored->begin(), stored->begin() + sizeof(Hash), item.hash.begin());
  item.value = stored->substr(sizeof(Hash));
  if (StateItemHash(key, *item.value) != item.hash) {
    return CorruptState(key, "does not match its stored hash");
  }
  return item;
}

Result<const StateStore::Item*> StateStore::Lookup(const std::string& key) {
  if (auto pending = group_.find(key); pending != group_.end()) return &pending->second;
  if (auto cached = cache_.find(key); cached != cache_.end()) return &cached->second;
  ASSIGN_OR_RETURN(Item loaded, LoadFromBackend(key));
  if (cache_.size() >= options_.max_cached_items) EvictCleanItems();
  return &cache_.emplace(key, std::move(loaded)).first->second;
}

Result<std::optional<std::string>> StateStore::Get(const std::string& key) {
  if (auto staged = transaction_.find(key); staged != transaction_.end()) return staged->second;
  ASSIGN_OR_RETURN(const Item* item, Lookup(key));
  return item->value;
}

void StateStore::Put(const std::string& key, std::string value) {
  transaction_[key] = std::move(value);
}

void StateStore::Delete(const std::string& key) { transaction_[key] = std::nullopt; }

void StateStore::AbortTransaction() { transaction_.clear(); }

Result<Hash> StateStore::CommitTransaction() {
  // First every current item is looked up, so that a failed read leaves the pending group
  // untouched; then the digest changes once per key, however often the key was written.
  std::vector<std::pair<const std::string*, std::optional<Hash>>> previous;
  previous.reserve(transaction_.size());
  for (const auto& [key, value] : transaction_) {
    auto current = Lookup(key);
    if (!current.ok()) {
      transaction_.clear();
      return current.status();
    }
    previous.emplace_back(&key,
                          (*current)->value ? std::optional<Hash>((*current)->hash) : std::nullopt);
  }
  for (auto& [key, old_hash] : previous) {
    std::optional<std::string>& value = transaction_[*key];
    Item next;
    if (old_hash) pending_digest_.Remove(*old_hash);
    if (value) {
      next.hash = StateItemHash(*key, *value);
      pending_digest_.Add(next.hash);
    }
    next.value = std::move(value);
    group_[*key] = std::move(next);
  }
  transaction_.clear();
  return pending_digest_.value();
}

void StateStore::PublishGroup(uint64_t applied_sequence) {
  for (auto& [key, item] : group_) {
    Item& cached = cache_[key];
    if (!cached.dirty) ++dirty_count_;
    cached = std::move(item);
    cached.dirty = true;
  }
  group_.clear();
  published_digest_ = pending_digest_;
  applied_sequence_ = applied_sequence;
}

void StateStore::DiscardGroup() {
  transaction_.clear();
  group_.clear();
  pending_digest_ = published_digest_;
}

StateStore::~StateStore() { (void)WaitForCheckpoint(); }

StateStore::Changes StateStore::CollectDirtyItems() {
  Changes changes;
  changes.reserve(dirty_count_ + 2);
  for (auto& [key, item] : cache_) {
    if (!item.dirty) continue;
    if (item.value) {
      std::string stored(AsText(item.hash));
      stored += *item.value;
      changes.emplace_back(key, std::move(stored));
    } else {
      changes.emplace_back(key, std::nullopt);
    }
    item.dirty = false;
    item.flushing = true;
  }
  dirty_count_ = 0;
  changes.emplace_back(kStateAppliedSequenceKey, log_keys::EncodeUint64(applied_sequence_));
  changes.emplace_back(kStateDigestKey, std::string(AsText(published_digest_.value())));
  return changes;
}

void StateStore::NoteFlushingKeys(const Changes& changes) {
  in_flight_keys_.reserve(changes.size());
  // The last two changes are the header (applied sequence and digest), not items.
  for (size_t i = 0; i + 2 < changes.size(); ++i) in_flight_keys_.push_back(changes[i].first);
}

Status StateStore::FinishCheckpoint(Status written) {
  for (const std::string& key : in_flight_keys_) {
    auto cached = cache_.find(key);
    if (cached == cache_.end() || !cached->second.flushing) continue;
    cached->second.flushing = false;
    // A failed write leaves the item dirty again unless a newer value made it dirty already.
    if (!written.ok() && !cached->second.dirty) {
      cached->second.dirty = true;
      ++dirty_count_;
    }
  }
  if (written.ok()) items_written_ += in_flight_keys_.size() + 2;
  in_flight_keys_.clear();
  return written;
}

void StateStore::StartCheckpoint() {
  if (in_flight_.valid() || dirty_count_ == 0) return;
  auto changes = std::make_shared<Changes>(CollectDirtyItems());
  NoteFlushingKeys(*changes);
  in_flight_ = std::async(std::launch::async, [this, changes] { return backend_.Write(*changes); });
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
  Changes changes = CollectDirtyItems();
  NoteFlushingKeys(changes);
  RETURN_IF_ERROR(FinishCheckpoint(backend_.Write(changes)));
  EvictCleanItems();
  return Status::Ok();
}

void StateStore::EvictCleanItems() {
  // Evict clean items until the cache is a quarter below its bound; dirty items stay until
  // the next checkpoint, and items a background checkpoint is writing until it is done. Which clean
  // items go first is arbitrary but deterministic enough: eviction never changes what is read, only
  // what it costs.
  size_t target = options_.max_cached_items - options_.max_cached_items / 4;
  for (auto it = cache_.begin(); it != cache_.end() && cache_.size() > target;) {
    it = it->second.dirty || it->second.flushing ? std::next(it) : cache_.erase(it);
  }
}

}  // namespace crowdledger
