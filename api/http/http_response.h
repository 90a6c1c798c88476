// HttpResponse: what a route answers, before it becomes a Beast message: status, content type,
// cache policy and body. Routes build these; the session adds the connection's headers.
#pragma once

#include <string>

namespace crowdledger::api::http {

struct HttpResponse {
  unsigned status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string cache_control = "no-store";
  std::string allow;  // the Allow header of a 405, naming the methods the resource takes
  std::string etag;   // sent as ETag when set
  std::string body;
};

// Full tiles and bundles never change: clients and caches may keep them for a year.
inline constexpr const char* kImmutable = "public, max-age=31536000, immutable";
// The checkpoint and partial tiles move on with the log: a few seconds at most (spec).
inline constexpr const char* kShortLived = "public, max-age=5";
inline constexpr const char* kNoCache = "no-cache";

inline HttpResponse TextResponse(unsigned status, std::string text) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(text);
  response.body += '\n';
  return response;
}

}  // namespace crowdledger::api::http
