// apply_bench: pledge operations applied per second, in-process on one core, at a given
// number of investor accounts (docs/BENCHMARKS.md).
//   apply_bench --accounts 1000000 --operations 2000000 --ops-per-tx 1000 --mode apply
//   apply_bench --accounts 1000000 --operations 10000000 --ops-per-tx 1000 --mode ledger
// "apply" times StateMachine::Apply alone (signature check, rules, state store, digest), the
// state kept in memory. "ledger" times Ledger::SubmitGroup: entries and Merkle nodes written
// with a synced WAL per group and state checkpoints as the dirty set grows.
// The enterprise is incubated in a maker space of a district, so every pledge also adds to
// those report scopes. Ledgers kept for the audit and report benchmarks (docs/BENCHMARKS.md)
// take `--days D` (the entries' times spread over D report days, so that reports sum D days
// of buckets), `--fund-investments` (a seed fund also invests in the enterprise once per
// max(50, G) transactions: a fund report with figures on every day) and `--group G` (G transactions
// per group commit; 1 by default, each transaction synced on its own).
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <random>

#include "crypto/sha256.h"
#include "ledger/genesis.h"
#include "ledger/ledger.h"
#include "tests/support/transaction_builder.h"

namespace crowdledger {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int64_t kStartUs = 1'700'000'000'000'000;
constexpr int kCampaigns = 20;  // 1M investors spread so that no campaign passes its limit

// Derived once per party: deriving a key costs as much as a signature.
const Ed25519PrivateKey& KeyFor(const std::string& party) {
  static std::map<std::string, Ed25519PrivateKey> keys;
  auto found = keys.find(party);
  if (found == keys.end()) {
    found =
        keys.emplace(party, *Ed25519PrivateKey::FromSeed(Sha256(AsBytes("bench " + party)))).first;
  }
  return found->second;
}
std::string Investor(uint64_t i) { return "i" + std::to_string(i); }

constexpr int64_t kDayUs = 86'400'000'000;

struct Bench {
  uint64_t accounts;
  uint64_t operations;
  uint64_t ops_per_tx;
  uint64_t days = 1;
  bool fund_investments = false;
  uint64_t group = 1;
  uint64_t next_id = 0;
  uint64_t investments = 0;
  std::mt19937_64 random{42};

  SignedTransaction Setup(const std::string& submitter, const Ed25519PrivateKey& key,
                          const std::function<void(test::TransactionBuilder&)>& fill) {
    test::TransactionBuilder builder(submitter, 1, ++next_id);
    fill(builder);
    return builder.Sign(key);
  }

