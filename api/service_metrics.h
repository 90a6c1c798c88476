// ServiceMetrics: counters and histograms the ledger service keeps for operators (served as
// Prometheus text by api/http). Every field is a lock-free atomic: the service thread writes,
// any thread reads, and nobody waits. Relaxed ordering: each figure is exact on its own, but a
// reader may see one counter a group ahead of another.
// Thread-safety: all methods are thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "crypto/status.h"

namespace crowdledger::api {

// A histogram over fixed, ascending, inclusive upper bounds (Prometheus' "le"), plus +Inf.
class AtomicHistogram {
 public:
  explicit AtomicHistogram(std::vector<uint64_t> upper_bounds);

  void Observe(uint64_t value);

  struct Snapshot {
    std::vector<uint64_t> upper_bounds;
    std::vector<uint64_t> cumulative_counts;  // one per bound, then the +Inf bucket
    uint64_t count = 0;
    uint64_t sum = 0;
  };
  Snapshot Read() const;

 private:
  std::vector<uint64_t> upper_bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;  // upper_bounds_.size() + 1
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_{0};
};

// Error codes are below 1000 (schemas/error_code.fbs groups them in hundreds); a larger code
// would be counted in the last slot.
inline constexpr size_t kErrorCodeSlots = 1000;

struct ServiceMetrics {
  ServiceMetrics();

  // A transaction's outcome: accepted (a new entry), a duplicate answered from its earlier
  // entry, or refused with its error code (Busy when the queue was full).
  void CountOutcome(const Status& status, bool duplicate);

  std::atomic<uint64_t> transactions_accepted{0};
  std::atomic<uint64_t> transactions_duplicate{0};
  std::array<std::atomic<uint64_t>, kErrorCodeSlots> transactions_refused{};
  std::atomic<uint64_t> queue_depth{0};  // jobs waiting for the service thread (gauge)
  AtomicHistogram group_transactions;    // transactions per group commit
  // Microseconds from a group's first apply to its durable end (one WriteBatch, WAL sync).
  AtomicHistogram group_commit_micros;
};

}  // namespace crowdledger::api
