// RegisterKey: the authority registers a party's Ed25519 key with roles; a party may also
// register further keys for itself (rotation), with at most the roles it already holds.
#include "ledger/apply/operation_rules.h"

namespace crowdledger {
namespace {

constexpr uint32_t kKnownRoles = static_cast<uint32_t>(schema::Role::ANY);

Status Check(const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_RegisterKey();
  RETURN_IF_ERROR(CheckHandle(op->party(), "party"));
  if (op->public_key()->size() != kEd25519PublicKeySize) {
    return Status(ErrorCode::InvalidArgument,
                  "public_key must be 32 bytes, got " + std::to_string(op->public_key()->size()));
  }
  auto key =
      Ed25519PublicKey::FromRaw(ByteView(op->public_key()->data(), op->public_key()->size()));
  if (!key.ok()) return key.status();
  auto roles = static_cast<uint32_t>(op->roles());
  if (roles == 0 || (roles & ~kKnownRoles) != 0) {
    return Status(ErrorCode::InvalidArgument,
                  "roles " + std::to_string(roles) + " are not a known, non-empty set");
  }
  return Status::Ok();
}

Status Apply(ApplyContext& context, const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_RegisterKey();
  std::string_view party = View(op->party());
  bool for_itself = party == context.submitter() && context.HasRole(schema::Role::Post);
  if (!context.HasRole(schema::Role::Administer) && !for_itself) {
    return Status(ErrorCode::NotPermitted,
                  "registering keys of '" + std::string(party) + "' needs the Administer role");
  }
  if (for_itself && !context.HasRole(schema::Role::Administer) &&
      (static_cast<uint32_t>(op->roles()) & ~context.roles()) != 0) {
    return Status(ErrorCode::NotPermitted, "a party cannot give a new key roles its own key lacks");
  }
  RETURN_IF_ERROR(context.RequirePartyRegistered(party));
  std::string key = KeyKey(party, op->key_id());
  ASSIGN_OR_RETURN(auto existing, context.Find<KeyRecord>(key));
  if (existing) {
    return Status(ErrorCode::AlreadyExists, "key " + std::to_string(op->key_id()) + " of '" +
                                                std::string(party) + "' exists");
  }
  KeyRecord record;
  std::copy(op->public_key()->begin(), op->public_key()->end(), record.public_key.begin());
  record.roles = static_cast<uint32_t>(op->roles());
  context.Store(key, record);
  return Status::Ok();
}

}  // namespace

extern const OperationRules kRegisterKeyRules{"RegisterKey", Check, Apply};

}  // namespace crowdledger
