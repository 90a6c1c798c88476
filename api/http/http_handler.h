// HttpRequest and HttpHandler: what a listener hands its routes, free of Beast. The handler
// answers every request read whole; the session adds the connection's headers, strips the body
// of a HEAD answer and enforces the limits before the handler ever runs.
#pragma once

#include <functional>
#include <string_view>

#include "api/http/http_response.h"

namespace crowdledger::api::http {

struct HttpRequest {
  std::string_view method;  // "GET", "HEAD", "POST", ...
  std::string_view target;
  std::string_view body;  // empty unless the listener accepts bodies (HttpOptions::max_body_bytes)
};

// Called on the connection's strand; must be thread-safe when the listener runs several threads.
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

}  // namespace crowdledger::api::http
