// Metrics: each family with its HELP and TYPE lines, then its samples.
#include "api/http/metrics_handler.h"

#include <sstream>

namespace crowdledger::api::http {
namespace {

void Family(std::ostringstream& out, const char* name, const char* type, const char* help) {
  out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
}

void Single(std::ostringstream& out, const char* name, const char* type, const char* help,
            uint64_t value) {
  Family(out, name, type, help);
  out << name << ' ' << value << '\n';
}

// `scale` divides the recorded integers (e.g. 1e6: microseconds shown as seconds).
void Histogram(std::ostringstream& out, const char* name, const char* help,
               const AtomicHistogram& histogram, double scale) {
  Family(out, name, "histogram", help);
  AtomicHistogram::Snapshot snapshot = histogram.Read();
  for (size_t i = 0; i < snapshot.upper_bounds.size(); ++i) {
    out << name << "_bucket{le=\"" << static_cast<double>(snapshot.upper_bounds[i]) / scale
        << "\"} " << snapshot.cumulative_counts[i] << '\n';
  }
  out << name << "_bucket{le=\"+Inf\"} " << snapshot.cumulative_counts.back() << '\n';
  out << name << "_sum " << static_cast<double>(snapshot.sum) / scale << '\n';
  out << name << "_count " << snapshot.count << '\n';
}

void ServiceFamilies(std::ostringstream& out, const ServiceMetrics& service) {
  Family(out, "crowdledger_transactions_total", "counter",
         "Transactions answered by the ledger service, by outcome and error code.");
  out << "crowdledger_transactions_total{outcome=\"accepted\",code=\"Ok\"} "
      << service.transactions_accepted.load(std::memory_order_relaxed) << '\n';
  out << "crowdledger_transactions_total{outcome=\"duplicate\",code=\"Ok\"} "
      << service.transactions_duplicate.load(std::memory_order_relaxed) << '\n';
  for (size_t code = 0; code < kErrorCodeSlots; ++code) {
    uint64_t count = service.transactions_refused[code].load(std::memory_order_relaxed);
    if (count == 0) continue;
    out << "crowdledger_transactions_total{outcome=\"refused\",code=\""
        << ErrorCodeName(static_cast<ErrorCode>(code)) << "\"} " << count << '\n';
  }
  Single(out, "crowdledger_queue_depth", "gauge",
         "Transactions and reads waiting for the ledger thread.",
         service.queue_depth.load(std::memory_order_relaxed));
  Histogram(out, "crowdledger_group_commit_transactions", "Transactions per group commit.",
            service.group_transactions, 1.0);
  Histogram(out, "crowdledger_group_commit_seconds",
            "Time of one group commit, from its first apply to its WAL sync.",
            service.group_commit_micros, 1e6);
}

// A RocksDB figure, or nothing when RocksDB cannot give it (the scrape still succeeds).
void Storage(std::ostringstream& out, const char* name, const char* help,
             const Result<uint64_t>& value) {
  if (value.ok()) Single(out, name, "gauge", help, *value);
}

// A label value in the exposition format: backslash, double quote and newline escaped.
std::string LabelValue(std::string_view text) {
  std::string escaped;
  for (char c : text) {
    if (c == '\\' || c == '"') escaped += '\\';
    if (c == '\n') {
      escaped += "\\n";
      continue;
    }
    escaped += c;
  }
  return escaped;
}

void WitnessFamilies(std::ostringstream& out, const WitnessMetrics& witnesses) {
  Family(out, "crowdledger_witness_requests_total", "counter",
         "add-checkpoint requests to each witness, by outcome: cosigned, conflict (409), failed.");
  for (const WitnessMetrics::PerWitness& witness : witnesses.witnesses) {
    std::string label = "crowdledger_witness_requests_total{witness=\"" + LabelValue(witness.name);
    out << label << "\",outcome=\"cosigned\"} " << witness.cosigned.load(std::memory_order_relaxed)
        << '\n';
    out << label << "\",outcome=\"conflict\"} " << witness.conflicts.load(std::memory_order_relaxed)
        << '\n';
    out << label << "\",outcome=\"failed\"} " << witness.failures.load(std::memory_order_relaxed)
        << '\n';
  }
  Family(out, "crowdledger_witness_cosigned_size", "gauge",
         "Tree size of the latest checkpoint each witness cosigned.");
  for (const WitnessMetrics::PerWitness& witness : witnesses.witnesses) {
    out << "crowdledger_witness_cosigned_size{witness=\"" << LabelValue(witness.name) << "\"} "
        << witness.cosigned_size.load(std::memory_order_relaxed) << '\n';
  }
  Single(out, "crowdledger_checkpoint_quorum_size", "gauge",
         "Tree size of the latest checkpoint cosigned by a quorum of witnesses (/checkpoint).",
         witnesses.quorum_size.load(std::memory_order_relaxed));
}

}  // namespace

HttpResponse ServeMetrics(const MetricsSources& sources) {
  std::ostringstream out;
  out.precision(15);  // sums in seconds keep their microseconds
  if (sources.service != nullptr) ServiceFamilies(out, *sources.service);
  Family(out, "crowdledger_connections", "gauge", "Open connections, by listener.");
  if (sources.api_connections) {
    out << "crowdledger_connections{listener=\"api\"} " << sources.api_connections() << '\n';
  }
  out << "crowdledger_connections{listener=\"http\"} "
      << sources.http_connections->load(std::memory_order_relaxed) << '\n';
  Single(out, "crowdledger_tree_size", "gauge", "Entries in the log (the Merkle tree's size).",
         sources.log->size());
  Storage(out, "crowdledger_rocksdb_pending_compaction_bytes",
          "RocksDB's estimate of the bytes compaction still has to rewrite.",
          sources.log->AggregatedIntProperty("rocksdb.estimate-pending-compaction-bytes"));
  Storage(out, "crowdledger_rocksdb_memtable_bytes", "RocksDB memtables' size, all families.",
          sources.log->AggregatedIntProperty("rocksdb.cur-size-all-mem-tables"));
  Storage(out, "crowdledger_rocksdb_live_wal_bytes", "Bytes of RocksDB's live WAL files.",
          sources.log->LiveWalBytes());
  if (sources.witnesses != nullptr) WitnessFamilies(out, *sources.witnesses);
  HttpResponse response;
  response.content_type = "text/plain; version=0.0.4; charset=utf-8";
  response.cache_control = "no-store";
  response.body = out.str();
  return response;
}

}  // namespace crowdledger::api::http
