// Deposit: money enters the ledger, from the party's external account to its cash.
#include "ledger/apply/operation_rules.h"
#include "ledger/cash/cash_rules.h"

namespace crowdledger {
namespace {

Status Check(const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_Deposit();
  RETURN_IF_ERROR(CheckHandle(op->party(), "party"));
  RETURN_IF_ERROR(CheckCurrency(op->currency(), "currency"));
  RETURN_IF_ERROR(CheckTextLength(op->reference(), "reference"));
  return CheckPositive(op->amount(), "amount");
}

Status Apply(ApplyContext& context, const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_Deposit();
  std::string_view party = View(op->party());
  std::string_view currency = View(op->currency());
  RETURN_IF_ERROR(RequireCashChannel(context, party));
  return context.Move(ExternalAccount(party, currency), CashAccount(party, currency), currency,
                      Amount::FromMinorUnits(op->amount()));
}

}  // namespace

extern const OperationRules kDepositRules{"Deposit", Check, Apply};

}  // namespace crowdledger
