// State of risk compensation: each pool's policy with its running total, what a pool has paid
// per enterprise and per calendar year, and one claim record per compensated loss.
#pragma once

#include "ledger/state/records.h"

namespace crowdledger {

struct CompensationPolicyRecord {
  std::string currency;
  uint32_t angel_loss_share_bp = 0;
  uint32_t first_loan_loss_share_bp = 0;
  Amount per_enterprise_cap;
  Amount per_year_cap;
  Amount paid;  // all compensation this pool has paid

  std::string Encode() const;
  static Result<CompensationPolicyRecord> Decode(std::string_view bytes);
};

struct ClaimRecord {
  std::string pool;
  std::string claimant;
  std::string enterprise;
  std::string currency;
  Amount loss;    // the recorded loss the claim refers to
  Amount payout;  // what the pool paid
  int64_t paid_us = 0;

  std::string Encode() const;
  static Result<ClaimRecord> Decode(std::string_view bytes);
};

std::string CompensationPolicyKey(std::string_view pool);
// Claims are keyed by the loss alone: a loss is compensated once, by whichever pool.
std::string ClaimKey(schema::LossKind kind, std::string_view loss);
std::string PaidPerEnterpriseKey(std::string_view pool, std::string_view enterprise);
std::string PaidPerYearKey(std::string_view pool, int32_t year);
// The UTC calendar year of a time in microseconds since the epoch.
int32_t CalendarYear(int64_t time_us);

}  // namespace crowdledger
