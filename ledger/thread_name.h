// Names the calling thread, so that `top -H`, `ps -L` and `perf` tell the server's threads
// apart (the ledger thread, the writer, the network threads...). Linux keeps 15 characters.
#pragma once

#include <pthread.h>

#include <string>
#include <string_view>

namespace crowdledger {

inline void NameThisThread(std::string_view name) {
  std::string kept(name.substr(0, 15));
  (void)pthread_setname_np(pthread_self(), kept.c_str());  // best effort: a name is a label
}

}  // namespace crowdledger
