// SetCompensationPolicy: the shares of recorded losses a compensation pool repays, and its
// caps. Set by the pool itself or by the authority; a pool's currency never changes.
#include "ledger/apply/operation_rules.h"
#include "ledger/compensation/compensation_records.h"

namespace crowdledger {
namespace {

Status Check(const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_SetCompensationPolicy();
  RETURN_IF_ERROR(CheckHandle(op->pool(), "pool"));
  RETURN_IF_ERROR(CheckCurrency(op->currency(), "currency"));
  RETURN_IF_ERROR(CheckBasisPoints(op->angel_loss_share_bp(), "angel_loss_share_bp"));
  RETURN_IF_ERROR(CheckBasisPoints(op->first_loan_loss_share_bp(), "first_loan_loss_share_bp"));
  RETURN_IF_ERROR(CheckPositive(op->per_enterprise_cap(), "per_enterprise_cap"));
  return CheckPositive(op->per_year_cap(), "per_year_cap");
}

Status Apply(ApplyContext& context, const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_SetCompensationPolicy();
  std::string_view pool = View(op->pool());
  RETURN_IF_ERROR(context.RequireSelfOr(pool, schema::Role::Administer));
  ASSIGN_OR_RETURN(PartyRecord party, context.RequireParty(pool));
  if (party.kind != schema::PartyKind::CompensationPool) {
    return Status(ErrorCode::WrongPartyKind,
                  "'" + std::string(pool) + "' is not a compensation pool");
  }
  std::string key = CompensationPolicyKey(pool);
  ASSIGN_OR_RETURN(auto existing, context.Find<CompensationPolicyRecord>(key));
  CompensationPolicyRecord policy;
  if (existing) {
    policy = std::move(*existing);
    if (policy.currency != View(op->currency())) {
      return Status(ErrorCode::CurrencyMismatch,
                    "pool '" + std::string(pool) + "' compensates in " + policy.currency);
    }
  }
  policy.currency = std::string(View(op->currency()));
  policy.angel_loss_share_bp = op->angel_loss_share_bp();
  policy.first_loan_loss_share_bp = op->first_loan_loss_share_bp();
  policy.per_enterprise_cap = Amount::FromMinorUnits(op->per_enterprise_cap());
  policy.per_year_cap = Amount::FromMinorUnits(op->per_year_cap());
  context.Store(key, policy);
  return Status::Ok();
}

}  // namespace

extern const OperationRules kSetCompensationPolicyRules{"SetCompensationPolicy", Check, Apply};

}  // namespace crowdledger
