// The demo workload, posted through a server like any platform, fund or bank would: parties in
// two districts and their maker spaces; a platform with an equity campaign that succeeds and a
// reward campaign that misses its goal; angel investments that a seed fund matches 1:1 up to
// its per-enterprise cap (and not for an enterprise past the seed stage); a first loan linked
// to a stake and guaranteed, written off, its guarantee called and its loss compensated once;
// subsidies, an award, and a voucher redeemed. Refusals the demo expects are marked so.
//
// Demo keys are derived from the party names: fine for a demonstration, never for real money.
#include "tools/demo_command.h"

#include <chrono>
#include <cstdio>
#include <thread>

#include "api/client.h"
#include "api/transaction_builder.h"
#include "crypto/sha256.h"
#include "crypto/wall_clock.h"
#include "tools/exit_codes.h"
#include "tools/host_port.h"

namespace crowdledger::tool {
namespace {

using Kind = schema::PartyKind;
using Builder = api::TransactionBuilder;
constexpr int64_t kDayUs = 86'400'000'000;
constexpr int64_t kSecondUs = 1'000'000;

Ed25519PrivateKey DemoKey(const std::string& party) {
  return *Ed25519PrivateKey::FromSeed(Sha256(AsBytes("crowdledger demo key of " + party)));
}

class Demo {
 public:
  Demo(api::Client& client, Ed25519PrivateKey authority)
      : client_(client), authority_(std::move(authority)), start_us_(WallClockMicros()) {}

  // Submits one transaction; prints the outcome. `expect` is the code the step should get.
  bool Step(const char* what, const std::string& submitter,
            const std::function<void(Builder&)>& fill, ErrorCode expect = ErrorCode::Ok) {
    Builder builder(submitter, 1, next_id_++, WallClockMicros());
    fill(builder);
    SignedTransaction tx = builder.Sign(submitter == "authority" ? authority_ : DemoKey(submitter));
    auto frame = client_.Submit(tx);
    Status status = frame.ok() ? frame->status() : frame.status();
    std::printf("%-66s %s", what, status.ok() ? "ok" : status.ToString().c_str());
    if (status.ok()) {
      const auto* result = frame->response->body_as_SubmitResult();
      std::printf(" (entry %llu, %u movements)",
                  static_cast<unsigned long long>(result->sequence()),
                  result->movements() ? result->movements()->size() : 0U);
    }
    bool as_expected = status.code() == expect;
    std::printf("%s\n", expect == ErrorCode::Ok ? "" : as_expected ? "  [refusal expected]" : "");
    return as_expected;
  }

  bool Run();

 private:
  bool Parties();
  bool Campaigns();
  bool Matching();
  bool Loans();
  bool Subsidies();

