// ReportHtml: header, key figures, charts, tables by section, the breakdown by district and
// maker space, and the signature.
#include "ledger/reports/report_html.h"

#include <algorithm>
#include <array>

#include "ledger/reports/money_text.h"
#include "ledger/reports/report_fields.h"
#include "ledger/reports/report_svg.h"

namespace crowdledger {
namespace {

constexpr char kStyle[] = R"(
:root{--ink:#1c2430;--muted:#5b6675;--line:#d8dee6;--accent:#1f6fb2;--card:#f4f7fa}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1100px;padding:24px;color:var(--ink);
 font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;
 font-size:14px;line-height:1.5}
h1{font-size:24px;margin:0 0 4px} h2{font-size:19px;margin:28px 0 8px;border-bottom:2px solid var(--accent)}
h3{font-size:15px;margin:18px 0 6px;color:var(--muted)}
.subject{font-size:16px;margin:0 0 12px}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0;color:var(--muted)}
dl.meta dd{margin:0;word-break:break-all}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:10px;margin:12px 0}
.card{background:var(--card);border-radius:6px;padding:10px 12px}
.card .label{color:var(--muted);font-size:12px} .card .value{font-size:18px;font-weight:600}
.tables{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:14px;align-items:start}
table{border-collapse:collapse;width:100%;font-size:13px}
caption{text-align:left;font-weight:600;padding:4px 0}
td,th{border-bottom:1px solid var(--line);padding:3px 6px;text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
svg.chart{width:100%;height:auto;display:block}
svg .grid{stroke:var(--line);stroke-width:1} svg .axis{font-size:11px;fill:var(--muted)}
svg .legend{font-size:12px;fill:var(--ink)}
footer{margin-top:32px;color:var(--muted);font-size:12px;word-break:break-all}
@page{size:A4;margin:14mm}
@media print{body{max-width:none;padding:0;font-size:11px}h2{break-after:avoid}
 table,.card,svg.chart{break-inside:avoid}.tables{grid-template-columns:1fr 1fr}}
)";

constexpr std::array kSectionOrder = {"capital",   "equity",   "matching",     "exits",
                                      "portfolio", "loans",    "compensation", "subsidies",
                                      "vouchers",  "campaigns"};
constexpr std::array kCards = {"deposits_amount",  "investments_amount", "matched_amount",
                               "leveraged_amount", "loans_disbursed",    "compensation_paid"};
constexpr std::array kDailySeries = {"deposits_amount", "investments_amount", "matched_amount",
                                     "loans_disbursed", "pledged_amount",     "compensation_paid",
                                     "subsidies_amount"};

int64_t IntAt(const JsonValue* object, std::string_view key) {
  const JsonValue* value = object != nullptr ? object->Find(key) : nullptr;
  return value != nullptr && value->AsInt() != nullptr ? *value->AsInt() : 0;
}

std::string StringAt(const JsonValue& object, std::string_view parent, std::string_view key) {
  const JsonValue* holder = object.Find(parent);
  const JsonValue* value = holder != nullptr ? holder->Find(key) : nullptr;
  if (value == nullptr) return "";
  if (const std::string* text = value->AsString()) return *text;
  if (const int64_t* number = value->AsInt()) return std::to_string(*number);
  return "";
}

class Page {
 public:
  explicit Page(ReportLanguage language) : language_(language) {}

  std::string_view T(std::string_view key) const { return ReportText(key, language_); }
  std::string Value(std::string_view key, int64_t value) const {
    if (IsAmountFigure(key)) return YuanFromFen(value, true);
    if (key.ends_with("_bp")) return PercentFromBasisPoints(value);
    return std::to_string(value);
  }

  void Header(const JsonValue& body);
  void Currency(const std::string& currency, const JsonValue& figures, const JsonValue& body);
  void Registrations(const JsonValue& body);
  void Sections(const JsonValue& body);
  void Footer(std::string_view signature, std::string_view key_name);
  std::string& out() { return out_; }

