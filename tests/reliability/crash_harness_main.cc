// crash_harness --crowdledger BIN [--work DIR] [--cycles N] [--seed S] [--clients C]
//   [--in-flight W] [--min-run-ms A --max-run-ms B] [--early-kill-one-in K]
// Kills the real server N times under C concurrent clients and checks after each kill that
// nothing acknowledged was lost or doubled and that the audit passes (crash_harness.h).
// Prints one line per cycle and the figures as JSON; exits 0 when every promise held, 1 on
// a violation, 2 if the harness itself could not run.
#include <CLI/CLI.hpp>
#include <chrono>
#include <iostream>

#include "tests/reliability/crash_harness.h"

namespace crowdledger::reliability {
namespace {

void PrintFigures(const CrashFigures& figures, uint64_t seed, double seconds) {
  std::cout << "{\"cycles\":" << figures.cycles << ",\"kills\":" << figures.kills
            << ",\"early_kills\":" << figures.early_kills
            << ",\"acknowledged\":" << figures.acknowledged
            << ",\"unanswered_retried\":" << figures.unanswered_retried
            << ",\"retried_found_logged\":" << figures.retried_found_logged
            << ",\"retried_applied\":" << figures.retried_applied
            << ",\"acknowledged_retried\":" << figures.acknowledged_retried
            << ",\"model_checks\":" << figures.model_checks
            << ",\"audits_passed\":" << figures.audits_passed << ",\"entries\":" << figures.entries
            << ",\"seed\":" << seed << ",\"seconds\":" << static_cast<uint64_t>(seconds) << "}"
            << std::endl;
}

int ReportViolations(const CrashHarness& harness) {
  if (harness.violations().empty()) return 0;
  for (const std::string& violation : harness.violations()) {
    std::cerr << "VIOLATION: " << violation << "\n";
  }
  return 1;
}

int Run(const CrashHarnessOptions& options) {
  auto started = std::chrono::steady_clock::now();
  CrashHarness harness(options);
  auto fail = [](const Status& status) {
    std::cerr << "crash harness: " << status.ToString() << "\n";
    return 2;
  };
  if (Status prepared = harness.Prepare(); !prepared.ok()) return fail(prepared);
  for (uint32_t cycle = 0; cycle < options.cycles; ++cycle) {
    if (Status ran = harness.RunCycle(cycle); !ran.ok()) return fail(ran);
    const CrashFigures& figures = harness.figures();
    std::cout << "cycle " << cycle << ": " << figures.acknowledged << " acknowledged, "
              << figures.entries << " entries, " << figures.unanswered_retried
              << " unanswered retried, " << harness.violations().size() << " violations"
              << std::endl;
    if (!harness.violations().empty()) break;  // the ledger is broken: stop at the first
  }
  if (harness.violations().empty()) {
    if (Status finished = harness.Finish(); !finished.ok()) return fail(finished);
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  PrintFigures(harness.figures(), options.seed, seconds);
  return ReportViolations(harness);
}

int Main(int argc, char** argv) {
  CrashHarnessOptions options;
  options.seed = static_cast<uint64_t>(std::chrono::system_clock::now().time_since_epoch().count());
  std::string work = "crash-harness-work";
  CLI::App app("Kills the real crowdledger server at random moments and checks what survives");
  app.add_option("--crowdledger", options.crowdledger, "The crowdledger binary")->required();
  app.add_option("--work", work, "Working directory (emptied first)")->capture_default_str();
  app.add_option("--cycles", options.cycles, "Kills")->capture_default_str();
  app.add_option("--seed", options.seed, "Random seed (printed; default: the clock)");
  app.add_option("--clients", options.clients, "Concurrent clients")
      ->check(CLI::Range(2, 64))
      ->capture_default_str();
  app.add_option("--in-flight", options.in_flight, "Transactions in flight per client")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_option("--min-run-ms", options.min_run_ms, "Least traffic before a kill")
      ->capture_default_str();
  app.add_option("--max-run-ms", options.max_run_ms, "Most traffic before a kill")
      ->capture_default_str();
  app.add_option("--early-kill-one-in", options.early_kill_one_in,
                 "One cycle in this many is killed within 150 ms of its start (0: never)")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  if (options.max_run_ms < options.min_run_ms) {
    std::cerr << "--max-run-ms must be at least --min-run-ms\n";
    return 2;
  }
  options.work = work;
  std::cout << "crash harness: seed " << options.seed << std::endl;
  return Run(options);
}

}  // namespace
}  // namespace crowdledger::reliability

int main(int argc, char** argv) {
  try {
    return crowdledger::reliability::Main(argc, argv);
  } catch (const std::exception& error) {
    std::cerr << "crash harness: " << error.what() << "\n";
    return 2;
  }
}
