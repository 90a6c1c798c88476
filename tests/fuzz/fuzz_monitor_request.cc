// Fuzz target: what the monitoring routes read from an HTTP request, the page's query string
// and an If-None-Match header (api/http/monitor_request.h), and the page's answer to a query.
#include "api/http/monitor_handlers.h"
#include "api/http/monitor_request.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace crowdledger::api::http;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)ParsePageQuery(text);
  (void)ServeMonitorPage(text);
  static const std::string etag = MonitorEtag(844, "CK/I/SrRErMNkijhbX9M6KMWA0hlxkSl19Bg3HKeJM4=");
  (void)IfNoneMatchHits(text, etag);
  (void)IfNoneMatchHits(etag, text);  // a tag of any shape on our side must not break it either
  return 0;
}
