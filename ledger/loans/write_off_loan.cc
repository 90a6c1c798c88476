// WriteOffLoan: the lender writes the outstanding principal off as bad debt. A guarantee is
// called: the guaranteed share of the outstanding principal (rounded down) goes from the
// reserve to the lender and the rest of the reserve back to the guarantor. The lender's net
// loss (written off minus guarantee) is what a first-loan compensation claim refers to.
#include "ledger/apply/operation_rules.h"
#include "ledger/loans/loan_access.h"

namespace crowdledger {
namespace {

Status Check(const schema::OperationSlot& slot) {
  return CheckCompoundId(slot.operation_as_WriteOffLoan()->loan(), kLoanIdParts, "loan");
}

Status Apply(ApplyContext& context, const schema::OperationSlot& slot) {
  std::string_view loan_id = View(slot.operation_as_WriteOffLoan()->loan());
  ASSIGN_OR_RETURN(LoanRecord loan, RequireActiveLoan(context, loan_id));
  if (loan.lender != context.submitter()) {
    return Status(ErrorCode::NotPermitted,
                  "only '" + loan.lender + "' writes off loan '" + std::string(loan_id) + "'");
  }
  context.NoteParty(loan.borrower);  // the borrower's loan ends here, without a movement
  loan.written_off = loan.outstanding;
  if (!loan.guarantor.empty()) {
    ASSIGN_OR_RETURN(loan.guarantee_paid,
                     NoOverflow(loan.outstanding.CheckedBasisPoints(loan.guaranteed_share_bp),
                                "guarantee call"));
    RETURN_IF_ERROR(context.Move(GuaranteeReserveAccount(loan_id),
                                 CashAccount(loan.lender, loan.currency), loan.currency,
                                 loan.guarantee_paid));
    RETURN_IF_ERROR(ReleaseGuaranteeReserve(context, loan_id, loan));
  }
  RETURN_IF_ERROR(ReducePrincipal(context, loan, loan.outstanding));
  loan.status = LoanStatus::WrittenOff;
  context.Store(LoanKey(loan_id), loan);
  return Status::Ok();
}

}  // namespace

extern const OperationRules kWriteOffLoanRules{"WriteOffLoan", Check, Apply};

}  // namespace crowdledger
