// ReportCsv: the report's JSON flattened to rows.
#include "ledger/reports/report_csv.h"

#include "ledger/reports/money_text.h"

namespace crowdledger {
namespace {

std::string Quoted(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

class CsvWriter {
 public:
  explicit CsvWriter(ReportLanguage language) : language_(language) {
    Row({"scope", "currency", "section", "key", "label", "value", "unit"});
  }
  void Row(std::initializer_list<std::string_view> fields) {
    bool first = true;
    for (std::string_view field : fields) {
      if (!first) out_ += ',';
      first = false;
      out_ += Quoted(field);
    }
    out_ += "\r\n";
  }
  void Text(std::string_view key, std::string_view value) {
    Row({"report", "", "report", key, ReportText(key, language_), value, ""});
  }
  // One figure; amounts in yuan, counts as they are.
  void Figure(std::string_view scope, std::string_view currency, std::string_view section,
              std::string_view key, int64_t value) {
    bool amount = IsAmountFigure(key);
    bool basis_points = key.ends_with("_bp");
    std::string shown = amount         ? YuanFromFen(value, false)
                        : basis_points ? PercentFromBasisPoints(value)
                                       : std::to_string(value);
    Row({scope, currency, section, key, FigureLabel(key, language_), shown,
         amount         ? currency
         : basis_points ? "%"
                        : "count"});
  }
  void Figures(std::string_view scope, std::string_view currency, std::string_view section,
               const JsonValue& figures) {
    const JsonValue::Object* members = figures.AsObject();
    if (members == nullptr) return;
    for (const auto& [key, value] : *members) {
      if (const int64_t* number = value.AsInt()) Figure(scope, currency, section, key, *number);
    }
  }
  void Ratios(std::string_view scope, std::string_view currency, const JsonValue& ratios) {
    const JsonValue::Object* members = ratios.AsObject();
    if (members == nullptr) return;
    for (const auto& [key, ratio] : *members) {
      const JsonValue* bp = ratio.Find("basis_points");
      std::string shown =
          bp != nullptr && bp->AsInt() != nullptr ? PercentFromBasisPoints(*bp->AsInt()) : "";
      Row({scope, currency, "ratios", key, ReportText(key, language_), shown, "%"});
    }
  }
  void Scope(std::string_view scope, const JsonValue& json) {
    const JsonValue* currencies = json.Find("currencies");
    if (currencies != nullptr && currencies->AsObject() != nullptr) {
      for (const auto& [currency, sections] : *currencies->AsObject()) {
        for (const auto& [section, figures] : *sections.AsObject()) {
          if (section == "ratios") {
            Ratios(scope, currency, figures);
          } else if (section != "daily" && section != "by_district" &&
                     section != "by_maker_space") {
            Figures(scope, currency, section, figures);  // numbers only: not by_enterprise
          }
        }
      }
    }
    if (const JsonValue* registrations = json.Find("registrations")) {
      Figures(scope, "", "registrations", *registrations);
    }
  }
  std::string Finish() { return std::move(out_); }

 private:
  ReportLanguage language_;
  std::string out_;
};

std::string StringAt(const JsonValue& body, std::string_view object, std::string_view key) {
  const JsonValue* parent = body.Find(object);
  const JsonValue* value = parent != nullptr ? parent->Find(key) : nullptr;
  if (value == nullptr) return "";
  if (const std::string* text = value->AsString()) return *text;
  if (const int64_t* number = value->AsInt()) return std::to_string(*number);
  return "";
}

}  // namespace

Result<std::string> ReportCsv(const JsonValue& body, ReportLanguage language) {
  const JsonValue* kind = body.Find("kind");
  if (kind == nullptr || kind->AsString() == nullptr) {
    return Status(ErrorCode::InvalidArgument, "not a report body");
  }
  CsvWriter csv(language);
  csv.Text("kind", ReportText(*kind->AsString(), language));
  csv.Text("subject", StringAt(body, "subject", "id").empty() ? StringAt(body, "subject", "name")
                                                              : StringAt(body, "subject", "id"));
  std::string from = StringAt(body, "period", "from"), to = StringAt(body, "period", "to");
  csv.Text("period", from.empty() && to.empty() ? std::string(ReportText("all_time", language))
                                                : from + " .. " + to);
  csv.Text("time_zone", ReportText("time_zone", language));
  csv.Text("origin", StringAt(body, "checkpoint", "origin"));
  csv.Text("tree_size", StringAt(body, "checkpoint", "tree_size"));
  csv.Text("root_hash", StringAt(body, "checkpoint", "root_hash"));
  std::string main_scope = StringAt(body, "subject", "id");
  csv.Scope(main_scope.empty() ? *kind->AsString() : main_scope, body);
  if (const JsonValue* sections = body.Find("sections"); sections && sections->AsArray()) {
    for (const JsonValue& section : *sections->AsArray()) {
      const JsonValue* section_kind = section.Find("kind");
      const JsonValue* id = section.Find("id");
      if (section_kind == nullptr || id == nullptr || !section_kind->AsString() ||
          !id->AsString()) {
        continue;
      }
      csv.Scope(*section_kind->AsString() + ":" + *id->AsString(), section);
    }
  }
  return csv.Finish();
}

}  // namespace crowdledger
