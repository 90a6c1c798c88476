// ProcessorLoad: the share of the machine's processors that were busy between two samples,
// from the kernel's counters (/proc/stat). The ledger service waits to fill small groups only
// when the processors are what limits the rate (api/ledger_service.h).
// Thread-safety: one thread samples a ProcessorLoad.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace crowdledger::api {

// The kernel's processor time counters, all processors together (ticks).
struct ProcessorTicks {
  uint64_t busy = 0;  // everything but idle and I/O wait (steal included: not ours to use)
  uint64_t total = 0;
};

// Parses the "cpu" line of /proc/stat's contents; nullopt if it is missing or malformed.
std::optional<ProcessorTicks> ParseProcessorTicks(std::string_view proc_stat);

class ProcessorLoad {
 public:
  // The busy share of all processors since the previous call (or since construction), in
  // [0, 1]; 0 when the counters cannot be read or did not move.
  double Sample();

 private:
  std::optional<ProcessorTicks> last_ = Read();
  static std::optional<ProcessorTicks> Read();
};

}  // namespace crowdledger::api
