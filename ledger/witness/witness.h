// Witness: the decision behind a C2SP tlog-witness add-checkpoint request
// (https://c2sp.org/tlog-witness), without the network. For each log it is configured with
// (origin and the log's verifier key) it remembers the latest checkpoint it cosigned
// (WitnessState), and cosigns a new one only if it verifies under the log's key and a
// consistency proof shows it extends that one. Each answer maps to the spec's HTTP status.
// The check of the old size and the persisting of the new state happen under one lock, and
// the state is persisted before the cosignature is returned: no tree is ever rolled back.
// Thread-safety: AddCheckpoint may be called from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/ed25519.h"
#include "crypto/signed_note.h"
#include "ledger/witness/witness_state.h"

namespace crowdledger {

enum class WitnessOutcome {
  kCosigned,      // 200: the body is the cosignature line
  kMalformed,     // 400: the request does not follow the grammar, or old size > checkpoint size
  kForbidden,     // 403: no valid signature by the log's key
  kUnknownLog,    // 404: the origin is not a log this witness serves
  kConflict,      // 409: the old size is not the size last cosigned; the body is that size
  kInconsistent,  // 422: the proof does not verify, or the roots differ
  kFailed,        // 500: the new state could not be persisted; nothing was cosigned
};

struct WitnessAnswer {
  WitnessOutcome outcome = WitnessOutcome::kFailed;
  // kCosigned: the cosignature line(s); kConflict: "<size>\n"; otherwise the reason, one line.
  std::string body;
};

class Witness {
 public:
  // Writes the whole state durably (e.g. temporary file, fsync, rename); called under the lock.
  using Persist = std::function<Status(const WitnessState&)>;
  // POSIX seconds, the cosignatures' timestamps.
  using Clock = std::function<uint64_t()>;

  // `logs`: one verifier key per origin (the key name is the origin). InvalidArgument on a
  // repeated origin or more than kMaxWitnessedLogs logs.
  static Result<std::unique_ptr<Witness>> Create(std::string name, Ed25519PrivateKey key,
                                                 std::vector<NoteVerifier> logs, WitnessState state,
                                                 Persist persist, Clock clock);

  WitnessAnswer AddCheckpoint(std::string_view body);

  const std::string& name() const { return name_; }
  // This witness's cosigner verifier key (type 0x04), what logs are configured with.
  std::string VerifierKey() const;
  WitnessState state() const;

 private:
  Witness(std::string name, Ed25519PrivateKey key, WitnessState state, Persist persist, Clock clock)
      : name_(std::move(name)),
        key_(std::move(key)),
        state_(std::move(state)),
        persist_(std::move(persist)),
        clock_(std::move(clock)) {}
  // The checks that depend on the remembered tree, then persisting and cosigning; under mutex_.
  WitnessAnswer Extend(const std::string& origin, uint64_t old_size, const std::vector<Hash>& proof,
                       uint64_t size, const Hash& root, std::string_view text);

  std::string name_;
  Ed25519PrivateKey key_;
  std::map<std::string, NoteVerifier> logs_;  // by origin
  mutable std::mutex mutex_;
  WitnessState state_;  // under mutex_
  Persist persist_;
  Clock clock_;
};

}  // namespace crowdledger
