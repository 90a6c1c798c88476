// The state of a crowdfunding campaign, of its pledges, and of the equity stakes the ledger
// holds (from campaigns and from direct investments).
#pragma once

#include "ledger/state/records.h"

namespace crowdledger {

// A campaign never has more investors than this, whatever its terms say: closing it touches
// every pledge in one entry.
inline constexpr uint32_t kMaxCampaignInvestors = 100'000;

enum class CampaignStatus : uint8_t { Open = 0, Succeeded = 1, Failed = 2 };

struct CampaignRecord {
  std::string platform;
  std::string enterprise;
  schema::CampaignKind kind = schema::CampaignKind::Reward;
  schema::Settlement settlement = schema::Settlement::AllOrNothing;
  std::string currency;
  Amount goal, hard_cap, min_pledge, max_pledge;
  int64_t opens_us = 0, closes_us = 0, cancel_cutoff_us = 0;
  uint32_t max_investors = 0;  // resolved at opening: never 0
  int64_t equity_shares = 0;
  uint32_t debt_rate_bp = 0;
  int64_t debt_maturity_us = 0;
  CampaignStatus status = CampaignStatus::Open;
  Amount raised;                // sum of live pledges
  uint32_t investors = 0;       // investors with a live pledge
  uint32_t investors_ever = 0;  // length of the investor list (ci/ keys)

  std::string Encode() const;
  static Result<CampaignRecord> Decode(std::string_view bytes);
};

// An investor's live pledge total to one campaign, and its place in the investor list.
struct PledgeRecord {
  Amount amount;
  uint32_t position = 0;

  std::string Encode() const;
  static Result<PledgeRecord> Decode(std::string_view bytes);
};

enum class StakeStatus : uint8_t { Active = 0, Exited = 1, WrittenOff = 2 };

struct StakeRecord {
  std::string investor;
  std::string enterprise;
  schema::InvestmentKind kind = schema::InvestmentKind::Other;
  std::string currency;
  int64_t shares = 0;
  Amount cost_basis;
  StakeStatus status = StakeStatus::Active;
  Amount realised;  // proceeds minus cost basis once exited or written off
  int64_t acquired_us = 0;

  std::string Encode() const;
  static Result<StakeRecord> Decode(std::string_view bytes);
};

KeyText CampaignKey(std::string_view campaign);
KeyText PledgeKey(std::string_view campaign, std::string_view investor);
std::string CampaignInvestorKey(std::string_view campaign, uint32_t position);
std::string StakeKey(std::string_view stake);

}  // namespace crowdledger
