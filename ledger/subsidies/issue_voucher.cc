// IssueVoucher: an issuer reserves a voucher's face value from its cash for a holder, until
// the voucher's expiry.
#include "ledger/apply/operation_rules.h"
#include "ledger/portfolio/portfolio.h"
#include "ledger/subsidies/subsidy_records.h"

namespace crowdledger {
namespace {

Status Check(const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_IssueVoucher();
  RETURN_IF_ERROR(CheckHandle(op->voucher(), "voucher"));
  RETURN_IF_ERROR(CheckHandle(op->issuer(), "issuer"));
  RETURN_IF_ERROR(CheckHandle(op->holder(), "holder"));
  RETURN_IF_ERROR(CheckCurrency(op->currency(), "currency"));
  if (schema::EnumNameVoucherKind(op->kind())[0] == '\0') {
    return Status(ErrorCode::InvalidArgument, "unknown voucher kind");
  }
  return CheckPositive(op->face_value(), "face_value");
}

Status Apply(ApplyContext& context, const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_IssueVoucher();
  std::string_view name = View(op->voucher());
  std::string_view issuer = View(op->issuer());
  if (issuer != context.submitter()) {
    return Status(ErrorCode::NotPermitted,
                  "'" + context.submitter() + "' may not issue for '" + std::string(issuer) + "'");
  }
  if (op->expires_us() <= context.time_us()) {
    return Status(ErrorCode::Expired, "voucher '" + std::string(name) + "' would be born expired");
  }
  ASSIGN_OR_RETURN(PartyRecord holder, context.RequireParty(View(op->holder())));
  if (holder.kind != schema::PartyKind::Enterprise) {
    return Status(ErrorCode::WrongPartyKind, "vouchers are held by enterprises");
  }
  ASSIGN_OR_RETURN(auto existing, context.Find<VoucherRecord>(VoucherKey(name)));
  if (existing)
    return Status(ErrorCode::AlreadyExists, "voucher '" + std::string(name) + "' exists");
  VoucherRecord voucher;
  voucher.issuer = std::string(issuer);
  voucher.holder = std::string(View(op->holder()));
  voucher.kind = op->kind();
  voucher.currency = std::string(View(op->currency()));
  voucher.face_value = Amount::FromMinorUnits(op->face_value());
  voucher.expires_us = op->expires_us();
  RETURN_IF_ERROR(context.Move(CashAccount(issuer, voucher.currency), VoucherAccount(name),
                               voucher.currency, voucher.face_value));
  context.Store(VoucherKey(name), voucher);
  RETURN_IF_ERROR(AddToPortfolio(context, voucher.holder, PortfolioKind::Voucher, name));
  return Status::Ok();
}

}  // namespace

extern const OperationRules kIssueVoucherRules{"IssueVoucher", Check, Apply};

}  // namespace crowdledger