  // Authority registers the platform, an enterprise and the investors (1000 per transaction);
  // the platform deposits for every investor and opens the campaigns.
  std::vector<SignedTransaction> SetupTransactions(const Ed25519PrivateKey& authority) {
    std::vector<SignedTransaction> setup;
    setup.push_back(Setup("authority", authority, [](test::TransactionBuilder& b) {
      b.RegisterParty("platform", schema::PartyKind::CrowdfundingPlatform)
          .RegisterKey("platform", 1, KeyFor("platform").public_key(), schema::Role::Post)
          .RegisterParty("space", schema::PartyKind::MakerSpace, 0, "", false, "district-1")
          .RegisterParty("acme", schema::PartyKind::Enterprise, kStartUs, "space", true,
                         "district-1")
          .RegisterParty("seed", schema::PartyKind::SeedFund)
          .RegisterKey("seed", 1, KeyFor("seed").public_key(), schema::Role::Post);
    }));
    setup.push_back(Setup("seed", KeyFor("seed"), [](test::TransactionBuilder& b) {
      b.Deposit("seed", "CNY", 1'000'000'000'000);
    }));
    for (uint64_t first = 0; first < accounts; first += 1000) {
      uint64_t end = std::min(accounts, first + 1000);
      setup.push_back(Setup("authority", authority, [&](test::TransactionBuilder& b) {
        for (uint64_t i = first; i < end; ++i)
          b.RegisterParty(Investor(i), schema::PartyKind::Investor);
      }));
      setup.push_back(Setup("platform", KeyFor("platform"), [&](test::TransactionBuilder& b) {
        for (uint64_t i = first; i < end; ++i) b.Deposit(Investor(i), "CNY", 1'000'000'000);
      }));
    }
    setup.push_back(Setup("platform", KeyFor("platform"), [this](test::TransactionBuilder& b) {
      for (int c = 0; c < kCampaigns; ++c) {
        test::TransactionBuilder::CampaignTerms terms;
        terms.campaign = "c" + std::to_string(c);
        terms.platform = "platform";
        terms.enterprise = "acme";
        terms.goal = 1;
        terms.opens_us = kStartUs;
        terms.closes_us = kStartUs + static_cast<int64_t>(days + 1) * kDayUs;
        terms.cancel_cutoff_us = terms.closes_us;
        terms.max_investors = 100'000;
        b.OpenCampaign(terms);
      }
    }));
    return setup;
  }

  SignedTransaction FundInvestment() {
    return Setup("seed", KeyFor("seed"), [&](test::TransactionBuilder& b) {
      b.RecordInvestment("seed-" + std::to_string(++investments), "seed", "acme",
                         schema::InvestmentKind::Angel, 10'000, 1);
    });
  }

  // The wall time of the entries once `done` of the operations are in: day by day.
  int64_t TimeAt(uint64_t done) const {
    return kStartUs + 1 + static_cast<int64_t>(done * days / operations) * kDayUs;
  }

  SignedTransaction PledgeTransaction() {
    return Setup("platform", KeyFor("platform"), [&](test::TransactionBuilder& b) {
      for (uint64_t i = 0; i < ops_per_tx; ++i) {
        uint64_t investor = random() % accounts;
        b.Pledge("c" + std::to_string(investor % kCampaigns), Investor(investor), 100);
      }
    });
  }
};

// The ledger's apparent size on disk (RocksDB files and WAL), for bytes per operation.
uint64_t DirectoryBytes(const std::filesystem::path& directory) {
  uint64_t bytes = 0;
  std::error_code error;
  for (const auto& file : std::filesystem::recursive_directory_iterator(directory, error)) {
    if (file.is_regular_file(error)) bytes += file.file_size(error);
  }
  return bytes;
}

double Seconds(Clock::duration duration) { return std::chrono::duration<double>(duration).count(); }

void Report(const char* mode, uint64_t accounts, uint64_t operations, double seconds) {
  std::printf("%s: %llu pledge operations at %llu accounts in %.2f s: %.0f operations/s\n", mode,
              static_cast<unsigned long long>(operations),
              static_cast<unsigned long long>(accounts), seconds,
              static_cast<double>(operations) / seconds);
}

// In-memory state (nothing is evicted or written), StateMachine::Apply timed alone.
int RunApply(Bench& bench, const Ed25519PrivateKey& authority) {
  class NoBackend : public StateBackend {
   public:
    Result<std::optional<std::string>> Get(const std::string&) const override {
      return std::optional<std::string>();
    }
    Status Write(std::span<const StateChange>) override { return Status::Ok(); }
  } backend;
  StateStore state(backend, StateStoreOptions{1'000'000'000});
  StateMachine machine(state);
  uint64_t sequence = 0;
  auto apply = [&](const SignedTransaction& tx) {
    AppliedOutcome outcome = machine.Apply(tx.bytes, AsBytes(tx.signature), sequence, kStartUs + 1);
    if (!outcome.status.ok()) {
      std::fprintf(stderr, "entry %llu: %s\n", static_cast<unsigned long long>(sequence),
                   outcome.status.ToString().c_str());
      std::exit(1);
    }
    state.PublishGroup(++sequence);
  };
  apply(BuildGenesisTransaction(authority, kStartUs));
  for (const auto& tx : bench.SetupTransactions(authority)) apply(tx);
  Clock::duration spent{};
  for (uint64_t done = 0; done < bench.operations;) {
    std::vector<SignedTransaction> chunk;
    for (int i = 0; i < 50 && done < bench.operations; ++i, done += bench.ops_per_tx)
      chunk.push_back(bench.PledgeTransaction());
    auto start = Clock::now();
    for (const auto& tx : chunk) apply(tx);
    spent += Clock::now() - start;
  }
  Report("apply (in memory)", bench.accounts, bench.operations, Seconds(spent));
  return 0;
}

// The whole ledger: synced log appends per group and state checkpoints, on disk.
// With `keep`, the ledger is built there and left for other measurements (the audit's).
int RunLedger(Bench& bench, const Ed25519PrivateKey& authority, const std::string& keep,
              const std::string& curve_path) {
  std::FILE* curve = nullptr;
  if (!curve_path.empty()) {
    curve = std::fopen(curve_path.c_str(), "w");
    if (curve == nullptr) {
      std::fprintf(stderr, "cannot write %s\n", curve_path.c_str());
      return 2;
    }
    std::fprintf(curve, "operations,operations_per_second,ledger_bytes\n");
  }
  auto directory = keep.empty() ? std::filesystem::temp_directory_path() / "crowdledger-apply-bench"
                                : std::filesystem::path(keep);
  std::filesystem::remove_all(directory);
  if (!Ledger::Create(directory, "bench.example/ledger", authority, kStartUs).ok()) return 1;
  auto ledger = Ledger::Open(directory);
  if (!ledger.ok()) return 1;
  auto submit = [&](std::vector<SignedTransaction> group, int64_t time_us) {
    for (const SubmitResult& result : (*ledger)->SubmitGroup(group, time_us)) {
      if (!result.status.ok()) {
        std::fprintf(stderr, "%s\n", result.status.ToString().c_str());
        std::exit(1);
      }
    }
  };
  for (const auto& tx : bench.SetupTransactions(authority)) submit({tx}, kStartUs + 1);
  uint64_t log_keys_before = (*ledger)->log().keys_written();
  uint64_t state_items_before = (*ledger)->state().items_written();
  Clock::duration spent{}, spent_at_report{};
  uint64_t reported = 0, done_at_report = 0;
  for (uint64_t done = 0; done < bench.operations;) {
    std::vector<SignedTransaction> chunk;
    int64_t time_us = bench.TimeAt(done);
    for (uint64_t i = 0; i < std::max<uint64_t>(50, bench.group) && done < bench.operations;
         ++i, done += bench.ops_per_tx)
      chunk.push_back(bench.PledgeTransaction());
    if (bench.fund_investments) chunk.push_back(bench.FundInvestment());
    auto start = Clock::now();
    for (size_t first = 0; first < chunk.size(); first += bench.group) {
      size_t end = std::min(chunk.size(), first + bench.group);
      submit({std::make_move_iterator(chunk.begin() + static_cast<std::ptrdiff_t>(first)),
              std::make_move_iterator(chunk.begin() + static_cast<std::ptrdiff_t>(end))},
             time_us);
    }
    spent += Clock::now() - start;
    // Progress, and the curve: the rate over each million operations.
    if (done / 1'000'000 != reported) {
      double seconds = Seconds(spent - spent_at_report);
      double rate = static_cast<double>(done - done_at_report) / seconds;
      std::fprintf(stderr, "%llu operations: %.0f operations/s over the last %llu\n",
                   static_cast<unsigned long long>(done), rate,
                   static_cast<unsigned long long>(done - done_at_report));
      if (curve != nullptr) {
        std::fprintf(curve, "%llu,%.0f,%llu\n", static_cast<unsigned long long>(done), rate,
                     static_cast<unsigned long long>(DirectoryBytes(directory)));
        std::fflush(curve);
      }
      reported = done / 1'000'000;
      spent_at_report = spent;
      done_at_report = done;
    }
  }
  Report("ledger (synced log, state checkpoints)", bench.accounts, bench.operations,
         Seconds(spent));
  if (bench.investments > 0) {
    std::printf("and %llu fund investments, one per chunk of pledge transactions\n",
                static_cast<unsigned long long>(bench.investments));
  }
  uint64_t writes = (*ledger)->log().keys_written() - log_keys_before +
                    (*ledger)->state().items_written() - state_items_before;
  std::printf("RocksDB keys written: %llu (%.3f per operation)\n",
              static_cast<unsigned long long>(writes),
              static_cast<double>(writes) / static_cast<double>(bench.operations));
  ledger->reset();
  if (curve != nullptr) std::fclose(curve);
  if (keep.empty()) std::filesystem::remove_all(directory);
  return 0;
}

}  // namespace
}  // namespace crowdledger

int main(int argc, char** argv) {
  CLI::App app{"Pledge apply throughput"};
  crowdledger::Bench bench{1'000'000, 2'000'000, 1000};
  std::string mode = "apply";
  app.add_option("--accounts", bench.accounts)
      ->check(CLI::Range(uint64_t{1000}, uint64_t{10'000'000}));
  app.add_option("--operations", bench.operations)
      ->check(CLI::Range(uint64_t{1000}, uint64_t{100'000'000}));
  app.add_option("--ops-per-tx", bench.ops_per_tx)->check(CLI::Range(uint64_t{1}, uint64_t{8190}));
  app.add_option("--mode", mode)->check(CLI::IsMember({"apply", "ledger"}));
  std::string keep;
  app.add_option("--keep", keep, "ledger mode: build the ledger in this directory and keep it");
  app.add_option("--days", bench.days, "ledger mode: spread the entries over this many days")
      ->check(CLI::Range(uint64_t{1}, uint64_t{3650}));
  app.add_flag("--fund-investments", bench.fund_investments,
               "ledger mode: a seed fund invests once per max(50, G) transactions");
  app.add_option("--group", bench.group, "ledger mode: transactions per group commit")
      ->check(CLI::Range(uint64_t{1}, uint64_t{4096}));
  std::string curve;
  app.add_option("--curve", curve,
                 "ledger mode: write the rate and the ledger's bytes per million operations "
                 "to this CSV file (tools/bench/plot_curve.py draws it)");
  CLI11_PARSE(app, argc, argv);
  auto authority = crowdledger::KeyFor("authority");
  return mode == "apply" ? crowdledger::RunApply(bench, authority)
                         : crowdledger::RunLedger(bench, authority, keep, curve);
}
