// log_filler: appends synthetic entries to an existing ledger, for tests of the tool and of
// exports. Entry i is "entry <i> " followed by a deterministic filler of a varying length, so
// that entries differ in content and size.
//   log_filler --data DIR --count N [--batch B]
#include <CLI/CLI.hpp>
#include <iostream>

#include "ledger/log_store.h"
#include "tests/support/synthetic_entries.h"

int main(int argc, char** argv) {
  CLI::App app{"Append synthetic entries to a ledger (tests only)"};
  std::string data;
  uint64_t count = 0;
  uint64_t batch = 1;
  app.add_option("--data", data)->required();
  app.add_option("--count", count)->required()->check(CLI::Range(uint64_t{1}, uint64_t{100000000}));
  app.add_option("--batch", batch)->check(CLI::Range(uint64_t{1}, uint64_t{100000}));
  CLI11_PARSE(app, argc, argv);

  auto store = crowdledger::LogStore::Open(data);
  if (!store.ok()) {
    std::cerr << store.status().ToString() << "\n";
    return 2;
  }
  for (uint64_t appended = 0; appended < count;) {
    uint64_t n = std::min(batch, count - appended);
    auto result =
        (*store)->Append([n](uint64_t first) -> crowdledger::Result<crowdledger::AppendBatch> {
          return crowdledger::AppendBatch{crowdledger::test::SyntheticEntries(first, n), {}};
        });
    if (!result.ok()) {
      std::cerr << result.status().ToString() << "\n";
      return 2;
    }
    appended += n;
  }
  std::cout << "ledger size " << (*store)->size() << "\n";
  return 0;
}
