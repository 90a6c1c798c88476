// State of loans: each loan with its repayments and write-off, each borrower's loan history
// (for the first-loan flag and the support-loan cap), and guarantee offers with their reserve.
#pragma once

#include "ledger/state/records.h"

namespace crowdledger {

enum class LoanStatus : uint8_t { Active = 0, Repaid = 1, WrittenOff = 2 };

struct LoanRecord {
  std::string lender;
  std::string borrower;
  std::string currency;
  Amount principal;
  Amount outstanding;
  uint32_t annual_rate_bp = 0;
  int64_t disbursed_us = 0;
  int64_t maturity_us = 0;
  bool first_loan = false;
  bool support_loan = false;  // interest-free to a micro-enterprise: counts against the cap
  std::string linked_stake;
  std::string guarantor;
  uint32_t guaranteed_share_bp = 0;
  LoanStatus status = LoanStatus::Active;
  Amount interest_paid;
  Amount written_off;     // outstanding principal at the write-off
  Amount guarantee_paid;  // what the guarantor paid the lender at the write-off

  std::string Encode() const;
  static Result<LoanRecord> Decode(std::string_view bytes);
};

struct BorrowerRecord {
  uint64_t direct_loans = 0;   // loans from banks and funds (DisburseLoan), for the first-loan flag
  Amount support_outstanding;  // principal outstanding on support loans

  std::string Encode() const;
  static Result<BorrowerRecord> Decode(std::string_view bytes);
};

struct GuaranteeOfferRecord {
  std::string guarantor;
  std::string lender;
  std::string borrower;
  std::string currency;
  Amount amount;
  bool taken = false;  // a disbursed loan holds the guarantee

  std::string Encode() const;
  static Result<GuaranteeOfferRecord> Decode(std::string_view bytes);
};

std::string LoanKey(std::string_view loan);
std::string BorrowerKey(std::string_view borrower);
std::string GuaranteeOfferKey(std::string_view loan);
std::string GuaranteeReserveAccount(std::string_view loan);

}  // namespace crowdledger
