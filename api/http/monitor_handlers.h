// The monitoring routes' answers: GET / (the page, ?lang=zh|en) and GET /monitor/state.json
// (the figures, with an ETag per tree size and 304 for a client that has them already).
// Thread-safety: pure functions.
#pragma once

#include <string_view>

#include "api/http/http_response.h"
#include "api/http/monitor_cache.h"

namespace crowdledger::api::http {

inline constexpr std::string_view kMonitorStatePath = "/monitor/state.json";

// `query` is what follows '?' in the target (empty: none).
HttpResponse ServeMonitorPage(std::string_view query);

// 200 with the JSON, 304 when `if_none_match` names its ETag, 503 when the ledger takes no
// reads, 500 when the figures could not be read.
HttpResponse MonitorStateResponse(const MonitorSnapshot& snapshot, std::string_view if_none_match);

}  // namespace crowdledger::api::http
