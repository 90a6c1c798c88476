// DelayedKill: SIGKILLs a process after a delay, from a thread of its own, unless cancelled
// first. `fired()` turns true just before the signal is sent, so a connection that fails
// after it was cut on purpose; one that fails while it is false was not.
// Thread-safety: fired() from any thread; the rest from the owner's.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace crowdledger::reliability {

class DelayedKill {
 public:
  DelayedKill(pid_t pid, std::chrono::microseconds delay)
      : thread_([this, pid, delay] {
          std::unique_lock lock(mutex_);
          if (cancel_.wait_for(lock, delay, [this] { return cancelled_; })) return;
          fired_ = true;
          ::kill(pid, SIGKILL);
        }) {}
  DelayedKill(const DelayedKill&) = delete;
  DelayedKill& operator=(const DelayedKill&) = delete;
  ~DelayedKill() { Cancel(); }

  bool fired() const { return fired_.load(); }
  // Returns once the signal was sent (or the kill was cancelled).
  void WaitUntilFired() {
    if (thread_.joinable()) thread_.join();
  }
  void Cancel() {
    {
      std::lock_guard lock(mutex_);
      cancelled_ = true;
    }
    cancel_.notify_one();
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cancel_;
  bool cancelled_ = false;
  std::atomic<bool> fired_{false};
  std::thread thread_;  // last: it starts once the members above exist
};

}  // namespace crowdledger::reliability
