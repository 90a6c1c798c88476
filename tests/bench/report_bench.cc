// report_bench: how long a signed report takes on a kept ledger (docs/BENCHMARKS.md), in
// process, the way the server's ReportQuery and `crowdledger report` compute it
// (SignedLedgerReport: the aggregates summed, the canonical JSON built and signed).
//   report_bench --data DIR [--repeat R] [--fund seed] [--platform platform]
//                [--maker-space space] [--district district-1]
// For each kind it prints the fastest, median and slowest of R runs as of the latest
// checkpoint, then the same for a fund report as of an older checkpoint at the start and at
// the end of a report block: there the entries of the block below it are recomputed, the
// most a report as of an older size ever recomputes.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>

#include "ledger/ledger.h"
#include "ledger/reports/ledger_report.h"
#include "ledger/reports/report_scopes.h"

namespace crowdledger {
namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string data, fund = "seed", platform = "platform", maker_space = "space",
                    district = "district-1";
  int repeat = 20;
};

// Times `repeat` reports; false if one failed (printed).
bool Time(Ledger& ledger, const char* label, ReportKind kind, const std::string& id,
          uint64_t tree_size, int repeat) {
  auto request = MakeReportRequest(kind, id, "", "", tree_size, ledger.log().size());
  if (!request.ok()) {
    std::fprintf(stderr, "%s: %s\n", label, request.status().ToString().c_str());
    return false;
  }
  std::vector<double> milliseconds;
  size_t bytes = 0;
  for (int i = 0; i < repeat; ++i) {
    auto start = Clock::now();
    auto report = SignedLedgerReport(ledger, *request);
    milliseconds.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    if (!report.ok()) {
      std::fprintf(stderr, "%s: %s\n", label, report.status().ToString().c_str());
      return false;
    }
    bytes = report->size();
  }
  std::sort(milliseconds.begin(), milliseconds.end());
  std::printf("%-34s tree size %9llu: %8.2f ms fastest, %8.2f median, %8.2f slowest (%zu bytes)\n",
              label, static_cast<unsigned long long>(request->tree_size), milliseconds.front(),
              milliseconds[milliseconds.size() / 2], milliseconds.back(), bytes);
  return true;
}

int Run(const Options& options) {
  auto start = Clock::now();
  auto ledger = Ledger::Open(options.data);
  if (!ledger.ok()) {
    std::fprintf(stderr, "%s\n", ledger.status().ToString().c_str());
    return 2;
  }
  uint64_t size = (*ledger)->log().size();
  std::printf("opened %s (%llu entries) in %.2f s\n", options.data.c_str(),
              static_cast<unsigned long long>(size),
              std::chrono::duration<double>(Clock::now() - start).count());
  Ledger& l = **ledger;
  int r = options.repeat;
  bool ok = Time(l, "fund", ReportKind::Fund, options.fund, 0, r) &&
            Time(l, "platform", ReportKind::Platform, options.platform, 0, r) &&
            Time(l, "maker-space", ReportKind::MakerSpace, options.maker_space, 0, r) &&
            Time(l, "district", ReportKind::District, options.district, 0, r) &&
            Time(l, "programme", ReportKind::Programme, "", 0, r);
  // Older sizes: the first entry of the last whole block, and its last.
  if (ok && size > 2 * kReportBlockEntries) {
    uint64_t block_start = (size / kReportBlockEntries - 1) * kReportBlockEntries;
    ok = Time(l, "fund, as of a block's first entry", ReportKind::Fund, options.fund,
              block_start + 1, r) &&
         Time(l, "fund, as of a block's last entry", ReportKind::Fund, options.fund,
              block_start + kReportBlockEntries - 1, std::min(r, 3));
  }
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace crowdledger

int main(int argc, char** argv) {
  CLI::App app{"Signed report generation time on a kept ledger"};
  crowdledger::Options options;
  app.add_option("--data", options.data, "The ledger's data directory (stopped)")->required();
  app.add_option("--repeat", options.repeat, "Reports per kind")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  app.add_option("--fund", options.fund)->capture_default_str();
  app.add_option("--platform", options.platform)->capture_default_str();
  app.add_option("--maker-space", options.maker_space)->capture_default_str();
  app.add_option("--district", options.district)->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  return crowdledger::Run(options);
}
