// DisburseLoan: a lender pays a loan's principal to an enterprise. The ledger checks the
// first-loan flag against the borrower's history, the support-loan cap for interest-free
// loans to micro-enterprises, the linked stake of an investment-loan linkage, and takes the
// guarantee the guarantor offered (keeping what the guaranteed share needs).
#include "ledger/apply/operation_rules.h"
#include "ledger/campaigns/campaign_record.h"
#include "ledger/loans/loan_access.h"
#include "ledger/policy/policy.h"

namespace crowdledger {
namespace {

Status Check(const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_DisburseLoan();
  RETURN_IF_ERROR(CheckHandle(op->loan(), "loan"));
  RETURN_IF_ERROR(CheckHandle(op->lender(), "lender"));
  RETURN_IF_ERROR(CheckHandle(op->borrower(), "borrower"));
  RETURN_IF_ERROR(CheckCurrency(op->currency(), "currency"));
  RETURN_IF_ERROR(CheckPositive(op->principal(), "principal"));
  RETURN_IF_ERROR(CheckBasisPoints(op->annual_rate_bp(), "annual_rate_bp"));
  if (op->linked_stake() != nullptr) {
    RETURN_IF_ERROR(CheckCompoundId(op->linked_stake(), kStakeIdParts, "linked_stake"));
  }
  if (op->guarantor() == nullptr) {
    if (op->guaranteed_share_bp() != 0) {
      return Status(ErrorCode::InvalidArgument, "guaranteed_share_bp without a guarantor");
    }
    return Status::Ok();
  }
  RETURN_IF_ERROR(CheckHandle(op->guarantor(), "guarantor"));
  RETURN_IF_ERROR(CheckPositive(op->guaranteed_share_bp(), "guaranteed_share_bp"));
  return CheckBasisPoints(op->guaranteed_share_bp(), "guaranteed_share_bp");
}

bool IsLender(schema::PartyKind kind) {
  return kind == schema::PartyKind::Bank || kind == schema::PartyKind::SeedFund ||
         kind == schema::PartyKind::GuideFund || kind == schema::PartyKind::VentureFund ||
         kind == schema::PartyKind::Authority;
}

Status CheckLinkedStake(ApplyContext& context, const LoanRecord& loan) {
  if (loan.linked_stake.empty()) return Status::Ok();
  ASSIGN_OR_RETURN(auto stake, context.Find<StakeRecord>(StakeKey(loan.linked_stake)));
  if (!stake) {
    return Status(ErrorCode::NotFound, "linked stake '" + loan.linked_stake + "' does not exist");
  }
  if (stake->enterprise != loan.borrower || stake->status != StakeStatus::Active) {
    return Status(ErrorCode::NotEligible, "linked stake '" + loan.linked_stake +
                                              "' is not an active stake in the borrower");
  }
  return Status::Ok();
}

// Takes the guarantor's offer for this loan; returns what the reserve holds beyond need.
Status TakeGuarantee(ApplyContext& context, std::string_view loan_id, const LoanRecord& loan) {
  ASSIGN_OR_RETURN(auto offer, context.Find<GuaranteeOfferRecord>(GuaranteeOfferKey(loan_id)));
  if (loan.guarantor.empty()) {
    if (!offer) return Status::Ok();
    // Disbursed without the offered guarantee: the offer lapses and its reserve goes back.
    RETURN_IF_ERROR(context.Move(GuaranteeReserveAccount(loan_id),
                                 CashAccount(offer->guarantor, offer->currency), offer->currency,
                                 offer->amount));
    offer->taken = true;
    context.Store(GuaranteeOfferKey(loan_id), *offer);
    return Status::Ok();
  }
  RETURN_IF_ERROR(context.RequirePartyRegistered(loan.guarantor));
  if (!offer || offer->guarantor != loan.guarantor) {
    return Status(ErrorCode::NotFound,
                  "'" + loan.guarantor + "' has offered no guarantee for this loan");
  }
  if (offer->lender != loan.lender || offer->borrower != loan.borrower) {
    return Status(ErrorCode::NotEligible,
                  "the guarantee was offered for another lender or borrower");
  }
  if (offer->currency != loan.currency) {
    return Status(ErrorCode::CurrencyMismatch, "the guarantee is in " + offer->currency);
  }
  ASSIGN_OR_RETURN(
      Amount needed,
      NoOverflow(loan.principal.CheckedBasisPoints(loan.guaranteed_share_bp), "guaranteed amount"));
  if (offer->amount < needed) {
    return Status(ErrorCode::CapExceeded,
                  "the guarantee offer covers " + std::to_string(offer->amount.minor_units()) +
                      ", the guaranteed share needs " + std::to_string(needed.minor_units()));
  }
  ASSIGN_OR_RETURN(Amount excess, NoOverflow(offer->amount.CheckedSubtract(needed), "excess"));
  RETURN_IF_ERROR(context.Move(GuaranteeReserveAccount(loan_id),
                               CashAccount(loan.guarantor, loan.currency), loan.currency, excess));
  offer->taken = true;
  context.Store(GuaranteeOfferKey(loan_id), *offer);
  return Status::Ok();
}

Status Apply(ApplyContext& context, const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_DisburseLoan();
  std::string_view loan_id = View(op->loan());
  LoanRecord loan;
  loan.lender = std::string(View(op->lender()));
  loan.borrower = std::string(View(op->borrower()));
  loan.currency = std::string(View(op->currency()));
  loan.principal = loan.outstanding = Amount::FromMinorUnits(op->principal());
  loan.annual_rate_bp = op->annual_rate_bp();
  loan.disbursed_us = context.time_us();
  loan.maturity_us = op->maturity_us();
  loan.first_loan = op->first_loan();
  loan.linked_stake = std::string(View(op->linked_stake()));
  loan.guarantor = std::string(View(op->guarantor()));
  loan.guaranteed_share_bp = op->guaranteed_share_bp();
  if (loan.lender != context.submitter()) {
    return Status(ErrorCode::NotPermitted,
                  "'" + context.submitter() + "' may not lend for '" + loan.lender + "'");
  }
  ASSIGN_OR_RETURN(PartyRecord lender, context.RequireParty(loan.lender));
  if (!IsLender(lender.kind)) {
    return Status(ErrorCode::WrongPartyKind, "'" + loan.lender + "' is not a bank or fund");
  }
  ASSIGN_OR_RETURN(PartyRecord borrower, context.RequireParty(loan.borrower));
  if (borrower.kind != schema::PartyKind::Enterprise) {
    return Status(ErrorCode::WrongPartyKind, "'" + loan.borrower + "' is not an enterprise");
  }
  // Before the guarantee is looked at: a repaid or written-off loan's offer stays on record
  // (taken), and taking it again would report its empty reserve instead of the reused id.
  ASSIGN_OR_RETURN(auto existing, context.Find<LoanRecord>(LoanKey(loan_id)));
  if (existing) {
    return Status(ErrorCode::AlreadyExists, "loan '" + std::string(loan_id) + "' exists");
  }
  if (loan.guarantor == loan.lender || loan.guarantor == loan.borrower) {
    return Status(ErrorCode::InvalidArgument, "a guarantor is neither lender nor borrower");
  }
  if (loan.maturity_us <= context.time_us()) {
    return Status(ErrorCode::InvalidArgument, "maturity is not after the disbursal");
  }
  ASSIGN_OR_RETURN(BorrowerRecord history, LoadBorrower(context, loan.borrower));
  if (loan.first_loan && history.direct_loans > 0) {
    return Status(ErrorCode::NotEligible, "'" + loan.borrower + "' already had " +
                                              std::to_string(history.direct_loans) + " loans");
  }
  loan.support_loan = loan.annual_rate_bp == 0 && borrower.micro_enterprise;
  if (loan.support_loan) {
    ASSIGN_OR_RETURN(int64_t cap, PolicyValue(context, schema::PolicyParameter::SupportLoanCap));
    ASSIGN_OR_RETURN(Amount after,
                     NoOverflow(history.support_outstanding.CheckedAdd(loan.principal),
                                "support loans outstanding"));
    if (after > Amount::FromMinorUnits(cap)) {
      return Status(ErrorCode::CapExceeded, "support loans to '" + loan.borrower +
                                                "' would reach " +
                                                std::to_string(after.minor_units()) +
                                                ", over the cap of " + std::to_string(cap));
    }
  }
  RETURN_IF_ERROR(CheckLinkedStake(context, loan));
  RETURN_IF_ERROR(TakeGuarantee(context, loan_id, loan));
  RETURN_IF_ERROR(context.Move(CashAccount(loan.lender, loan.currency),
                               CashAccount(loan.borrower, loan.currency), loan.currency,
                               loan.principal));
  return RecordNewLoan(context, loan_id, loan, LoanSource::Direct);
}

}  // namespace

extern const OperationRules kDisburseLoanRules{"DisburseLoan", Check, Apply};

}  // namespace crowdledger
