// The PostgreSQL side's setup, in a few set-based statements and one transaction.
#include "tools/bench/pg_setup.h"

#include <string>

namespace crowdledger::bench {
namespace {

constexpr int64_t kDayUs = 86'400'000'000;
constexpr int64_t kSecondUs = 1'000'000;

std::string Quoted(const std::string& text) { return "'" + text + "'"; }

// Registers the parties that `names_sql` (one text column) lists and are not registered yet,
// and deposits `cash` for each of those only: their cash account from their external one.
std::string RegisterWithCash(const std::string& names_sql, const char* kind, int64_t founded_us,
                             int64_t cash) {
  std::string amount = std::to_string(cash);
  return "WITH registered AS (INSERT INTO parties SELECT name, '" + std::string(kind) + "', " +
         std::to_string(founded_us) + ", NULL FROM (" + names_sql +
         ") AS n(name) ON CONFLICT DO NOTHING RETURNING name) "
         "INSERT INTO new_parties SELECT name FROM registered;\n"
         "INSERT INTO accounts SELECT 'cash:' || name || ':CNY', " +
         amount +
         ", false FROM new_parties;\n"
         "INSERT INTO accounts SELECT 'external:' || name || ':CNY', -" +
         amount +
         ", true FROM new_parties;\n"
         "TRUNCATE new_parties;\n";
}

std::string Series(const char* prefix, uint64_t count) {
  return "SELECT '" + std::string(prefix) + "' || i FROM generate_series(0, " +
         std::to_string(count - 1) + ") AS i";
}

std::string One(const char* name) { return "SELECT " + Quoted(name) + "::text"; }

// The startup, angels, seed fund and bank; the matching rule, whose budget moves from the
// fund's cash to its reserve as SetMatchingRule does.
std::string MixedSetup(int64_t now_us) {
  std::string sql =
      RegisterWithCash(One(kStartup), "enterprise", now_us - kStartupAgeDays * kDayUs, 0);
  sql += RegisterWithCash(Series("bench-angel-", kAngels), "angel", 0, kAngelCash);
  sql += RegisterWithCash(One(kSeedFund), "seed_fund", 0, kSeedFundCash);
  sql += RegisterWithCash(One(kBank), "bank", 0, kBankCash);
  std::string fund = Quoted(kSeedFund);
  std::string rule = Quoted(kMatchingRule);
  std::string reserve = Quoted(std::string("reserve:") + kSeedFund + ":" + kMatchingRule);
  std::string fund_cash = Quoted(std::string("cash:") + kSeedFund + ":CNY");
  std::string budget = std::to_string(kMatchingBudget);
  sql +=
      "INSERT INTO matching_rules (fund, rule, ratio_bp, per_enterprise_cap, budget, "
      "max_enterprise_age_days) VALUES (" +
      fund + ", " + rule + ", " + std::to_string(kMatchingRatioBp) + ", " + budget + ", " + budget +
      ", " + std::to_string(kMatchingMaxAgeDays) +
      ") ON CONFLICT DO NOTHING;\n"
      "INSERT INTO accounts (account) VALUES (" +
      reserve +
      ") ON CONFLICT DO NOTHING;\n"
      "WITH more AS (SELECT (r.budget - r.spent) - a.balance AS amount FROM matching_rules r, "
      "accounts a WHERE r.fund = " +
      fund + " AND r.rule = " + rule + " AND a.account = " + reserve +
      ") UPDATE accounts SET balance = balance + CASE WHEN account = " + reserve +
      " THEN more.amount ELSE -more.amount END FROM more WHERE account IN (" + reserve + ", " +
      fund_cash + ");\n";
  return sql;
}

}  // namespace

Status SetUpPostgres(PgConnection& connection, Workload workload, uint64_t investors,
                     int64_t now_us) {
  std::string closes = std::to_string(now_us + int64_t{10} * 365 * kDayUs);
  std::string campaigns = std::to_string(kCampaigns - 1);
  std::string sql = "BEGIN;\nCREATE TEMPORARY TABLE new_parties (name text) ON COMMIT DROP;\n";
  sql += RegisterWithCash(One(kPlatform), "platform", 0, 0);
  sql += RegisterWithCash(One(kEnterprise), "enterprise", 0, 0);
  sql += RegisterWithCash(Series("bench-investor-", investors), "investor", 0, kInvestorCash);
  sql +=
      "INSERT INTO campaigns (name, platform, enterprise, kind, goal, opens_us, closes_us, "
      "cancel_cutoff_us, max_investors) SELECT 'bench-c' || c, " +
      Quoted(kPlatform) + ", " + Quoted(kEnterprise) + ", 'reward', 1, " +
      std::to_string(now_us - kSecondUs) + ", " + closes + ", " + closes + ", " +
      std::to_string(kCampaignMaxInvestors) + " FROM generate_series(0, " + campaigns +
      ") AS c ON CONFLICT DO NOTHING;\n"
      "INSERT INTO accounts (account) SELECT 'escrow:bench-c' || c FROM generate_series(0, " +
      campaigns + ") AS c ON CONFLICT DO NOTHING;\n";
  if (workload == Workload::Mixed) sql += MixedSetup(now_us);
  sql += "COMMIT;\nANALYZE;\n";
  return connection.Execute(sql);
}

}  // namespace crowdledger::bench
