// RepayLoan: the borrower pays principal and interest to the lender. Once no principal is
// outstanding the loan is repaid and a guarantee reserve goes back to the guarantor.
#include "ledger/apply/operation_rules.h"
#include "ledger/loans/loan_access.h"

namespace crowdledger {
namespace {

Status Check(const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_RepayLoan();
  RETURN_IF_ERROR(CheckCompoundId(op->loan(), kLoanIdParts, "loan"));
  if (op->principal() < 0 || op->interest() < 0) {
    return Status(ErrorCode::InvalidArgument, "principal and interest are not negative");
  }
  if (op->principal() == 0 && op->interest() == 0) {
    return Status(ErrorCode::InvalidArgument, "a repayment pays principal or interest");
  }
  return Status::Ok();
}

Status Apply(ApplyContext& context, const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_RepayLoan();
  std::string_view loan_id = View(op->loan());
  ASSIGN_OR_RETURN(LoanRecord loan, RequireActiveLoan(context, loan_id));
  if (loan.borrower != context.submitter()) {
    return Status(ErrorCode::NotPermitted,
                  "only '" + loan.borrower + "' repays loan '" + std::string(loan_id) + "'");
  }
  Amount principal = Amount::FromMinorUnits(op->principal());
  Amount interest = Amount::FromMinorUnits(op->interest());
  if (principal > loan.outstanding) {
    return Status(ErrorCode::ExceedsOutstanding,
                  "repaying " + std::to_string(principal.minor_units()) + " of " +
                      std::to_string(loan.outstanding.minor_units()) + " outstanding");
  }
  if (!interest.is_zero() && loan.annual_rate_bp == 0) {
    return Status(ErrorCode::InvalidArgument,
                  "loan '" + std::string(loan_id) + "' is interest-free");
  }
  std::string from = CashAccount(loan.borrower, loan.currency);
  std::string to = CashAccount(loan.lender, loan.currency);
  RETURN_IF_ERROR(context.Move(from, to, loan.currency, principal));
  RETURN_IF_ERROR(context.Move(from, to, loan.currency, interest));
  ASSIGN_OR_RETURN(loan.interest_paid,
                   NoOverflow(loan.interest_paid.CheckedAdd(interest), "interest paid"));
  RETURN_IF_ERROR(ReducePrincipal(context, loan, principal));
  if (loan.outstanding.is_zero()) {
    loan.status = LoanStatus::Repaid;
    RETURN_IF_ERROR(ReleaseGuaranteeReserve(context, loan_id, loan));
  }
  context.Store(LoanKey(loan_id), loan);
  return Status::Ok();
}

}  // namespace

extern const OperationRules kRepayLoanRules{"RepayLoan", Check, Apply};

}  // namespace crowdledger
