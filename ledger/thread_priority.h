// Background work that must not take the processor from the threads clients wait on.
#pragma once

#include <sys/resource.h>
#include <unistd.h>

namespace crowdledger {

// Lowers the calling thread's scheduling priority to nice `nice` (Linux gives each thread its
// own nice value; raising it needs no privilege). Under contention the scheduler then gives
// this thread a small share, and it still has every cycle no other thread wants.
inline void LowerThisThreadsPriority(int nice = 10) {
  (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), nice);  // best effort
}

}  // namespace crowdledger
