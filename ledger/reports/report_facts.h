// ReportFacts: what the report contributions of an entry read besides the entry itself:
// records that never change once written (parties, claims), the fields of a record that
// never change (a campaign's platform, a loan's lender), and records that are final once the
// entry concerned has applied (a closed campaign, an exited stake, a written-off loan). Read
// right after the entry (on apply) or at any later time (a report's recompute), they are the
// same; that is what lets one contribution function serve both. The cache holds records
// across entries for the same reason.
// RecordReportFacts writes the one fact that is neither: which entry sold a stake's last
// share (several sales can precede the last).
// Thread-safety: none.
#pragma once

#include <optional>
#include <unordered_map>

#include "ledger/campaigns/campaign_record.h"
#include "ledger/compensation/compensation_records.h"
#include "ledger/loans/loan_records.h"
#include "ledger/state/records.h"
#include "ledger/state/state_store.h"
#include "ledger/subsidies/subsidy_records.h"

namespace crowdledger {

class ReportFacts {
 public:
  explicit ReportFacts(StateStore& state) : state_(state) {}

  // Each is Corruption if absent: an applied entry only names records that exist.
  Result<const PartyRecord*> Party(std::string_view party);
  Result<const CampaignRecord*> Campaign(std::string_view campaign);
  Result<StakeRecord> Stake(std::string_view stake);
  Result<LoanRecord> Loan(std::string_view loan);
  Result<VoucherRecord> Voucher(std::string_view voucher);
  Result<ClaimRecord> Claim(schema::LossKind kind, std::string_view loss);
  // The entry whose TransferStake sold the stake's last share, if one did.
  Result<std::optional<uint64_t>> StakeClosedByTransfer(std::string_view stake);

 private:
  template <typename Record>
  Result<Record> Require(std::string_view key, std::string_view what);

  StateStore& state_;
  struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view name) const { return std::hash<std::string_view>()(name); }
  };
  std::unordered_map<std::string, PartyRecord, NameHash, std::equal_to<>> parties_;
  std::unordered_map<std::string, CampaignRecord, NameHash, std::equal_to<>> campaigns_;
};

// On apply, after the transaction's operations and before its contributions: notes the
// stakes whose last share a TransferStake of this entry sold.
Status RecordReportFacts(StateStore& state, const schema::Transaction& transaction,
                         uint64_t sequence);

}  // namespace crowdledger
