// RevokeKey: the authority, or the party itself, revokes a key from this entry on.
#include "ledger/apply/operation_rules.h"

namespace crowdledger {
namespace {

Status Check(const schema::OperationSlot& slot) {
  return CheckHandle(slot.operation_as_RevokeKey()->party(), "party");
}

Status Apply(ApplyContext& context, const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_RevokeKey();
  std::string_view party = View(op->party());
  RETURN_IF_ERROR(context.RequireSelfOr(party, schema::Role::Administer));
  std::string key = KeyKey(party, op->key_id());
  ASSIGN_OR_RETURN(auto record, context.Find<KeyRecord>(key));
  std::string name = "key " + std::to_string(op->key_id()) + " of '" + std::string(party) + "'";
  if (!record) return Status(ErrorCode::NotFound, name + " is not registered");
  if (record->revoked) return Status(ErrorCode::KeyRevoked, name + " is already revoked");
  record->revoked = true;
  record->revoked_at_sequence = context.sequence();
  context.Store(key, *record);
  return Status::Ok();
}

}  // namespace

extern const OperationRules kRevokeKeyRules{"RevokeKey", Check, Apply};

}  // namespace crowdledger
