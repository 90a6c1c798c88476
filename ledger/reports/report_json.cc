// ReportBody: figures by section, ratios, positions, breakdowns and the daily series.
#include "ledger/reports/report_json.h"

#include <array>
#include <cstdint>
#include <set>

#include "ledger/reports/report_scopes.h"

namespace crowdledger {
namespace {

using F = ReportField;
using Object = JsonValue::Object;

constexpr char kRegistrations[] = "registrations";

// A cell's figures as the report shows them: in 64 bits (the JSON's integers).
struct Cell64 {
  std::array<int64_t, kReportFieldSlots> values{};
  std::array<FigureGauge, kReportGaugeSlots> gauges{};
  int64_t Get(ReportField field) const { return values[FieldId(field)]; }
};

Result<Cell64> Narrow(const FigureCell& cell) {
  Cell64 narrow;
  for (size_t id = 0; id < kReportFieldSlots; ++id) {
    FigureSum value = cell.values[id];
    if (value < INT64_MIN || value > INT64_MAX) {
      const ReportFieldInfo* info = FindReportField(static_cast<uint8_t>(id));
      return Status(ErrorCode::Overflow, std::string("report: figure ") +
                                             (info != nullptr ? info->name : "?") +
                                             " exceeds 64 bits");
    }
    narrow.values[id] = static_cast<int64_t>(value);
  }
  narrow.gauges = cell.gauges;
  return narrow;
}

// n / d with its basis points rounded down (null when d is 0), in 128 bits. Every figure
// is a sum of non-negative contributions, so the division of non-negatives rounds down.
JsonValue Ratio(int64_t numerator, int64_t denominator) {
  Object ratio{{"numerator", numerator}, {"denominator", denominator}};
  if (denominator <= 0 || numerator < 0) {
    ratio["basis_points"] = JsonValue();
  } else {
    __extension__ using Wide = __int128;
    Wide scaled = static_cast<Wide>(numerator) * 10'000 / denominator;
    ratio["basis_points"] =
        scaled > INT64_MAX ? JsonValue() : JsonValue(static_cast<int64_t>(scaled));
  }
  return ratio;
}

Result<int64_t> Difference(int64_t a, int64_t b, const char* what) {
  int64_t result = 0;
  if (__builtin_sub_overflow(a, b, &result)) {
    return Status(ErrorCode::Overflow, std::string("report: ") + what + " overflows");
  }
  return result;
}

Result<int64_t> Sum(const Cell64& cell, F first, unsigned count, const char* what) {
  int64_t total = 0;
  for (unsigned i = 0; i < count; ++i) {
    if (__builtin_add_overflow(total, cell.Get(FieldAfter(first, i)), &total)) {
      return Status(ErrorCode::Overflow, std::string("report: ") + what + " overflows");
    }
  }
  return total;
}

// The cell's figures under their sections ("capital", "equity", ...).
Object Sections(const Cell64& cell, bool registrations) {
  std::map<std::string, Object> sections;
  for (const ReportFieldInfo& field : AllReportFields()) {
    bool is_registration = std::string_view(field.section) == kRegistrations;
    if (is_registration != registrations) continue;
    sections[field.section][field.name] = cell.values[field.id];
  }
  Object json;
  for (auto& [name, section] : sections) json[name] = std::move(section);
  return json;
}

Result<Object> Ratios(const Cell64& period) {
  int64_t disbursed = period.Get(F::LoansDisbursed);
  int64_t closed = 0;
  if (__builtin_add_overflow(period.Get(F::CampaignsSucceeded), period.Get(F::CampaignsFailed),
                             &closed)) {
    return Status(ErrorCode::Overflow, "report: campaigns closed overflows");
  }
  return Object{
      {"leverage_private_to_public",
       Ratio(period.Get(F::LeveragedAmount), period.Get(F::MatchedAmount))},
      {"seed_stage_share", Ratio(period.Get(F::SeedStageAmount), period.Get(F::InvestmentsAmount))},
      {"interest_free_share", Ratio(period.Get(F::InterestFreeAmount), disbursed)},
      {"linked_share", Ratio(period.Get(F::LinkedAmount), disbursed)},
      {"first_loan_share", Ratio(period.Get(F::FirstLoansAmount), disbursed)},
      {"campaign_success_rate", Ratio(period.Get(F::CampaignsSucceeded), closed)},
      {"compensation_to_losses",
       Ratio(period.Get(F::CompensationPaid), period.Get(F::ClaimedLosses))},
  };
}

Result<Object> Positions(const Cell64& all) {
  ASSIGN_OR_RETURN(int64_t repaid_or_lost,
                   Difference(all.Get(F::LoansDisbursed), all.Get(F::LoansRepaid), "outstanding"));
  ASSIGN_OR_RETURN(int64_t outstanding,
                   Difference(repaid_or_lost, all.Get(F::LoansWrittenOff), "outstanding"));
  ASSIGN_OR_RETURN(int64_t held,
                   Difference(all.Get(F::StakesAcquired), all.Get(F::StakesClosed), "stakes"));
  ASSIGN_OR_RETURN(int64_t issued, Sum(all, F::InnovationVouchersIssuedAmount, 2, "vouchers"));
  ASSIGN_OR_RETURN(int64_t redeemed, Sum(all, F::InnovationVouchersRedeemedAmount, 2, "vouchers"));
  ASSIGN_OR_RETURN(int64_t unredeemed, Difference(issued, redeemed, "vouchers"));
  return Object{{"loans_outstanding", outstanding},
                {"stakes_held", held},
                {"vouchers_unredeemed_amount", unredeemed}};
}

// A fund's or platform's breakdown cells of one kind ("district:", "maker-space:").
Result<Object> Breakdown(const Figures& figures, std::string_view currency,
                         std::string_view prefix) {
  Object breakdown;
  for (const auto& [key, wide] : figures.cells()) {
    if (key.second != currency || !key.first.starts_with(prefix)) continue;
    ASSIGN_OR_RETURN(Cell64 cell, Narrow(wide));
    breakdown[key.first.substr(prefix.size())] =
        Object{{"investments_count", cell.Get(F::InvestmentsCount)},
               {"investments_amount", cell.Get(F::InvestmentsAmount)}};
  }
  return breakdown;
}

// A party's portfolio as of the tree size: the enterprises it ever held a stake in, and
// those where it still holds one; and what its pool paid per enterprise.
Result<Object> Portfolio(const Figures& to_date, std::string_view currency) {
  constexpr std::string_view kPrefix = "enterprise:";
  Object by_enterprise;
  int64_t enterprises = 0, active = 0, largest_compensation = 0;
  for (const auto& [key, wide] : to_date.cells()) {
    if (key.second != currency || !key.first.starts_with(kPrefix)) continue;
    ASSIGN_OR_RETURN(Cell64 cell, Narrow(wide));
    int64_t acquired = cell.Get(F::StakesAcquired), closed = cell.Get(F::StakesClosed);
    enterprises += acquired > 0 ? 1 : 0;
    active += acquired > closed ? 1 : 0;
    largest_compensation = std::max(largest_compensation, cell.Get(F::CompensationPaid));
    by_enterprise[key.first.substr(kPrefix.size())] =
        Object{{"stakes_acquired", acquired},
               {"stakes_closed", closed},
               {"investments_amount", cell.Get(F::InvestmentsAmount)},
               {"compensation_paid", cell.Get(F::CompensationPaid)}};
  }
  return Object{{"enterprises", enterprises},
                {"enterprises_active", active},
                {"largest_enterprise_compensation", largest_compensation},
                {"by_enterprise", std::move(by_enterprise)}};
}

// The pool's policy limits in force at the tree size, as last set.
Object Limits(const Cell64& all) {
  Object limits;
  for (const ReportFieldInfo& gauge : AllReportGauges()) {
    const FigureGauge& set = all.gauges[gauge.id];
    limits[gauge.name] = set.present ? JsonValue(set.value) : JsonValue();
  }
  return limits;
}

Result<int64_t> DailySubsidies(const Cell64& cell) {
  return Sum(cell, F::StartupSubsidyAmount, 5, "subsidies");
}

Result<JsonValue> Daily(const ScopeFigures& figures, std::string_view currency) {
  JsonValue::Array days;
  for (const auto& [day, by_day] : figures.by_day) {
    const FigureCell& wide = by_day.Cell("", currency);
    if (wide.empty()) continue;
    ASSIGN_OR_RETURN(Cell64 cell, Narrow(wide));
    ASSIGN_OR_RETURN(int64_t subsidies, DailySubsidies(cell));
    days.push_back(Object{{"date", ReportDate(day)},
                          {"deposits_amount", cell.Get(F::DepositsAmount)},
                          {"investments_amount", cell.Get(F::InvestmentsAmount)},
                          {"matched_amount", cell.Get(F::MatchedAmount)},
                          {"loans_disbursed", cell.Get(F::LoansDisbursed)},
                          {"pledged_amount", cell.Get(F::PledgedAmount)},
                          {"compensation_paid", cell.Get(F::CompensationPaid)},
                          {"subsidies_amount", subsidies}});
  }
  return JsonValue(std::move(days));
}

std::set<std::string> Currencies(const Figures& to_date) {
  std::set<std::string> currencies;
  for (const auto& entry : to_date.cells()) {
    if (!entry.first.second.empty()) currencies.insert(entry.first.second);
  }
  return currencies;
}

// A scope's figures per currency; the main scope adds its breakdowns and daily series.
Result<Object> ScopeJson(const ScopeFigures& figures, bool main) {
  Object currencies;
  bool own_scope = KindOfScope(figures.scope) == ScopeKind::Party;
  for (const std::string& currency : Currencies(figures.to_date)) {
    ASSIGN_OR_RETURN(Cell64 period, Narrow(figures.period.Cell("", currency)));
    ASSIGN_OR_RETURN(Cell64 all, Narrow(figures.to_date.Cell("", currency)));
    Object json = Sections(period, false);
    ASSIGN_OR_RETURN(json["ratios"], Ratios(period));
    ASSIGN_OR_RETURN(json["positions"], Positions(all));
    if (main && own_scope) {
      ASSIGN_OR_RETURN(json["by_district"], Breakdown(figures.period, currency, "district:"));
      ASSIGN_OR_RETURN(json["by_maker_space"], Breakdown(figures.period, currency, "maker-space:"));
      ASSIGN_OR_RETURN(json["portfolio"], Portfolio(figures.to_date, currency));
      json["limits"] = Limits(all);
    }
    if (main) {
      ASSIGN_OR_RETURN(json["daily"], Daily(figures, currency));
    }
    currencies[currency] = std::move(json);
  }
  Object scope{{"currencies", std::move(currencies)}};
  ASSIGN_OR_RETURN(Cell64 registered, Narrow(figures.period.Cell("", "")));
  Object registrations = Sections(registered, true);
  scope[kRegistrations] = registrations[kRegistrations];
  return scope;
}

JsonValue DateOrNull(const std::optional<int64_t>& day) {
  return day ? JsonValue(ReportDate(*day)) : JsonValue();
}

Result<std::optional<int64_t>> DayOf(const JsonValue* date) {
  if (date == nullptr || date->is_null()) return std::optional<int64_t>();
  const std::string* text = date->AsString();
  if (text == nullptr)
    return Status(ErrorCode::InvalidArgument, "a report period date is not a string");
  ASSIGN_OR_RETURN(int64_t day, ParseReportDate(*text));
  return std::optional<int64_t>(day);
}

}  // namespace

Result<JsonValue> ReportBody(const ReportData& report) {
  ASSIGN_OR_RETURN(Object body, ScopeJson(report.main, true));
  body["format"] = kReportFormat;
  body["kind"] = std::string(ReportKindName(report.request.kind));
  body["checkpoint"] = Object{{"origin", report.checkpoint.origin},
                              {"tree_size", static_cast<int64_t>(report.checkpoint.tree_size)},
                              {"root_hash", Base64Encode(report.checkpoint.root)},
                              {"note", report.checkpoint.note}};
  body["period"] = Object{{"from", DateOrNull(report.request.from_day)},
                          {"to", DateOrNull(report.request.to_day)},
                          {"time_zone", kReportTimeZone}};
  body["subject"] = Object{{"id", report.subject.id},
                           {"name", report.subject.name},
                           {"party_kind", report.subject.party_kind},
                           {"district", report.subject.district},
                           {"maker_space", report.subject.maker_space}};
  JsonValue::Array sections;
  for (const ScopeFigures& figures : report.sections) {
    ASSIGN_OR_RETURN(Object section, ScopeJson(figures, false));
    section["kind"] =
        KindOfScope(figures.scope) == ScopeKind::District ? "district" : "maker-space";
    section["id"] = std::string(ScopeName(figures.scope));
    section["name"] = figures.name;
    sections.emplace_back(std::move(section));
  }
  body["sections"] = std::move(sections);
  return JsonValue(std::move(body));
}

Result<ReportRequest> RequestOfReportBody(const JsonValue& body) {
  auto bad = [](const char* what) {
    return Status(ErrorCode::InvalidArgument, std::string("the report has no valid ") + what);
  };
  const JsonValue* format = body.Find("format");
  if (format == nullptr || format->AsString() == nullptr || *format->AsString() != kReportFormat) {
    return bad("format (expected crowdledger-report/1)");
  }
  ReportRequest request;
  const JsonValue* kind = body.Find("kind");
  if (kind == nullptr || kind->AsString() == nullptr) return bad("kind");
  ASSIGN_OR_RETURN(request.kind, ParseReportKind(*kind->AsString()));
  const JsonValue* subject = body.Find("subject");
  const JsonValue* id = subject != nullptr ? subject->Find("id") : nullptr;
  if (id == nullptr || id->AsString() == nullptr) return bad("subject id");
  request.id = *id->AsString();
  const JsonValue* period = body.Find("period");
  if (period == nullptr || period->AsObject() == nullptr) return bad("period");
  ASSIGN_OR_RETURN(request.from_day, DayOf(period->Find("from")));
  ASSIGN_OR_RETURN(request.to_day, DayOf(period->Find("to")));
  const JsonValue* checkpoint = body.Find("checkpoint");
  const JsonValue* size = checkpoint != nullptr ? checkpoint->Find("tree_size") : nullptr;
  if (size == nullptr || size->AsInt() == nullptr || *size->AsInt() <= 0) return bad("tree size");
  request.tree_size = static_cast<uint64_t>(*size->AsInt());
  return request;
}

}  // namespace crowdledger
