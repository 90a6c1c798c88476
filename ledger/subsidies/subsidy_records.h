// State of subsidies and vouchers: the lifetime start-up subsidy total per enterprise, and
// each voucher with its reserved face value.
#pragma once

#include "ledger/state/records.h"

namespace crowdledger {

struct VoucherRecord {
  std::string issuer;
  std::string holder;
  schema::VoucherKind kind = schema::VoucherKind::Innovation;
  std::string currency;
  Amount face_value;
  int64_t expires_us = 0;
  bool redeemed = false;
  std::string provider;  // who redeemed it

  std::string Encode() const;
  static Result<VoucherRecord> Decode(std::string_view bytes);
};

// The start-up subsidy an enterprise received so far (all currencies are CNY by policy).
std::string StartupSubsidyTotalKey(std::string_view enterprise);
std::string VoucherKey(std::string_view voucher);
// Vouchers reserve their face value in an escrow account from issue to redemption.
std::string VoucherAccount(std::string_view voucher);

}  // namespace crowdledger
