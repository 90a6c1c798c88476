// crowdledger bench --server ADDR --key AUTHORITYKEY [--workload W] [--connections C]
//   [--ops-per-tx K] [--duration S] [--pipeline P] [--investors N] [--presign T]
//   [--io-threads I] [--setup-only]
// Sets up a platform, N investors with cash and 20 open campaigns (and for the mixed workload
// its other parties; once per ledger), signs T transactions in advance, then runs C
// connections for S seconds on I io threads (the asynchronous client: no thread per
// connection), each keeping P transactions of workload W (tools/bench/workload.h) in flight
// (presigned ones first, then signed on the fly), and prints ops/s, tx/s and latency
// percentiles (send to acknowledgement, which includes the WAL sync), with a progress line
// every second on stderr. Only applied transactions count; refusals are reported by code.
#include "tools/bench_command.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "api/async_client.h"
#include "api/client.h"
#include "api/transaction_builder.h"
#include "crypto/wall_clock.h"
#include "ledger/thread_name.h"
#include "tools/bench/signed_workload.h"
#include "tools/bench/workload.h"
#include "tools/exit_codes.h"
#include "tools/host_port.h"

namespace crowdledger::tool {
namespace {

using Clock = std::chrono::steady_clock;
// Presigned transactions are held in memory: about 100 bytes a pledge.
constexpr uint64_t kMaxPresignedPledges = 20'000'000;
// The most operations a mixed-workload transaction carries (a campaign round).
constexpr uint64_t kMaxMixedOperations = 7;

struct BenchOptions {
  std::string server, key;
  std::string workload_name = "single";
  bench::Workload workload = bench::Workload::Single;
  uint32_t connections = 4, ops_per_tx = 0, duration_s = 10, pipeline = 8;
  uint64_t investors = 10'000;
  uint64_t presign = 0;
  uint32_t io_threads = 1;
  bool setup_only = false;
  // The most operations one transaction of the run carries (the presign bound).
  uint64_t MaxOperationsPerTransaction() const {
    return workload == bench::Workload::Mixed ? kMaxMixedOperations : ops_per_tx;
  }
};

// Transaction ids: distinct per run (a run takes ids from RunBase() on, one per transaction).
uint64_t RunBase() { return static_cast<uint64_t>(WallClockMicros()) << 12; }

// Registers what the workload starts from (tools/bench/signed_workload.h).
Status Setup(api::Client& client, const Ed25519PrivateKey& authority, const BenchOptions& options) {
  uint64_t id = RunBase();
  auto step = [&](const std::string& submitter,
                  const std::function<void(api::TransactionBuilder&)>& fill, const char* what) {
    api::TransactionBuilder builder(submitter, 1, ++id, WallClockMicros());
    fill(builder);
    SignedTransaction signed_transaction =
        builder.Sign(submitter == "authority" ? authority : BenchKey(submitter));
    Result<api::ResponseFrame> frame = client.Submit(signed_transaction);
    if (!frame.ok()) return frame.status().WithContext(what);
    Status status = frame->status();
    // AlreadyExists keeps its code: SetUpWorkload tells a ledger set up before by it.
    return status.ok() || status.code() == ErrorCode::AlreadyExists ? status
                                                                    : status.WithContext(what);
  };
  return SetUpWorkload(options.workload, options.investors, WallClockMicros(), step);
}

// A transaction of the run and how many operations it carries.
struct SourcedTransaction {
  SignedTransaction transaction;
  uint32_t operations = 0;
};

// The transactions of the run: the presigned ones first, then signed on the fly. Next may be
// called from any io thread.
class TransactionSource {
 public:
  TransactionSource(const BenchOptions& options, uint64_t first_id)
      : plan_(options.workload, options.ops_per_tx, options.investors), next_id_(first_id) {
    for (const char* party : {bench::kPlatform, bench::kBank})
      keys_.emplace(party, BenchKey(party));
    for (int i = 0; i < bench::kAngels; ++i) {
      keys_.emplace(bench::Angel(i), BenchKey(bench::Angel(i)));
    }
  }

