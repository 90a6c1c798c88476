// Loan bookkeeping shared by disbursal (direct, or a debt campaign's settlement), repayment
// and write-off.
#pragma once

#include "ledger/apply/apply_context.h"
#include "ledger/loans/loan_records.h"

namespace crowdledger {

// NotFound, or AlreadySettled once repaid or written off.
Result<LoanRecord> RequireActiveLoan(ApplyContext& context, std::string_view loan);
Result<BorrowerRecord> LoadBorrower(ApplyContext& context, std::string_view borrower);
// Stores a new loan (AlreadyExists if the id is taken), counts a direct loan in the borrower's
// history and lists it in both parties' portfolios. Moves no money.
enum class LoanSource : uint8_t { Direct, DebtCampaign };
Status RecordNewLoan(ApplyContext& context, std::string_view loan, const LoanRecord& record,
                     LoanSource source);
// Lowers the outstanding principal (repaid or written off) and the borrower's support total.
Status ReducePrincipal(ApplyContext& context, LoanRecord& record, Amount reduced);
// Returns whatever is left in the loan's guarantee reserve to the guarantor.
Status ReleaseGuaranteeReserve(ApplyContext& context, std::string_view loan,
                               const LoanRecord& record);

}  // namespace crowdledger
