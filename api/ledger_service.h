// LedgerService: the one thread that owns a Ledger. Network threads hand it transactions and
// reads; it applies queued transactions in arrival order into the open group, and whenever
// the ledger's write thread is free, that group's write starts (one WAL sync for all of it)
// while the next group is applied (a small group first waits a little for more, when they
// arrive fast: ServiceOptions::group_fill_wait). Reads run once everything before them is
// durable, so they see every transaction acknowledged before them. The queue is bounded: a
// full queue is refused (Busy) instead of growing.
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

#include "api/processor_load.h"
#include "api/service_metrics.h"
#include "ledger/ledger.h"

namespace crowdledger::api {

struct ServiceOptions {
  size_t max_queued = 100'000;  // transactions and reads waiting
  size_t max_group = 4'096;     // transactions per group commit (then it waits for the write)
  // When the write thread is free but the open group has fewer than group_fill_transactions
  // transactions and group_fill_bytes bytes, and transactions arrive fast enough that half as
  // many again are expected within group_fill_wait, the group waits for them, up to
  // group_fill_wait from its first apply. Every group costs a WAL sync, a signed checkpoint
  // and a round of thread wake-ups; under load with one-pledge transactions, groups of 3 took
  // a third of a core in the write thread alone (docs/BENCHMARKS.md, "Filling small groups").
  // A lone client, one transaction per commit, never waits. A zero wait turns this off.
  size_t group_fill_transactions = 8;
  size_t group_fill_bytes = size_t{32} << 10;
  std::chrono::microseconds group_fill_wait{1'000};
  // The busy share of the machine's processors since its last call, in [0, 1]; empty: from
  // the kernel's counters (ProcessorLoad). Tests set it.
  std::function<double()> busy_share;
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
  // A group waits to fill only while at least this share of the machine's processors is busy
  // (ServiceOptions::group_fill_wait). On two cores, single pledges: 91% busy with 32 in
  // flight, where waiting gave 17% more; 69% with four in flight, where it cost 15%.
  static constexpr double kBusyShare = 0.8;
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
  // Counts `transactions` taken at `now` into arrival_rate_.
  void CountArrivals(size_t transactions, std::chrono::steady_clock::time_point now);
  // Whether the open group of `transactions` waits to fill (sets filling_ if so).
  bool WaitsToFill(size_t transactions);
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
  // The service thread's: the open group waits to fill, until open_since_ + group_fill_wait.
  bool filling_ = false;
  size_t open_bytes_ = 0;  // the service thread's: transaction bytes in the open group
  // The service thread's: transactions applied per second, and the busy share of the
  // machine's processors, over the last whole window.
  double arrival_rate_ = 0;
  double busy_share_ = 0;
  ProcessorLoad processor_load_;
  std::chrono::steady_clock::time_point rate_window_start_;
  size_t rate_window_transactions_ = 0;
  // The open group's first apply, and the writing group's (for the group commit metric).
  std::chrono::steady_clock::time_point open_since_;
  std::chrono::steady_clock::time_point writing_since_;
  ServiceMetrics metrics_;  // before thread_: the loop writes it
  std::thread thread_;
};

}  // namespace crowdledger::api
