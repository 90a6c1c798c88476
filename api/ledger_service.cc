// LedgerService: the queue, the group commit loop and orderly shutdown.
#include "api/ledger_service.h"

#include <algorithm>
#include <chrono>

#include "crypto/wall_clock.h"
#include "ledger/thread_name.h"

namespace crowdledger::api {

LedgerService::LedgerService(std::unique_ptr<Ledger> ledger, ServiceOptions options)
    : ledger_(std::move(ledger)), options_(std::move(options)), thread_([this] {
        NameThisThread("cl-ledger");
        Loop();
      }) {}

LedgerService::~LedgerService() { Stop(); }

bool LedgerService::Enqueue(Job job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= options_.max_queued) return false;
    queue_.push_back(std::move(job));
    metrics_.queue_depth.store(queue_.size(), std::memory_order_relaxed);
  }
  wake_.notify_one();
  return true;
}

bool LedgerService::Submit(SignedTransaction transaction, SubmitCallback done) {
  bool queued = Enqueue(Job{std::move(transaction), std::move(done), nullptr});
  // Metrics: the caller answers Busy for a full queue.
  if (!queued) metrics_.CountOutcome(Status(ErrorCode::Busy, ""), false);
  return queued;
}

bool LedgerService::Read(ReadJob job) { return Enqueue(Job{{}, nullptr, std::move(job)}); }

void LedgerService::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void LedgerService::SetPump(ReadJob pump) {
  std::lock_guard lock(mutex_);
  pump_ = std::move(pump);
}

void LedgerService::ApplyTaken(std::vector<Job>& taken) {
  if (taken.empty()) return;
  auto now = std::chrono::steady_clock::now();
  if (ledger_->open_transactions() == 0) {
    open_since_ = now;
    open_bytes_ = 0;
  }
  CountArrivals(taken.size(), now);
  std::vector<SignedTransaction> transactions;
  std::vector<SubmitDone> done;
  transactions.reserve(taken.size());
  done.reserve(taken.size());
  for (Job& job : taken) {
    open_bytes_ += job.transaction.bytes.size();
    transactions.push_back(std::move(job.transaction));
    // Metrics: each outcome, as it is delivered.
    done.emplace_back([this, callback = std::move(job.done)](SubmitResult result) {
      metrics_.CountOutcome(result.status, result.duplicate);
      callback(std::move(result));
    });
  }
  ledger_->Apply(transactions, WallClockMicros(), done);
  taken.clear();
}

void LedgerService::StartWriteIfFree(bool wait) {
  // Metrics: a group's time from its first apply to its durable end, counted before its
  // results are delivered (a client that scrapes after its answer sees its group).
  auto observe_commit = [this](std::chrono::steady_clock::time_point since) {
    metrics_.group_commit_micros.Observe(
        static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                  std::chrono::steady_clock::now() - since)
                                  .count()));
  };
  filling_ = false;  // set again below while the open group waits to fill
  if (ledger_->write_in_flight()) {
    if (!wait && !ledger_->write_finished()) return;
    ledger_->WaitForWrite();
    observe_commit(writing_since_);
    ledger_->FinishWrite();
  }
  size_t transactions = ledger_->open_transactions();
  if (transactions == 0) return;
  if (!wait && WaitsToFill(transactions)) return;
  metrics_.group_transactions.Observe(transactions);
  writing_since_ = open_since_;
  // With nothing to log (refusals, repeats), StartWrite delivers the results at once.
  if (ledger_->open_entries() == 0) observe_commit(open_since_);
  ledger_->StartWrite();
}

void LedgerService::CountArrivals(size_t transactions, std::chrono::steady_clock::time_point now) {
  if (options_.group_fill_wait.count() == 0) return;  // groups never wait: nothing to measure
  // Windows of 200 ms: the kernel counts processor time in ticks of 10 ms, so a window holds
  // 20 per processor; still short enough to follow a change of load.
  constexpr std::chrono::milliseconds kRateWindow{200};
  auto elapsed = now - rate_window_start_;
  if (elapsed >= kRateWindow) {
    arrival_rate_ = static_cast<double>(rate_window_transactions_) /
                    std::chrono::duration<double>(elapsed).count();
    busy_share_ = options_.busy_share ? options_.busy_share() : processor_load_.Sample();
    rate_window_start_ = now;
    rate_window_transactions_ = 0;
  }
  rate_window_transactions_ += transactions;
}

bool LedgerService::WaitsToFill(size_t transactions) {
  if (transactions >= options_.group_fill_transactions ||
      open_bytes_ >= options_.group_fill_bytes) {
    return false;
  }
  auto until = open_since_ + options_.group_fill_wait;
  if (std::chrono::steady_clock::now() >= until) return false;
  // Waiting saves processor time at the cost of latency: only worth it when the processors
  // are what limits the rate. With processors to spare (or few transactions per wait), the
  // group is written now: a handful of clients with a transaction or two in flight each
  // would otherwise wait for arrivals that only come once they are answered.
  if (busy_share_ < kBusyShare) return false;
  double expected = arrival_rate_ * std::chrono::duration<double>(options_.group_fill_wait).count();
  if (expected < static_cast<double>(options_.group_fill_transactions) / 2) return false;
  filling_ = true;
  return true;
}

void LedgerService::Drain() {
  StartWriteIfFree(true);
  StartWriteIfFree(true);
}

void LedgerService::Loop() {
  ledger_->SetWriteListener([this] {
    {
      std::lock_guard lock(mutex_);
      write_ended_ = true;
    }
    wake_.notify_one();
  });
  std::vector<Job> taken_transactions;
  while (true) {
    std::deque<Job> taken;
    ReadJob pump;
    {
      std::unique_lock lock(mutex_);
      // A group waiting to fill is written by its deadline.
      auto until = std::chrono::steady_clock::now() + kPumpInterval;
      if (filling_) until = std::min(until, open_since_ + options_.group_fill_wait);
      wake_.wait_until(lock, until,
                       [this] { return stopping_ || !queue_.empty() || write_ended_; });
      if (stopping_ && queue_.empty()) break;  // everything queued is done
      pump = pump_;
      // Everything queued so far: transactions that arrived while the last group was being
      // applied or written join the open group.
      taken.swap(queue_);
      write_ended_ = false;
      metrics_.queue_depth.store(0, std::memory_order_relaxed);
    }
    size_t taken_bytes = 0;
    for (Job& job : taken) {
      if (job.read) {
        ApplyTaken(taken_transactions);
        taken_bytes = 0;
        Drain();  // a read sees every transaction queued before it, durable
        job.read(*ledger_);
        continue;
      }
      taken_bytes += job.transaction.bytes.size();
      taken_transactions.push_back(std::move(job));
      if (taken_transactions.size() >= options_.max_group || taken_bytes >= kApplyChunkBytes) {
        ApplyTaken(taken_transactions);
        taken_bytes = 0;
        // A write that ended while this chunk was applied hands its results back and the
        // open group starts its write now, not after the rest of the batch.
        StartWriteIfFree(false);
      }
      // A full open group waits for the write in flight.
      if (ledger_->open_transactions() >= options_.max_group) StartWriteIfFree(true);
    }
    ApplyTaken(taken_transactions);
    StartWriteIfFree(false);
    if (pump) pump(*ledger_);
  }
  Drain();
  ledger_.reset();  // writes the last state checkpoint
}

}  // namespace crowdledger::api
