// A report as CSV (RFC 4180, UTF-8), written from its signed JSON: one row per figure, with
// the scope, currency, section, the figure's key and label, its value (amounts in yuan with
// two decimals, ratios as percentages, counts as integers) and the unit. The first rows name
// the report, its period and its checkpoint. Only the JSON is signed; the CSV is a view of it.
// Thread-safety: pure function.
#pragma once

#include <string>

#include "ledger/reports/canonical_json.h"
#include "ledger/reports/report_text.h"

namespace crowdledger {

Result<std::string> ReportCsv(const JsonValue& body, ReportLanguage language);

}  // namespace crowdledger
