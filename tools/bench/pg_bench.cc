// crowdledger_pg_bench --conninfo CONNINFO [--workload W] [--connections C] [--pipeline P]
//   [--duration S] [--ops-per-tx K] [--investors N] [--setup-only]
// The PostgreSQL side of the comparison (docs/BENCHMARKS.md, "Against PostgreSQL"): the same
// workloads as `crowdledger bench` (tools/bench/workload.h), against a database loaded with
// tools/bench/pg/schema.sql. It sets up the same parties, then runs C connections for S
// seconds, a thread each, each keeping P transactions in flight in libpq's pipeline mode
// (every transaction its statements and one Sync: one implicit, durable transaction), and
// prints the same JSON object as `crowdledger bench`: ops/s, tx/s and latency percentiles
// (send to the Sync's answer, after the commit's WAL flush). A transaction aborted by a
// deadlock is sent again (counted as "retried"); other refusals are counted by reason.
#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <deque>
#include <iostream>
#include <map>
#include <thread>

#include "crypto/wall_clock.h"
#include "tools/bench/latency_histogram.h"
#include "tools/bench/pg_connection.h"
#include "tools/bench/pg_setup.h"
#include "tools/bench/pg_statements.h"
#include "tools/bench/workload.h"

namespace crowdledger::bench {
namespace {

using Clock = std::chrono::steady_clock;
// Exit status on any error (as the crowdledger tool's usage and I/O errors).
constexpr int kExitUsage = 2;
// A transaction aborted by a deadlock is sent again at most this often before it counts as
// refused.
constexpr int kMaxAttempts = 10;

struct PgBenchOptions {
  std::string conninfo;
  std::string workload_name = "single";
  Workload workload = Workload::Single;
  uint32_t connections = 4, pipeline = 8, duration_s = 10, ops_per_tx = 0;
  uint64_t investors = 10'000;
  bool setup_only = false;
};

// Shared by the connections' threads.
struct Run {
  Run(const PgBenchOptions& run_options, uint64_t first_sequence)
      : options(run_options),
        plan(run_options.workload, run_options.ops_per_tx, run_options.investors),
        next_sequence(first_sequence) {}
  const PgBenchOptions& options;
  const WorkloadPlan plan;
  Clock::time_point stop;
  std::atomic<uint64_t> next_sequence;
  std::atomic<uint64_t> transactions{0}, operations{0}, retried{0};
};

// One connection's thread's own results.
struct ConnectionResults {
  LatencyHistogram latencies;
  std::map<std::string, uint64_t> refused;
  Status failure;
};

struct InFlight {
  std::vector<PgStatement> statements;
  uint32_t operations = 0;
  Clock::time_point first_sent;
  int attempts = 0;
};

InFlight NextTransaction(Run& run, std::mt19937_64& random) {
  uint64_t sequence = run.next_sequence.fetch_add(1, std::memory_order_relaxed);
  PlannedTransaction planned = run.plan.Transaction(sequence, random);
  InFlight next;
  next.operations = static_cast<uint32_t>(planned.operations.size());
  next.statements = TransactionStatements(planned, sequence, WallClockMicros());
  return next;
}

Status SendTransaction(PgConnection& connection, InFlight& transaction) {
  for (const PgStatement& statement : transaction.statements) {
    RETURN_IF_ERROR(connection.Send(statement));
  }
  if (transaction.attempts++ == 0) transaction.first_sent = Clock::now();
  return connection.Sync();
}

// Keeps `pipeline` transactions in flight until the clock runs out (retries also after it),
// then drains.
Status DriveConnection(PgConnection& connection, Run& run, uint32_t index,
                       ConnectionResults& results) {
  std::mt19937_64 random(uint64_t{index} * 7919 + 1);
  std::deque<InFlight> in_flight, retries;
  while (true) {
    while (in_flight.size() < run.options.pipeline &&
           (!retries.empty() || Clock::now() < run.stop)) {
      InFlight next = retries.empty() ? NextTransaction(run, random) : std::move(retries.front());
      if (!retries.empty()) retries.pop_front();
      RETURN_IF_ERROR(SendTransaction(connection, next));
      in_flight.push_back(std::move(next));
    }
    if (in_flight.empty()) return Status::Ok();
    InFlight oldest = std::move(in_flight.front());
    in_flight.pop_front();
    ASSIGN_OR_RETURN(PgOutcome outcome, connection.ReadTransaction(oldest.statements.size()));
    if (outcome.committed) {
      auto latency =
          std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - oldest.first_sent);
      results.latencies.Record(static_cast<uint64_t>(latency.count()));
      run.transactions.fetch_add(1, std::memory_order_relaxed);
      run.operations.fetch_add(oldest.operations, std::memory_order_relaxed);
    } else if ((outcome.sqlstate == "40P01" || outcome.sqlstate == "40001") &&
               oldest.attempts < kMaxAttempts) {
      run.retried.fetch_add(1, std::memory_order_relaxed);
      retries.push_back(std::move(oldest));
    } else {
      ++results.refused[outcome.sqlstate + " " + outcome.reason];
    }
  }
}

Result<std::unique_ptr<PgConnection>> OpenRunConnection(const std::string& conninfo) {
  ASSIGN_OR_RETURN(auto connection, PgConnection::Connect(conninfo));
  for (const PreparedStatementText& statement : PreparedStatements()) {
    RETURN_IF_ERROR(connection->Prepare(statement.name, statement.sql, statement.parameters));
  }
  RETURN_IF_ERROR(connection->EnterPipelineMode());
  return connection;
}

void PrintProgress(Run& run, Clock::time_point start) {
  uint64_t last_ops = 0;
  for (auto tick = start + std::chrono::seconds(1); tick <= run.stop;
       tick += std::chrono::seconds(1)) {
    std::this_thread::sleep_until(tick);
    uint64_t ops = run.operations.load();
    std::fprintf(stderr, "\r%3llds: %llu operations, %llu ops/s in the last second   ",
                 static_cast<long long>(
                     std::chrono::duration_cast<std::chrono::seconds>(tick - start).count()),
                 static_cast<unsigned long long>(ops),
                 static_cast<unsigned long long>(ops - last_ops));
    last_ops = ops;
  }
  std::fprintf(stderr, "\n");
}

void PrintResults(const Run& run, double seconds, const LatencyHistogram& latencies,
                  const std::map<std::string, uint64_t>& refused) {
  const PgBenchOptions& options = run.options;
  uint64_t transactions = run.transactions.load();
  uint64_t operations = run.operations.load();
  std::printf(
      "{\"system\": \"postgresql\", \"workload\": \"%s\", \"connections\": %u, "
      "\"ops_per_tx\": %u, \"pipeline\": %u, \"seconds\": %.2f, \"transactions\": %llu, "
      "\"operations\": %llu, \"tx_per_s\": %.0f, \"ops_per_s\": %.0f, \"p50_ms\": %.3f, "
      "\"p99_ms\": %.3f, \"p999_ms\": %.3f, \"retried\": %llu, \"refused\": {",
      WorkloadName(options.workload), options.connections, options.ops_per_tx, options.pipeline,
      seconds, static_cast<unsigned long long>(transactions),
      static_cast<unsigned long long>(operations), static_cast<double>(transactions) / seconds,
      static_cast<double>(operations) / seconds,
      static_cast<double>(latencies.PercentileMicros(0.50)) / 1000.0,
      static_cast<double>(latencies.PercentileMicros(0.99)) / 1000.0,
      static_cast<double>(latencies.PercentileMicros(0.999)) / 1000.0,
      static_cast<unsigned long long>(run.retried.load()));
  const char* separator = "";
  for (const auto& [reason, count] : refused) {
    std::printf("%s\"%s\": %llu", separator, reason.c_str(),
                static_cast<unsigned long long>(count));
    separator = ", ";
  }
  std::printf("}}\n");
}

Status ResolveWorkload(PgBenchOptions& options) {
  std::optional<Workload> workload = ParseWorkload(options.workload_name);
  if (!workload) {
    return Status(ErrorCode::UsageError, "unknown workload '" + options.workload_name + "'");
  }
  options.workload = *workload;
  if (options.workload == Workload::Mixed) {
    if (options.ops_per_tx != 0) {
      return Status(ErrorCode::UsageError, "--ops-per-tx does not apply to the mixed workload");
    }
    if (options.investors < 4) {
      return Status(ErrorCode::UsageError, "the mixed workload needs at least 4 investors");
    }
  } else if (options.ops_per_tx == 0) {
    options.ops_per_tx = DefaultPledgesPerTransaction(options.workload);
  }
  return Status::Ok();
}

Status RunPgBench(PgBenchOptions options) {
  RETURN_IF_ERROR(ResolveWorkload(options));
  {
    ASSIGN_OR_RETURN(auto setup, PgConnection::Connect(options.conninfo));
    std::fprintf(stderr, "setting up %llu investors and %d campaigns\n",
                 static_cast<unsigned long long>(options.investors), kCampaigns);
    RETURN_IF_ERROR(SetUpPostgres(*setup, options.workload, options.investors, WallClockMicros()));
  }
  if (options.setup_only) {
    std::printf("{\"system\": \"postgresql\", \"workload\": \"%s\", \"setup_only\": true}\n",
                WorkloadName(options.workload));
    return Status::Ok();
  }
  std::vector<std::unique_ptr<PgConnection>> connections;
  for (uint32_t i = 0; i < options.connections; ++i) {
    ASSIGN_OR_RETURN(auto connection, OpenRunConnection(options.conninfo));
    connections.push_back(std::move(connection));
  }
  // Sequence numbers (transaction ids and the names they create): distinct per run, as on
  // the Crowdledger side.
  Run run(options, static_cast<uint64_t>(WallClockMicros()) << 12);
  std::vector<ConnectionResults> results(options.connections);
  auto start = Clock::now();
  run.stop = start + std::chrono::seconds(options.duration_s);
  std::vector<std::thread> threads;
  for (uint32_t i = 0; i < options.connections; ++i) {
    threads.emplace_back(
        [&, i] { results[i].failure = DriveConnection(*connections[i], run, i, results[i]); });
  }
  PrintProgress(run, start);
  for (std::thread& thread : threads) thread.join();
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();

  LatencyHistogram latencies;
  std::map<std::string, uint64_t> refused;
  for (const ConnectionResults& connection : results) {
    if (!connection.failure.ok()) return connection.failure.WithContext("a connection failed");
    latencies.Merge(connection.latencies);
    for (const auto& [reason, count] : connection.refused) refused[reason] += count;
  }
  PrintResults(run, seconds, latencies, refused);
  return Status::Ok();
}

}  // namespace
}  // namespace crowdledger::bench

