// LowerThisThreadsPriority: only the calling thread's nice value changes.
#include "ledger/thread_priority.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <thread>

namespace crowdledger {
namespace {

int NiceOf(pid_t thread) {
  errno = 0;
  int nice = getpriority(PRIO_PROCESS, static_cast<id_t>(thread));
  EXPECT_EQ(errno, 0);
  return nice;
}

TEST(ThreadPriority, LowersTheCallingThreadOnly) {
  const pid_t self = gettid();
  const int before = NiceOf(self);
  int lowered = 0;
  std::thread background([&] {
    LowerThisThreadsPriority(before + 5);
    lowered = NiceOf(gettid());
  });
  background.join();
  EXPECT_EQ(lowered, before + 5);
  EXPECT_EQ(NiceOf(self), before);
}

}  // namespace
}  // namespace crowdledger