  api::Client& client_;
  Ed25519PrivateKey authority_;
  int64_t start_us_;
  // Ids of the demo's transactions: distinct per run, so a demo can be posted twice.
  uint64_t next_id_ = static_cast<uint64_t>(WallClockMicros());
};

Builder& Register(Builder& b, const std::string& party, Kind kind, schema::Role roles) {
  return b.RegisterParty(party, kind).RegisterKey(party, 1, DemoKey(party).public_key(), roles);
}

bool Demo::Parties() {
  bool ok = Step("register maker spaces, enterprises (two districts)", "authority", [&](auto& b) {
    b.RegisterParty("liangjiang-space", Kind::MakerSpace, 0, "", false, "liangjiang")
        .RegisterParty("yubei-space", Kind::MakerSpace, 0, "", false, "yubei")
        .RegisterParty("drone-works", Kind::Enterprise, start_us_ - 400 * kDayUs,
                       "liangjiang-space", true, "liangjiang")
        .RegisterKey("drone-works", 1, DemoKey("drone-works").public_key(), schema::Role::Post)
        .RegisterParty("tea-robotics", Kind::Enterprise, start_us_ - 900 * kDayUs, "yubei-space",
                       true, "yubei")
        .RegisterKey("tea-robotics", 1, DemoKey("tea-robotics").public_key(), schema::Role::Post)
        .RegisterParty("old-foundry", Kind::Enterprise, start_us_ - 2000 * kDayUs, "", false,
                       "yubei");
  });
  ok &=
      Step("register platform, funds, bank, guarantor, pool, investors", "authority", [](auto& b) {
        Register(b, "cq-crowd", Kind::CrowdfundingPlatform, schema::Role::Post);
        Register(b, "cq-seed-fund", Kind::SeedFund, schema::Role::Post);
        Register(b, "cq-bank", Kind::Bank, schema::Role::Post);
        Register(b, "cq-guarantee", Kind::GuideFund, schema::Role::Post);
        Register(b, "cq-risk-pool", Kind::CompensationPool, schema::Role::Post);
        Register(b, "ip-services", Kind::ServiceProvider, schema::Role::Post);
        for (const char* investor : {"li-wei", "zhang-min", "wang-fang"})
          Register(b, investor, Kind::Investor, schema::Role::Post);
        Register(b, "chen-angel", Kind::Angel, schema::Role::Post);
      });
  ok &= Step("deposits through the platform and the bank", "cq-bank", [](auto& b) {
    b.Deposit("li-wei", "CNY", 5'000'000)
        .Deposit("zhang-min", "CNY", 3'000'000)
        .Deposit("wang-fang", "CNY", 800'000)
        .Deposit("chen-angel", "CNY", 4'000'000)
        .Deposit("cq-seed-fund", "CNY", 5'000'000)
        .Deposit("cq-bank", "CNY", 20'000'000)
        .Deposit("cq-guarantee", "CNY", 2'000'000)
        .Deposit("cq-risk-pool", "CNY", 3'000'000)
        .Deposit("authority", "CNY", 10'000'000);
  });
  return ok;
}

bool Demo::Campaigns() {
  auto terms = [](const char* name, const char* enterprise, schema::CampaignKind kind,
                  int64_t goal) {
    Builder::CampaignTerms t;
    t.campaign = name;
    t.platform = "cq-crowd";
    t.enterprise = enterprise;
    t.kind = kind;
    t.goal = goal;
    t.hard_cap = goal * 2;
    t.min_pledge = 10'000;
    t.opens_us = WallClockMicros() - kSecondUs;
    t.closes_us = WallClockMicros() + 3 * kSecondUs;
    t.cancel_cutoff_us = WallClockMicros() + 2 * kSecondUs;
    t.equity_shares = kind == schema::CampaignKind::Equity ? 100'000 : 0;
    return t;
  };
  bool ok = Step("open an equity and a reward campaign (closing in 3 s)", "cq-crowd", [&](auto& b) {
    b.OpenCampaign(terms("drone-seed", "drone-works", schema::CampaignKind::Equity, 4'000'000))
        .OpenCampaign(terms("tea-reward", "tea-robotics", schema::CampaignKind::Reward, 2'000'000));
  });
  ok &= Step("pledges", "cq-crowd", [](auto& b) {
    b.Pledge("drone-seed", "li-wei", 2'500'000)
        .Pledge("drone-seed", "zhang-min", 1'800'000)
        .Pledge("tea-reward", "wang-fang", 300'000)
        .Pledge("tea-reward", "zhang-min", 200'000);
  });
  ok &= Step("zhang-min cancels the reward pledge before the cut-off", "zhang-min",
             [](auto& b) { b.CancelPledge("tea-reward", "zhang-min"); });
  ok &= Step(
      "a pledge beyond the hard cap", "cq-crowd",
      [](auto& b) { b.Pledge("drone-seed", "wang-fang", 4'000'000); }, ErrorCode::HardCapExceeded);
  std::printf("(waiting for the campaigns to close)\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(3'200));
  ok &= Step("close both: equity succeeds (stakes), reward misses its goal (refunds)", "cq-crowd",
             [](auto& b) { b.CloseCampaign("drone-seed").CloseCampaign("tea-reward"); });
  ok &=
      Step("li-wei withdraws", "cq-crowd", [](auto& b) { b.Withdraw("li-wei", "CNY", 1'000'000); });
  return ok;
}

bool Demo::Matching() {
  bool ok = Step("the seed fund matches angels 1:1, 1,000,000 per enterprise", "cq-seed-fund",
                 [](auto& b) {
                   Builder::MatchingTerms t;
                   t.fund = "cq-seed-fund";
                   t.rule = "angel-match";
                   t.ratio_bp = 10'000;
                   t.per_enterprise_cap = 1'000'000;
                   t.budget = 3'000'000;
                   t.require_incubation = true;
                   b.SetMatchingRule(t);
                 });
  ok &= Step("chen-angel invests 800,000 in drone-works (matched 800,000)", "chen-angel",
             [](auto& b) {
               b.RecordInvestment("chen-drone", "chen-angel", "drone-works",
                                  schema::InvestmentKind::Angel, 800'000, 2'000);
             });
  ok &= Step("and 900,000 more (matched 200,000: the cap)", "chen-angel", [](auto& b) {
    b.RecordInvestment("chen-drone-2", "chen-angel", "drone-works", schema::InvestmentKind::Angel,
                       900'000, 2'000);
  });
  ok &= Step("chen-angel invests in old-foundry (past the seed stage: no match)", "chen-angel",
             [](auto& b) {
               b.RecordInvestment("chen-foundry", "chen-angel", "old-foundry",
                                  schema::InvestmentKind::Angel, 500'000, 1'000);
             });
  return ok;
}

bool Demo::Loans() {
  bool ok = Step("the guarantor offers to guarantee the bank's loan", "cq-guarantee", [](auto& b) {
    b.OfferGuarantee("drone-loan-1", "cq-guarantee", "cq-bank", "drone-works", 600'000);
  });
  ok &= Step("first loan to drone-works, linked to a stake, 50% guaranteed", "cq-bank",
             [this](auto& b) {
               Builder::LoanTerms t;
               t.loan = "drone-loan-1";
               t.lender = "cq-bank";
               t.borrower = "drone-works";
               t.principal = 1'000'000;
               t.annual_rate_bp = 435;
               t.maturity_us = start_us_ + 365 * kDayUs;
               t.first_loan = true;
               t.linked_stake = "chen-drone";
               t.guarantor = "cq-guarantee";
               t.guaranteed_share_bp = 5'000;
               b.DisburseLoan(t);
             });
  ok &= Step("drone-works repays 200,000 with interest", "drone-works",
             [](auto& b) { b.RepayLoan("drone-loan-1", 200'000, 3'600); });
  ok &= Step(
      "the pool sets its policy: 40% of angel and first-loan losses", "cq-risk-pool",
      [](auto& b) { b.SetCompensationPolicy("cq-risk-pool", 4'000, 4'000, 1'000'000, 2'500'000); });
  ok &= Step("the bank writes the rest off; the guarantee pays 400,000", "cq-bank",
             [](auto& b) { b.WriteOffLoan("drone-loan-1"); });
  ok &= Step("the bank claims its first-loan loss (40% of 400,000)", "cq-bank", [](auto& b) {
    b.ClaimCompensation("cq-risk-pool", schema::LossKind::FirstLoanLoss, "drone-loan-1");
  });
  ok &= Step(
      "a second claim on the same loss", "cq-bank",
      [](auto& b) {
        b.ClaimCompensation("cq-risk-pool", schema::LossKind::FirstLoanLoss, "drone-loan-1");
      },
      ErrorCode::AlreadyClaimed);
  ok &= Step("chen-angel writes off a stake and claims 40% of the loss", "chen-angel", [](auto& b) {
    b.WriteOffStake("chen-drone-2")
        .ClaimCompensation("cq-risk-pool", schema::LossKind::StakeLoss, "chen-drone-2");
  });
  return ok;
}

bool Demo::Subsidies() {
  bool ok =
      Step("start-up subsidy to drone-works, award to liangjiang-space", "authority", [](auto& b) {
        b.GrantSubsidy("authority", "drone-works", schema::SubsidyKind::Startup, 3'000'000)
            .GrantSubsidy("authority", "liangjiang-space", schema::SubsidyKind::PerformanceAward,
                          1'000'000);
      });
  ok &= Step(
      "a second start-up subsidy beyond the 50,000 CNY lifetime cap", "authority",
      [](auto& b) {
        b.GrantSubsidy("authority", "drone-works", schema::SubsidyKind::Startup, 2'500'000);
      },
      ErrorCode::CapExceeded);
  ok &= Step("an innovation voucher for tea-robotics", "authority", [this](auto& b) {
    b.IssueVoucher("iv-2026-001", "authority", "tea-robotics", 200'000, start_us_ + 90 * kDayUs);
  });
  ok &= Step("tea-robotics redeems it at ip-services", "tea-robotics",
             [](auto& b) { b.RedeemVoucher("iv-2026-001", "ip-services"); });
  return ok;
}

bool Demo::Run() {
  bool ok = Parties();
  ok &= Campaigns();
  ok &= Matching();
  ok &= Loans();
  ok &= Subsidies();
  return ok;
}

Status RunDemo(const std::string& server, const std::string& tls_ca, const std::string& key_path) {
  ASSIGN_OR_RETURN(Ed25519PrivateKey authority, ReadPrivateKeyFile(key_path));
  ASSIGN_OR_RETURN(auto client, ConnectToServer(server, tls_ca));
  if (!Demo(*client, std::move(authority)).Run()) {
    return Status(ErrorCode::UsageError, "a demo step did not get the outcome it expected");
  }
  std::printf("demo: every step had the outcome it expected\n");
  return Status::Ok();
}

}  // namespace

void AddDemoCommand(CLI::App& app, int& exit_code) {
  struct Options {
    std::string server, tls_ca, key;
  };
  auto options = std::make_shared<Options>();
  auto* demo = app.add_subcommand("demo", "Post the demo workload through a server");
  demo->add_option("--server", options->server, "HOST:PORT of the server")->required();
  AddTlsCaOption(*demo, options->tls_ca);
  demo->add_option("--key", options->key, "The authority's private key file")->required();
  demo->callback([&exit_code, options] {
    exit_code = ExitWith(RunDemo(options->server, options->tls_ca, options->key));
  });
}

}  // namespace crowdledger::tool
