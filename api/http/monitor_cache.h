// MonitorCache: the monitoring state (ledger/monitor/monitor_state.h) as JSON, computed on the
// ledger service's thread (a LedgerService::Read job: the state store belongs to that thread)
// and shared by every viewer: one computation per new tree size, at most one in flight, and
// none sooner than `min_interval` after the last, so that neither many viewers nor a fast
// stream of group commits can keep the ledger thread busy with it. Between computations a
// viewer gets the latest snapshot, which names the tree size it was read at.
// Thread-safety: Get may be called from any thread. The service must outlive the cache, and
// must still run reads until the cache is destroyed (the destructor waits for the
// computation in flight).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api/ledger_service.h"
#include "ledger/monitor/monitor_state.h"

namespace crowdledger::api::http {

// The JSON of one computation. A failed one is kept too (and retried after min_interval), so
// that a failing read is not repeated per request.
struct MonitorSnapshot {
  Status status;  // Ok, or why there are no figures (Busy: the ledger takes no reads)
  uint64_t tree_size = 0;
  std::string etag;  // set when ok (monitor_request.h)
  std::string json;  // the body, canonical JSON and a newline
};

// The body is bounded by the limits; this is the check that they bound it (a snapshot over
// it is refused with LimitExceeded rather than sent).
inline constexpr size_t kMaxMonitorStateBytes = size_t{4} * 1024 * 1024;

struct MonitorOptions {
  MonitorLimits limits;
  // The least time between two computations (0: one per tree size, for tests).
  std::chrono::milliseconds min_interval{1'000};
  // Requests waiting for a computation; more are answered with the latest snapshot (or 503).
  // Well below the HTTP face's connection limit (256 by default): while the ledger thread is
  // slow to compute, waiting pages must not take the slots that probes and tiles need.
  size_t max_waiting = 64;
};

class MonitorCache {
 public:
  using Done = std::function<void(std::shared_ptr<const MonitorSnapshot>)>;

  MonitorCache(LedgerService& service, MonitorOptions options);
  // Waits for the computation in flight; callers still waiting are dropped, never called.
  ~MonitorCache();
  MonitorCache(const MonitorCache&) = delete;
  MonitorCache& operator=(const MonitorCache&) = delete;

  // Calls `done` once with the current snapshot: at once on this thread when the cached one
  // is current, else on the ledger service's thread when computed. `done` must not block.
  void Get(Done done);

 private:
  bool FreshLocked() const;
  // The answer a caller gets without waiting, or null: it waits for the next computation.
  std::shared_ptr<const MonitorSnapshot> ImmediateLocked() const;
  void Start();
  void Compute(Ledger& ledger);
  std::shared_ptr<const MonitorSnapshot> Build(Ledger& ledger) const;
  // Answers the waiting callers with `snapshot`, then starts the next computation for those
  // who came meanwhile, or ends the computing state.
  void Settle(std::shared_ptr<const MonitorSnapshot> snapshot);
  static std::shared_ptr<const MonitorSnapshot> Unavailable(const std::string& why);

  LedgerService& service_;
  MonitorOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable idle_;
  std::shared_ptr<const MonitorSnapshot> latest_;
  std::chrono::steady_clock::time_point computed_at_{};
  std::vector<Done> waiting_;
  bool computing_ = false;
  bool closed_ = false;
};

}  // namespace crowdledger::api::http
