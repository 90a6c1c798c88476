// The JSON of a report (docs/reports.md, "The JSON"): the canonical, signed form. Every
// figure is an integer (amounts in fen, ratios as exact fractions with their basis points
// rounded down); the CSV and HTML forms are written from this JSON, never from anything else.
// Thread-safety: pure functions.
#pragma once

#include "ledger/reports/canonical_json.h"
#include "ledger/reports/report_request.h"

namespace crowdledger {

inline constexpr char kReportFormat[] = "crowdledger-report/1";
// The report day's time zone, as the JSON names it.
inline constexpr char kReportTimeZone[] = "UTC+08:00 (China Standard Time)";

// Overflow if a position (loans outstanding...) cannot be computed in 64 bits.
Result<JsonValue> ReportBody(const ReportData& report);

// What a report body says it is (kind, subject, period, tree size): what to recompute.
Result<ReportRequest> RequestOfReportBody(const JsonValue& body);

}  // namespace crowdledger