 private:
  void Table(std::string_view caption, const JsonValue& figures);
  void Ratios(const JsonValue& ratios);
  void Charts(const std::string& currency, const JsonValue& figures, const JsonValue& body);
  std::vector<ChartBar> SectionBars(const JsonValue& body, std::string_view kind,
                                    const std::string& currency) const;

  ReportLanguage language_;
  std::string out_;
};

void Page::Header(const JsonValue& body) {
  std::string title = std::string(T(*body.Find("kind")->AsString()));
  std::string subject = StringAt(body, "subject", "name");
  std::string id = StringAt(body, "subject", "id");
  out_ += "<title>" + HtmlEscape(title + " — " + subject) + "</title><style>" + kStyle +
          "</style></head><body><header><h1>" + HtmlEscape(title) + "</h1><p class=\"subject\">" +
          HtmlEscape(subject) + (id.empty() || id == subject ? "" : " (" + HtmlEscape(id) + ")") +
          "</p><dl class=\"meta\">";
  std::string from = StringAt(body, "period", "from"), to = StringAt(body, "period", "to");
  std::string period = from.empty() && to.empty()
                           ? std::string(T("all_time"))
                           : (from.empty() ? "…" : from) + " — " + (to.empty() ? "…" : to);
  auto row = [&](std::string_view label, const std::string& value) {
    out_ += "<dt>" + HtmlEscape(label) + "</dt><dd>" + HtmlEscape(value) + "</dd>";
  };
  row(T("period"), period + " · " + std::string(T("time_zone")));
  row(T("origin"), StringAt(body, "checkpoint", "origin"));
  row(T("tree_size"), StringAt(body, "checkpoint", "tree_size"));
  row(T("root_hash"), StringAt(body, "checkpoint", "root_hash"));
  out_ += "</dl></header>";
}

void Page::Table(std::string_view caption, const JsonValue& figures) {
  const JsonValue::Object* members = figures.AsObject();
  if (members == nullptr) return;
  out_ += "<table><caption>" + HtmlEscape(caption) + "</caption>";
  auto row = [&](const std::string& key, const JsonValue& value) {
    if (value.AsInt() == nullptr && !value.is_null()) return;  // nested: by_enterprise
    std::string shown = value.AsInt() != nullptr ? Value(key, *value.AsInt()) : "—";
    out_ += "<tr><td>" + HtmlEscape(FigureLabel(key, language_)) + "</td><td class=\"n\">" +
            HtmlEscape(shown) + "</td></tr>";
  };
  // Figures in the field table's order, which puts each count beside its amount.
  bool figures_shown = false;
  for (const ReportFieldInfo& field : AllReportFields()) {
    if (auto found = members->find(field.name); found != members->end()) {
      row(found->first, found->second);
      figures_shown = true;
    }
  }
  if (!figures_shown) {
    for (const auto& [key, value] : *members) row(key, value);
  }
  out_ += "</table>";
}

void Page::Ratios(const JsonValue& ratios) {
  const JsonValue::Object* members = ratios.AsObject();
  if (members == nullptr) return;
  out_ += "<table><caption>" + HtmlEscape(T("ratios")) + "</caption>";
  for (const auto& [key, ratio] : *members) {
    const JsonValue* bp = ratio.Find("basis_points");
    std::string shown = "—";
    if (bp != nullptr && bp->AsInt() != nullptr) {
      // The leverage is a ratio of amounts ("1.50 : 1"), the others are shares.
      shown = key == "leverage_private_to_public" ? YuanFromFen(*bp->AsInt() / 100, false) + " : 1"
                                                  : PercentFromBasisPoints(*bp->AsInt());
    }
    out_ += "<tr><td>" + HtmlEscape(T(key)) + "</td><td class=\"n\">" + HtmlEscape(shown) +
            "</td></tr>";
  }
  out_ += "</table>";
}

