// A ledger with a known workload over two report days (docs/reports.md, tests): two districts
// with a maker space and an enterprise each, a seed fund matching 50% of angel and crowd
// investments, an equity campaign that succeeds and a reward campaign that fails, loans (a
// linked first loan written off and compensated, interest-free and support loans), a stake
// written off and compensated, exits and stake sales (two in one entry), subsidies, vouchers,
// a withdrawal and a transfer. Helpers compute signed reports and read figures back.
#pragma once

#include <functional>

#include "ledger/reports/ledger_report.h"
#include "ledger/reports/report_computer.h"
#include "ledger/reports/report_json.h"
#include "ledger/reports/report_scopes.h"
#include "ledger/reports/report_signature.h"
#include "tests/ledger/ledger_fixture.h"

namespace crowdledger::test {

inline constexpr int64_t kDayUs = 86'400'000'000;
inline constexpr char kDayOne[] = "2023-11-15";  // kStartTimeUs is 06:13 on this day, UTC+8
inline constexpr char kDayTwo[] = "2023-11-16";

class ReportFixture : public LedgerFixture {
 protected:
  using Kind = schema::PartyKind;
  using Fill = std::function<void(TransactionBuilder&)>;

  void Post(const std::string& party, const Fill& fill) {
    auto builder = As(party);
    fill(builder);
    SubmitResult result = Submit(builder.Sign(party == "authority" ? authority_ : KeyFor(party)));
    ASSERT_TRUE(result.status.ok()) << party << ": " << result.status.ToString();
  }

  void Enrol(const std::string& party, Kind kind, const std::string& district = "",
             const std::string& maker_space = "", int64_t founded_us = 0, bool micro = false) {
    Post("authority", [&](TransactionBuilder& b) {
      b.RegisterParty(party, kind, founded_us, maker_space, micro, district)
          .RegisterKey(party, 1, KeyFor(party).public_key(), schema::Role::Post);
    });
  }

  void BuildDayOne();
  void BuildDayTwo();

  // The signed report file as of `at` (0: the latest), as the server and the tool sign it.
  std::string SignedReport(ReportKind kind, const std::string& id, const std::string& from = "",
                           const std::string& to = "", uint64_t at = 0) {
    auto request = MakeReportRequest(kind, id, from, to, at, ledger_->log().size());
    EXPECT_TRUE(request.ok()) << request.status().ToString();
    if (!request.ok()) return "";
    auto file = SignedLedgerReport(*ledger_, *request);
    EXPECT_TRUE(file.ok()) << file.status().ToString();
    return file.ok() ? *file : "";
  }

  static JsonValue Body(const std::string& file) {
    auto report = ReadSignedReport(file);
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? report->body : JsonValue();
  }

