// WitnessServer: the witness's two routes and the spec's statuses.
#include "api/witness/witness_server.h"

#include "ledger/witness/add_checkpoint_request.h"

namespace crowdledger::api {
namespace {

http::HttpOptions WithBodyLimit(http::HttpOptions options) {
  options.max_body_bytes = kMaxAddCheckpointBytes;
  return options;
}

unsigned StatusOf(WitnessOutcome outcome) {
  switch (outcome) {
    case WitnessOutcome::kCosigned:
      return 200;
    case WitnessOutcome::kMalformed:
      return 400;
    case WitnessOutcome::kForbidden:
      return 403;
    case WitnessOutcome::kUnknownLog:
      return 404;
    case WitnessOutcome::kConflict:
      return 409;
    case WitnessOutcome::kInconsistent:
      return 422;
    case WitnessOutcome::kFailed:
      return 500;
  }
  return 500;
}

}  // namespace

WitnessServer::WitnessServer(Witness& witness, http::HttpOptions options)
    : witness_(witness),
      listener_(WithBodyLimit(std::move(options)),
                [this](const http::HttpRequest& request, const http::HttpReply& reply) {
                  reply(Answer(request));
                }) {}

http::HttpResponse ToHttpResponse(WitnessAnswer answer) {
  http::HttpResponse response;
  response.status = StatusOf(answer.outcome);
  response.body = std::move(answer.body);
  if (answer.outcome == WitnessOutcome::kConflict) {
    response.content_type = "text/x.tlog.size";  // the spec's type; the body is "<size>\n"
  } else if (answer.outcome != WitnessOutcome::kCosigned) {
    response.body += '\n';  // a reason, one line
  }
  return response;
}

http::HttpResponse WitnessServer::Answer(const http::HttpRequest& request) const {
  if (request.target == "/add-checkpoint") {
    if (request.method != "POST") {
      http::HttpResponse response = http::TextResponse(405, "add-checkpoint takes POST");
      response.allow = "POST";
      return response;
    }
    return ToHttpResponse(witness_.AddCheckpoint(request.body));
  }
  if (request.target == "/healthz") {
    if (request.method != "GET" && request.method != "HEAD") {
      http::HttpResponse response = http::TextResponse(405, "healthz takes GET and HEAD");
      response.allow = "GET, HEAD";
      return response;
    }
    return http::TextResponse(200, "alive");
  }
  return http::TextResponse(404, "no such resource");
}

}  // namespace crowdledger::api
