// ServiceMetrics: the histogram buckets and the outcome counts.
#include "api/service_metrics.h"

#include <algorithm>

namespace crowdledger::api {
namespace {

// Transactions per group: powers of two up to the service's default max_group (4,096).
std::vector<uint64_t> GroupSizeBounds() {
  std::vector<uint64_t> bounds;
  for (uint64_t bound = 1; bound <= 4'096; bound *= 2) bounds.push_back(bound);
  return bounds;
}

// One synced put costs about 265 µs on the reference machine (DESIGN.md): buckets from
// 100 µs to 2.5 s.
std::vector<uint64_t> CommitMicrosBounds() {
  return {100,    250,    500,     1'000,   2'500,   5'000,     10'000,
          25'000, 50'000, 100'000, 250'000, 500'000, 1'000'000, 2'500'000};
}

}  // namespace

AtomicHistogram::AtomicHistogram(std::vector<uint64_t> upper_bounds)
    : upper_bounds_(std::move(upper_bounds)),
      counts_(std::make_unique<std::atomic<uint64_t>[]>(upper_bounds_.size() + 1)) {}

void AtomicHistogram::Observe(uint64_t value) {
  auto bucket = std::lower_bound(upper_bounds_.begin(), upper_bounds_.end(), value);
  counts_[static_cast<size_t>(bucket - upper_bounds_.begin())].fetch_add(1,
                                                                         std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
}

AtomicHistogram::Snapshot AtomicHistogram::Read() const {
  Snapshot snapshot;
  snapshot.upper_bounds = upper_bounds_;
  uint64_t cumulative = 0;
  for (size_t i = 0; i <= upper_bounds_.size(); ++i) {
    cumulative += counts_[i].load(std::memory_order_relaxed);
    snapshot.cumulative_counts.push_back(cumulative);
  }
  // The total is the +Inf bucket's, so that count and buckets agree even mid-update.
  snapshot.count = cumulative;
  snapshot.sum = sum_.load(std::memory_order_relaxed);
  return snapshot;
}

ServiceMetrics::ServiceMetrics()
    : group_transactions(GroupSizeBounds()), group_commit_micros(CommitMicrosBounds()) {}

void ServiceMetrics::CountOutcome(const Status& status, bool duplicate) {
  if (status.ok()) {
    (duplicate ? transactions_duplicate : transactions_accepted)
        .fetch_add(1, std::memory_order_relaxed);
    return;
  }
  auto code = static_cast<size_t>(status.code());
  transactions_refused[std::min(code, kErrorCodeSlots - 1)].fetch_add(1, std::memory_order_relaxed);
}

}  // namespace crowdledger::api
