// Report labels in Chinese and English.
#include "ledger/reports/report_text.h"

#include <array>

#include "ledger/reports/report_fields.h"

namespace crowdledger {
namespace {

struct Text {
  std::string_view key, zh, en;
};

constexpr std::array kTexts = {
    Text{"capital", "资金", "Capital"},
    Text{"equity", "股权投资", "Equity investments"},
    Text{"matching", "配套投资", "Investment matching"},
    Text{"exits", "退出", "Exits"},
    Text{"portfolio", "投资组合", "Portfolio"},
    Text{"loans", "贷款（含投贷联动、首贷）", "Loans"},
    Text{"compensation", "风险补偿", "Risk compensation"},
    Text{"subsidies", "创业补助与奖励", "Subsidies and awards"},
    Text{"vouchers", "创新券", "Vouchers"},
    Text{"campaigns", "互联网众筹", "Crowdfunding campaigns"},
    Text{"registrations", "登记", "Registrations"},
    Text{"ratios", "比率", "Ratios"},
    Text{"positions", "期末余额", "Positions at the checkpoint"},
    Text{"limits", "补偿政策限额", "Compensation policy limits"},
    Text{"leverage_private_to_public", "社会资本：财政配套资金", "Private : public capital"},
    Text{"seed_stage_share", "种子期企业投资占比", "Seed-stage share of equity"},
    Text{"interest_free_share", "免息信用贷款占比", "Interest-free share of loans"},
    Text{"linked_share", "投贷联动贷款占比", "Investment-linked share of loans"},
    Text{"first_loan_share", "首贷占比", "First-loan share of loans"},
    Text{"campaign_success_rate", "众筹成功率", "Campaign success rate"},
    Text{"compensation_to_losses", "补偿额占损失比例", "Compensation to losses"},
    Text{"loans_outstanding", "贷款余额", "Loans outstanding"},
    Text{"stakes_held", "持有股权数", "Stakes held"},
    Text{"vouchers_unredeemed_amount", "未兑付券面额", "Vouchers not yet redeemed"},
    Text{"enterprises", "投资企业数", "Enterprises invested in"},
    Text{"enterprises_active", "仍持股企业数", "Enterprises still held"},
    Text{"largest_enterprise_compensation", "单户累计最高补偿",
         "Largest total paid for one enterprise"},
    Text{"fund", "基金报告", "Fund report"},
    Text{"platform", "众筹平台报告", "Crowdfunding platform report"},
    Text{"maker-space", "众创空间报告", "Maker space report"},
    Text{"district", "区县报告", "District report"},
    Text{"programme", "全市众创空间扶持政策执行报告", "Programme report"},
    Text{"kind", "报告类型", "Report"},
    Text{"period", "报告期", "Period"},
    Text{"all_time", "自账本创立至检查点", "From genesis to the checkpoint"},
    Text{"time_zone", "北京时间（UTC+8）", "China Standard Time (UTC+8)"},
    Text{"checkpoint", "检查点", "Checkpoint"},
    Text{"tree_size", "账本条目数", "Tree size"},
    Text{"root_hash", "根哈希", "Root hash"},
    Text{"origin", "账本", "Ledger"},
    Text{"signature", "账本签名（Ed25519）", "Ledger signature (Ed25519)"},
    Text{"amounts_note", "金额单位：元（由分精确换算，保留两位小数）；比率向下取整至0.01%。",
         "Amounts in yuan, exact from fen, two decimals; ratios rounded down to 0.01%."},
    Text{"daily_chart", "每日金额", "Amounts by day"},
    Text{"by_district", "按区县：股权投资金额", "Equity invested by district"},
    Text{"by_maker_space", "按众创空间：股权投资金额", "Equity invested by maker space"},
    Text{"sections", "分区县、分众创空间", "By district and maker space"},
    Text{"no_data", "本期无数据", "No figures in this period"},
    Text{"currency", "币种", "Currency"},
    Text{"deposits_amount", "资金流入", "Capital in"},
    Text{"investments_amount", "股权投资", "Equity invested"},
    Text{"matched_amount", "配套投资", "Public matching"},
    Text{"loans_disbursed", "贷款发放", "Loans disbursed"},
    Text{"pledged_amount", "认筹", "Pledged"},
    Text{"compensation_paid", "风险补偿", "Compensation paid"},
    Text{"subsidies_amount", "补助", "Subsidies"},
    Text{"subject", "对象", "Subject"},
    Text{"verify", "核验：crowdledger audit --report 本报告的JSON文件",
         "Verify with: crowdledger audit --report FILE.json"},
};

}  // namespace

std::string_view ReportText(std::string_view key, ReportLanguage language) {
  for (const Text& text : kTexts) {
    if (text.key == key) return language == ReportLanguage::Chinese ? text.zh : text.en;
  }
  return key;
}

std::string_view FigureLabel(std::string_view name, ReportLanguage language) {
  for (const ReportFieldInfo& field : AllReportFields()) {
    if (field.name == name)
      return language == ReportLanguage::Chinese ? field.label_zh : field.label_en;
  }
  for (const ReportFieldInfo& gauge : AllReportGauges()) {
    if (gauge.name == name)
      return language == ReportLanguage::Chinese ? gauge.label_zh : gauge.label_en;
  }
  return ReportText(name, language);
}

bool IsAmountFigure(std::string_view name) {
  for (const ReportFieldInfo& field : AllReportFields()) {
    if (field.name == name) return field.unit == FigureUnit::Amount;
  }
  for (const ReportFieldInfo& gauge : AllReportGauges()) {
    if (gauge.name == name) return gauge.unit == FigureUnit::Amount;
  }
  static constexpr std::array kAmounts = {"loans_outstanding", "vouchers_unredeemed_amount",
                                          "largest_enterprise_compensation", "subsidies_amount"};
  for (std::string_view amount : kAmounts) {
    if (amount == name) return true;
  }
  return false;
}

}  // namespace crowdledger
