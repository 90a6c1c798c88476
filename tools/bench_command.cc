// crowdledger bench --server ADDR --key AUTHORITYKEY [--connections C] [--ops-per-tx K]
//   [--duration S] [--pipeline P] [--investors N] [--presign T] [--io-threads I]
// Sets up a platform, N investors with cash and 20 open campaigns (once per ledger), signs T
// transactions in advance, then runs C connections for S seconds on I io threads (the
// asynchronous client: no thread per connection), each keeping P transactions of K pledges in
// flight (presigned ones first, then signed on the fly), and prints ops/s, tx/s and latency
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
#include "crypto/sha256.h"
#include "crypto/wall_clock.h"
#include "tools/exit_codes.h"
#include "tools/host_port.h"

namespace crowdledger::tool {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kCampaigns = 20;
constexpr char kPlatform[] = "bench-platform";
// Presigned transactions are held in memory: about 100 bytes a pledge.
constexpr uint64_t kMaxPresignedPledges = 20'000'000;

struct BenchOptions {
  std::string server, key;
  uint32_t connections = 4, ops_per_tx = 1, duration_s = 10, pipeline = 8;
  uint64_t investors = 10'000;
  uint64_t presign = 0;
  uint32_t io_threads = 1;
};

Ed25519PrivateKey PlatformKey() {
  return *Ed25519PrivateKey::FromSeed(Sha256(AsBytes("crowdledger bench key of platform")));
}
std::string Investor(uint64_t i) { return "bench-investor-" + std::to_string(i); }
// Transaction ids: distinct per run (a run takes ids from RunBase() on, one per transaction).
uint64_t RunBase() { return static_cast<uint64_t>(WallClockMicros()) << 12; }

Status Expect(Result<api::ResponseFrame> frame, const char* what) {
  if (!frame.ok()) return frame.status();
  Status status = frame->status();
  // A second run on the same ledger finds its setup done.
  if (status.code() == ErrorCode::AlreadyExists) return Status::Ok();
  return status.ok() ? status : status.WithContext(what);
}

// Registers the platform, the investors (1,000 per transaction) with cash, and the campaigns.
Status Setup(api::Client& client, const Ed25519PrivateKey& authority, const BenchOptions& options) {
  uint64_t id = RunBase();
  auto submit = [&](const std::string& submitter, const Ed25519PrivateKey& key,
                    const std::function<void(api::TransactionBuilder&)>& fill, const char* what) {
    api::TransactionBuilder builder(submitter, 1, ++id, WallClockMicros());
    fill(builder);
    return Expect(client.Submit(builder.Sign(key)), what);
  };
  RETURN_IF_ERROR(submit(
      "authority", authority,
      [](auto& b) {
        b.RegisterParty(kPlatform, schema::PartyKind::CrowdfundingPlatform)
            .RegisterKey(kPlatform, 1, PlatformKey().public_key(), schema::Role::Post)
            .RegisterParty("bench-enterprise", schema::PartyKind::Enterprise);
      },
      "registering the platform"));
  for (uint64_t first = 0; first < options.investors; first += 1000) {
    uint64_t end = std::min(options.investors, first + 1000);
    RETURN_IF_ERROR(submit(
        "authority", authority,
        [&](auto& b) {
          for (uint64_t i = first; i < end; ++i)
            b.RegisterParty(Investor(i), schema::PartyKind::Investor);
        },
        "registering investors"));
    RETURN_IF_ERROR(submit(
        kPlatform, PlatformKey(),
        [&](auto& b) {
          for (uint64_t i = first; i < end; ++i) b.Deposit(Investor(i), "CNY", 1'000'000'000);
        },
        "depositing"));
  }
  return submit(
      kPlatform, PlatformKey(),
      [](auto& b) {
        for (int c = 0; c < kCampaigns; ++c) {
          api::TransactionBuilder::CampaignTerms terms;
          terms.campaign = "bench-c" + std::to_string(c);
          terms.platform = kPlatform;
          terms.enterprise = "bench-enterprise";
          terms.goal = 1;
          terms.opens_us = WallClockMicros() - 1'000'000;
          terms.closes_us = WallClockMicros() + int64_t{10} * 365 * 86'400'000'000;
          terms.cancel_cutoff_us = terms.closes_us;
          terms.max_investors = 100'000;
          b.OpenCampaign(terms);
        }
      },
      "opening campaigns");
}

// The transactions of the run: the presigned ones first, then signed on the fly. Next may be
// called from any io thread.
class TransactionSource {
 public:
  TransactionSource(const BenchOptions& options, uint64_t first_id)
      : options_(options), key_(PlatformKey()), next_id_(first_id) {}

  // Signs `options.presign` transactions, on every core (before the clock starts).
  void Presign() {
    presigned_.resize(options_.presign);
    uint64_t first_id = next_id_.fetch_add(options_.presign);
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

  SignedTransaction Next(std::mt19937_64& random) {
    size_t index = next_presigned_.fetch_add(1, std::memory_order_relaxed);
    if (index < presigned_.size()) return std::move(presigned_[index]);
    signed_live_.fetch_add(1, std::memory_order_relaxed);
    return Make(next_id_.fetch_add(1, std::memory_order_relaxed), random);
  }

  uint64_t presigned() const { return presigned_.size(); }
  uint64_t signed_live() const { return signed_live_.load(); }

 private:
  SignedTransaction Make(uint64_t id, std::mt19937_64& random) const {
    api::TransactionBuilder builder(kPlatform, 1, id, WallClockMicros());
    for (uint32_t i = 0; i < options_.ops_per_tx; ++i) {
      builder.Pledge("bench-c" + std::to_string(random() % kCampaigns),
                     Investor(random() % options_.investors), 1);
    }
    return builder.Sign(key_);
  }

  const BenchOptions& options_;
  const Ed25519PrivateKey key_;
  std::atomic<uint64_t> next_id_;
  std::vector<SignedTransaction> presigned_;
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
  SignedTransaction transaction = run.source.Next(connection.random);
  ++connection.in_flight;
  Clock::time_point sent = Clock::now();
  connection.client->Submit(
      std::move(transaction), [&run, &connection, sent](Result<api::ResponseFrame> answer) {
        --connection.in_flight;
        if (!answer.ok()) {
          if (connection.failure.ok()) connection.failure = answer.status();
        } else {
          connection.latencies_ms.push_back(
              std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
          if (answer->status().ok()) {
            run.transactions.fetch_add(1, std::memory_order_relaxed);
            run.operations.fetch_add(run.options.ops_per_tx, std::memory_order_relaxed);
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

Status RunBench(const BenchOptions& options) {
  ASSIGN_OR_RETURN(Ed25519PrivateKey authority, ReadPrivateKeyFile(options.key));
  ASSIGN_OR_RETURN(auto address, ParseHostPort(options.server));
  if (options.presign * options.ops_per_tx > kMaxPresignedPledges) {
    return Status(ErrorCode::UsageError, "--presign times --ops-per-tx is over " +
                                             std::to_string(kMaxPresignedPledges) +
                                             " pledges (they are held in memory)");
  }
  ASSIGN_OR_RETURN(auto setup_client, api::Client::Connect(address.first, address.second));
  std::fprintf(stderr, "setting up %llu investors and %d campaigns\n",
               static_cast<unsigned long long>(options.investors), kCampaigns);
  RETURN_IF_ERROR(Setup(*setup_client, authority, options));

  TransactionSource source(options, RunBase());
  if (options.presign > 0) {
    std::fprintf(stderr, "signing %llu transactions\n",
                 static_cast<unsigned long long>(options.presign));
    source.Presign();
  }

  // All connections on the io threads; the clock starts once every one is connected.
  boost::asio::io_context io;
  auto work = boost::asio::make_work_guard(io);
  std::vector<std::thread> io_threads;
  for (uint32_t i = 0; i < options.io_threads; ++i) io_threads.emplace_back([&io] { io.run(); });
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
      "{\"connections\": %u, \"ops_per_tx\": %u, \"pipeline\": %u, \"io_threads\": %u, "
      "\"presigned\": %llu, \"signed_during_run\": %llu, \"seconds\": %.2f, "
      "\"transactions\": %llu, \"operations\": %llu, \"tx_per_s\": %.0f, \"ops_per_s\": %.0f, "
      "\"p50_ms\": %.3f, \"p99_ms\": %.3f, \"p999_ms\": %.3f, \"refused\": {",
      options.connections, options.ops_per_tx, options.pipeline, options.io_threads,
      static_cast<unsigned long long>(source.presigned()),
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
  bench->add_option("--ops-per-tx", options->ops_per_tx, "Pledges per transaction")
      ->check(CLI::Range(1, 8190))
      ->capture_default_str();
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
  bench->callback([&exit_code, options] { exit_code = ExitWith(RunBench(*options)); });
}

}  // namespace crowdledger::tool
