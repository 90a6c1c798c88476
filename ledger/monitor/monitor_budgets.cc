// MonitorBudgets: the active matching rules and the compensation pools, from their records.
#include "ledger/monitor/monitor_budgets.h"

#include "ledger/compensation/compensation_records.h"
#include "ledger/matching/matching_records.h"
#include "ledger/reports/report_aggregates.h"
#include "ledger/state/record_codec.h"

namespace crowdledger {
namespace {

using Object = JsonValue::Object;
using Array = JsonValue::Array;

Result<int64_t> Remaining(Amount limit, Amount used, const char* what) {
  auto remaining = limit.CheckedSubtract(used);
  if (!remaining)
    return Status(ErrorCode::Overflow, std::string("monitor: ") + what + " overflows");
  return remaining->minor_units();
}

Result<PartyRecord> ReadParty(StateStore& state, std::string_view party) {
  ASSIGN_OR_RETURN(auto bytes, state.Get(PartyKey(party)));
  if (!bytes) {
    return Status(ErrorCode::Corruption,
                  "monitor: party '" + std::string(party) + "' is listed but not registered");
  }
  return PartyRecord::Decode(*bytes);
}

// A running total (the apply path's u8 version || i64 layout); 0 when never written.
Result<int64_t> ReadTotal(StateStore& state, const std::string& key) {
  ASSIGN_OR_RETURN(auto stored, state.Get(key));
  if (!stored) return int64_t{0};
  const std::string bytes = std::move(*stored);
  RecordReader reader(bytes, "running total");
  int64_t total = reader.I64();
  return FinishRecord(reader, total);
}

Result<Object> MatchingRules(StateStore& state) {
  ASSIGN_OR_RETURN(auto list, state.Get(kActiveMatchingRulesKey));
  std::vector<RuleName> active;
  if (list) {
    ASSIGN_OR_RETURN(active, DecodeActiveRules(*list));  // at most kMaxActiveMatchingRules
  }
  Array rules;
  for (const RuleName& name : active) {
    ASSIGN_OR_RETURN(auto bytes, state.Get(MatchingRuleKey(name.fund, name.rule)));
    if (!bytes) {
      return Status(ErrorCode::Corruption,
                    "monitor: active rule '" + name.fund + "/" + name.rule + "' has no record");
    }
    ASSIGN_OR_RETURN(MatchingRuleRecord rule, MatchingRuleRecord::Decode(*bytes));
    ASSIGN_OR_RETURN(PartyRecord fund, ReadParty(state, name.fund));
    ASSIGN_OR_RETURN(int64_t remaining, Remaining(rule.budget, rule.spent, "a rule's budget"));
    rules.push_back(Object{{"fund", name.fund},
                           {"fund_name", fund.display_name},
                           {"rule", name.rule},
                           {"currency", rule.currency},
                           {"ratio_bp", static_cast<int64_t>(rule.ratio_bp)},
                           {"per_enterprise_cap", rule.per_enterprise_cap.minor_units()},
                           {"budget", rule.budget.minor_units()},
                           {"spent", rule.spent.minor_units()},
                           {"remaining", remaining},
                           {"leveraged", rule.leveraged.minor_units()},
                           {"matches", static_cast<int64_t>(rule.matches)}});
  }
  return Object{{"active_rules", std::move(rules)}};
}

Result<JsonValue> Pool(StateStore& state, const std::string& handle, const PartyRecord& party,
                       int32_t year) {
  Object pool{{"pool", handle}, {"name", party.display_name}};
  ASSIGN_OR_RETURN(auto bytes, state.Get(CompensationPolicyKey(handle)));
  if (!bytes) {
    pool["policy"] = JsonValue();  // registered, no policy set yet: it cannot pay
    return JsonValue(std::move(pool));
  }
  ASSIGN_OR_RETURN(CompensationPolicyRecord policy, CompensationPolicyRecord::Decode(*bytes));
  ASSIGN_OR_RETURN(int64_t paid_this_year, ReadTotal(state, PaidPerYearKey(handle, year)));
  ASSIGN_OR_RETURN(int64_t year_remaining,
                   Remaining(policy.per_year_cap, Amount::FromMinorUnits(paid_this_year),
                             "a pool's yearly cap"));
  pool["policy"] =
      Object{{"currency", policy.currency},
             {"angel_loss_share_bp", static_cast<int64_t>(policy.angel_loss_share_bp)},
             {"first_loan_loss_share_bp", static_cast<int64_t>(policy.first_loan_loss_share_bp)},
             {"per_enterprise_cap", policy.per_enterprise_cap.minor_units()},
             {"per_year_cap", policy.per_year_cap.minor_units()},
             {"paid", policy.paid.minor_units()},
             {"year", static_cast<int64_t>(year)},
             {"paid_this_year", paid_this_year},
             {"year_remaining", year_remaining}};
  return JsonValue(std::move(pool));
}

// Pools have an own report scope from their registration on: the party list finds them all.
Result<Object> CompensationPools(StateStore& state, size_t max_parties, int64_t time_us) {
  ASSIGN_OR_RETURN(std::vector<std::string> parties, ReadScopeList(state, ScopeKind::Party));
  Array pools;
  size_t examined = std::min(parties.size(), max_parties);
  for (size_t i = 0; i < examined; ++i) {
    ASSIGN_OR_RETURN(PartyRecord party, ReadParty(state, parties[i]));
    if (party.kind != schema::PartyKind::CompensationPool) continue;
    ASSIGN_OR_RETURN(JsonValue pool, Pool(state, parties[i], party, CalendarYear(time_us)));
    pools.push_back(std::move(pool));
  }
  return Object{{"pools", std::move(pools)}, {"truncated", examined < parties.size()}};
}

}  // namespace

Result<JsonValue::Object> MonitorBudgets(StateStore& state, size_t max_parties, int64_t time_us) {
  ASSIGN_OR_RETURN(Object matching, MatchingRules(state));
  ASSIGN_OR_RETURN(Object compensation, CompensationPools(state, max_parties, time_us));
  return Object{{"matching", std::move(matching)}, {"compensation", std::move(compensation)}};
}

}  // namespace crowdledger