  // A value by path of member names, e.g. {"currencies", "CNY", "equity", "angel_count"}.
  static const JsonValue* At(const JsonValue& value, std::initializer_list<std::string_view> path) {
    const JsonValue* node = &value;
    for (std::string_view key : path) {
      node = node->Find(key);
      if (node == nullptr) return nullptr;
    }
    return node;
  }
  static int64_t Int(const JsonValue& value, std::initializer_list<std::string_view> path) {
    const JsonValue* node = At(value, path);
    EXPECT_TRUE(node != nullptr && node->AsInt() != nullptr) << "no integer at the path";
    return node != nullptr && node->AsInt() != nullptr ? *node->AsInt() : INT64_MIN;
  }
  // A CNY figure of the report's main scope: Figure(body, "equity", "angel_count").
  static int64_t Figure(const JsonValue& body, std::string_view section, std::string_view name) {
    return Int(body, {"currencies", "CNY", section, name});
  }
};

inline void ReportFixture::BuildDayOne() {
  Enrol("space-a", Kind::MakerSpace, "yubei");
  Enrol("space-b", Kind::MakerSpace, "jiangbei");
  Enrol("ent-a", Kind::Enterprise, "yubei", "space-a", now_us_ - 365 * kDayUs, true);
  Enrol("ent-b", Kind::Enterprise, "jiangbei", "space-b", now_us_ - 5 * 365 * kDayUs);
  for (auto [party, kind] : {std::pair{"plat", Kind::CrowdfundingPlatform},
                             {"seed", Kind::SeedFund},
                             {"pool", Kind::CompensationPool},
                             {"bank", Kind::Bank},
                             {"angel", Kind::Angel},
                             {"inv1", Kind::Investor},
                             {"inv2", Kind::Investor},
                             {"svc", Kind::ServiceProvider}}) {
    Enrol(party, kind);
  }
  // No structured bindings captured by the lambdas below: clang 14 cannot capture them.
  for (auto deposit : {std::pair{"angel", 500'000},
                       {"seed", 3'000'000},
                       {"pool", 1'000'000},
                       {"bank", 3'000'000}}) {
    Post(deposit.first,
         [&](TransactionBuilder& b) { b.Deposit(deposit.first, "CNY", deposit.second); });
  }
  Post("plat", [](TransactionBuilder& b) {
    b.Deposit("inv1", "CNY", 300'000).Deposit("inv2", "CNY", 300'000);
  });
  Post("seed", [](TransactionBuilder& b) {
    TransactionBuilder::MatchingTerms rule;
    rule.fund = "seed";
    rule.rule = "r1";
    rule.ratio_bp = 5'000;
    rule.per_enterprise_cap = 1'000'000;
    rule.budget = 1'500'000;
    b.SetMatchingRule(rule);
  });
  Post("angel", [](TransactionBuilder& b) {
    b.RecordInvestment("s1", "angel", "ent-a", schema::InvestmentKind::Angel, 200'000, 1'000);
  });
  Post("angel", [](TransactionBuilder& b) {
    b.RecordInvestment("s2", "angel", "ent-b", schema::InvestmentKind::Angel, 100'000, 100);
  });
  int64_t opens = now_us_;
  for (auto campaign_terms : {std::tuple{"c1", "ent-a", schema::CampaignKind::Equity, 150'000},
                              {"c2", "ent-b", schema::CampaignKind::Reward, 500'000}}) {
    Post("plat", [&](TransactionBuilder& b) {
      auto [campaign, enterprise, kind, goal] = campaign_terms;
      TransactionBuilder::CampaignTerms terms;
      terms.campaign = campaign;
      terms.platform = "plat";
      terms.enterprise = enterprise;
      terms.kind = kind;
      terms.goal = goal;
      terms.equity_shares = kind == schema::CampaignKind::Equity ? 1'000 : 0;
      terms.opens_us = opens;
      terms.closes_us = terms.cancel_cutoff_us = opens + 30'000'000;
      b.OpenCampaign(terms);
    });
  }
  Post("inv1", [](TransactionBuilder& b) { b.Pledge("c1", "inv1", 100'000); });
  Post("inv2", [](TransactionBuilder& b) { b.Pledge("c1", "inv2", 80'000); });
  Post("inv2", [](TransactionBuilder& b) { b.CancelPledge("c1", "inv2"); });
  Post("inv2", [](TransactionBuilder& b) { b.Pledge("c1", "inv2", 60'000); });
  Post("inv1", [](TransactionBuilder& b) { b.Pledge("c2", "inv1", 20'000); });
  now_us_ += 60'000'000;
  Post("plat", [](TransactionBuilder& b) { b.CloseCampaign("c1").CloseCampaign("c2"); });

  int64_t maturity = now_us_ + 365 * kDayUs;
  Post("bank", [&](TransactionBuilder& b) {
    b.DisburseLoan({"l1", "bank", "ent-a", 500'000, 500, maturity, true, "s1", "", 0});
  });
  Post("seed", [&](TransactionBuilder& b) {
    b.DisburseLoan({"l2", "seed", "ent-b", 300'000, 0, maturity, false, "", "", 0})
        .DisburseLoan({"l3", "seed", "ent-a", 200'000, 0, maturity, false, "", "", 0});
  });
  Post("ent-a", [](TransactionBuilder& b) { b.RepayLoan("l1", 100'000, 2'000); });
  Post("bank", [](TransactionBuilder& b) { b.WriteOffLoan("l1"); });
  Post("pool", [](TransactionBuilder& b) {
    b.SetCompensationPolicy("pool", 3'000, 4'000, 1'000'000, 5'000'000);
  });
  Post("angel", [](TransactionBuilder& b) { b.WriteOffStake("s2"); });
  Post("angel", [](TransactionBuilder& b) {
    b.ClaimCompensation("pool", schema::LossKind::StakeLoss, "s2");
  });
  Post("bank", [](TransactionBuilder& b) {
    b.ClaimCompensation("pool", schema::LossKind::FirstLoanLoss, "l1");
  });
}

inline void ReportFixture::BuildDayTwo() {
  now_us_ += kDayUs;
  Post("angel", [](TransactionBuilder& b) { b.ExitStake("s1", "ent-a", 250'000); });
  Post("seed", [](TransactionBuilder& b) {
    b.TransferStake("s1/match/seed", "s3", "angel", 500, 120'000);
  });
  // Two sales of one stake in one entry: only the second, which takes the last share, exits.
  Post("seed", [](TransactionBuilder& b) {
    b.TransferStake("c1/campaign-match/seed", "s4", "inv1", 200, 40'000)
        .TransferStake("c1/campaign-match/seed", "s5", "inv2", 300, 60'000);
  });
  Post("seed", [&](TransactionBuilder& b) {
    b.GrantSubsidy("seed", "ent-a", schema::SubsidyKind::Startup, 30'000)
        .GrantSubsidy("seed", "space-a", schema::SubsidyKind::PerformanceAward, 50'000)
        .IssueVoucher("v1", "seed", "ent-b", 20'000, now_us_ + 365 * kDayUs)
        .IssueVoucher("v2", "seed", "ent-a", 10'000, now_us_ + 365 * kDayUs,
                      schema::VoucherKind::ListingGrowth);
  });
  Post("ent-b", [](TransactionBuilder& b) { b.RedeemVoucher("v1", "svc"); });
  Post("inv1", [](TransactionBuilder& b) { b.Withdraw("inv1", "CNY", 10'000); });
  Post("seed", [](TransactionBuilder& b) { b.Transfer("seed", "pool", "CNY", 100'000); });
}

}  // namespace crowdledger::test
