// A party's portfolio: the list of what it holds or is party to (pledges, stakes, loans,
// guarantees, compensation claims, matching rules, vouchers), kept as derived state so that
// the API can page through it without scanning. Items are "<kind>:<id>" strings, in the
// order they first appeared; the records themselves hold the current figures.
#pragma once

#include "ledger/apply/apply_context.h"

namespace crowdledger {

enum class PortfolioKind : uint8_t { Pledge, Stake, Loan, Guarantee, Claim, MatchingRule, Voucher };

std::string_view PortfolioKindName(PortfolioKind kind);
// The number of items in a party's portfolio (absent: 0).
std::string PortfolioCountKey(std::string_view party);
std::string PortfolioItemKey(std::string_view party, uint64_t position);

// Appends "<kind>:<id>" to `party`'s portfolio.
Status AddToPortfolio(ApplyContext& context, std::string_view party, PortfolioKind kind,
                      std::string_view id);

// Reads positions [begin, begin + limit) of a party's portfolio from a state store.
Result<std::vector<std::string>> ReadPortfolio(StateStore& state, std::string_view party,
                                               uint64_t begin, size_t limit);
Result<uint64_t> PortfolioSize(StateStore& state, std::string_view party);

}  // namespace crowdledger
