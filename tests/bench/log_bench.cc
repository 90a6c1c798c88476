// Log store benchmarks (docs/BENCHMARKS.md): synced append throughput by batch size and with
// concurrent appenders sharing group commits; root and proof generation on a 1M-entry log.
//   build/release/tests/bench/log_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <random>

#include "ledger/log_store.h"
#include "tests/support/synthetic_entries.h"

namespace crowdledger {
namespace {

// A pledge transaction entry is about 300 bytes (one operation, signature, outcome).
constexpr size_t kEntryBytes = 300;
constexpr uint64_t kLargeLogEntries = 1'000'000;

std::filesystem::path BenchDirectory(const std::string& name) {
  auto path = std::filesystem::temp_directory_path() /
              ("crowdledger-bench-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(path);
  return path;
}

std::unique_ptr<LogStore> MustCreate(const std::filesystem::path& path, LogStoreOptions options) {
  auto store =
      LogStore::Create(path, "bench.example/log", {test::SyntheticEntry(0, kEntryBytes)}, options);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    std::abort();
  }
  return std::move(store).value();
}

void AppendSynced(benchmark::State& state) {
  static std::unique_ptr<LogStore> store;
  static std::filesystem::path path;
  auto batch = static_cast<uint64_t>(state.range(0));
  if (state.thread_index() == 0) {
    path = BenchDirectory("append");
    store = MustCreate(path, LogStoreOptions{});
  }
  // Entries are prepared outside the timed region's hot loop: this measures the store.
  std::vector<std::string> entries = test::SyntheticEntries(0, batch, kEntryBytes);
  uint64_t bytes = 0;
  for (const auto& entry : entries) bytes += entry.size();
  for (auto _ : state) {
    auto result = store->Append(entries);
    if (!result.ok()) state.SkipWithError(result.status().ToString().c_str());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(batch));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(bytes));
  if (state.thread_index() == 0) {
    state.counters["log_size"] = static_cast<double>(store->size());
    store.reset();
    std::filesystem::remove_all(path);
  }
}
BENCHMARK(AppendSynced)->Arg(1)->Arg(10)->Arg(1000)->UseRealTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(AppendSynced)
    ->Arg(1)
    ->Threads(8)
    ->Threads(64)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

// A 1M-entry log built once (unsynced, in 10,000-entry batches) for the read benchmarks.
LogStore& LargeLog() {
  static std::filesystem::path path = BenchDirectory("large");
  static std::unique_ptr<LogStore> store = [] {
    LogStoreOptions options;
    options.sync = false;
    auto created = MustCreate(path, options);
    while (created->size() < kLargeLogEntries) {
      uint64_t count = std::min<uint64_t>(10'000, kLargeLogEntries - created->size());
      if (!created->Append(test::SyntheticEntries(created->size(), count, kEntryBytes)).ok())
        std::abort();
    }
    std::atexit([] { std::filesystem::remove_all(path); });
    return created;
  }();
  return *store;
}

void RootAtRandomSize(benchmark::State& state) {
  LogStore& store = LargeLog();
  std::mt19937_64 random(1);
  for (auto _ : state) {
    uint64_t size = 1 + random() % store.size();
    benchmark::DoNotOptimize(store.Root(size));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(RootAtRandomSize);

void InclusionProofAtRandomSize(benchmark::State& state) {
  LogStore& store = LargeLog();
  std::mt19937_64 random(2);
  for (auto _ : state) {
    uint64_t size = 1 + random() % store.size();
    uint64_t index = random() % size;
    benchmark::DoNotOptimize(store.InclusionProof(index, size));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(InclusionProofAtRandomSize);

void ConsistencyProofAtRandomSizes(benchmark::State& state) {
  LogStore& store = LargeLog();
  std::mt19937_64 random(3);
  for (auto _ : state) {
    uint64_t new_size = 1 + random() % store.size();
    uint64_t old_size = 1 + random() % new_size;
    benchmark::DoNotOptimize(store.ConsistencyProof(old_size, new_size));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(ConsistencyProofAtRandomSizes);

}  // namespace
}  // namespace crowdledger

BENCHMARK_MAIN();
