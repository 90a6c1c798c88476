// State of investment matching: each fund's rules with what they have spent, the amount a rule
// has matched per enterprise, and the list of active rules that every qualifying investment
// is checked against.
#pragma once

#include "ledger/state/records.h"

namespace crowdledger {

// At most this many rules are active at once across the ledger: every qualifying investment
// checks each of them, so the list must stay short.
inline constexpr size_t kMaxActiveMatchingRules = 64;

struct MatchingRuleRecord {
  std::string currency;
  uint32_t ratio_bp = 0;
  Amount per_enterprise_cap;
  Amount budget;
  uint32_t max_enterprise_age_days = 0;  // 0: the policy's seed-stage age
  bool require_incubation = false;
  uint32_t eligible_kinds = 0;  // bit (1 << InvestmentKind) per qualifying kind
  bool active = true;
  Amount spent;      // matched so far; the reserve holds budget - spent while active
  Amount leveraged;  // the private investments that triggered the matches
  uint64_t matches = 0;

  bool Qualifies(schema::InvestmentKind kind) const {
    return (eligible_kinds >> static_cast<uint32_t>(kind) & 1U) != 0;
  }
  std::string Encode() const;
  static Result<MatchingRuleRecord> Decode(std::string_view bytes);
};

// A rule as named in the active list: its fund and its handle.
struct RuleName {
  std::string fund;
  std::string rule;
  bool operator==(const RuleName&) const = default;
};

std::string EncodeActiveRules(const std::vector<RuleName>& rules);
Result<std::vector<RuleName>> DecodeActiveRules(std::string_view bytes);

std::string MatchingRuleKey(std::string_view fund, std::string_view rule);
std::string MatchedForEnterpriseKey(std::string_view fund, std::string_view rule,
                                    std::string_view enterprise);
inline constexpr char kActiveMatchingRulesKey[] = "mr-active";
// A rule's budget is reserved from the fund's cash while the rule is active.
std::string MatchingReserveAccount(std::string_view fund, std::string_view rule);

}  // namespace crowdledger
