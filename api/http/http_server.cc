// HttpServer: the ledger's routes on an HttpListener.
#include "api/http/http_server.h"

#include "api/http/monitor_handlers.h"

namespace crowdledger::api::http {

HttpServer::HttpServer(const LogStore& log, HttpOptions options, const ServiceMetrics* service,
                       std::function<size_t()> api_connections)
    : tiles_(log),
      listener_(std::move(options), [this](const HttpRequest& request, HttpReply reply) {
        Answer(request, std::move(reply));
      }) {
  context_.tiles = &tiles_;
  context_.metrics =
      MetricsSources{&log, service, std::move(api_connections), &listener_.connections(), nullptr};
  context_.ready = &ready_;
}

HttpServer::~HttpServer() {
  Stop();
  monitor_.reset();  // waits for a computation in flight; its callers' sessions close
}

void HttpServer::EnableMonitor(LedgerService& service, MonitorOptions options) {
  monitor_ = std::make_unique<MonitorCache>(service, options);
  context_.monitor = monitor_.get();
}

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

void HttpServer::Answer(const HttpRequest& request, HttpReply reply) const {
  if (request.method != "GET" && request.method != "HEAD") {
    HttpResponse response = TextResponse(405, "read-only: only GET and HEAD are allowed");
    response.allow = "GET, HEAD";
    return reply(std::move(response));
  }
  // The monitoring figures: now from the cache, or once the ledger thread has computed them.
  if (request.target == kMonitorStatePath && monitor_ != nullptr) {
    monitor_->Get([reply = std::move(reply), if_none_match = std::string(request.if_none_match)](
                      const std::shared_ptr<const MonitorSnapshot>& snapshot) {
      reply(MonitorStateResponse(*snapshot, if_none_match));
    });
    return;
  }
  reply(Route(context_, request.target));
}

}  // namespace crowdledger::api::http