std::vector<ChartBar> Page::SectionBars(const JsonValue& body, std::string_view kind,
                                        const std::string& currency) const {
  std::vector<ChartBar> bars;
  const JsonValue* sections = body.Find("sections");
  if (sections == nullptr || sections->AsArray() == nullptr) return bars;
  for (const JsonValue& section : *sections->AsArray()) {
    const JsonValue* section_kind = section.Find("kind");
    if (section_kind == nullptr || section_kind->AsString() == nullptr ||
        *section_kind->AsString() != kind) {
      continue;
    }
    const JsonValue* currencies = section.Find("currencies");
    const JsonValue* figures = currencies != nullptr ? currencies->Find(currency) : nullptr;
    const JsonValue* equity = figures != nullptr ? figures->Find("equity") : nullptr;
    const JsonValue* name = section.Find("name");
    bars.push_back({name != nullptr && name->AsString() ? *name->AsString() : "",
                    IntAt(equity, "investments_amount")});
  }
  return bars;
}

void Page::Charts(const std::string& currency, const JsonValue& figures, const JsonValue& body) {
  std::vector<std::string> days;
  std::vector<ChartSeries> series;
  const JsonValue* daily = figures.Find("daily");
  if (daily != nullptr && daily->AsArray() != nullptr) {
    for (const char* key : kDailySeries)
      series.push_back({std::string(FigureLabel(key, language_)), {}});
    for (const JsonValue& day : *daily->AsArray()) {
      const JsonValue* date = day.Find("date");
      days.push_back(date != nullptr && date->AsString() != nullptr ? *date->AsString() : "");
      for (size_t s = 0; s < kDailySeries.size(); ++s)
        series[s].values.push_back(IntAt(&day, kDailySeries[s]));
    }
    std::erase_if(series, [](const ChartSeries& line) {
      return std::all_of(line.values.begin(), line.values.end(), [](int64_t v) { return v == 0; });
    });
  }
  std::string line = DailyLineChart(days, series);
  if (!line.empty()) out_ += "<h3>" + HtmlEscape(T("daily_chart")) + "</h3>" + line;
  for (const char* kind : {"district", "maker-space"}) {
    std::string breakdown_key = std::string(kind) == "district" ? "by_district" : "by_maker_space";
    std::vector<ChartBar> bars = SectionBars(body, kind, currency);
    if (const JsonValue* own = figures.Find(breakdown_key); own && own->AsObject()) {
      for (const auto& [name, cell] : *own->AsObject()) {
        bars.push_back({name, IntAt(&cell, "investments_amount")});
      }
    }
    std::string chart = HorizontalBarChart(bars);
    if (!chart.empty()) out_ += "<h3>" + HtmlEscape(T(breakdown_key)) + "</h3>" + chart;
  }
}

void Page::Currency(const std::string& currency, const JsonValue& figures, const JsonValue& body) {
  out_ += "<section><h2>" + HtmlEscape(T("currency")) + " " + HtmlEscape(currency) +
          "</h2><div class=\"cards\">";
  for (const char* key : kCards) {
    int64_t value = 0;
    for (const char* section : kSectionOrder) {
      if (const JsonValue* found = figures.Find(section); found && found->Find(key)) {
        value = IntAt(found, key);
      }
    }
    out_ += "<div class=\"card\"><div class=\"label\">" + HtmlEscape(FigureLabel(key, language_)) +
            "</div><div class=\"value\">" + HtmlEscape(Value(key, value)) + "</div></div>";
  }
  int64_t outstanding = IntAt(figures.Find("positions"), "loans_outstanding");
  out_ += "<div class=\"card\"><div class=\"label\">" + HtmlEscape(T("loans_outstanding")) +
          "</div><div class=\"value\">" + YuanFromFen(outstanding, true) + "</div></div></div>";
  Charts(currency, figures, body);
  out_ += "<div class=\"tables\">";
  for (const char* section : kSectionOrder) {
    if (const JsonValue* found = figures.Find(section)) Table(T(section), *found);
  }
  if (const JsonValue* ratios = figures.Find("ratios")) Ratios(*ratios);
  if (const JsonValue* positions = figures.Find("positions")) Table(T("positions"), *positions);
  if (const JsonValue* limits = figures.Find("limits")) Table(T("limits"), *limits);
  out_ += "</div></section>";
}

