// The wall clock in microseconds since the Unix epoch, the ledger's unit of time. Only the
// edges read it (the service stamping groups, clients stamping requests); the state machine
// never does.
#pragma once

#include <chrono>
#include <cstdint>

namespace crowdledger {

inline int64_t WallClockMicros() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace crowdledger