namespace {

int Run(int argc, char** argv) {
  crowdledger::bench::PgBenchOptions options;
  CLI::App app("The PostgreSQL side of the comparison: the bench workloads through libpq");
  app.add_option("--conninfo", options.conninfo, "libpq connection string")->required();
  app.add_option("--workload", options.workload_name, "single, large, mixed or hot")
      ->check(CLI::IsMember({"single", "large", "mixed", "hot"}))
      ->capture_default_str();
  app.add_option("--connections", options.connections, "Connections, a thread each")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_option("--pipeline", options.pipeline, "Transactions in flight per connection")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  app.add_option("--duration", options.duration_s, "Seconds of load")
      ->check(CLI::Range(1, 86'400))
      ->capture_default_str();
  app.add_option("--ops-per-tx", options.ops_per_tx,
                 "Pledges per transaction (default 1; 1,000 for large; not for mixed)")
      ->check(CLI::Range(1, 8190));
  app.add_option("--investors", options.investors, "Investor accounts pledged from")
      ->check(CLI::Range(1, 10'000'000))
      ->capture_default_str();
  app.add_flag("--setup-only", options.setup_only, "Set up the workload's data, then exit");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : crowdledger::bench::kExitUsage;
  }
  crowdledger::Status status = crowdledger::bench::RunPgBench(options);
  if (!status.ok()) {
    std::cerr << "crowdledger_pg_bench: " << status.ToString() << "\n";
    return crowdledger::bench::kExitUsage;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (...) {
    // Only allocation failures and the like get here: errors are reported as Status.
    std::cerr << "crowdledger_pg_bench: unexpected internal error\n";
    return crowdledger::bench::kExitUsage;
  }
}
