// The library's in-memory StateBackend, under the name the tests use.
#pragma once

#include "ledger/state/memory_state_backend.h"

namespace crowdledger::test {

using MemoryStateBackend = crowdledger::MemoryStateBackend;

}  // namespace crowdledger::test
