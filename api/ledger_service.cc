// LedgerService: the queue, the group commit loop and orderly shutdown.
#include "api/ledger_service.h"

#include <chrono>

#include "crypto/wall_clock.h"

namespace crowdledger::api {
namespace {}  // namespace

LedgerService::LedgerService(std::unique_ptr<Ledger> ledger, ServiceOptions options)
    : ledger_(std::move(ledger)), options_(options), thread_([this] { Loop(); }) {}

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

void LedgerService::CommitGroup(std::vector<Job>& group) {
  if (group.empty()) return;
  std::vector<SignedTransaction> transactions;
  transactions.reserve(group.size());
  for (Job& job : group) transactions.push_back(std::move(job.transaction));
  auto started = std::chrono::steady_clock::now();
  std::vector<SubmitResult> results = ledger_->SubmitGroup(transactions, WallClockMicros());
  // Metrics: the group's size, its apply-and-sync time, and each outcome.
  auto elapsed = std::chrono::steady_clock::now() - started;
  metrics_.group_transactions.Observe(group.size());
  metrics_.group_commit_micros.Observe(static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count()));
  for (const SubmitResult& result : results) metrics_.CountOutcome(result.status, result.duplicate);
  for (size_t i = 0; i < group.size(); ++i) group[i].done(std::move(results[i]));
  group.clear();
}

void LedgerService::Loop() {
  std::vector<Job> group;
  while (true) {
    std::deque<Job> taken;
    ReadJob pump;
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, kPumpInterval, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_ && queue_.empty()) break;  // everything queued is done
      pump = pump_;
      // Everything queued so far: transactions that arrived while the last group was being
      // synced share the next sync.
      taken.swap(queue_);
      metrics_.queue_depth.store(0, std::memory_order_relaxed);
    }
    for (Job& job : taken) {
      if (job.read) {
        CommitGroup(group);  // a read sees every transaction queued before it
        job.read(*ledger_);
        continue;
      }
      group.push_back(std::move(job));
      if (group.size() >= options_.max_group) CommitGroup(group);
    }
    CommitGroup(group);
    if (pump) pump(*ledger_);
  }
  ledger_.reset();  // writes the last state checkpoint
}

}  // namespace crowdledger::api
