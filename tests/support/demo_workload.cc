// demo_workload: posts a small, realistic workload into a ledger in-process (until the network
// API lands, when `crowdledger demo` takes over): a platform, maker spaces and enterprises in
// two districts, investors with deposits, one equity campaign that succeeds and one
// all-or-nothing campaign that fails, and transfers. Prints each step's outcome.
//   demo_workload --data DIR --authority-key FILE
#include <CLI/CLI.hpp>
#include <cstdio>

#include "crypto/sha256.h"
#include "ledger/ledger.h"
#include "tests/support/transaction_builder.h"

namespace crowdledger {
namespace {

constexpr int64_t kDayUs = 86'400'000'000;

Ed25519PrivateKey DemoKey(const std::string& party) {
  return *Ed25519PrivateKey::FromSeed(Sha256(AsBytes("crowdledger demo key of " + party)));
}

class Workload {
 public:
  // The workload's clock starts at the ledger's last entry and moves a day per step, so that
  // campaign windows and cut-offs pass within the demo.
  Workload(Ledger& ledger, Ed25519PrivateKey authority)
      : ledger_(ledger), authority_(std::move(authority)), now_us_(ledger.last_time_us()) {}

  bool Step(const char* what, const std::string& submitter,
            const std::function<void(test::TransactionBuilder&)>& fill) {
    test::TransactionBuilder builder(submitter, 1, ++id_);
    fill(builder);
    SignedTransaction tx = builder.Sign(submitter == "authority" ? authority_ : DemoKey(submitter));
    now_us_ += kDayUs;
    std::vector<SignedTransaction> group{std::move(tx)};
    SubmitResult result = ledger_.SubmitGroup(group, now_us_)[0];
    std::printf("%-58s %s", what, result.status.ok() ? "ok" : result.status.ToString().c_str());
    if (result.status.ok())
      std::printf(" (entry %llu, %zu movements)", static_cast<unsigned long long>(result.sequence),
                  result.movements.size());
    std::printf("\n");
    return result.status.ok();
  }

  bool Run();

 private:
  Ledger& ledger_;
  Ed25519PrivateKey authority_;
  uint64_t id_ = 1000;
  int64_t now_us_ = 0;
};

bool Workload::Run() {
  using Kind = schema::PartyKind;
  bool ok = Step("register platform, maker spaces, enterprises", "authority", [this](auto& b) {
    b.RegisterParty("cq-crowd", Kind::CrowdfundingPlatform)
        .RegisterKey("cq-crowd", 1, DemoKey("cq-crowd").public_key(), schema::Role::Post)
        .RegisterParty("liangjiang-space", Kind::MakerSpace, 0, "", false, "liangjiang")
        .RegisterParty("yubei-space", Kind::MakerSpace, 0, "", false, "yubei")
        .RegisterParty("drone-works", Kind::Enterprise, now_us_ - 400 * kDayUs, "liangjiang-space",
                       true, "liangjiang")
        .RegisterParty("tea-robotics", Kind::Enterprise, now_us_ - 900 * kDayUs, "yubei-space",
                       true, "yubei");
  });
  ok &= Step("register investors and their keys", "authority", [](auto& b) {
    for (const char* investor : {"li-wei", "zhang-min", "wang-fang"}) {
      b.RegisterParty(investor, Kind::Investor)
          .RegisterKey(investor, 1, DemoKey(investor).public_key(), schema::Role::Post);
    }
  });
  ok &= Step("deposits through the platform", "cq-crowd", [](auto& b) {
    b.Deposit("li-wei", "CNY", 5'000'000)
        .Deposit("zhang-min", "CNY", 3'000'000)
        .Deposit("wang-fang", "CNY", 800'000);
  });
  auto campaign = [this](const char* name, const char* enterprise, schema::CampaignKind kind,
                         int64_t goal) {
    test::TransactionBuilder::CampaignTerms terms;
    terms.campaign = name;
    terms.platform = "cq-crowd";
    terms.enterprise = enterprise;
    terms.kind = kind;
    terms.goal = goal;
    terms.hard_cap = goal * 2;
    terms.min_pledge = 10'000;
    terms.opens_us = now_us_;
    terms.closes_us = now_us_ + 10 * kDayUs;
    terms.cancel_cutoff_us = now_us_ + 5 * kDayUs;
    terms.equity_shares = kind == schema::CampaignKind::Equity ? 100'000 : 0;
    return terms;
  };
  ok &= Step("open an equity and a reward campaign", "cq-crowd", [&](auto& b) {
    b.OpenCampaign(campaign("drone-seed", "drone-works", schema::CampaignKind::Equity, 4'000'000))
        .OpenCampaign(
            campaign("tea-reward", "tea-robotics", schema::CampaignKind::Reward, 2'000'000));
  });
  ok &= Step("pledges", "cq-crowd", [](auto& b) {
    b.Pledge("drone-seed", "li-wei", 2'500'000)
        .Pledge("drone-seed", "zhang-min", 1'800'000)
        .Pledge("tea-reward", "wang-fang", 300'000)
        .Pledge("tea-reward", "zhang-min", 200'000);
  });
  ok &= Step("zhang-min cancels the reward pledge before the cut-off", "zhang-min",
             [](auto& b) { b.CancelPledge("tea-reward", "zhang-min"); });
  Step("a pledge beyond the hard cap is refused (expected)", "cq-crowd",
       [](auto& b) { b.Pledge("drone-seed", "wang-fang", 4'000'000); });
  now_us_ += 10 * kDayUs;
  ok &= Step("close both: equity succeeds, reward misses its goal", "cq-crowd",
             [](auto& b) { b.CloseCampaign("drone-seed").CloseCampaign("tea-reward"); });
  ok &=
      Step("li-wei withdraws", "cq-crowd", [](auto& b) { b.Withdraw("li-wei", "CNY", 1'000'000); });
  return ok;
}

}  // namespace
}  // namespace crowdledger

int main(int argc, char** argv) {
  CLI::App app{"Post the demo workload into a ledger"};
  std::string data, key_file;
  app.add_option("--data", data)->required();
  app.add_option("--authority-key", key_file)->required();
  CLI11_PARSE(app, argc, argv);
  auto authority = crowdledger::ReadPrivateKeyFile(key_file);
  auto ledger = crowdledger::Ledger::Open(data);
  if (!authority.ok() || !ledger.ok()) {
    std::fprintf(stderr, "%s\n",
                 (!authority.ok() ? authority.status() : ledger.status()).ToString().c_str());
    return 2;
  }
  return crowdledger::Workload(**ledger, std::move(*authority)).Run() ? 0 : 1;
}
