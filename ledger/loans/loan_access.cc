// Loan bookkeeping shared by the loan operations.
#include "ledger/loans/loan_access.h"

#include "ledger/apply/operation_rules.h"
#include "ledger/portfolio/portfolio.h"

namespace crowdledger {

Result<LoanRecord> RequireActiveLoan(ApplyContext& context, std::string_view loan) {
  ASSIGN_OR_RETURN(auto record, context.Find<LoanRecord>(LoanKey(loan)));
  if (!record)
    return Status(ErrorCode::NotFound, "loan '" + std::string(loan) + "' does not exist");
  if (record->status != LoanStatus::Active) {
    return Status(ErrorCode::AlreadySettled,
                  "loan '" + std::string(loan) + "' was repaid or written off");
  }
  return std::move(*record);
}

Result<BorrowerRecord> LoadBorrower(ApplyContext& context, std::string_view borrower) {
  ASSIGN_OR_RETURN(auto record, context.Find<BorrowerRecord>(BorrowerKey(borrower)));
  return record ? *record : BorrowerRecord{};
}

Status RecordNewLoan(ApplyContext& context, std::string_view loan, const LoanRecord& record,
                     LoanSource source) {
  ASSIGN_OR_RETURN(auto existing, context.Find<LoanRecord>(LoanKey(loan)));
  if (existing) return Status(ErrorCode::AlreadyExists, "loan '" + std::string(loan) + "' exists");
  ASSIGN_OR_RETURN(BorrowerRecord borrower, LoadBorrower(context, record.borrower));
  if (source == LoanSource::Direct) ++borrower.direct_loans;
  if (record.support_loan) {
    ASSIGN_OR_RETURN(borrower.support_outstanding,
                     NoOverflow(borrower.support_outstanding.CheckedAdd(record.outstanding),
                                "support loans outstanding"));
  }
  context.Store(BorrowerKey(record.borrower), borrower);
  context.Store(LoanKey(loan), record);
  RETURN_IF_ERROR(AddToPortfolio(context, record.lender, PortfolioKind::Loan, loan));
  return AddToPortfolio(context, record.borrower, PortfolioKind::Loan, loan);
}

Status ReducePrincipal(ApplyContext& context, LoanRecord& record, Amount reduced) {
  ASSIGN_OR_RETURN(record.outstanding,
                   NoOverflow(record.outstanding.CheckedSubtract(reduced), "outstanding"));
  if (!record.support_loan) return Status::Ok();
  ASSIGN_OR_RETURN(BorrowerRecord borrower, LoadBorrower(context, record.borrower));
  ASSIGN_OR_RETURN(borrower.support_outstanding,
                   NoOverflow(borrower.support_outstanding.CheckedSubtract(reduced),
                              "support loans outstanding"));
  context.Store(BorrowerKey(record.borrower), borrower);
  return Status::Ok();
}

Status ReleaseGuaranteeReserve(ApplyContext& context, std::string_view loan,
                               const LoanRecord& record) {
  if (record.guarantor.empty()) return Status::Ok();
  // The guarantor's reserve is settled by this entry even if nothing is left to return.
  context.NoteParty(record.guarantor);
  std::string reserve = GuaranteeReserveAccount(loan);
  ASSIGN_OR_RETURN(Amount left, context.Balance(reserve));
  return context.Move(reserve, CashAccount(record.guarantor, record.currency), record.currency,
                      left);
}

}  // namespace crowdledger
