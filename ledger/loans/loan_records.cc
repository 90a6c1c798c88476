// Encoding of loan, borrower and guarantee records.
#include "ledger/loans/loan_records.h"

#include "ledger/state/record_codec.h"

namespace crowdledger {

std::string LoanRecord::Encode() const {
  RecordWriter writer(kRecordVersion);
  writer.Text(lender).Text(borrower).Text(currency).I64(principal.minor_units());
  writer.I64(outstanding.minor_units()).U32(annual_rate_bp).I64(disbursed_us).I64(maturity_us);
  writer.Bool(first_loan).Bool(support_loan).Text(linked_stake).Text(guarantor);
  writer.U32(guaranteed_share_bp).U8(static_cast<uint8_t>(status));
  writer.I64(interest_paid.minor_units()).I64(written_off.minor_units());
  writer.I64(guarantee_paid.minor_units());
  return writer.Finish();
}

Result<LoanRecord> LoanRecord::Decode(std::string_view bytes) {
  RecordReader reader(bytes, "loan");
  LoanRecord record;
  record.lender = reader.Text();
  record.borrower = reader.Text();
  record.currency = reader.Text();
  record.principal = Amount::FromMinorUnits(reader.I64());
  record.outstanding = Amount::FromMinorUnits(reader.I64());
  record.annual_rate_bp = reader.U32();
  record.disbursed_us = reader.I64();
  record.maturity_us = reader.I64();
  record.first_loan = reader.Bool();
  record.support_loan = reader.Bool();
  record.linked_stake = reader.Text();
  record.guarantor = reader.Text();
  record.guaranteed_share_bp = reader.U32();
  record.status = static_cast<LoanStatus>(reader.U8());
  record.interest_paid = Amount::FromMinorUnits(reader.I64());
  record.written_off = Amount::FromMinorUnits(reader.I64());
  record.guarantee_paid = Amount::FromMinorUnits(reader.I64());
  return FinishRecord(reader, std::move(record));
}

std::string BorrowerRecord::Encode() const {
  return RecordWriter(kRecordVersion)
      .U64(direct_loans)
      .I64(support_outstanding.minor_units())
      .Finish();
}

Result<BorrowerRecord> BorrowerRecord::Decode(std::string_view bytes) {
  RecordReader reader(bytes, "borrower");
  BorrowerRecord record;
  record.direct_loans = reader.U64();
  record.support_outstanding = Amount::FromMinorUnits(reader.I64());
  return FinishRecord(reader, record);
}

std::string GuaranteeOfferRecord::Encode() const {
  RecordWriter writer(kRecordVersion);
  writer.Text(guarantor).Text(lender).Text(borrower).Text(currency);
  writer.I64(amount.minor_units()).Bool(taken);
  return writer.Finish();
}

Result<GuaranteeOfferRecord> GuaranteeOfferRecord::Decode(std::string_view bytes) {
  RecordReader reader(bytes, "guarantee offer");
  GuaranteeOfferRecord record;
  record.guarantor = reader.Text();
  record.lender = reader.Text();
  record.borrower = reader.Text();
  record.currency = reader.Text();
  record.amount = Amount::FromMinorUnits(reader.I64());
  record.taken = reader.Bool();
  return FinishRecord(reader, std::move(record));
}

std::string LoanKey(std::string_view loan) { return "l/" + std::string(loan); }
std::string BorrowerKey(std::string_view borrower) { return "lb/" + std::string(borrower); }
std::string GuaranteeOfferKey(std::string_view loan) { return "g/" + std::string(loan); }
std::string GuaranteeReserveAccount(std::string_view loan) {
  return "escrow:guarantee:" + std::string(loan);
}

}  // namespace crowdledger
