// HttpRequest and HttpHandler: what a listener hands its routes, free of Beast. The handler
// answers every request read whole, at once or later (the monitoring figures are computed on
// the ledger's thread); the session adds the connection's headers, strips the body of a HEAD
// answer and enforces the limits before the handler ever runs.
#pragma once

#include <functional>
#include <string_view>

#include "api/http/http_response.h"

namespace crowdledger::api::http {

struct HttpRequest {
  std::string_view method;  // "GET", "HEAD", "POST", ...
  std::string_view target;
  std::string_view body;  // empty unless the listener accepts bodies (HttpOptions::max_body_bytes)
  std::string_view if_none_match;  // the If-None-Match header; empty when absent
};

// The answer to one request: call it exactly once, from any thread (the session sends it on
// the connection's strand). No read is pending on the connection until it is called.
using HttpReply = std::function<void(HttpResponse)>;

// Called on the connection's strand; must be thread-safe when the listener runs several threads.
// The request's views are valid only during the call: copy what a later answer needs.
using HttpHandler = std::function<void(const HttpRequest&, HttpReply)>;

}  // namespace crowdledger::api::http
