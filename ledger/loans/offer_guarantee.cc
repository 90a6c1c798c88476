// OfferGuarantee: a guarantor commits to guarantee a loan not yet disbursed, reserving
// `amount` from its own cash. Only the guarantor can commit its money; the lender then names
// it in DisburseLoan.
#include "ledger/apply/operation_rules.h"
#include "ledger/loans/loan_records.h"
#include "ledger/portfolio/portfolio.h"

namespace crowdledger {
namespace {

Status Check(const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_OfferGuarantee();
  RETURN_IF_ERROR(CheckHandle(op->loan(), "loan"));
  RETURN_IF_ERROR(CheckHandle(op->guarantor(), "guarantor"));
  RETURN_IF_ERROR(CheckHandle(op->lender(), "lender"));
  RETURN_IF_ERROR(CheckHandle(op->borrower(), "borrower"));
  RETURN_IF_ERROR(CheckCurrency(op->currency(), "currency"));
  return CheckPositive(op->amount(), "amount");
}

Status Apply(ApplyContext& context, const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_OfferGuarantee();
  std::string_view loan = View(op->loan());
  GuaranteeOfferRecord offer;
  offer.guarantor = std::string(View(op->guarantor()));
  offer.lender = std::string(View(op->lender()));
  offer.borrower = std::string(View(op->borrower()));
  offer.currency = std::string(View(op->currency()));
  offer.amount = Amount::FromMinorUnits(op->amount());
  if (offer.guarantor != context.submitter()) {
    return Status(ErrorCode::NotPermitted,
                  "'" + context.submitter() + "' may not guarantee for '" + offer.guarantor + "'");
  }
  if (offer.guarantor == offer.lender || offer.guarantor == offer.borrower) {
    return Status(ErrorCode::InvalidArgument, "a guarantor is neither lender nor borrower");
  }
  RETURN_IF_ERROR(context.RequirePartyRegistered(offer.lender));
  RETURN_IF_ERROR(context.RequirePartyRegistered(offer.borrower));
  ASSIGN_OR_RETURN(auto existing_loan, context.Find<LoanRecord>(LoanKey(loan)));
  ASSIGN_OR_RETURN(auto existing_offer,
                   context.Find<GuaranteeOfferRecord>(GuaranteeOfferKey(loan)));
  if (existing_loan || existing_offer) {
    return Status(ErrorCode::AlreadyExists,
                  "loan '" + std::string(loan) + "' is disbursed or already has an offer");
  }
  RETURN_IF_ERROR(context.Move(CashAccount(offer.guarantor, offer.currency),
                               GuaranteeReserveAccount(loan), offer.currency, offer.amount));
  context.Store(GuaranteeOfferKey(loan), offer);
  return AddToPortfolio(context, offer.guarantor, PortfolioKind::Guarantee, loan);
}

}  // namespace

extern const OperationRules kOfferGuaranteeRules{"OfferGuarantee", Check, Apply};

}  // namespace crowdledger
