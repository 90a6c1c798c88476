// LatencyHistogram: latencies in microseconds, counted in log-linear buckets (HdrHistogram's
// layout with 7 bits of sub-bucket precision), so that a run of any length keeps a fixed
// ~60 KiB per connection and every value is known to within 1/128 of itself. Values below
// 128 µs are exact.
//
// Thread-safety: none; keep one per thread and Merge them at the end.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace crowdledger::bench {

class LatencyHistogram {
 public:
  LatencyHistogram();

  void Record(uint64_t latency_us);
  void Merge(const LatencyHistogram& other);
  uint64_t count() const { return count_; }

  // The value at rank floor(fraction * count) of the sorted values (the definition
  // `crowdledger bench` uses on its exact values), as the middle of its bucket. 0 if empty.
  uint64_t PercentileMicros(double fraction) const;

 private:
  static size_t BucketOf(uint64_t value_us);
  static uint64_t MiddleOf(size_t bucket);

  std::vector<uint64_t> counts_;
  uint64_t count_ = 0;
};

}  // namespace crowdledger::bench
