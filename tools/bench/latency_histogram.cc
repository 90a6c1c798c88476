// Log-linear latency buckets: below 128 µs one bucket per microsecond; above, for each power
// of two, 128 buckets that split it evenly.
#include "tools/bench/latency_histogram.h"

#include <algorithm>
#include <bit>

namespace crowdledger::bench {
namespace {

constexpr unsigned kSubBucketBits = 7;
constexpr uint64_t kSubBuckets = uint64_t{1} << kSubBucketBits;  // 128
// Exponents 0..56 cover every 64-bit value: 128 exact buckets plus 57 groups of 128.
constexpr size_t kBuckets = kSubBuckets + (64 - kSubBucketBits) * kSubBuckets;

}  // namespace

LatencyHistogram::LatencyHistogram() : counts_(kBuckets, 0) {}

size_t LatencyHistogram::BucketOf(uint64_t value_us) {
  if (value_us < kSubBuckets) return value_us;
  // value >> exponent lies in [128, 256).
  unsigned exponent = static_cast<unsigned>(std::bit_width(value_us)) - kSubBucketBits - 1;
  uint64_t sub_bucket = (value_us >> exponent) - kSubBuckets;
  return kSubBuckets + exponent * kSubBuckets + sub_bucket;
}

uint64_t LatencyHistogram::MiddleOf(size_t bucket) {
  if (bucket < kSubBuckets) return bucket;
  size_t exponent = (bucket - kSubBuckets) / kSubBuckets;
  uint64_t sub_bucket = (bucket - kSubBuckets) % kSubBuckets;
  uint64_t lowest = (kSubBuckets + sub_bucket) << exponent;
  uint64_t width = uint64_t{1} << exponent;
  return lowest + width / 2;
}

void LatencyHistogram::Record(uint64_t latency_us) {
  ++counts_[BucketOf(latency_us)];
  ++count_;
}

void LatencyHistogram::Merge(const LatencyHistogram& other) {
  for (size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
}

uint64_t LatencyHistogram::PercentileMicros(double fraction) const {
  if (count_ == 0) return 0;
  auto rank = std::min(count_ - 1, static_cast<uint64_t>(fraction * static_cast<double>(count_)));
  uint64_t seen = 0;
  for (size_t bucket = 0; bucket < counts_.size(); ++bucket) {
    seen += counts_[bucket];
    if (seen > rank) return MiddleOf(bucket);
  }
  return MiddleOf(counts_.size() - 1);
}

}  // namespace crowdledger::bench
