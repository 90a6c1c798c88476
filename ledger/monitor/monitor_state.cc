// ComputeMonitorState: the checkpoint, the programme report's figures (totals, districts,
// maker spaces), the campaigns open now, and the budget and entry lists.
#include "ledger/monitor/monitor_state.h"

#include <array>

#include "crypto/checkpoint.h"
#include "crypto/signed_note.h"
#include "ledger/monitor/monitor_budgets.h"
#include "ledger/monitor/monitor_entries.h"
#include "ledger/reports/report_computer.h"
#include "ledger/reports/report_json.h"

namespace crowdledger {
namespace {

using Object = JsonValue::Object;
using Array = JsonValue::Array;

// The figures a district or maker space row shows: a few of its report's, so that two hundred
// rows stay well under a hundred kilobytes.
constexpr std::array<std::pair<const char*, const char*>, 9> kSectionFigures = {{
    {"equity", "investments_count"},
    {"equity", "investments_amount"},
    {"matching", "matched_amount"},
    {"matching", "leveraged_amount"},
    {"loans", "loans_disbursed"},
    {"compensation", "compensation_paid"},
    {"campaigns", "campaigns_opened"},
    {"campaigns", "raised_amount"},
    {"subsidies", "performance_award_amount"},
}};
constexpr std::array<const char*, 5> kSubsidyAmounts = {
    "startup_subsidy_amount", "rent_subsidy_amount", "equipment_subsidy_amount",
    "interest_subsidy_amount", "performance_award_amount"};

// A report figure; 0 where the report has none (a missing figure is one never counted).
int64_t FigureOf(const JsonValue& currency, std::string_view section, std::string_view name) {
  const JsonValue* group = currency.Find(section);
  const JsonValue* value = group != nullptr ? group->Find(name) : nullptr;
  const int64_t* number = value != nullptr ? value->AsInt() : nullptr;
  return number != nullptr ? *number : 0;
}

Result<int64_t> Checked(bool overflowed, int64_t value, const char* what) {
  if (overflowed)
    return Status(ErrorCode::Overflow, std::string("monitor: ") + what + " overflows");
  return value;
}

Result<int64_t> SubsidiesOf(const JsonValue& currency) {
  int64_t total = 0;
  bool overflowed = false;
  for (const char* name : kSubsidyAmounts) {
    overflowed |= __builtin_add_overflow(total, FigureOf(currency, "subsidies", name), &total);
  }
  return Checked(overflowed, total, "subsidies");
}

// Opened minus closed: the derived state keeps no index of open campaigns, and the report
// aggregates count every opening and every close (a campaign closes once, as a success or a
// failure; there is no other way out). A campaign past its closing time but not yet closed
// still counts as open: its escrow is still held.
Result<Object> CampaignsOf(const JsonValue& currency) {
  int64_t opened = FigureOf(currency, "campaigns", "campaigns_opened");
  int64_t succeeded = FigureOf(currency, "campaigns", "campaigns_succeeded");
  int64_t failed = FigureOf(currency, "campaigns", "campaigns_failed");
  int64_t closed = 0, open = 0;
  bool overflowed = __builtin_add_overflow(succeeded, failed, &closed);
  overflowed |= __builtin_sub_overflow(opened, closed, &open);
  ASSIGN_OR_RETURN(open, Checked(overflowed || open < 0, open, "campaigns open"));
  return Object{{"opened", opened},
                {"succeeded", succeeded},
                {"failed", failed},
                {"open_now", open},
                {"pledged_amount", FigureOf(currency, "campaigns", "pledged_amount")},
                {"raised_amount", FigureOf(currency, "campaigns", "raised_amount")},
                {"refunded_amount", FigureOf(currency, "campaigns", "refunded_amount")}};
}

// The programme's currencies as the report has them, the daily series cut to its last days,
// plus the subsidies' total; and the campaigns per currency.
Result<std::pair<Object, Object>> ProgrammeOf(const JsonValue& body, const MonitorLimits& limits) {
  Object currencies, campaigns;
  const JsonValue* all = body.Find("currencies");
  if (all == nullptr || all->AsObject() == nullptr) return std::pair<Object, Object>();
  for (const auto& [code, figures] : *all->AsObject()) {
    Object currency = figures.AsObject() != nullptr ? *figures.AsObject() : Object{};
    auto daily = currency.find("daily");
    if (daily != currency.end() && daily->second.AsArray() != nullptr) {
      const Array& days = *daily->second.AsArray();
      size_t first = days.size() > limits.daily_days ? days.size() - limits.daily_days : 0;
      daily->second = Array(days.begin() + static_cast<std::ptrdiff_t>(first), days.end());
    }
    ASSIGN_OR_RETURN(int64_t subsidies, SubsidiesOf(figures));
    currency["subsidies_amount"] = subsidies;
    ASSIGN_OR_RETURN(campaigns[code], CampaignsOf(figures));
    currencies[code] = std::move(currency);
  }
  return std::pair<Object, Object>(std::move(currencies), std::move(campaigns));
}

// One district or maker space: its name and a few figures per currency.
Result<Object> SectionRow(const JsonValue& section) {
  Object row;
  for (const char* key : {"id", "name"}) {
    const JsonValue* value = section.Find(key);
    row[key] = value != nullptr ? *value : JsonValue("");
  }
  Object currencies;
  const JsonValue* all = section.Find("currencies");
  if (all != nullptr && all->AsObject() != nullptr) {
    for (const auto& [code, figures] : *all->AsObject()) {
      Object slim;
      for (const auto& [group, name] : kSectionFigures) slim[name] = FigureOf(figures, group, name);
      ASSIGN_OR_RETURN(slim["subsidies_amount"], SubsidiesOf(figures));
      const JsonValue* outstanding = figures.Find("positions");
      outstanding = outstanding != nullptr ? outstanding->Find("loans_outstanding") : nullptr;
      slim["loans_outstanding"] = outstanding != nullptr ? *outstanding : JsonValue(int64_t{0});
      currencies[code] = std::move(slim);
    }
  }
  row["currencies"] = std::move(currencies);
  const JsonValue* registrations = section.Find("registrations");
  row["registrations"] = registrations != nullptr ? *registrations : JsonValue(Object{});
  return row;
}

// The report's sections split by kind, each list cut at the limit.
Result<Object> SectionsOf(const JsonValue& body, const MonitorLimits& limits) {
  Array districts, spaces;
  int64_t district_count = 0, space_count = 0;
  const JsonValue* sections = body.Find("sections");
  if (sections != nullptr && sections->AsArray() != nullptr) {
    for (const JsonValue& section : *sections->AsArray()) {
      const JsonValue* kind = section.Find("kind");
      bool district =
          kind != nullptr && kind->AsString() != nullptr && *kind->AsString() == "district";
      Array& list = district ? districts : spaces;
      ++(district ? district_count : space_count);
      if (list.size() >= limits.max_sections) continue;
      ASSIGN_OR_RETURN(Object row, SectionRow(section));
      list.emplace_back(std::move(row));
    }
  }
  auto block = [](Array list, int64_t total) {
    bool truncated = static_cast<int64_t>(list.size()) < total;
    return Object{{"rows", std::move(list)}, {"total", total}, {"truncated", truncated}};
  };
  return Object{{"districts", block(std::move(districts), district_count)},
                {"maker_spaces", block(std::move(spaces), space_count)}};
}

// The latest checkpoint, which the state matches between group commits.
Result<ReportCheckpoint> LatestCheckpoint(const LogStore& log) {
  std::string note = log.latest_checkpoint();
  ASSIGN_OR_RETURN(Note parsed, ParseNote(note));
  ASSIGN_OR_RETURN(Checkpoint checkpoint, ParseCheckpointText(parsed.text));
  if (checkpoint.size != log.size()) {
    return Status(ErrorCode::Corruption, "monitor: the latest checkpoint is at tree size " +
                                             std::to_string(checkpoint.size) + ", the log has " +
                                             std::to_string(log.size()) + " entries");
  }
  return ReportCheckpoint{checkpoint.origin, checkpoint.size, checkpoint.root, std::move(note)};
}

}  // namespace

Result<JsonValue> ComputeMonitorState(Ledger& ledger, const MonitorLimits& limits) {
  LogStore& log = ledger.log();
  ASSIGN_OR_RETURN(ReportCheckpoint checkpoint, LatestCheckpoint(log));
  uint64_t size = checkpoint.tree_size;
  ReportRequest request;  // the programme, all time, as of the latest checkpoint
  request.tree_size = size;
  auto entries = [&log](uint64_t begin, uint64_t end, const EntryVisitor& visit) {
    return log.ForEachEntry(begin, end, visit);
  };
  ASSIGN_OR_RETURN(ReportData report,
                   ComputeReport(ledger.state(), size, entries, request, checkpoint));
  ASSIGN_OR_RETURN(JsonValue body, ReportBody(report));
  ASSIGN_OR_RETURN(auto programme, ProgrammeOf(body, limits));
  ASSIGN_OR_RETURN(Object sections, SectionsOf(body, limits));
  ASSIGN_OR_RETURN(Object budgets,
                   MonitorBudgets(ledger.state(), limits.max_scope_parties, ledger.last_time_us()));
  ASSIGN_OR_RETURN(JsonValue recent,
                   RecentEntries(log, size, limits.recent_entries, limits.recent_bytes));
  const JsonValue* registrations = body.Find("registrations");
  Object state{
      {"format", kMonitorFormat},
      {"checkpoint", *body.Find("checkpoint")},
      {"last_entry_time_us", ledger.last_time_us()},
      {"programme",
       Object{{"currencies", std::move(programme.first)},
              {"registrations", registrations != nullptr ? *registrations : JsonValue(Object{})}}},
      {"campaigns", std::move(programme.second)},
      {"districts", std::move(sections["districts"])},
      {"maker_spaces", std::move(sections["maker_spaces"])},
      {"recent_entries", std::move(recent)},
  };
  for (auto& [key, value] : budgets) state[key] = std::move(value);
  return JsonValue(std::move(state));
}

}  // namespace crowdledger
