// GET / : the authority's live monitoring page (the policy's 统计监测平台): one self-contained
// HTML page (inline CSS and script, no external asset, a data: icon so that the browser asks
// for no favicon) that polls /monitor/state.json every 2 s with If-None-Match and redraws
// when the tree grows. Chinese by default, English with ?lang=en; laid out for phones first.
// Amounts arrive as integers in minor units and are shown as yuan by BigInt arithmetic (the
// JSON is parsed with the numbers' source text, so no figure passes through a double).
// Thread-safety: thread-safe (the pages are built once, on first use).
#pragma once

#include <string>

#include "ledger/reports/report_text.h"

namespace crowdledger::api::http {

const std::string& MonitorPage(ReportLanguage language);

}  // namespace crowdledger::api::http
