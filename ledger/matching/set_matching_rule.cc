// SetMatchingRule: a fund creates, changes or retires a matching rule. The rule's unspent
// budget is reserved from the fund's cash while the rule is active, so a match never fails
// for want of money, and returns to the fund when the rule is retired or its budget cut.
#include "ledger/apply/operation_rules.h"
#include "ledger/matching/matching_records.h"
#include "ledger/portfolio/portfolio.h"

namespace crowdledger {
namespace {

uint32_t KindsMask(const schema::SetMatchingRule& op) {
  if (op.eligible_kinds() == nullptr || op.eligible_kinds()->size() == 0) {
    return 1U << static_cast<uint32_t>(schema::InvestmentKind::Angel) |
           1U << static_cast<uint32_t>(schema::InvestmentKind::Crowd);
  }
  uint32_t mask = 0;
  for (auto kind : *op.eligible_kinds()) mask |= 1U << static_cast<uint32_t>(kind);
  return mask;
}

Status Check(const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_SetMatchingRule();
  RETURN_IF_ERROR(CheckHandle(op->fund(), "fund"));
  RETURN_IF_ERROR(CheckHandle(op->rule(), "rule"));
  RETURN_IF_ERROR(CheckCurrency(op->currency(), "currency"));
  RETURN_IF_ERROR(CheckPositive(op->ratio_bp(), "ratio_bp"));
  RETURN_IF_ERROR(CheckBasisPoints(op->ratio_bp(), "ratio_bp"));
  RETURN_IF_ERROR(CheckPositive(op->per_enterprise_cap(), "per_enterprise_cap"));
  RETURN_IF_ERROR(CheckPositive(op->budget(), "budget"));
  if (op->eligible_kinds() != nullptr) {
    if (op->eligible_kinds()->size() > 8) {
      return Status(ErrorCode::LimitExceeded, "eligible_kinds lists more than 8 kinds");
    }
    for (auto kind : *op->eligible_kinds()) {
      if (schema::EnumNameInvestmentKind(kind)[0] == '\0') {
        return Status(ErrorCode::InvalidArgument, "unknown investment kind in eligible_kinds");
      }
    }
  }
  return Status::Ok();
}

bool IsFund(schema::PartyKind kind) {
  return kind == schema::PartyKind::SeedFund || kind == schema::PartyKind::GuideFund ||
         kind == schema::PartyKind::VentureFund;
}

// Adds or removes the rule from the active list.
Status UpdateActiveList(ApplyContext& context, const RuleName& name, bool active) {
  ASSIGN_OR_RETURN(auto stored, context.Get(kActiveMatchingRulesKey));
  std::vector<RuleName> rules;
  if (stored) {
    ASSIGN_OR_RETURN(rules, DecodeActiveRules(*stored));
  }
  auto found = std::find(rules.begin(), rules.end(), name);
  if (active == (found != rules.end())) return Status::Ok();
  if (active) {
    if (rules.size() >= kMaxActiveMatchingRules) {
      return Status(ErrorCode::LimitExceeded,
                    "already " + std::to_string(rules.size()) + " active matching rules");
    }
    rules.push_back(name);
  } else {
    rules.erase(found);
  }
  context.Put(kActiveMatchingRulesKey, EncodeActiveRules(rules));
  return Status::Ok();
}

Status Apply(ApplyContext& context, const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_SetMatchingRule();
  RuleName name{std::string(View(op->fund())), std::string(View(op->rule()))};
  std::string_view currency = View(op->currency());
  if (name.fund != context.submitter()) {
    return Status(ErrorCode::NotPermitted,
                  "'" + context.submitter() + "' may not set rules for '" + name.fund + "'");
  }
  ASSIGN_OR_RETURN(PartyRecord fund, context.RequireParty(name.fund));
  if (!IsFund(fund.kind)) {
    return Status(ErrorCode::WrongPartyKind,
                  "'" + name.fund + "' is not a seed, guide or venture fund");
  }
  std::string key = MatchingRuleKey(name.fund, name.rule);
  ASSIGN_OR_RETURN(auto existing, context.Find<MatchingRuleRecord>(key));
  MatchingRuleRecord rule;
  if (existing) {
    rule = std::move(*existing);
    if (rule.currency != currency) {
      return Status(ErrorCode::CurrencyMismatch,
                    "rule '" + name.rule + "' matches in " + rule.currency);
    }
  } else {
    rule.currency = std::string(currency);
    RETURN_IF_ERROR(AddToPortfolio(context, name.fund, PortfolioKind::MatchingRule, name.rule));
  }
  Amount budget = Amount::FromMinorUnits(op->budget());
  if (budget < rule.spent) {
    return Status(ErrorCode::InvalidArgument,
                  "budget " + std::to_string(budget.minor_units()) + " is below the " +
                      std::to_string(rule.spent.minor_units()) + " already matched");
  }
  // Bring the reserve to what the rule may still spend.
  std::string reserve = MatchingReserveAccount(name.fund, name.rule);
  ASSIGN_OR_RETURN(Amount reserved, context.Balance(reserve));
  ASSIGN_OR_RETURN(Amount wanted, NoOverflow(budget.CheckedSubtract(rule.spent), "budget"));
  if (!op->active()) wanted = Amount();
  std::string cash = CashAccount(name.fund, currency);
  if (wanted > reserved) {
    ASSIGN_OR_RETURN(Amount more, NoOverflow(wanted.CheckedSubtract(reserved), "reserve"));
    RETURN_IF_ERROR(context.Move(cash, reserve, currency, more));
  } else {
    ASSIGN_OR_RETURN(Amount less, NoOverflow(reserved.CheckedSubtract(wanted), "reserve"));
    RETURN_IF_ERROR(context.Move(reserve, cash, currency, less));
  }
  rule.ratio_bp = op->ratio_bp();
  rule.per_enterprise_cap = Amount::FromMinorUnits(op->per_enterprise_cap());
  rule.budget = budget;
  rule.max_enterprise_age_days = op->max_enterprise_age_days();
  rule.require_incubation = op->require_incubation();
  rule.eligible_kinds = KindsMask(*op);
  rule.active = op->active();
  RETURN_IF_ERROR(UpdateActiveList(context, name, rule.active));
  context.Store(key, rule);
  return Status::Ok();
}

}  // namespace

extern const OperationRules kSetMatchingRuleRules{"SetMatchingRule", Check, Apply};

}  // namespace crowdledger
