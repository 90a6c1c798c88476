// Matching: eligibility, the matched amount (rounded down: a fund never pays more than its
// rule says), the fund's stake, and the rule's running figures.
#include "ledger/matching/matching.h"

#include <chrono>
#include <limits>

#include "ledger/apply/operation_rules.h"
#include "ledger/campaigns/campaign_record.h"
#include "ledger/matching/matching_records.h"
#include "ledger/policy/policy.h"
#include "ledger/portfolio/portfolio.h"

namespace crowdledger {
namespace {

constexpr int64_t kMicrosecondsPerDay = int64_t{86'400} * 1'000'000;

// Whether the enterprise meets the rule's age and incubation conditions at this entry.
Result<bool> EnterpriseQualifies(ApplyContext& context, const MatchingRuleRecord& rule,
                                 const PartyRecord& enterprise) {
  if (rule.require_incubation && enterprise.maker_space.empty()) return false;
  int64_t max_days = rule.max_enterprise_age_days;
  if (max_days == 0) {
    ASSIGN_OR_RETURN(max_days, PolicyValue(context, schema::PolicyParameter::SeedStageAgeDays));
  }
  // An enterprise without a founding date, or founded after this entry, cannot show its age.
  if (enterprise.founded_us <= 0 || enterprise.founded_us > context.time_us()) return false;
  // A limit beyond what 64 bits of microseconds can hold admits every age (and must not
  // overflow: a rule's u32 days, or the policy's value, times a day in microseconds can).
  if (max_days > std::numeric_limits<int64_t>::max() / kMicrosecondsPerDay) return true;
  int64_t age_us = context.time_us() - enterprise.founded_us;
  return age_us <= max_days * kMicrosecondsPerDay;
}

Status MatchOne(ApplyContext& context, const RuleName& name, MatchingRuleRecord& rule,
                const MatchTrigger& trigger, Amount matched_before, Amount match) {
  std::string reserve = MatchingReserveAccount(name.fund, name.rule);
  RETURN_IF_ERROR(context.Move(reserve, CashAccount(trigger.enterprise, trigger.currency),
                               trigger.currency, match));
  StakeRecord stake;
  stake.investor = name.fund;
  stake.enterprise = std::string(trigger.enterprise);
  stake.kind = schema::InvestmentKind::PublicInterest;
  stake.currency = std::string(trigger.currency);
  ASSIGN_OR_RETURN(Amount shares,
                   NoOverflow(Amount::FromMinorUnits(trigger.shares)
                                  .CheckedScale(match.minor_units(), trigger.amount.minor_units()),
                              "matched shares"));
  stake.shares = shares.minor_units();
  stake.cost_basis = match;
  stake.acquired_us = context.time_us();
  std::string stake_id = trigger.stake_prefix + "/" + name.fund;
  ASSIGN_OR_RETURN(auto existing, context.Find<StakeRecord>(StakeKey(stake_id)));
  if (existing) return Status(ErrorCode::AlreadyExists, "stake '" + stake_id + "' exists");
  context.Store(StakeKey(stake_id), stake);
  RETURN_IF_ERROR(AddToPortfolio(context, name.fund, PortfolioKind::Stake, stake_id));

  ASSIGN_OR_RETURN(rule.spent, NoOverflow(rule.spent.CheckedAdd(match), "matched total"));
  ASSIGN_OR_RETURN(rule.leveraged,
                   NoOverflow(rule.leveraged.CheckedAdd(trigger.amount), "leveraged total"));
  ++rule.matches;
  context.Store(MatchingRuleKey(name.fund, name.rule), rule);
  ASSIGN_OR_RETURN(Amount matched_after,
                   NoOverflow(matched_before.CheckedAdd(match), "matched per enterprise"));
  context.StoreTotal(MatchedForEnterpriseKey(name.fund, name.rule, trigger.enterprise),
                     matched_after);
  return Status::Ok();
}

}  // namespace

Status ApplyMatching(ApplyContext& context, const MatchTrigger& trigger) {
  ASSIGN_OR_RETURN(auto stored, context.Get(kActiveMatchingRulesKey));
  if (!stored) return Status::Ok();
  ASSIGN_OR_RETURN(std::vector<RuleName> active, DecodeActiveRules(*stored));
  if (active.empty()) return Status::Ok();
  ASSIGN_OR_RETURN(PartyRecord enterprise, context.RequireParty(trigger.enterprise));
  std::vector<std::string_view> funds_matched;
  for (const RuleName& name : active) {
    if (name.fund == trigger.investor) continue;  // a fund does not match itself
    if (std::find(funds_matched.begin(), funds_matched.end(), name.fund) != funds_matched.end())
      continue;
    std::string key = MatchingRuleKey(name.fund, name.rule);
    ASSIGN_OR_RETURN(auto rule, context.Find<MatchingRuleRecord>(key));
    if (!rule) return Status(ErrorCode::Corruption, "active matching rule has no record");
    if (rule->currency != trigger.currency || !rule->Qualifies(trigger.kind)) continue;
    ASSIGN_OR_RETURN(bool qualifies, EnterpriseQualifies(context, *rule, enterprise));
    if (!qualifies) continue;
    ASSIGN_OR_RETURN(Amount wanted,
                     NoOverflow(trigger.amount.CheckedBasisPoints(rule->ratio_bp), "match"));
    ASSIGN_OR_RETURN(Amount before, context.FindTotal(MatchedForEnterpriseKey(name.fund, name.rule,
                                                                              trigger.enterprise)));
    ASSIGN_OR_RETURN(Amount cap_left,
                     NoOverflow(rule->per_enterprise_cap.CheckedSubtract(before), "cap"));
    ASSIGN_OR_RETURN(Amount budget_left,
                     NoOverflow(rule->budget.CheckedSubtract(rule->spent), "budget"));
    Amount match = std::min({wanted, cap_left, budget_left});
    if (match <= Amount()) continue;
    RETURN_IF_ERROR(MatchOne(context, name, *rule, trigger, before, match));
    funds_matched.push_back(name.fund);
  }
  return Status::Ok();
}

}  // namespace crowdledger
