// StateMachine: applies one signed transaction to the state, atomically and
// deterministically. Every rule reads only the prior state and the entry itself (its
// sequence number and server time are arguments): it owns no clock, no random source and no
// thread. One apply function serves live ingest, recovery and the auditor's replay.
// Thread-safety: none; it is driven by the ledger's single writer.
#pragma once

#include <string_view>
#include <vector>

#include "ledger/apply/apply_context.h"

namespace crowdledger {

struct AppliedOutcome {
  Status status;                  // Ok, or why the transaction was refused
  int32_t failed_operation = -1;  // index of the first failing operation, when one failed
  Hash state_digest{};            // digest after the transaction (unchanged when refused)
  std::vector<Movement> movements;
  std::vector<std::string> parties;  // see ApplyContext::parties()
};

class StateMachine {
 public:
  explicit StateMachine(StateStore& state) : state_(state) {}

  // On success the changes are committed into the state store's pending group; on failure
  // nothing changes. `transaction` is the exact signed bytes.
  AppliedOutcome Apply(std::string_view transaction, ByteView signature, uint64_t sequence,
                       int64_t time_us);

 private:
  // The submitter's roles if the key is registered, not revoked and the signature verifies.
  Result<uint32_t> Authenticate(const schema::Transaction& transaction, std::string_view bytes,
                                ByteView signature, uint64_t sequence);

  StateStore& state_;
};

}  // namespace crowdledger
