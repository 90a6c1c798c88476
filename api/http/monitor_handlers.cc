// Monitoring answers: the page's language, and the snapshot as 200, 304, 503 or 500.
#include "api/http/monitor_handlers.h"

#include "api/http/monitor_page.h"
#include "api/http/monitor_request.h"

namespace crowdledger::api::http {

HttpResponse ServeMonitorPage(std::string_view query) {
  auto language = ParsePageQuery(query);
  if (!language.ok()) return TextResponse(400, language.status().message());
  HttpResponse response;
  response.content_type = "text/html; charset=utf-8";
  response.cache_control = kNoCache;  // the page changes only with the server's version
  response.body = MonitorPage(*language);
  return response;
}

HttpResponse MonitorStateResponse(const MonitorSnapshot& snapshot, std::string_view if_none_match) {
  if (snapshot.status.code() == ErrorCode::Busy) {
    return TextResponse(503, snapshot.status.message() + "; retry later");
  }
  if (!snapshot.status.ok()) {
    return TextResponse(500, "reading the monitoring state failed: " + snapshot.status.ToString());
  }
  HttpResponse response;
  // Revalidated on every poll; the ETag makes an unchanged answer a bodyless 304.
  response.cache_control = kNoCache;
  response.etag = snapshot.etag;
  if (!if_none_match.empty() && IfNoneMatchHits(if_none_match, snapshot.etag)) {
    response.status = 304;
    return response;
  }
  response.content_type = "application/json";
  response.body = snapshot.json;
  return response;
}

}  // namespace crowdledger::api::http
