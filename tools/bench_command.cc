// crowdledger bench --server ADDR --key AUTHORITYKEY [--connections C] [--ops-per-tx K]
//   [--duration S] [--pipeline P] [--investors N]
// Sets up a platform, N investors with cash and 20 open campaigns (once per ledger), then
// runs C connections for S seconds, each keeping P transactions of K pledges in flight, and
// prints ops/s, tx/s and latency percentiles (send to acknowledgement, which includes the
// WAL sync), with a progress line every second on stderr. Only applied transactions count;
// refusals are reported by code.
#include "tools/bench_command.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <random>
#include <thread>

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

struct BenchOptions {
  std::string server, key;
  uint32_t connections = 4, ops_per_tx = 1, duration_s = 10, pipeline = 8;
  uint64_t investors = 10'000;
};

Ed25519PrivateKey PlatformKey() {
  return *Ed25519PrivateKey::FromSeed(Sha256(AsBytes("crowdledger bench key of platform")));
}
std::string Investor(uint64_t i) { return "bench-investor-" + std::to_string(i); }
// Transaction ids: distinct per run and per connection.
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

struct Totals {
  std::mutex mutex;
  std::vector<double> latencies_ms;
  std::map<std::string, uint64_t> refused;
  std::atomic<uint64_t> transactions{0}, operations{0};
  std::atomic<bool> failed{false};
  std::string failure;
};

// One connection: keeps `pipeline` transactions in flight until `stop`.
void RunConnection(const BenchOptions& options, uint32_t index, Clock::time_point stop,
                   Totals& totals) {
  auto address = ParseHostPort(options.server);
  auto client = api::Client::Connect(address->first, address->second);
  if (!client.ok()) {
    std::lock_guard lock(totals.mutex);
    totals.failed = true;
    totals.failure = client.status().ToString();
    return;
  }
  std::mt19937_64 random(index * 7919 + 1);
  Ed25519PrivateKey key = PlatformKey();
  uint64_t next_id = RunBase() + (uint64_t{index} << 40);
  std::map<uint64_t, Clock::time_point> in_flight;
  std::vector<double> latencies;
  std::map<std::string, uint64_t> refused;
  uint64_t request = 0;
  auto send_one = [&]() -> Status {
    api::TransactionBuilder builder(kPlatform, 1, ++next_id, WallClockMicros());
    for (uint32_t i = 0; i < options.ops_per_tx; ++i) {
      builder.Pledge("bench-c" + std::to_string(random() % kCampaigns),
                     Investor(random() % options.investors), 1);
    }
    SignedTransaction tx = builder.Sign(key);
    uint64_t id = ++request;
    in_flight[id] = Clock::now();
    return (*client)->SendRaw(api::EncodeFrame(
        api::BuildRequest(id, schema::PayloadKind::Transaction, tx.bytes, tx.signature)));
  };
  Status status = Status::Ok();
  while (status.ok() && (Clock::now() < stop || !in_flight.empty())) {
    while (status.ok() && Clock::now() < stop && in_flight.size() < options.pipeline) {
      status = send_one();
    }
    if (!status.ok() || in_flight.empty()) break;
    auto frame = (*client)->ReadResponse();
    if (!frame.ok()) {
      status = frame.status();
      break;
    }
    auto sent = in_flight.find(frame->response->request_id());
    if (sent == in_flight.end()) {
      status = frame->status().ok() ? Status(ErrorCode::Malformed, "an unexpected response")
                                    : frame->status();
      break;
    }
    latencies.push_back(
        std::chrono::duration<double, std::milli>(Clock::now() - sent->second).count());
    in_flight.erase(sent);
    if (frame->status().ok()) {
      totals.transactions.fetch_add(1, std::memory_order_relaxed);
      totals.operations.fetch_add(options.ops_per_tx, std::memory_order_relaxed);
    } else {
      ++refused[ErrorCodeName(frame->response->code())];
    }
  }
  std::lock_guard lock(totals.mutex);
  totals.latencies_ms.insert(totals.latencies_ms.end(), latencies.begin(), latencies.end());
  for (const auto& [code, count] : refused) totals.refused[code] += count;
  if (!status.ok()) {
    totals.failed = true;
    totals.failure = status.ToString();
  }
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
  ASSIGN_OR_RETURN(auto setup_client, api::Client::Connect(address.first, address.second));
  std::fprintf(stderr, "setting up %llu investors and %d campaigns\n",
               static_cast<unsigned long long>(options.investors), kCampaigns);
  RETURN_IF_ERROR(Setup(*setup_client, authority, options));

  Totals totals;
  auto start = Clock::now();
  auto stop = start + std::chrono::seconds(options.duration_s);
  std::vector<std::thread> threads;
  for (uint32_t i = 0; i < options.connections; ++i) {
    threads.emplace_back(RunConnection, std::cref(options), i, stop, std::ref(totals));
  }
  uint64_t last_ops = 0;
  for (auto tick = start + std::chrono::seconds(1); tick <= stop; tick += std::chrono::seconds(1)) {
    std::this_thread::sleep_until(tick);
    uint64_t ops = totals.operations.load();
    std::fprintf(stderr, "\r%3llds: %llu operations, %llu ops/s in the last second   ",
                 static_cast<long long>(
                     std::chrono::duration_cast<std::chrono::seconds>(tick - start).count()),
                 static_cast<unsigned long long>(ops),
                 static_cast<unsigned long long>(ops - last_ops));
    last_ops = ops;
  }
  for (std::thread& thread : threads) thread.join();
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::fprintf(stderr, "\n");
  if (totals.failed) return Status(ErrorCode::IoError, "a connection failed: " + totals.failure);
  std::sort(totals.latencies_ms.begin(), totals.latencies_ms.end());
  std::printf(
      "{\"connections\": %u, \"ops_per_tx\": %u, \"pipeline\": %u, \"seconds\": %.2f, "
      "\"transactions\": %llu, \"operations\": %llu, \"tx_per_s\": %.0f, \"ops_per_s\": %.0f, "
      "\"p50_ms\": %.3f, \"p99_ms\": %.3f, \"p999_ms\": %.3f, \"refused\": {",
      options.connections, options.ops_per_tx, options.pipeline, seconds,
      static_cast<unsigned long long>(totals.transactions.load()),
      static_cast<unsigned long long>(totals.operations.load()),
      static_cast<double>(totals.transactions.load()) / seconds,
      static_cast<double>(totals.operations.load()) / seconds,
      Percentile(totals.latencies_ms, 0.50), Percentile(totals.latencies_ms, 0.99),
      Percentile(totals.latencies_ms, 0.999));
  const char* separator = "";
  for (const auto& [code, count] : totals.refused) {
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
  bench->callback([&exit_code, options] { exit_code = ExitWith(RunBench(*options)); });
}

}  // namespace crowdledger::tool
