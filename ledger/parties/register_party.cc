// RegisterParty: the authority registers a party of a given kind.
#include "ledger/apply/operation_rules.h"

namespace crowdledger {
namespace {

Status Check(const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_RegisterParty();
  RETURN_IF_ERROR(CheckHandle(op->party(), "party"));
  if (op->kind() == schema::PartyKind::Unspecified ||
      schema::EnumNamePartyKind(op->kind())[0] == '\0') {
    return Status(
        ErrorCode::InvalidArgument,
        "party kind " + std::to_string(static_cast<int>(op->kind())) + " is not a known kind");
  }
  if (op->maker_space() != nullptr && op->maker_space()->size() > 0) {
    RETURN_IF_ERROR(CheckHandle(op->maker_space(), "maker_space"));
  }
  RETURN_IF_ERROR(CheckTextLength(op->display_name(), "display_name"));
  if (op->district() != nullptr && op->district()->size() > 64) {
    return Status(ErrorCode::LimitExceeded, "district is longer than 64 bytes");
  }
  return Status::Ok();
}

Status Apply(ApplyContext& context, const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_RegisterParty();
  if (!context.HasRole(schema::Role::Administer)) {
    return Status(ErrorCode::NotPermitted, "registering parties needs the Administer role");
  }
  KeyText key = PartyKey(View(op->party()));
  ASSIGN_OR_RETURN(auto existing, context.Find<PartyRecord>(key));
  if (existing) {
    return Status(ErrorCode::AlreadyExists,
                  "party '" + std::string(View(op->party())) + "' exists");
  }
  std::string_view maker_space = View(op->maker_space());
  if (!maker_space.empty()) {
    ASSIGN_OR_RETURN(PartyRecord space, context.RequireParty(maker_space));
    if (space.kind != schema::PartyKind::MakerSpace) {
      return Status(ErrorCode::WrongPartyKind,
                    "'" + std::string(maker_space) + "' is not a maker space");
    }
  }
  PartyRecord record;
  record.kind = op->kind();
  record.display_name = std::string(View(op->display_name()));
  record.founded_us = op->founded_us();
  record.district = std::string(View(op->district()));
  record.maker_space = std::string(maker_space);
  record.micro_enterprise = op->micro_enterprise();
  record.institution = op->institution();
  context.Store(key, record);
  return Status::Ok();
}

}  // namespace

extern const OperationRules kRegisterPartyRules{"RegisterParty", Check, Apply};

}  // namespace crowdledger
