// GET /metrics: the Prometheus text exposition format (version 0.0.4) of what operators watch:
// transactions accepted and refused by error code, group-commit sizes and times, the queue,
// connections, the tree size, RocksDB's pending compaction and live WAL bytes, and the
// witnesses' answers when the ledger has witnesses.
// Thread-safety: thread-safe (atomics and LogStore reads).
#pragma once

#include <atomic>
#include <functional>

#include "api/http/http_response.h"
#include "api/service_metrics.h"
#include "api/witness/witness_metrics.h"
#include "ledger/log_store.h"

namespace crowdledger::api::http {

struct MetricsSources {
  const LogStore* log = nullptr;                          // required
  const ServiceMetrics* service = nullptr;                // null: no ledger service counters
  std::function<size_t()> api_connections;                // empty: the binary API is not reported
  const std::atomic<size_t>* http_connections = nullptr;  // required
  const WitnessMetrics* witnesses = nullptr;              // null: no witnesses configured
};

HttpResponse ServeMetrics(const MetricsSources& sources);

}  // namespace crowdledger::api::http
