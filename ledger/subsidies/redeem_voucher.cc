// RedeemVoucher: before its expiry, the holder redeems a voucher at a service provider, who
// receives the reserved face value. A voucher is redeemed once.
#include "ledger/apply/operation_rules.h"
#include "ledger/subsidies/subsidy_records.h"

namespace crowdledger {
namespace {

Status Check(const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_RedeemVoucher();
  RETURN_IF_ERROR(CheckHandle(op->voucher(), "voucher"));
  return CheckHandle(op->provider(), "provider");
}

Status Apply(ApplyContext& context, const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_RedeemVoucher();
  std::string_view name = View(op->voucher());
  ASSIGN_OR_RETURN(auto voucher, context.Find<VoucherRecord>(VoucherKey(name)));
  if (!voucher)
    return Status(ErrorCode::NotFound, "voucher '" + std::string(name) + "' does not exist");
  if (voucher->holder != context.submitter()) {
    return Status(ErrorCode::NotPermitted,
                  "only the holder redeems voucher '" + std::string(name) + "'");
  }
  if (voucher->redeemed) {
    return Status(ErrorCode::AlreadySettled, "voucher '" + std::string(name) +
                                                 "' was redeemed at '" + voucher->provider + "'");
  }
  if (context.time_us() >= voucher->expires_us) {
    return Status(ErrorCode::Expired, "voucher '" + std::string(name) + "' has expired");
  }
  std::string_view provider = View(op->provider());
  ASSIGN_OR_RETURN(PartyRecord party, context.RequireParty(provider));
  if (party.kind != schema::PartyKind::ServiceProvider) {
    return Status(ErrorCode::WrongPartyKind,
                  "'" + std::string(provider) + "' is not a service provider");
  }
  RETURN_IF_ERROR(context.Move(VoucherAccount(name), CashAccount(provider, voucher->currency),
                               voucher->currency, voucher->face_value));
  voucher->redeemed = true;
  voucher->provider = std::string(provider);
  context.Store(VoucherKey(name), *voucher);
  return Status::Ok();
}

}  // namespace

extern const OperationRules kRedeemVoucherRules{"RedeemVoucher", Check, Apply};

}  // namespace crowdledger