  // Signs `presign` transactions, on every core (before the clock starts).
  void Presign(uint64_t presign) {
    presigned_.resize(presign);
    uint64_t first_id = next_id_.fetch_add(presign);
    size_t threads = std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::thread> signers;
    for (size_t t = 0; t < threads; ++t) {
      signers.emplace_back([this, t, threads, first_id] {
        std::mt19937_64 random(t * 104'729 + 17);
        for (size_t i = t; i < presigned_.size(); i += threads) {
          presigned_[i] = Make(first_id + i, random);
        }
      });
    }
    for (std::thread& signer : signers) signer.join();
  }

  SourcedTransaction Next(std::mt19937_64& random) {
    size_t index = next_presigned_.fetch_add(1, std::memory_order_relaxed);
    if (index < presigned_.size()) return std::move(presigned_[index]);
    signed_live_.fetch_add(1, std::memory_order_relaxed);
    return Make(next_id_.fetch_add(1, std::memory_order_relaxed), random);
  }

  uint64_t presigned() const { return presigned_.size(); }
  uint64_t signed_live() const { return signed_live_.load(); }

 private:
  // The transaction id is the plan's sequence number: unique per ledger, so the names of
  // what a mixed transaction creates are too.
  SourcedTransaction Make(uint64_t id, std::mt19937_64& random) const {
    bench::PlannedTransaction planned = plan_.Transaction(id, random);
    auto operations = static_cast<uint32_t>(planned.operations.size());
    return {SignPlanned(planned, id, WallClockMicros(), keys_.at(planned.submitter)), operations};
  }

  const bench::WorkloadPlan plan_;
  std::map<std::string, Ed25519PrivateKey, std::less<>> keys_;
  std::atomic<uint64_t> next_id_;
  std::vector<SourcedTransaction> presigned_;
  std::atomic<size_t> next_presigned_{0};
  std::atomic<uint64_t> signed_live_{0};
};

// One connection's state: touched only on its client's strand (and by the main thread
// before and after the io threads run).
struct Connection {
  std::shared_ptr<api::AsyncClient> client;
  std::mt19937_64 random;
  uint32_t in_flight = 0;
  std::vector<double> latencies_ms;
  std::map<std::string, uint64_t> refused;
  Status failure;
};

struct Run {
  Run(const BenchOptions& run_options, TransactionSource& run_source)
      : options(run_options), source(run_source) {}
  const BenchOptions& options;
  TransactionSource& source;
  Clock::time_point stop;  // set before the first transaction is sent
  std::atomic<uint64_t> transactions{0}, operations{0};
};

// Sends one transaction; its answer sends the next until the clock runs out, and the last
// answer closes the connection.
void SendOne(Run& run, Connection& connection) {
  SourcedTransaction next = run.source.Next(connection.random);
  ++connection.in_flight;
  Clock::time_point sent = Clock::now();
  uint32_t operations = next.operations;
  connection.client->Submit(std::move(next.transaction), [&run, &connection, sent, operations](
                                                             Result<api::ResponseFrame> answer) {
    --connection.in_flight;
    if (!answer.ok()) {
      if (connection.failure.ok()) connection.failure = answer.status();
    } else {
      connection.latencies_ms.push_back(
          std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
      if (answer->status().ok()) {
        run.transactions.fetch_add(1, std::memory_order_relaxed);
        run.operations.fetch_add(operations, std::memory_order_relaxed);
      } else {
        ++connection.refused[ErrorCodeName(answer->response->code())];
      }
    }
    if (connection.failure.ok() && Clock::now() < run.stop) {
      SendOne(run, connection);
    } else if (connection.in_flight == 0) {
      connection.client->Close();
    }
  });
}

double Percentile(std::vector<double>& sorted, double fraction) {
  if (sorted.empty()) return 0;
  size_t index = std::min(sorted.size() - 1,
                          static_cast<size_t>(fraction * static_cast<double>(sorted.size())));
  return sorted[index];
}

// Resolves --workload and the workload's default --ops-per-tx.
Status ResolveWorkload(BenchOptions& options) {
  std::optional<bench::Workload> workload = bench::ParseWorkload(options.workload_name);
  if (!workload) {
    return Status(ErrorCode::UsageError, "unknown workload '" + options.workload_name + "'");
  }
  options.workload = *workload;
  if (options.workload == bench::Workload::Mixed) {
    if (options.ops_per_tx != 0) {
      return Status(ErrorCode::UsageError,
                    "--ops-per-tx does not apply to the mixed workload (its transactions have "
                    "their own shapes)");
    }
    if (options.investors < 4) {
      return Status(ErrorCode::UsageError, "the mixed workload needs at least 4 investors");
    }
    return Status::Ok();
  }
  if (options.ops_per_tx == 0) options.ops_per_tx = bench::DefaultPledgesPerTransaction(*workload);
  return Status::Ok();
}

Status RunBench(BenchOptions options) {
  RETURN_IF_ERROR(ResolveWorkload(options));
  ASSIGN_OR_RETURN(Ed25519PrivateKey authority, ReadPrivateKeyFile(options.key));
  ASSIGN_OR_RETURN(auto address, ParseHostPort(options.server));
  if (options.presign * options.MaxOperationsPerTransaction() > kMaxPresignedPledges) {
    return Status(ErrorCode::UsageError, "--presign times the operations per transaction is over " +
                                             std::to_string(kMaxPresignedPledges) +
                                             " (they are held in memory)");
  }
  ASSIGN_OR_RETURN(auto setup_client, api::Client::Connect(address.first, address.second));
  std::fprintf(stderr, "setting up %llu investors and %d campaigns\n",
               static_cast<unsigned long long>(options.investors), bench::kCampaigns);
  RETURN_IF_ERROR(Setup(*setup_client, authority, options));
  if (options.setup_only) {
    std::printf("{\"workload\": \"%s\", \"setup_only\": true}\n",
                bench::WorkloadName(options.workload));
    return Status::Ok();
  }

  TransactionSource source(options, RunBase());
  if (options.presign > 0) {
    std::fprintf(stderr, "signing %llu transactions\n",
                 static_cast<unsigned long long>(options.presign));
    source.Presign(options.presign);
  }

  // All connections on the io threads; the clock starts once every one is connected.
  boost::asio::io_context io;
  auto work = boost::asio::make_work_guard(io);
  std::vector<std::thread> io_threads;
  for (uint32_t i = 0; i < options.io_threads; ++i)
    io_threads.emplace_back([&io] {
      NameThisThread("cl-bench-io");
      io.run();
    });
  std::vector<Connection> connections(options.connections);
  std::mutex connect_mutex;
  std::condition_variable connect_done;
  uint32_t connect_answers = 0;
  Status connect_failure;
  for (uint32_t i = 0; i < options.connections; ++i) {
    connections[i].client = api::AsyncClient::Create(io);
    connections[i].random.seed(uint64_t{i} * 7919 + 1);
    connections[i].client->Connect(address.first, address.second, [&](const Status& status) {
      std::lock_guard lock(connect_mutex);
      if (!status.ok() && connect_failure.ok()) connect_failure = status;
      if (++connect_answers == options.connections) connect_done.notify_one();
    });
  }
  {
    std::unique_lock lock(connect_mutex);
    connect_done.wait(lock, [&] { return connect_answers == options.connections; });
  }
  Run run(options, source);
  auto start = Clock::now();
  run.stop = start + std::chrono::seconds(options.duration_s);
  for (Connection& connection : connections) {
    if (!connect_failure.ok()) {
      connection.client->Close();
      continue;
    }
    boost::asio::post(connection.client->executor(), [&run, &connection] {
      for (uint32_t p = 0; p < run.options.pipeline; ++p) SendOne(run, connection);
    });
  }
  work.reset();  // the io threads end when every connection has closed

  uint64_t last_ops = 0;
  for (auto tick = start + std::chrono::seconds(1); connect_failure.ok() && tick <= run.stop;
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
  for (std::thread& thread : io_threads) thread.join();
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::fprintf(stderr, "\n");
  if (!connect_failure.ok()) return connect_failure.WithContext("connecting");

  std::vector<double> latencies_ms;
  std::map<std::string, uint64_t> refused;
  for (Connection& connection : connections) {
    if (!connection.failure.ok()) {
      return Status(ErrorCode::IoError, "a connection failed: " + connection.failure.ToString());
    }
    latencies_ms.insert(latencies_ms.end(), connection.latencies_ms.begin(),
                        connection.latencies_ms.end());
    for (const auto& [code, count] : connection.refused) refused[code] += count;
  }
  std::sort(latencies_ms.begin(), latencies_ms.end());
  std::printf(
      "{\"workload\": \"%s\", \"connections\": %u, \"ops_per_tx\": %u, \"pipeline\": %u, "
      "\"io_threads\": %u, "
      "\"presigned\": %llu, \"signed_during_run\": %llu, \"seconds\": %.2f, "
      "\"transactions\": %llu, \"operations\": %llu, \"tx_per_s\": %.0f, \"ops_per_s\": %.0f, "
      "\"p50_ms\": %.3f, \"p99_ms\": %.3f, \"p999_ms\": %.3f, \"refused\": {",
      bench::WorkloadName(options.workload), options.connections, options.ops_per_tx,
      options.pipeline, options.io_threads, static_cast<unsigned long long>(source.presigned()),
      static_cast<unsigned long long>(source.signed_live()), seconds,
      static_cast<unsigned long long>(run.transactions.load()),
      static_cast<unsigned long long>(run.operations.load()),
      static_cast<double>(run.transactions.load()) / seconds,
      static_cast<double>(run.operations.load()) / seconds, Percentile(latencies_ms, 0.50),
      Percentile(latencies_ms, 0.99), Percentile(latencies_ms, 0.999));
  const char* separator = "";
  for (const auto& [code, count] : refused) {
    std::printf("%s\"%s\": %llu", separator, code.c_str(), static_cast<unsigned long long>(count));
    separator = ", ";
  }
  std::printf("}}\n");
  return Status::Ok();
}

}  // namespace

void AddBenchCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<BenchOptions>();
  auto* bench = app.add_subcommand("bench", "Load generator: pledges through a server");
  bench->add_option("--server", options->server, "HOST:PORT of the server")->required();
  bench->add_option("--key", options->key, "The authority's private key file (for the setup)")
      ->required();
  bench->add_option("--connections", options->connections, "Connections")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  bench
      ->add_option("--workload", options->workload_name,
                   "single, large (1,000 pledges per transaction), mixed or hot")
      ->check(CLI::IsMember({"single", "large", "mixed", "hot"}))
      ->capture_default_str();
  bench
      ->add_option("--ops-per-tx", options->ops_per_tx,
                   "Pledges per transaction (default 1; 1,000 for large; not for mixed)")
      ->check(CLI::Range(1, 8190));
  bench->add_option("--duration", options->duration_s, "Seconds of load")
      ->check(CLI::Range(1, 86'400))
      ->capture_default_str();
  bench->add_option("--pipeline", options->pipeline, "Transactions in flight per connection")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  bench->add_option("--investors", options->investors, "Investor accounts pledged from")
      ->check(CLI::Range(1, 10'000'000))
      ->capture_default_str();
  bench
      ->add_option("--presign", options->presign,
                   "Transactions signed before the clock starts (then signed on the fly)")
      ->check(CLI::Range(uint64_t{0}, kMaxPresignedPledges))
      ->capture_default_str();
  bench->add_option("--io-threads", options->io_threads, "Threads driving all the connections")
      ->check(CLI::Range(1, 16))
      ->capture_default_str();
  bench->add_flag("--setup-only", options->setup_only,
                  "Register what the workload starts from, then exit without load");
  bench->callback([&exit_code, options] { exit_code = ExitWith(RunBench(*options)); });
}

}  // namespace crowdledger::tool
