// Encoding of compensation policies and claims.
#include "ledger/compensation/compensation_records.h"

#include <chrono>

#include "ledger/state/record_codec.h"

namespace crowdledger {

std::string CompensationPolicyRecord::Encode() const {
  RecordWriter writer(kRecordVersion);
  writer.Text(currency).U32(angel_loss_share_bp).U32(first_loan_loss_share_bp);
  writer.I64(per_enterprise_cap.minor_units()).I64(per_year_cap.minor_units());
  writer.I64(paid.minor_units());
  return writer.Finish();
}

Result<CompensationPolicyRecord> CompensationPolicyRecord::Decode(std::string_view bytes) {
  RecordReader reader(bytes, "compensation policy");
  CompensationPolicyRecord record;
  record.currency = reader.Text();
  record.angel_loss_share_bp = reader.U32();
  record.first_loan_loss_share_bp = reader.U32();
  record.per_enterprise_cap = Amount::FromMinorUnits(reader.I64());
  record.per_year_cap = Amount::FromMinorUnits(reader.I64());
  record.paid = Amount::FromMinorUnits(reader.I64());
  return FinishRecord(reader, std::move(record));
}

std::string ClaimRecord::Encode() const {
  RecordWriter writer(kRecordVersion);
  writer.Text(pool).Text(claimant).Text(enterprise).Text(currency);
  writer.I64(loss.minor_units()).I64(payout.minor_units()).I64(paid_us);
  return writer.Finish();
}

Result<ClaimRecord> ClaimRecord::Decode(std::string_view bytes) {
  RecordReader reader(bytes, "compensation claim");
  ClaimRecord record;
  record.pool = reader.Text();
  record.claimant = reader.Text();
  record.enterprise = reader.Text();
  record.currency = reader.Text();
  record.loss = Amount::FromMinorUnits(reader.I64());
  record.payout = Amount::FromMinorUnits(reader.I64());
  record.paid_us = reader.I64();
  return FinishRecord(reader, std::move(record));
}

std::string CompensationPolicyKey(std::string_view pool) { return "comp/" + std::string(pool); }
std::string ClaimKey(schema::LossKind kind, std::string_view loss) {
  return "claim/" + std::string(schema::EnumNameLossKind(kind)) + "/" + std::string(loss);
}
std::string PaidPerEnterpriseKey(std::string_view pool, std::string_view enterprise) {
  return "cpe/" + std::string(pool) + "/" + std::string(enterprise);
}
std::string PaidPerYearKey(std::string_view pool, int32_t year) {
  return "cpy/" + std::string(pool) + "/" + std::to_string(year);
}

int32_t CalendarYear(int64_t time_us) {
  using namespace std::chrono;
  sys_days day = floor<days>(sys_time<microseconds>(microseconds(time_us)));
  return static_cast<int32_t>(year_month_day(day).year());
}

}  // namespace crowdledger
