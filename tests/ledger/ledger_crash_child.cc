// ledger_crash_child: ingests random deposits, transfers and withdrawals into an existing
// ledger, durably, with frequent state checkpoints, until killed (the recovery test sends
// SIGKILL) or until its time is up. Usage: ledger_crash_child DIR SEED SECONDS
#include <chrono>
#include <cstdio>
#include <random>

#include "crypto/sha256.h"
#include "ledger/ledger.h"
#include "tests/support/transaction_builder.h"

int main(int argc, char** argv) {
  using namespace crowdledger;
  if (argc != 4) return 2;
  LedgerOptions options;
  options.checkpoint_dirty_items = 40;  // state checkpoints between most kills
  options.checkpoint_index_records = 40;
  auto ledger = Ledger::Open(argv[1], options);
  if (!ledger.ok()) {
    std::fprintf(stderr, "%s\n", ledger.status().ToString().c_str());
    return 2;
  }
  std::printf("ready\n");  // recovery is done: the test's kill timer starts now
  std::fflush(stdout);
  std::mt19937_64 random(std::stoull(argv[2]));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(std::stoi(argv[3]));
  while (std::chrono::steady_clock::now() < deadline) {
    std::string party = "p" + std::to_string(random() % 8);
    auto key = *Ed25519PrivateKey::FromSeed(Sha256(AsBytes("seed of " + party)));
    test::TransactionBuilder builder(party, 1, random());
    builder.Deposit(party, "CNY", 1 + static_cast<int64_t>(random() % 1000));
    builder.Transfer(party, "p" + std::to_string(random() % 8), "CNY",
                     static_cast<int64_t>(random() % 500) + 1);
    if (random() % 3 == 0) builder.Withdraw(party, "CNY", 1);
    std::vector<SignedTransaction> group{builder.Sign(key)};
    auto now = std::chrono::system_clock::now().time_since_epoch();
    (*ledger)->SubmitGroup(group,
                           std::chrono::duration_cast<std::chrono::microseconds>(now).count());
  }
  return 0;
}
