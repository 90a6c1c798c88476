// Encoding of voucher records and the keys of subsidy state.
#include "ledger/subsidies/subsidy_records.h"

#include "ledger/state/record_codec.h"

namespace crowdledger {

std::string VoucherRecord::Encode() const {
  RecordWriter writer(kRecordVersion);
  writer.Text(issuer).Text(holder).U8(static_cast<uint8_t>(kind)).Text(currency);
  writer.I64(face_value.minor_units()).I64(expires_us).Bool(redeemed).Text(provider);
  return writer.Finish();
}

Result<VoucherRecord> VoucherRecord::Decode(std::string_view bytes) {
  RecordReader reader(bytes, "voucher");
  VoucherRecord record;
  record.issuer = reader.Text();
  record.holder = reader.Text();
  record.kind = static_cast<schema::VoucherKind>(reader.U8());
  record.currency = reader.Text();
  record.face_value = Amount::FromMinorUnits(reader.I64());
  record.expires_us = reader.I64();
  record.redeemed = reader.Bool();
  record.provider = reader.Text();
  return FinishRecord(reader, std::move(record));
}

std::string StartupSubsidyTotalKey(std::string_view enterprise) {
  return "subsidy/startup/" + std::string(enterprise);
}
std::string VoucherKey(std::string_view voucher) { return "v/" + std::string(voucher); }
std::string VoucherAccount(std::string_view voucher) {
  return "escrow:voucher:" + std::string(voucher);
}

}  // namespace crowdledger
