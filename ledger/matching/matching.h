// Automatic matching: a qualifying private investment (a direct investment, or an equity
// campaign's success) triggers, in the same entry, each active rule's fund investing
// ratio_bp of it, within the rule's per-enterprise cap and its remaining budget.
#pragma once

#include "ledger/apply/apply_context.h"

namespace crowdledger {

struct MatchTrigger {
  std::string_view enterprise;
  std::string_view investor;    // the private investor; empty for a campaign's crowd
  schema::InvestmentKind kind;  // the private investment's kind
  std::string_view currency;
  Amount amount;             // the private investment
  int64_t shares = 0;        // the shares it bought: matches buy at the same price
  std::string stake_prefix;  // matched stakes are "<stake_prefix>/<fund>"
};

// Runs every active rule against the trigger. Each fund matches at most once per trigger
// (its first qualifying rule in the active list); an enterprise that does not qualify, a
// used-up cap or budget simply means no match.
Status ApplyMatching(ApplyContext& context, const MatchTrigger& trigger);

}  // namespace crowdledger
