// LedgerService: the one thread that owns a Ledger. Network threads hand it transactions and
// reads; it applies queued transactions in arrival order into the open group, and whenever
// the ledger's write thread is free, that group's write starts (one WAL sync for all of it)
// while the next group is applied. Reads run once everything before them is durable, so they
// see every transaction acknowledged before them. The queue is bounded: a full queue is
// refused (Busy) instead of growing.
// Thread-safety: Submit and Read may be called from any thread; callbacks run on the
// service's thread and must not block.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "api/service_metrics.h"
#include "ledger/ledger.h"

namespace crowdledger::api {

struct ServiceOptions {
  size_t max_queued = 100'000;  // transactions and reads waiting
  size_t max_group = 4'096;     // transactions per group commit (then it waits for the write)
};

class LedgerService {
 public:
  using SubmitCallback = std::function<void(SubmitResult)>;
  using ReadJob = std::function<void(Ledger&)>;

  LedgerService(std::unique_ptr<Ledger> ledger, ServiceOptions options = {});
  ~LedgerService();  // finishes what is queued, then closes the ledger

  // False (and the callback is not called) when the queue is full or the service stopped.
  bool Submit(SignedTransaction transaction, SubmitCallback done);
  bool Read(ReadJob job);
  // Stops taking work, finishes what is queued and joins the thread.
  void Stop();
  // Called on the service thread after every batch of work, and at least every
  // kPumpInterval while idle (subscriptions send new entries from it). Set before use.
  void SetPump(ReadJob pump);
  static constexpr std::chrono::milliseconds kPumpInterval{5};
  // A batch taken from the queue is applied in chunks of about this many transaction bytes,
  // and between chunks a finished write is collected and the next one started: a batch of
  // large transactions (milliseconds each to apply) must not hold back results that are
  // already durable, nor leave the write thread idle.
  static constexpr size_t kApplyChunkBytes = size_t{32} << 10;
  // The ledger's known keys, for signature checks on other threads (thread-safe).
  KnownKeys& known_keys() { return ledger_->known_keys(); }
  // The log, for reads from other threads (LogStore is thread-safe): the HTTP face serves
  // tiles from it without queueing behind group commits. Valid until Stop().
  const LogStore& log() const { return ledger_->log(); }
  // Counters for operators (api/http's /metrics); thread-safe.
  const ServiceMetrics& metrics() const { return metrics_; }

 private:
  struct Job {
    SignedTransaction transaction;
    SubmitCallback done;  // set for a transaction
    ReadJob read;         // set for a read
  };
  bool Enqueue(Job job);
  void Loop();
  // Applies the transactions taken from the queue so far into the open group.
  void ApplyTaken(std::vector<Job>& taken);
  // Starts the open group's write once the write thread is free (waiting for it if `wait`),
  // delivering the results of the write that ended.
  void StartWriteIfFree(bool wait);
  // Everything applied is durable and delivered.
  void Drain();

  std::unique_ptr<Ledger> ledger_;
  ServiceOptions options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;
  ReadJob pump_;  // under mutex_ when set; then read by the service thread
  bool stopping_ = false;
  bool write_ended_ = false;  // under mutex_: the ledger's write thread finished a write
  // The open group's first apply, and the writing group's (for the group commit metric).
  std::chrono::steady_clock::time_point open_since_;
  std::chrono::steady_clock::time_point writing_since_;
  ServiceMetrics metrics_;  // before thread_: the loop writes it
  std::thread thread_;
};

}  // namespace crowdledger::api
