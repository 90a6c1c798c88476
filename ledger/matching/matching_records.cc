// Encoding of matching rules and the active-rule list.
#include "ledger/matching/matching_records.h"

#include "ledger/state/record_codec.h"

namespace crowdledger {

std::string MatchingRuleRecord::Encode() const {
  RecordWriter writer(kRecordVersion);
  writer.Text(currency).U32(ratio_bp).I64(per_enterprise_cap.minor_units());
  writer.I64(budget.minor_units()).U32(max_enterprise_age_days).Bool(require_incubation);
  writer.U32(eligible_kinds).Bool(active).I64(spent.minor_units());
  writer.I64(leveraged.minor_units()).U64(matches);
  return writer.Finish();
}

Result<MatchingRuleRecord> MatchingRuleRecord::Decode(std::string_view bytes) {
  RecordReader reader(bytes, "matching rule");
  MatchingRuleRecord record;
  record.currency = reader.Text();
  record.ratio_bp = reader.U32();
  record.per_enterprise_cap = Amount::FromMinorUnits(reader.I64());
  record.budget = Amount::FromMinorUnits(reader.I64());
  record.max_enterprise_age_days = reader.U32();
  record.require_incubation = reader.Bool();
  record.eligible_kinds = reader.U32();
  record.active = reader.Bool();
  record.spent = Amount::FromMinorUnits(reader.I64());
  record.leveraged = Amount::FromMinorUnits(reader.I64());
  record.matches = reader.U64();
  return FinishRecord(reader, std::move(record));
}

std::string EncodeActiveRules(const std::vector<RuleName>& rules) {
  RecordWriter writer(kRecordVersion);
  writer.U32(static_cast<uint32_t>(rules.size()));
  for (const RuleName& name : rules) writer.Text(name.fund).Text(name.rule);
  return writer.Finish();
}

Result<std::vector<RuleName>> DecodeActiveRules(std::string_view bytes) {
  RecordReader reader(bytes, "active matching rules");
  uint32_t count = reader.U32();
  if (count > kMaxActiveMatchingRules) {
    return Status(ErrorCode::Corruption, "active matching rule list is too long");
  }
  std::vector<RuleName> rules;
  for (uint32_t i = 0; i < count; ++i) {
    RuleName name;
    name.fund = reader.Text();
    name.rule = reader.Text();
    rules.push_back(std::move(name));
  }
  return FinishRecord(reader, std::move(rules));
}

std::string MatchingRuleKey(std::string_view fund, std::string_view rule) {
  return "mr/" + std::string(fund) + "/" + std::string(rule);
}
std::string MatchedForEnterpriseKey(std::string_view fund, std::string_view rule,
                                    std::string_view enterprise) {
  return "mre/" + std::string(fund) + "/" + std::string(rule) + "/" + std::string(enterprise);
}
std::string MatchingReserveAccount(std::string_view fund, std::string_view rule) {
  return "escrow:matching:" + std::string(fund) + ":" + std::string(rule);
}

}  // namespace crowdledger
