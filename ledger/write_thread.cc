// WriteThread: a job slot, a condition variable and one thread. See the header.
#include "ledger/write_thread.h"

#include "ledger/thread_name.h"

namespace crowdledger {

WriteThread::WriteThread(std::function<void()> listener)
    : listener_(std::move(listener)), thread_([this] {
        NameThisThread("cl-write");
        Loop();
      }) {}

WriteThread::~WriteThread() {
  Wait();
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void WriteThread::Start(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    job_ = std::move(job);
    running_ = true;
  }
  busy_ = true;
  wake_.notify_all();
}

void WriteThread::Wait() {
  if (!busy_) return;
  std::unique_lock lock(mutex_);
  wake_.wait(lock, [this] { return !running_; });
  busy_ = false;
}

bool WriteThread::finished() const {
  std::lock_guard lock(mutex_);
  return !running_;
}

void WriteThread::Loop() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return stopping_ || job_ != nullptr; });
    if (job_ == nullptr) return;  // stopping, and nothing was handed over
    std::function<void()> job = std::move(job_);
    job_ = nullptr;
    lock.unlock();
    job();
    lock.lock();
    running_ = false;
    wake_.notify_all();
    if (listener_) {
      lock.unlock();
      listener_();
      lock.lock();
    }
  }
}

}  // namespace crowdledger
