// ReportFacts: cached reads of the records report contributions need.
#include "ledger/reports/report_facts.h"

#include "ledger/apply/operation_rules.h"
#include "ledger/reports/report_scopes.h"
#include "ledger/state/record_codec.h"

namespace crowdledger {

template <typename Record>
Result<Record> ReportFacts::Require(std::string_view key, std::string_view what) {
  ASSIGN_OR_RETURN(auto bytes, state_.Get(key));
  if (!bytes) {
    return Status(ErrorCode::Corruption,
                  "report: " + std::string(what) + " " + std::string(key) + " is not in the state");
  }
  return Record::Decode(*bytes);
}

Result<const PartyRecord*> ReportFacts::Party(std::string_view party) {
  auto found = parties_.find(party);
  if (found != parties_.end()) return &found->second;
  ASSIGN_OR_RETURN(PartyRecord record, Require<PartyRecord>(PartyKey(party), "party"));
  return &parties_.emplace(std::string(party), std::move(record)).first->second;
}

Result<const CampaignRecord*> ReportFacts::Campaign(std::string_view campaign) {
  auto found = campaigns_.find(campaign);
  if (found != campaigns_.end()) return &found->second;
  ASSIGN_OR_RETURN(CampaignRecord record,
                   Require<CampaignRecord>(CampaignKey(campaign), "campaign"));
  return &campaigns_.emplace(std::string(campaign), std::move(record)).first->second;
}

Result<StakeRecord> ReportFacts::Stake(std::string_view stake) {
  return Require<StakeRecord>(StakeKey(stake), "stake");
}

Result<LoanRecord> ReportFacts::Loan(std::string_view loan) {
  return Require<LoanRecord>(LoanKey(loan), "loan");
}

Result<VoucherRecord> ReportFacts::Voucher(std::string_view voucher) {
  return Require<VoucherRecord>(VoucherKey(voucher), "voucher");
}

Result<ClaimRecord> ReportFacts::Claim(schema::LossKind kind, std::string_view loss) {
  return Require<ClaimRecord>(ClaimKey(kind, loss), "claim");
}

Result<std::optional<uint64_t>> ReportFacts::StakeClosedByTransfer(std::string_view stake) {
  ASSIGN_OR_RETURN(auto bytes, state_.Get(StakeClosedByTransferKey(stake)));
  if (!bytes) return std::optional<uint64_t>();
  RecordReader reader(*bytes, "stake closing fact");
  uint64_t sequence = reader.U64();
  ASSIGN_OR_RETURN(sequence, FinishRecord(reader, sequence));
  return std::optional<uint64_t>(sequence);
}

Status RecordReportFacts(StateStore& state, const schema::Transaction& transaction,
                         uint64_t sequence) {
  for (const auto* slot : *transaction.operations()) {
    const auto* sale = slot->operation_as_TransferStake();
    if (sale == nullptr) continue;
    std::string key = StakeClosedByTransferKey(View(sale->stake()));
    ASSIGN_OR_RETURN(auto noted, state.Get(key));
    if (noted) continue;  // an earlier sale of this entry noted it already
    ASSIGN_OR_RETURN(auto bytes, state.Get(StakeKey(View(sale->stake()))));
    if (!bytes) return Status(ErrorCode::Corruption, "report: a sold stake is not in the state");
    ASSIGN_OR_RETURN(StakeRecord stake, StakeRecord::Decode(*bytes));
    // A sale that applied had shares to sell: Exited with none left means a sale of this
    // entry took the last (an ExitStake keeps the shares it found).
    if (stake.status == StakeStatus::Exited && stake.shares == 0) {
      state.Put(key, RecordWriter(kRecordVersion).U64(sequence).Finish());
    }
  }
  return Status::Ok();
}

}  // namespace crowdledger
