// GrantSubsidy: a grantor pays a subsidy from its own cash. Start-up subsidies go only to
// micro-enterprises, within the policy's lifetime cap per enterprise (50,000 CNY by default);
// operating-performance awards go only to maker spaces.
#include "ledger/apply/operation_rules.h"
#include "ledger/policy/policy.h"
#include "ledger/subsidies/subsidy_records.h"

namespace crowdledger {
namespace {

Status Check(const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_GrantSubsidy();
  RETURN_IF_ERROR(CheckHandle(op->grantor(), "grantor"));
  RETURN_IF_ERROR(CheckHandle(op->recipient(), "recipient"));
  RETURN_IF_ERROR(CheckCurrency(op->currency(), "currency"));
  if (schema::EnumNameSubsidyKind(op->kind())[0] == '\0') {
    return Status(ErrorCode::InvalidArgument, "unknown subsidy kind");
  }
  return CheckPositive(op->amount(), "amount");
}

// Adds `amount` to the enterprise's lifetime start-up total, refusing past the cap.
Status ChargeStartupCap(ApplyContext& context, std::string_view enterprise, Amount amount) {
  std::string key = StartupSubsidyTotalKey(enterprise);
  ASSIGN_OR_RETURN(Amount total, context.FindTotal(key));
  ASSIGN_OR_RETURN(int64_t cap, PolicyValue(context, schema::PolicyParameter::StartupSubsidyCap));
  auto after = total.CheckedAdd(amount);
  if (!after || after->minor_units() > cap) {
    return Status(ErrorCode::CapExceeded, "'" + std::string(enterprise) + "' has received " +
                                              std::to_string(total.minor_units()) +
                                              " of its lifetime start-up subsidy cap " +
                                              std::to_string(cap));
  }
  context.StoreTotal(key, *after);
  return Status::Ok();
}

Status Apply(ApplyContext& context, const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_GrantSubsidy();
  std::string_view grantor = View(op->grantor());
  std::string_view recipient = View(op->recipient());
  std::string_view currency = View(op->currency());
  Amount amount = Amount::FromMinorUnits(op->amount());
  if (grantor != context.submitter()) {
    return Status(ErrorCode::NotPermitted, "'" + context.submitter() + "' may not grant from '" +
                                               std::string(grantor) + "'");
  }
  ASSIGN_OR_RETURN(PartyRecord party, context.RequireParty(recipient));
  if (op->kind() == schema::SubsidyKind::PerformanceAward &&
      party.kind != schema::PartyKind::MakerSpace) {
    return Status(ErrorCode::WrongPartyKind, "performance awards go to maker spaces");
  }
  if (op->kind() == schema::SubsidyKind::Startup) {
    if (party.kind != schema::PartyKind::Enterprise || !party.micro_enterprise) {
      return Status(ErrorCode::NotEligible, "start-up subsidies go to micro-enterprises");
    }
    RETURN_IF_ERROR(ChargeStartupCap(context, recipient, amount));
  }
  return context.Move(CashAccount(grantor, currency), CashAccount(recipient, currency), currency,
                      amount);
}

}  // namespace

extern const OperationRules kGrantSubsidyRules{"GrantSubsidy", Check, Apply};

}  // namespace crowdledger
