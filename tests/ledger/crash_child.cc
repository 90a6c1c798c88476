// crash_child: appends synthetic entries to an existing ledger from several threads, durably,
// and prints "ack <first> <count>" after each acknowledged append. The crash test kills it
// with SIGKILL at random moments. It stops by itself after --seconds.
#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "ledger/log_store.h"
#include "tests/support/synthetic_entries.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: crash_child DIR SECONDS\n");
    return 2;
  }
  auto store = crowdledger::LogStore::Open(argv[1]);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 2;
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(std::stoi(argv[2]));
  std::mutex output;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (uint64_t round = 0; std::chrono::steady_clock::now() < deadline; ++round) {
        uint64_t count = 1 + (round + static_cast<uint64_t>(t)) % 5;
        auto result = (*store)->Append(
            [count](uint64_t first) -> crowdledger::Result<crowdledger::AppendBatch> {
              return crowdledger::AppendBatch{
                  crowdledger::test::SyntheticEntries(first, count, 200), {}};
            });
        if (!result.ok()) {
          std::fprintf(stderr, "%s\n", result.status().ToString().c_str());
          std::_Exit(3);
        }
        std::lock_guard lock(output);
        std::printf("ack %llu %llu\n", static_cast<unsigned long long>(result->first_index),
                    static_cast<unsigned long long>(count));
        std::fflush(stdout);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  return 0;
}
