// Fuzz target: every state record decoder (database contents read on open and on every load).
// The first byte picks the record kind; the rest is the record.
#include "ledger/campaigns/campaign_record.h"
#include "ledger/compensation/compensation_records.h"
#include "ledger/loans/loan_records.h"
#include "ledger/matching/matching_records.h"
#include "ledger/subsidies/subsidy_records.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace crowdledger;
  if (size == 0) return 0;
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 13) {
    case 0:
      (void)PartyRecord::Decode(bytes);
      break;
    case 1:
      (void)KeyRecord::Decode(bytes);
      break;
    case 2:
      (void)AccountRecord::Decode(bytes);
      break;
    case 3:
      (void)CampaignRecord::Decode(bytes);
      break;
    case 4:
      (void)PledgeRecord::Decode(bytes);
      break;
    case 5:
      (void)StakeRecord::Decode(bytes);
      break;
    case 6:
      (void)VoucherRecord::Decode(bytes);
      break;
    case 7:
      (void)MatchingRuleRecord::Decode(bytes);
      break;
    case 8:
      (void)DecodeActiveRules(bytes);
      break;
    case 9:
      (void)LoanRecord::Decode(bytes);
      break;
    case 10:
      (void)BorrowerRecord::Decode(bytes);
      break;
    case 11:
      (void)GuaranteeOfferRecord::Decode(bytes);
      break;
    default:
      (void)CompensationPolicyRecord::Decode(bytes);
      (void)ClaimRecord::Decode(bytes);
      break;
  }
  return 0;
}
