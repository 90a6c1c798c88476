// The table of report figures: JSON names, units, sections and labels. Chinese labels use
// the programme's own terms (POLICY.zh.txt): 公益参股, 首贷, 创新券, 投贷联动, 贴息...
#include "ledger/reports/report_fields.h"

#include <array>

namespace crowdledger {
namespace {

using enum FigureUnit;
using F = ReportField;

constexpr uint8_t Id(F field) { return FieldId(field); }

constexpr std::array kFields = {
    ReportFieldInfo{Id(F::DepositsCount), "deposits_count", Count, "capital", "Deposits",
                    "资金存入笔数"},
    ReportFieldInfo{Id(F::DepositsAmount), "deposits_amount", Amount, "capital",
                    "Capital in (deposits)", "资金流入（存入）"},
    ReportFieldInfo{Id(F::WithdrawalsCount), "withdrawals_count", Count, "capital", "Withdrawals",
                    "资金提取笔数"},
    ReportFieldInfo{Id(F::WithdrawalsAmount), "withdrawals_amount", Amount, "capital",
                    "Capital out (withdrawals)", "资金流出（提取）"},
    ReportFieldInfo{Id(F::TransfersInCount), "transfers_in_count", Count, "capital",
                    "Transfers received", "转入笔数"},
    ReportFieldInfo{Id(F::TransfersInAmount), "transfers_in_amount", Amount, "capital",
                    "Transfers received, amount", "转入金额"},
    ReportFieldInfo{Id(F::TransfersOutCount), "transfers_out_count", Count, "capital",
                    "Transfers paid", "转出笔数"},
    ReportFieldInfo{Id(F::TransfersOutAmount), "transfers_out_amount", Amount, "capital",
                    "Transfers paid, amount", "转出金额"},

    ReportFieldInfo{Id(F::InvestmentsCount), "investments_count", Count, "equity",
                    "Equity investments", "股权投资笔数"},
    ReportFieldInfo{Id(F::InvestmentsAmount), "investments_amount", Amount, "equity",
                    "Equity invested", "股权投资金额"},
    ReportFieldInfo{Id(F::SeedStageCount), "seed_stage_count", Count, "equity",
                    "In seed-stage enterprises (3 years or younger)",
                    "种子期企业投资笔数（成立不超过3年）"},
    ReportFieldInfo{Id(F::SeedStageAmount), "seed_stage_amount", Amount, "equity",
                    "Invested in seed-stage enterprises", "种子期企业投资金额"},
    ReportFieldInfo{Id(F::PublicInterestCount), "public_interest_count", Count, "equity",
                    "Public-interest stakes", "公益参股笔数"},
    ReportFieldInfo{Id(F::AngelCount), "angel_count", Count, "equity", "Angel investments",
                    "天使投资笔数"},
    ReportFieldInfo{Id(F::VentureCount), "venture_count", Count, "equity", "Venture investments",
                    "风险投资笔数"},
    ReportFieldInfo{Id(F::CrowdCount), "crowd_count", Count, "equity", "Equity crowdfunding stakes",
                    "股权众筹笔数"},
    ReportFieldInfo{Id(F::OtherKindCount), "other_kind_count", Count, "equity",
                    "Other stakes (bought from holders)", "其他股权（受让）笔数"},
    ReportFieldInfo{Id(F::PublicInterestAmount), "public_interest_amount", Amount, "equity",
                    "Public-interest stakes, amount", "公益参股金额"},
    ReportFieldInfo{Id(F::AngelAmount), "angel_amount", Amount, "equity",
                    "Angel investments, amount", "天使投资金额"},
    ReportFieldInfo{Id(F::VentureAmount), "venture_amount", Amount, "equity",
                    "Venture investments, amount", "风险投资金额"},
    ReportFieldInfo{Id(F::CrowdAmount), "crowd_amount", Amount, "equity",
                    "Equity crowdfunding, amount", "股权众筹金额"},
    ReportFieldInfo{Id(F::OtherKindAmount), "other_kind_amount", Amount, "equity",
                    "Other stakes, amount", "其他股权金额"},

    ReportFieldInfo{Id(F::MatchesCount), "matches_count", Count, "matching", "Matching investments",
                    "配套投资笔数"},
    ReportFieldInfo{Id(F::MatchedAmount), "matched_amount", Amount, "matching",
                    "Public money matched", "配套投资金额（财政资金）"},
    ReportFieldInfo{Id(F::LeveragedAmount), "leveraged_amount", Amount, "matching",
                    "Private capital leveraged", "撬动社会资本"},

    ReportFieldInfo{Id(F::ExitsCount), "exits_count", Count, "exits", "Exits", "退出笔数"},
    ReportFieldInfo{Id(F::ExitProceeds), "exit_proceeds", Amount, "exits", "Exit proceeds",
                    "退出所得"},
    ReportFieldInfo{Id(F::StakeWriteOffsCount), "stake_write_offs_count", Count, "exits",
                    "Stakes written off", "股权核销笔数"},
    ReportFieldInfo{Id(F::RealisedGains), "realised_gains", Amount, "exits", "Realised gains",
                    "已实现收益"},
    ReportFieldInfo{Id(F::RealisedLosses), "realised_losses", Amount, "exits", "Realised losses",
                    "已实现损失"},
    ReportFieldInfo{Id(F::StakeSalesCount), "stake_sales_count", Count, "exits",
                    "Stake sales (transfers)", "股权转让笔数"},
    ReportFieldInfo{Id(F::StakeSalesAmount), "stake_sales_amount", Amount, "exits",
                    "Stake sales, price", "股权转让金额"},

    ReportFieldInfo{Id(F::StakesAcquired), "stakes_acquired", Count, "portfolio", "Stakes acquired",
                    "取得股权"},
    ReportFieldInfo{Id(F::StakesClosed), "stakes_closed", Count, "portfolio",
                    "Stakes exited or written off", "退出或核销股权"},

    ReportFieldInfo{Id(F::LoansCount), "loans_count", Count, "loans", "Loans disbursed",
                    "贷款发放笔数"},
    ReportFieldInfo{Id(F::LoansDisbursed), "loans_disbursed", Amount, "loans",
                    "Loan principal disbursed", "贷款发放金额"},
    ReportFieldInfo{Id(F::LoansRepaid), "loans_repaid", Amount, "loans", "Principal repaid",
                    "归还本金"},
    ReportFieldInfo{Id(F::InterestPaid), "interest_paid", Amount, "loans", "Interest paid",
                    "支付利息"},
    ReportFieldInfo{Id(F::LoanWriteOffsCount), "loan_write_offs_count", Count, "loans",
                    "Loans written off", "坏账核销笔数"},
    ReportFieldInfo{Id(F::LoansWrittenOff), "loans_written_off", Amount, "loans",
                    "Principal written off", "核销本金"},
    ReportFieldInfo{Id(F::GuaranteesPaid), "guarantees_paid", Amount, "loans",
                    "Credit guarantees paid", "科技金融担保代偿"},
    ReportFieldInfo{Id(F::InterestFreeCount), "interest_free_count", Count, "loans",
                    "Interest-free credit loans", "免息信用贷款笔数"},
    ReportFieldInfo{Id(F::InterestFreeAmount), "interest_free_amount", Amount, "loans",
                    "Interest-free credit loans, principal", "免息信用贷款金额"},
    ReportFieldInfo{Id(F::LinkedCount), "linked_count", Count, "loans", "Investment-linked loans",
                    "投贷联动贷款笔数"},
    ReportFieldInfo{Id(F::LinkedAmount), "linked_amount", Amount, "loans",
                    "Investment-linked loans, principal", "投贷联动贷款金额"},
    ReportFieldInfo{Id(F::FirstLoansCount), "first_loans_count", Count, "loans", "First loans",
                    "首贷笔数"},
    ReportFieldInfo{Id(F::FirstLoansAmount), "first_loans_amount", Amount, "loans",
                    "First loans, principal", "首贷金额"},
    ReportFieldInfo{Id(F::SupportLoansCount), "support_loans_count", Count, "loans",
                    "Start-up support loans", "创业扶持贷款笔数"},
    ReportFieldInfo{Id(F::SupportLoansAmount), "support_loans_amount", Amount, "loans",
                    "Start-up support loans, principal", "创业扶持贷款金额"},

    ReportFieldInfo{Id(F::ClaimsCount), "claims_count", Count, "compensation",
                    "Compensation claims paid", "风险补偿笔数"},
    ReportFieldInfo{Id(F::ClaimedLosses), "claimed_losses", Amount, "compensation",
                    "Losses claimed", "申报损失额"},
    ReportFieldInfo{Id(F::CompensationPaid), "compensation_paid", Amount, "compensation",
                    "Compensation paid", "风险补偿金额"},
    ReportFieldInfo{Id(F::AngelClaimsCount), "angel_claims_count", Count, "compensation",
                    "For angel-investment losses", "天使投资失败补偿笔数"},
    ReportFieldInfo{Id(F::AngelCompensationPaid), "angel_compensation_paid", Amount, "compensation",
                    "For angel-investment losses, paid", "天使投资失败补偿金额"},
    ReportFieldInfo{Id(F::FirstLoanClaimsCount), "first_loan_claims_count", Count, "compensation",
                    "For first-loan bad debts", "首贷坏账补偿笔数"},
    ReportFieldInfo{Id(F::FirstLoanCompensationPaid), "first_loan_compensation_paid", Amount,
                    "compensation", "For first-loan bad debts, paid", "首贷坏账补偿金额"},

    ReportFieldInfo{Id(F::StartupSubsidyCount), "startup_subsidy_count", Count, "subsidies",
                    "Start-up subsidies", "创业补助笔数"},
    ReportFieldInfo{Id(F::RentSubsidyCount), "rent_subsidy_count", Count, "subsidies",
                    "Rent subsidies", "场地租金补助笔数"},
    ReportFieldInfo{Id(F::EquipmentSubsidyCount), "equipment_subsidy_count", Count, "subsidies",
                    "Equipment subsidies", "设备购置补助笔数"},
    ReportFieldInfo{Id(F::InterestSubsidyCount), "interest_subsidy_count", Count, "subsidies",
                    "Interest subsidies", "贷款贴息笔数"},
    ReportFieldInfo{Id(F::PerformanceAwardCount), "performance_award_count", Count, "subsidies",
                    "Operating-performance awards", "运营绩效奖励笔数"},
    ReportFieldInfo{Id(F::StartupSubsidyAmount), "startup_subsidy_amount", Amount, "subsidies",
                    "Start-up subsidies, amount", "创业补助金额"},
    ReportFieldInfo{Id(F::RentSubsidyAmount), "rent_subsidy_amount", Amount, "subsidies",
                    "Rent subsidies, amount", "场地租金补助金额"},
    ReportFieldInfo{Id(F::EquipmentSubsidyAmount), "equipment_subsidy_amount", Amount, "subsidies",
                    "Equipment subsidies, amount", "设备购置补助金额"},
    ReportFieldInfo{Id(F::InterestSubsidyAmount), "interest_subsidy_amount", Amount, "subsidies",
                    "Interest subsidies, amount", "贷款贴息金额"},
    ReportFieldInfo{Id(F::PerformanceAwardAmount), "performance_award_amount", Amount, "subsidies",
                    "Operating-performance awards, amount", "运营绩效奖励金额"},

    ReportFieldInfo{Id(F::InnovationVouchersIssued), "innovation_vouchers_issued", Count,
                    "vouchers", "Innovation vouchers issued", "创新券发放张数"},
    ReportFieldInfo{Id(F::ListingVouchersIssued), "listing_vouchers_issued", Count, "vouchers",
                    "Listing-growth vouchers issued", "挂牌成长创新券发放张数"},
    ReportFieldInfo{Id(F::InnovationVouchersIssuedAmount), "innovation_vouchers_issued_amount",
                    Amount, "vouchers", "Innovation vouchers issued, face value", "创新券发放面额"},
    ReportFieldInfo{Id(F::ListingVouchersIssuedAmount), "listing_vouchers_issued_amount", Amount,
                    "vouchers", "Listing-growth vouchers issued, face value",
                    "挂牌成长创新券发放面额"},
    ReportFieldInfo{Id(F::InnovationVouchersRedeemed), "innovation_vouchers_redeemed", Count,
                    "vouchers", "Innovation vouchers redeemed", "创新券兑付张数"},
    ReportFieldInfo{Id(F::ListingVouchersRedeemed), "listing_vouchers_redeemed", Count, "vouchers",
                    "Listing-growth vouchers redeemed", "挂牌成长创新券兑付张数"},
    ReportFieldInfo{Id(F::InnovationVouchersRedeemedAmount), "innovation_vouchers_redeemed_amount",
                    Amount, "vouchers", "Innovation vouchers redeemed, face value",
                    "创新券兑付金额"},
    ReportFieldInfo{Id(F::ListingVouchersRedeemedAmount), "listing_vouchers_redeemed_amount",
                    Amount, "vouchers", "Listing-growth vouchers redeemed, face value",
                    "挂牌成长创新券兑付金额"},

    ReportFieldInfo{Id(F::CampaignsOpened), "campaigns_opened", Count, "campaigns",
                    "Campaigns opened", "众筹项目发起数"},
    ReportFieldInfo{Id(F::CampaignGoals), "campaign_goals", Amount, "campaigns",
                    "Goals of the campaigns opened", "众筹目标金额"},
    ReportFieldInfo{Id(F::PledgesCount), "pledges_count", Count, "campaigns", "Pledges",
                    "认筹笔数"},
    ReportFieldInfo{Id(F::PledgedAmount), "pledged_amount", Amount, "campaigns", "Pledged",
                    "认筹金额"},
    ReportFieldInfo{Id(F::CancellationsCount), "cancellations_count", Count, "campaigns",
                    "Pledges cancelled", "撤销认筹笔数"},
    ReportFieldInfo{Id(F::CancelledAmount), "cancelled_amount", Amount, "campaigns",
                    "Refunded on cancellation", "撤销认筹退款"},
    ReportFieldInfo{Id(F::CampaignsSucceeded), "campaigns_succeeded", Count, "campaigns",
                    "Campaigns succeeded", "众筹成功项目数"},
    ReportFieldInfo{Id(F::RaisedAmount), "raised_amount", Amount, "campaigns",
                    "Raised by successful campaigns", "成功筹资金额"},
    ReportFieldInfo{Id(F::CampaignsFailed), "campaigns_failed", Count, "campaigns",
                    "Campaigns failed", "众筹失败项目数"},
    ReportFieldInfo{Id(F::RefundedAmount), "refunded_amount", Amount, "campaigns",
                    "Refunded by failed campaigns", "失败项目退款"},
    ReportFieldInfo{Id(F::CampaignInvestors), "campaign_investors", Count, "campaigns",
                    "Investors in successful campaigns", "成功项目投资人数"},

    ReportFieldInfo{Id(F::PartiesRegistered), "parties_registered", Count, "registrations",
                    "Parties registered", "登记主体数"},
    ReportFieldInfo{Id(F::EnterprisesRegistered), "enterprises_registered", Count, "registrations",
                    "Enterprises registered", "登记企业数"},
    ReportFieldInfo{Id(F::MicroEnterprisesRegistered), "micro_enterprises_registered", Count,
                    "registrations", "Micro-enterprises registered", "微型企业数"},
    ReportFieldInfo{Id(F::MakerSpacesRegistered), "maker_spaces_registered", Count, "registrations",
                    "Maker spaces registered", "众创空间数"},
};

constexpr std::array kGauges = {
    ReportFieldInfo{static_cast<uint8_t>(ReportGauge::AngelLossShareBp), "angel_loss_share_bp",
                    BasisPoints, "limits", "Share of angel-investment losses compensated",
                    "天使投资损失补偿比例"},
    ReportFieldInfo{static_cast<uint8_t>(ReportGauge::FirstLoanLossShareBp),
                    "first_loan_loss_share_bp", BasisPoints, "limits",
                    "Share of first-loan principal losses compensated", "首贷本金损失补偿比例"},
    ReportFieldInfo{static_cast<uint8_t>(ReportGauge::PerEnterpriseCap), "per_enterprise_cap",
                    Amount, "limits", "Cap per enterprise (lifetime)", "单户补偿上限"},
    ReportFieldInfo{static_cast<uint8_t>(ReportGauge::PerYearCap), "per_year_cap", Amount, "limits",
                    "Cap per calendar year (UTC)", "年度补偿上限"},
};

static_assert(kFields.size() < kReportFieldSlots);

// Decoding a bucket looks up every stored number: an index by number, built once.
template <size_t N>
std::array<const ReportFieldInfo*, 256> IndexById(const std::array<ReportFieldInfo, N>& table) {
  std::array<const ReportFieldInfo*, 256> index{};
  for (const ReportFieldInfo& info : table) index[info.id] = &info;
  return index;
}

}  // namespace

std::span<const ReportFieldInfo> AllReportFields() { return kFields; }
std::span<const ReportFieldInfo> AllReportGauges() { return kGauges; }
const ReportFieldInfo* FindReportField(uint8_t id) {
  static const auto index = IndexById(kFields);
  return index[id];
}
const ReportFieldInfo* FindReportGauge(uint8_t id) {
  static const auto index = IndexById(kGauges);
  return index[id];
}

}  // namespace crowdledger
