// StateMachine: applies one signed transaction to the state, atomically and
// deterministically. Every rule reads only the prior state and the entry itself (its
// sequence number and server time are arguments): it owns no clock, no random source and no
// thread. One apply function serves live ingest, recovery and the auditor's replay.
// Thread-safety: none; it is driven by the ledger's single writer.
#pragma once

#include <string_view>
#include <vector>

#include "ledger/apply/apply_context.h"
#include "ledger/parties/known_keys.h"

namespace crowdledger {

struct AppliedOutcome {
  Status status;                  // Ok, or why the transaction was refused
  int32_t failed_operation = -1;  // index of the first failing operation, when one failed
  Hash state_digest{};            // digest after the transaction (unchanged when refused)
  std::vector<Movement> movements;
  std::vector<std::string> parties;  // see ApplyContext::TakeParties()
};

class StateMachine {
 public:
  // `known_keys`, when given, learns every stored key a signature is checked with.
  explicit StateMachine(StateStore& state, KnownKeys* known_keys = nullptr)
      : state_(state), known_keys_(known_keys) {}

  // On success the changes are committed into the state store's pending group; on failure
  // nothing changes. `transaction` is the exact signed bytes. `checked_with`, when given, is a
  // key the signature was already checked with (SignedTransaction::checked_with).
  AppliedOutcome Apply(std::string_view transaction, ByteView signature, uint64_t sequence,
                       int64_t time_us, const Ed25519PublicKeyBytes* checked_with = nullptr);

 private:
  // The submitter's roles if the key is registered, not revoked and the signature verifies.
  Result<uint32_t> Authenticate(const schema::Transaction& transaction, std::string_view bytes,
                                ByteView signature, uint64_t sequence,
                                const Ed25519PublicKeyBytes* checked_with);

  StateStore& state_;
  KnownKeys* known_keys_;
};

}  // namespace crowdledger
