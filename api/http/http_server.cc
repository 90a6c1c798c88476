// HttpServer: the ledger's routes on an HttpListener.
#include "api/http/http_server.h"

namespace crowdledger::api::http {

HttpServer::HttpServer(const LogStore& log, HttpOptions options, const ServiceMetrics* service,
                       std::function<size_t()> api_connections)
    : tiles_(log), listener_(std::move(options), [this](const HttpRequest& request) {
        return Answer(request);
      }) {
  context_.tiles = &tiles_;
  context_.metrics =
      MetricsSources{&log, service, std::move(api_connections), &listener_.connections(), nullptr};
  context_.ready = &ready_;
}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::SetWitnesses(const CosignedCheckpoint* cosigned, const WitnessMetrics* metrics) {
  context_.cosigned = cosigned;
  context_.metrics.witnesses = metrics;
}

Status HttpServer::Listen() {
  RETURN_IF_ERROR(listener_.Listen());
  ready_.store(true, std::memory_order_relaxed);
  return Status::Ok();
}

void HttpServer::Stop() {
  ready_.store(false, std::memory_order_relaxed);
  listener_.Stop();
}

HttpResponse HttpServer::Answer(const HttpRequest& request) const {
  if (request.method != "GET" && request.method != "HEAD") {
    HttpResponse response = TextResponse(405, "read-only: only GET and HEAD are allowed");
    response.allow = "GET, HEAD";
    return response;
  }
  return Route(context_, request.target);
}

}  // namespace crowdledger::api::http
