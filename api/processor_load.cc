// ProcessorLoad: /proc/stat's first line. See the header.
#include "api/processor_load.h"

#include <charconv>
#include <fstream>
#include <string>

namespace crowdledger::api {

std::optional<ProcessorTicks> ParseProcessorTicks(std::string_view proc_stat) {
  // "cpu  user nice system idle iowait irq softirq steal guest guest_nice": guest time is
  // already counted in user and nice.
  constexpr std::string_view kPrefix = "cpu ";
  if (proc_stat.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  std::string_view line = proc_stat.substr(kPrefix.size(), proc_stat.find('\n') - kPrefix.size());
  uint64_t fields[8] = {};
  size_t count = 0;
  while (count < 8) {
    size_t start = line.find_first_not_of(' ');
    if (start == std::string_view::npos) break;
    line.remove_prefix(start);
    auto [end, error] = std::from_chars(line.data(), line.data() + line.size(), fields[count]);
    if (error != std::errc()) return std::nullopt;
    line.remove_prefix(static_cast<size_t>(end - line.data()));
    ++count;
  }
  if (count < 4) return std::nullopt;  // user nice system idle, at the least
  ProcessorTicks ticks;
  for (size_t i = 0; i < count; ++i) {
    if (ticks.total + fields[i] < ticks.total) return std::nullopt;  // overflow: not counters
    ticks.total += fields[i];
  }
  uint64_t waiting = fields[3] + fields[4];  // idle, I/O wait
  ticks.busy = ticks.total - waiting;
  return ticks;
}

std::optional<ProcessorTicks> ProcessorLoad::Read() {
  std::ifstream file("/proc/stat");
  std::string line;
  if (!file || !std::getline(file, line)) return std::nullopt;
  return ParseProcessorTicks(line);
}

double ProcessorLoad::Sample() {
  std::optional<ProcessorTicks> now = Read();
  std::optional<ProcessorTicks> before = last_;
  last_ = now;
  if (!now || !before || now->total <= before->total || now->busy < before->busy) return 0;
  double busy = static_cast<double>(now->busy - before->busy) /
                static_cast<double>(now->total - before->total);
  return busy > 1 ? 1 : busy;
}

}  // namespace crowdledger::api