void Page::Registrations(const JsonValue& body) {
  if (const JsonValue* registrations = body.Find("registrations")) {
    out_ += "<div class=\"tables\">";
    Table(T("registrations"), *registrations);
    out_ += "</div>";
  }
}

void Page::Sections(const JsonValue& body) {
  const JsonValue* sections = body.Find("sections");
  if (sections == nullptr || sections->AsArray() == nullptr || sections->AsArray()->empty()) return;
  constexpr std::array kColumns = {"deposits_amount", "investments_amount", "matched_amount",
                                   "loans_disbursed", "compensation_paid",  "pledged_amount"};
  out_ += "<section><h2>" + HtmlEscape(T("sections")) + "</h2><table><tr><th></th><th>" +
          HtmlEscape(T("currency")) + "</th>";
  for (const char* column : kColumns)
    out_ += "<th class=\"n\">" + HtmlEscape(FigureLabel(column, language_)) + "</th>";
  out_ += "</tr>";
  for (const JsonValue& section : *sections->AsArray()) {
    const JsonValue* name = section.Find("name");
    const JsonValue* currencies = section.Find("currencies");
    if (currencies == nullptr || currencies->AsObject() == nullptr) continue;
    for (const auto& [currency, figures] : *currencies->AsObject()) {
      out_ += "<tr><td>" + HtmlEscape(name && name->AsString() ? *name->AsString() : "") +
              "</td><td>" + HtmlEscape(currency) + "</td>";
      for (const char* column : kColumns) {
        int64_t value = 0;
        for (const char* part : kSectionOrder) {
          if (const JsonValue* found = figures.Find(part); found && found->Find(column))
            value = IntAt(found, column);
        }
        out_ += "<td class=\"n\">" + YuanFromFen(value, true) + "</td>";
      }
      out_ += "</tr>";
    }
  }
  out_ += "</table></section>";
}

void Page::Footer(std::string_view signature, std::string_view key_name) {
  out_ += "<footer><p>" + HtmlEscape(T("amounts_note")) + "</p><p>" + HtmlEscape(T("signature")) +
          ": " + HtmlEscape(key_name) + " " + HtmlEscape(signature) + "</p><p>" +
          HtmlEscape(T("verify")) + "</p></footer></body></html>\n";
}

}  // namespace

Result<std::string> ReportHtml(const JsonValue& body, std::string_view signature_base64,
                               std::string_view key_name, ReportLanguage language) {
  const JsonValue* kind = body.Find("kind");
  const JsonValue* currencies = body.Find("currencies");
  if (kind == nullptr || kind->AsString() == nullptr || currencies == nullptr ||
      currencies->AsObject() == nullptr) {
    return Status(ErrorCode::InvalidArgument, "not a report body");
  }
  Page page(language);
  page.out() = std::string("<!doctype html><html lang=\"") +
               (language == ReportLanguage::Chinese ? "zh-CN" : "en") +
               "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
               "content=\"width=device-width,initial-scale=1\">";
  page.Header(body);
  if (currencies->AsObject()->empty()) {
    page.out() += "<p>" + HtmlEscape(page.T("no_data")) + "</p>";
  }
  for (const auto& [currency, figures] : *currencies->AsObject()) {
    page.Currency(currency, figures, body);
  }
  page.Registrations(body);
  page.Sections(body);
  page.Footer(signature_base64, key_name);
  return std::move(page.out());
}

}  // namespace crowdledger
