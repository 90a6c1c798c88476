// Transfer: cash from one registered party to another, posted by the payer.
#include "ledger/apply/operation_rules.h"

namespace crowdledger {
namespace {

Status Check(const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_Transfer();
  RETURN_IF_ERROR(CheckHandle(op->from(), "from"));
  RETURN_IF_ERROR(CheckHandle(op->to(), "to"));
  RETURN_IF_ERROR(CheckCurrency(op->currency(), "currency"));
  RETURN_IF_ERROR(CheckTextLength(op->memo(), "memo"));
  return CheckPositive(op->amount(), "amount");
}

Status Apply(ApplyContext& context, const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_Transfer();
  std::string_view from = View(op->from());
  std::string_view to = View(op->to());
  std::string_view currency = View(op->currency());
  if (from != context.submitter()) {
    return Status(ErrorCode::NotPermitted,
                  "'" + context.submitter() + "' may not pay from '" + std::string(from) + "'");
  }
  RETURN_IF_ERROR(context.RequirePartyRegistered(to));
  return context.Move(CashAccount(from, currency), CashAccount(to, currency), currency,
                      Amount::FromMinorUnits(op->amount()));
}

}  // namespace

extern const OperationRules kTransferRules{"Transfer", Check, Apply};

}  // namespace crowdledger
