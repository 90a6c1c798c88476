// ReportField: every figure the fund reports aggregate, with the number it is stored under in
// the report buckets of the derived state (docs/reports.md). DO NOT CHANGE THESE NUMBERS:
// they are in every bucket and so in every state digest. A new figure takes a new number.
// ReportGauge: the few values a report shows as "the latest set" (a pool's policy limits)
// rather than as a sum.
// Thread-safety: constant tables.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace crowdledger {

// The unit of a figure: how it is shown (counts as integers, amounts in yuan from fen).
enum class FigureUnit : uint8_t { Count, Amount, BasisPoints };

enum class ReportField : uint8_t {
  // Capital
  DepositsCount = 1,
  DepositsAmount = 2,
  WithdrawalsCount = 3,
  WithdrawalsAmount = 4,
  TransfersInCount = 5,
  TransfersInAmount = 6,
  TransfersOutCount = 7,
  TransfersOutAmount = 8,
  // Equity investments (every new stake: direct, crowd, matched)
  InvestmentsCount = 10,
  InvestmentsAmount = 11,
  SeedStageCount = 12,
  SeedStageAmount = 13,
  // 14..18 and 19..23: count and amount by InvestmentKind (PublicInterest .. Other)
  PublicInterestCount = 14,
  AngelCount = 15,
  VentureCount = 16,
  CrowdCount = 17,
  OtherKindCount = 18,
  PublicInterestAmount = 19,
  AngelAmount = 20,
  VentureAmount = 21,
  CrowdAmount = 22,
  OtherKindAmount = 23,
  // Matching
  MatchesCount = 25,
  MatchedAmount = 26,    // public money the funds invested
  LeveragedAmount = 27,  // the private investments they matched
  // Exits
  ExitsCount = 30,
  ExitProceeds = 31,
  StakeWriteOffsCount = 32,
  RealisedGains = 33,
  RealisedLosses = 34,  // a positive number
  StakeSalesCount = 35,
  StakeSalesAmount = 36,
  // Portfolio
  StakesAcquired = 38,
  StakesClosed = 39,
  // Loans
  LoansCount = 40,
  LoansDisbursed = 41,
  LoansRepaid = 42,
  InterestPaid = 43,
  LoanWriteOffsCount = 44,
  LoansWrittenOff = 45,
  GuaranteesPaid = 46,
  InterestFreeCount = 47,
  InterestFreeAmount = 48,
  LinkedCount = 49,
  LinkedAmount = 50,
  FirstLoansCount = 51,
  FirstLoansAmount = 52,
  SupportLoansCount = 53,
  SupportLoansAmount = 54,
  // Risk compensation
  ClaimsCount = 60,
  ClaimedLosses = 61,
  CompensationPaid = 62,
  AngelClaimsCount = 63,
  AngelCompensationPaid = 64,
  FirstLoanClaimsCount = 65,
  FirstLoanCompensationPaid = 66,
  // 70..74 and 75..79: subsidies granted by SubsidyKind, count and amount
  StartupSubsidyCount = 70,
  RentSubsidyCount = 71,
  EquipmentSubsidyCount = 72,
  InterestSubsidyCount = 73,
  PerformanceAwardCount = 74,
  StartupSubsidyAmount = 75,
  RentSubsidyAmount = 76,
  EquipmentSubsidyAmount = 77,
  InterestSubsidyAmount = 78,
  PerformanceAwardAmount = 79,
  // Vouchers by VoucherKind (Innovation, ListingGrowth)
  InnovationVouchersIssued = 80,
  ListingVouchersIssued = 81,
  InnovationVouchersIssuedAmount = 82,
  ListingVouchersIssuedAmount = 83,
  InnovationVouchersRedeemed = 84,
  ListingVouchersRedeemed = 85,
  InnovationVouchersRedeemedAmount = 86,
  ListingVouchersRedeemedAmount = 87,
  // Crowdfunding campaigns
  CampaignsOpened = 90,
  CampaignGoals = 91,
  PledgesCount = 92,
  PledgedAmount = 93,
  CancellationsCount = 94,
  CancelledAmount = 95,
  CampaignsSucceeded = 96,
  RaisedAmount = 97,
  CampaignsFailed = 98,
  RefundedAmount = 99,
  CampaignInvestors = 100,
  // Registrations (no currency)
  PartiesRegistered = 110,
  EnterprisesRegistered = 111,
  MicroEnterprisesRegistered = 112,
  MakerSpacesRegistered = 113,
};

// Field numbers are below this bound (a bucket's values decode into an array of this size).
inline constexpr size_t kReportFieldSlots = 128;

enum class ReportGauge : uint8_t {
  AngelLossShareBp = 1,
  FirstLoanLossShareBp = 2,
  PerEnterpriseCap = 3,
  PerYearCap = 4,
};
inline constexpr size_t kReportGaugeSlots = 8;

struct ReportFieldInfo {
  uint8_t id;
  const char* name;  // the JSON key
  FigureUnit unit;
  const char* section;  // the JSON section and the table it is shown in
  const char* label_en;
  const char* label_zh;
};

// Every field, in report order.
std::span<const ReportFieldInfo> AllReportFields();
std::span<const ReportFieldInfo> AllReportGauges();
// nullptr for a number no field has.
const ReportFieldInfo* FindReportField(uint8_t id);
const ReportFieldInfo* FindReportGauge(uint8_t id);

inline constexpr uint8_t FieldId(ReportField field) { return static_cast<uint8_t>(field); }
// The field `offset` places after `first` (the per-kind fields come in enum order).
inline constexpr ReportField FieldAfter(ReportField first, unsigned offset) {
  return static_cast<ReportField>(static_cast<unsigned>(first) + offset);
}

}  // namespace crowdledger
