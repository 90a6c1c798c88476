// Encoding of campaign, pledge and stake records.
#include "ledger/campaigns/campaign_record.h"

#include "ledger/state/record_codec.h"

namespace crowdledger {
namespace {

Amount ReadAmount(RecordReader& reader) { return Amount::FromMinorUnits(reader.I64()); }

}  // namespace

std::string CampaignRecord::Encode() const {
  // 112 bytes of fixed-size fields and text lengths, and the texts.
  RecordWriter writer(kRecordVersion, 112 + platform.size() + enterprise.size() + currency.size());
  writer.Text(platform).Text(enterprise).U8(static_cast<uint8_t>(kind));
  writer.U8(static_cast<uint8_t>(settlement)).Text(currency);
  writer.I64(goal.minor_units()).I64(hard_cap.minor_units());
  writer.I64(min_pledge.minor_units()).I64(max_pledge.minor_units());
  writer.I64(opens_us).I64(closes_us).I64(cancel_cutoff_us).U32(max_investors);
  writer.I64(equity_shares).U32(debt_rate_bp).I64(debt_maturity_us);
  writer.U8(static_cast<uint8_t>(status))
      .I64(raised.minor_units())
      .U32(investors)
      .U32(investors_ever);
  return writer.Finish();
}

Result<CampaignRecord> CampaignRecord::Decode(std::string_view bytes) {
  RecordReader reader(bytes, "campaign");
  CampaignRecord record;
  record.platform = reader.Text();
  record.enterprise = reader.Text();
  record.kind = static_cast<schema::CampaignKind>(reader.U8());
  record.settlement = static_cast<schema::Settlement>(reader.U8());
  record.currency = reader.Text();
  record.goal = ReadAmount(reader);
  record.hard_cap = ReadAmount(reader);
  record.min_pledge = ReadAmount(reader);
  record.max_pledge = ReadAmount(reader);
  record.opens_us = reader.I64();
  record.closes_us = reader.I64();
  record.cancel_cutoff_us = reader.I64();
  record.max_investors = reader.U32();
  record.equity_shares = reader.I64();
  record.debt_rate_bp = reader.U32();
  record.debt_maturity_us = reader.I64();
  record.status = static_cast<CampaignStatus>(reader.U8());
  record.raised = ReadAmount(reader);
  record.investors = reader.U32();
  record.investors_ever = reader.U32();
  return FinishRecord(reader, std::move(record));
}

std::string PledgeRecord::Encode() const {
  return RecordWriter(kRecordVersion).I64(amount.minor_units()).U32(position).Finish();
}

Result<PledgeRecord> PledgeRecord::Decode(std::string_view bytes) {
  RecordReader reader(bytes, "pledge");
  PledgeRecord record;
  record.amount = ReadAmount(reader);
  record.position = reader.U32();
  return FinishRecord(reader, record);
}

std::string StakeRecord::Encode() const {
  RecordWriter writer(kRecordVersion);
  writer.Text(investor).Text(enterprise).U8(static_cast<uint8_t>(kind)).Text(currency);
  writer.I64(shares).I64(cost_basis.minor_units()).U8(static_cast<uint8_t>(status));
  writer.I64(realised.minor_units()).I64(acquired_us);
  return writer.Finish();
}

Result<StakeRecord> StakeRecord::Decode(std::string_view bytes) {
  RecordReader reader(bytes, "stake");
  StakeRecord record;
  record.investor = reader.Text();
  record.enterprise = reader.Text();
  record.kind = static_cast<schema::InvestmentKind>(reader.U8());
  record.currency = reader.Text();
  record.shares = reader.I64();
  record.cost_basis = ReadAmount(reader);
  record.status = static_cast<StakeStatus>(reader.U8());
  record.realised = ReadAmount(reader);
  record.acquired_us = reader.I64();
  return FinishRecord(reader, std::move(record));
}

KeyText CampaignKey(std::string_view campaign) { return {"c/", campaign}; }
KeyText PledgeKey(std::string_view campaign, std::string_view investor) {
  return {"cp/", campaign, "/", investor};
}
std::string CampaignInvestorKey(std::string_view campaign, uint32_t position) {
  return "ci/" + std::string(campaign) + "/" + std::to_string(position);
}
std::string StakeKey(std::string_view stake) { return "s/" + std::string(stake); }

}  // namespace crowdledger
