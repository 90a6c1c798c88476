// What the monitoring routes read from a request, parsed strictly: the page's query string
// (nothing, "lang=zh" or "lang=en") and an If-None-Match header (RFC 9110 13.1.2) against the
// state's entity tag.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "crypto/status.h"
#include "ledger/reports/report_text.h"

namespace crowdledger::api::http {

// `query` is what follows the '?' (empty: none). InvalidArgument for anything but the forms
// above, naming what was received (cut to a few dozen bytes).
Result<ReportLanguage> ParsePageQuery(std::string_view query);

// The state's entity tag: the tree size and the first 12 characters (72 bits) of the root's
// base64, quoted ("844-CK/I/SrRErMN"), so that a browser's copy never matches another ledger's.
std::string MonitorEtag(uint64_t tree_size, std::string_view root_base64);

// True if `header` ("*", or a comma-separated list of entity tags, weak or strong) names
// `etag` by the weak comparison If-None-Match uses. A malformed header matches nothing (the
// full answer is sent, which is always safe).
bool IfNoneMatchHits(std::string_view header, std::string_view etag);

}  // namespace crowdledger::api::http
