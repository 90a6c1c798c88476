// SetPolicyParameter: the authority changes a cap or threshold from this entry on.
#include "ledger/apply/operation_rules.h"
#include "ledger/policy/policy.h"
#include "ledger/state/record_codec.h"

namespace crowdledger {

int64_t DefaultPolicyValue(schema::PolicyParameter parameter) {
  switch (parameter) {
    case schema::PolicyParameter::StartupSubsidyCap:
      return 5'000'000;  // 50,000 CNY in fen
    case schema::PolicyParameter::SupportLoanCap:
      return 15'000'000;  // 150,000 CNY in fen
    case schema::PolicyParameter::SeedStageAgeDays:
      return int64_t{3} * 365;  // 3 years
    case schema::PolicyParameter::EquityCampaignMaxInvestors:
      return 200;
  }
  return 0;
}

std::string PolicyKey(schema::PolicyParameter parameter) {
  return "policy/" + std::string(schema::EnumNamePolicyParameter(parameter));
}

Result<int64_t> PolicyValue(ApplyContext& context, schema::PolicyParameter parameter) {
  ASSIGN_OR_RETURN(std::optional<std::string> stored, context.Get(PolicyKey(parameter)));
  if (!stored.has_value()) return DefaultPolicyValue(parameter);
  const std::string bytes = std::move(stored).value();
  RecordReader reader(bytes, "policy");
  int64_t value = reader.I64();
  return FinishRecord(reader, value);
}

namespace {

Status Check(const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_SetPolicyParameter();
  if (schema::EnumNamePolicyParameter(op->parameter())[0] == '\0') {
    return Status(ErrorCode::InvalidArgument,
                  "unknown policy parameter " + std::to_string(static_cast<int>(op->parameter())));
  }
  return op->value() < 0 ? Status(ErrorCode::InvalidArgument, "policy values are not negative")
                         : Status::Ok();
}

Status Apply(ApplyContext& context, const schema::OperationSlot& slot) {
  const auto* op = slot.operation_as_SetPolicyParameter();
  if (!context.HasRole(schema::Role::Administer)) {
    return Status(ErrorCode::NotPermitted, "policy parameters need the Administer role");
  }
  context.Put(PolicyKey(op->parameter()), RecordWriter(kRecordVersion).I64(op->value()).Finish());
  return Status::Ok();
}

}  // namespace

extern const OperationRules kSetPolicyParameterRules{"SetPolicyParameter", Check, Apply};

}  // namespace crowdledger
