// MonitorCache: the snapshot, who waits for the next one, and the one computation in flight.
#include "api/http/monitor_cache.h"

#include "api/http/monitor_request.h"

namespace crowdledger::api::http {

MonitorCache::MonitorCache(LedgerService& service, MonitorOptions options)
    : service_(service), options_(options) {}

MonitorCache::~MonitorCache() {
  std::unique_lock lock(mutex_);
  closed_ = true;
  idle_.wait(lock, [this] { return !computing_; });
  waiting_.clear();
}

std::shared_ptr<const MonitorSnapshot> MonitorCache::Unavailable(const std::string& why) {
  auto snapshot = std::make_shared<MonitorSnapshot>();
  snapshot->status = Status(ErrorCode::Busy, why);
  return snapshot;
}

bool MonitorCache::FreshLocked() const {
  if (!latest_) return false;
  if (std::chrono::steady_clock::now() - computed_at_ < options_.min_interval) return true;
  return latest_->status.ok() && latest_->tree_size == service_.log().size();
}

std::shared_ptr<const MonitorSnapshot> MonitorCache::ImmediateLocked() const {
  if (closed_) return Unavailable("the HTTP face is stopping");
  if (FreshLocked()) return latest_;
  if (waiting_.size() >= options_.max_waiting) {
    return latest_ ? latest_ : Unavailable("too many requests wait for the monitoring state");
  }
  return nullptr;
}

void MonitorCache::Get(Done done) {
  {
    std::unique_lock lock(mutex_);
    if (auto answer = ImmediateLocked()) {
      lock.unlock();
      return done(answer);
    }
    waiting_.push_back(std::move(done));
    if (computing_) return;
    computing_ = true;
  }
  Start();
}

void MonitorCache::Start() {
  if (service_.Read([this](Ledger& ledger) { Compute(ledger); })) return;
  Settle(Unavailable("the ledger takes no reads now (its queue is full or it is stopping)"));
}

void MonitorCache::Compute(Ledger& ledger) {
  std::shared_ptr<const MonitorSnapshot> snapshot = Build(ledger);
  {
    std::lock_guard lock(mutex_);
    latest_ = snapshot;
    computed_at_ = std::chrono::steady_clock::now();
  }
  Settle(std::move(snapshot));
}

std::shared_ptr<const MonitorSnapshot> MonitorCache::Build(Ledger& ledger) const {
  auto snapshot = std::make_shared<MonitorSnapshot>();
  snapshot->tree_size = ledger.log().size();
  auto state = ComputeMonitorState(ledger, options_.limits);
  if (!state.ok()) {
    snapshot->status = state.status();
    return snapshot;
  }
  const JsonValue* checkpoint = state->Find("checkpoint");
  const JsonValue* root = checkpoint != nullptr ? checkpoint->Find("root_hash") : nullptr;
  if (root == nullptr || root->AsString() == nullptr) {
    snapshot->status = Status(ErrorCode::Corruption, "monitor: the state names no root hash");
    return snapshot;
  }
  snapshot->etag = MonitorEtag(snapshot->tree_size, *root->AsString());
  snapshot->json = CanonicalJson(*state);
  snapshot->json += '\n';
  if (snapshot->json.size() > kMaxMonitorStateBytes) {
    snapshot->status = Status(ErrorCode::LimitExceeded,
                              "the monitoring state is " + std::to_string(snapshot->json.size()) +
                                  " bytes, over " + std::to_string(kMaxMonitorStateBytes));
    snapshot->json.clear();
  }
  return snapshot;
}

void MonitorCache::Settle(std::shared_ptr<const MonitorSnapshot> snapshot) {
  for (;;) {
    std::vector<Done> answered;
    {
      std::lock_guard lock(mutex_);
      answered.swap(waiting_);
    }
    for (Done& done : answered) done(snapshot);
    answered.clear();  // the callers' captures go before the destructor may proceed
    {
      std::lock_guard lock(mutex_);
      if (waiting_.empty() || closed_) {
        waiting_.clear();
        computing_ = false;
        idle_.notify_all();
        return;
      }
    }
    // Callers came while these were answered, with a tree that grew since: compute again.
    if (service_.Read([this](Ledger& ledger) { Compute(ledger); })) return;
    snapshot = Unavailable("the ledger takes no reads now (its queue is full or it is stopping)");
  }
}

}  // namespace crowdledger::api::http
