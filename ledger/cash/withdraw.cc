// Withdraw: money leaves the ledger, from the party's cash to its external account.
#include "ledger/apply/operation_rules.h"
#include "ledger/cash/cash_rules.h"

namespace crowdledger {
namespace {

Status Check(const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_Withdraw();
  RETURN_IF_ERROR(CheckHandle(op->party(), "party"));
  RETURN_IF_ERROR(CheckCurrency(op->currency(), "currency"));
  RETURN_IF_ERROR(CheckTextLength(op->reference(), "reference"));
  return CheckPositive(op->amount(), "amount");
}

Status Apply(ApplyContext& context, const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_Withdraw();
  std::string_view party = View(op->party());
  std::string_view currency = View(op->currency());
  RETURN_IF_ERROR(RequireCashChannel(context, party));
  return context.Move(CashAccount(party, currency), ExternalAccount(party, currency), currency,
                      Amount::FromMinorUnits(op->amount()));
}

}  // namespace

extern const OperationRules kWithdrawRules{"Withdraw", Check, Apply};

}  // namespace crowdledger
