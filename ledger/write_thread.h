// WriteThread: one thread that runs one job at a time for the ledger's writer: the log write
// of a sealed group, while the writer applies the next group.
// Thread-safety: Start and Wait are the owner's (one thread); finished may be called
// from any thread; the listener runs on this thread after each job returns.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace crowdledger {

class WriteThread {
 public:
  // `listener` (optional) is called on this thread each time a job has returned.
  explicit WriteThread(std::function<void()> listener = nullptr);
  ~WriteThread();  // waits for the job in flight
  WriteThread(const WriteThread&) = delete;
  WriteThread& operator=(const WriteThread&) = delete;

  // Starts `job`; none may be in flight (call Wait first).
  void Start(std::function<void()> job);
  // Waits until the job in flight (if any) has returned; then none is in flight.
  void Wait();
  // The job in flight has returned (Wait would not block).
  bool finished() const;

 private:
  void Loop();

  std::function<void()> listener_;
  bool busy_ = false;  // the owner's view
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::function<void()> job_;  // under mutex_: the job to run, until the thread takes it
  bool running_ = false;       // under mutex_: a job was handed over and has not returned
  bool stopping_ = false;      // under mutex_
  std::thread thread_;         // last: started once the rest is constructed
};

}  // namespace crowdledger
