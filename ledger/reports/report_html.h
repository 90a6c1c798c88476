// A report as one self-contained HTML page, written from its signed JSON: no script, no
// external asset (styles inline, charts as inline SVG), readable on screen and printable
// (A4, one section per page break where it fits). Amounts in yuan with two decimals from fen.
// Only the JSON is signed; the page shows the signature and how to verify it.
// Thread-safety: pure function.
#pragma once

#include <string>

#include "ledger/reports/canonical_json.h"
#include "ledger/reports/report_text.h"

namespace crowdledger {

Result<std::string> ReportHtml(const JsonValue& body, std::string_view signature_base64,
                               std::string_view key_name, ReportLanguage language);

}  // namespace crowdledger
