// ReportRequest: which report (kind and subject), over which days, as of which tree size;
// ReportData: the figures computed for it, before they are written as JSON.
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/bytes.h"
#include "crypto/status.h"
#include "ledger/reports/figures.h"

namespace crowdledger {

enum class ReportKind : uint8_t { Fund, Platform, MakerSpace, District, Programme };

// "fund", "platform", "maker-space", "district", "programme".
std::string_view ReportKindName(ReportKind kind);
Result<ReportKind> ParseReportKind(std::string_view name);

struct ReportRequest {
  ReportKind kind = ReportKind::Programme;
  std::string id;                   // the fund, platform, maker space or district; "" for programme
  std::optional<int64_t> from_day;  // report days (report_scopes.h), both inclusive
  std::optional<int64_t> to_day;
  uint64_t tree_size = 0;  // as of this many entries
};

// The checkpoint a report is computed at.
struct ReportCheckpoint {
  std::string origin;
  uint64_t tree_size = 0;
  Hash root{};
  std::string note;  // the signed note, as the ledger issued it
};

// One scope's figures: over the period, since genesis (positions), and by day.
struct ScopeFigures {
  std::string scope;
  std::string name;  // display name (a party's, or the district itself)
  Figures period;    // entries of the period
  Figures to_date;   // every entry up to the tree size: positions (loans outstanding...)
  std::map<int64_t, Figures> by_day;  // main scope only: the period's entries, per day
};

struct ReportSubject {
  std::string id;
  std::string name;
  std::string party_kind;  // the schema's enum name, "" for a district or the programme
  std::string district;
  std::string maker_space;
};

struct ReportData {
  ReportRequest request;
  ReportCheckpoint checkpoint;
  ReportSubject subject;
  ScopeFigures main;
  // A programme report's districts and maker spaces; a district report's maker spaces.
  std::vector<ScopeFigures> sections;
};

}  // namespace crowdledger
