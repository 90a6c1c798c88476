// WitnessPool: the ledger's side of C2SP tlog-witness. On a thread and io_context of its own
// (never the ledger's writer thread), it sends each new checkpoint to every configured witness
// with a consistency proof from the size that witness last cosigned (learned from its 200 or
// its 409), verifies each cosignature returned with the witness's configured key, and once
// `quorum` distinct witnesses cosigned the same checkpoint publishes that checkpoint with
// their cosignature lines (CosignedCheckpoint, what GET /checkpoint serves).
//
// At most one request is in flight per witness, and it always carries the latest checkpoint:
// checkpoints issued while a request is out are coalesced. A witness that fails is retried
// with a doubling delay (retry_min to retry_max). New checkpoints are noticed by polling the
// log store's size (a shared-lock read) every poll_interval: the ledger's writer path stays
// untouched.
// Thread-safety: Start and Stop from one thread; cosigned() and metrics() from any thread.
// The LogStore must outlive the pool (Stop before closing the ledger).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "api/asio.h"
#include "api/witness/cosigned_checkpoint.h"
#include "api/witness/witness_client.h"
#include "api/witness/witness_metrics.h"
#include "crypto/cosignature.h"
#include "ledger/log_store.h"

namespace crowdledger::api {

// A note carries at most kMaxNoteSignatures (64) lines: the ledger's own and the witnesses'.
inline constexpr size_t kMaxWitnesses = 32;
// Checkpoints with some but not enough cosignatures kept while the witnesses catch up.
inline constexpr size_t kMaxPendingCheckpoints = 64;

struct WitnessPeer {
  Cosigner cosigner;  // its name and key (a type 0x04 verifier key)
  std::string url;    // as configured, for messages
  WitnessEndpoint endpoint;
};

struct WitnessPoolOptions {
  std::vector<WitnessPeer> witnesses;
  size_t quorum = 1;
  std::chrono::milliseconds request_timeout{10'000};
  std::chrono::milliseconds poll_interval{50};
  std::chrono::milliseconds retry_min{500};
  std::chrono::milliseconds retry_max{30'000};
  bool log_failures = true;  // one line on stderr when a witness's failure changes
};

// Parses "VKEY" and "URL" of one --witness option.
Result<WitnessPeer> ParseWitnessPeer(std::string_view verifier_key, std::string_view url);

class WitnessPool {
 public:
  // InvalidArgument unless 1 <= quorum <= witnesses <= kMaxWitnesses, with distinct names.
  static Result<std::unique_ptr<WitnessPool>> Create(const LogStore& log,
                                                     WitnessPoolOptions options);
  ~WitnessPool();
  WitnessPool(const WitnessPool&) = delete;
  WitnessPool& operator=(const WitnessPool&) = delete;

  void Start();
  void Stop();  // idempotent; in-flight requests are abandoned

  const CosignedCheckpoint& cosigned() const { return cosigned_; }
  const WitnessMetrics& metrics() const { return metrics_; }

 private:
  // What the pool knows of one witness; used on the pool's thread only.
  struct Link {
    explicit Link(WitnessPeer witness) : peer(std::move(witness)) {}
    WitnessPeer peer;
    uint64_t old_size = 0;                  // the size it last cosigned, as far as we know
    std::optional<uint64_t> cosigned_size;  // what it last cosigned for us
    bool busy = false;
    std::chrono::steady_clock::time_point retry_at{};
    std::chrono::milliseconds backoff{0};
    std::string last_error;
  };
  // The log's latest checkpoint.
  struct Latest {
    uint64_t size = 0;
    std::string note;  // the signed note
    std::string text;  // its text, what cosignatures sign
  };
  struct Pending {
    std::string note;
    std::vector<std::string> lines;  // per witness; empty where none yet
  };

  WitnessPool(const LogStore& log, WitnessPoolOptions options);
  void Tick();
  Status ReadLatest();
  void Send(size_t index);
  void OnAnswer(size_t index, const Latest& sent, Result<WitnessHttpAnswer> answer);
  void OnCosigned(size_t index, const Latest& sent, const std::string& body);
  void OnConflict(size_t index, const Latest& sent, const WitnessHttpAnswer& answer);
  void Succeeded(size_t index);
  void Fail(size_t index, const std::string& why);
  void Record(size_t index, const Latest& sent, std::string line);

  const LogStore& log_;
  WitnessPoolOptions options_;
  std::vector<Link> links_;
  Latest latest_;
  std::map<uint64_t, Pending> pending_;  // by tree size
  CosignedCheckpoint cosigned_;
  WitnessMetrics metrics_;
  boost::asio::io_context io_;
  boost::asio::steady_timer timer_;
  std::thread thread_;
};

}  // namespace crowdledger::api
