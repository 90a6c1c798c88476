// CosignedCheckpoint: the latest checkpoint whose witness cosignatures met the ledger's policy
// (k of n), as the note GET /checkpoint serves: the ledger's signed checkpoint followed by the
// witnesses' cosignature lines. Empty until a quorum is first met; only ever moves forward.
// Thread-safety: thread-safe (the witness pool publishes, HTTP threads read).
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

namespace crowdledger::api {

struct CosignedNote {
  uint64_t tree_size = 0;
  std::string note;
};

class CosignedCheckpoint {
 public:
  // Keeps `note` if it is for a larger tree than the one held; false otherwise.
  bool Publish(uint64_t tree_size, std::string note) {
    std::lock_guard lock(mutex_);
    if (latest_ && latest_->tree_size >= tree_size) return false;
    latest_ = CosignedNote{tree_size, std::move(note)};
    return true;
  }
  std::optional<CosignedNote> Latest() const {
    std::lock_guard lock(mutex_);
    return latest_;
  }

 private:
  mutable std::mutex mutex_;
  std::optional<CosignedNote> latest_;
};

}  // namespace crowdledger::api
