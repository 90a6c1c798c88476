// Audit: trusts nothing a ledger's store or server says that it cannot check. It walks the
// log from genesis and checks, each by name:
//   format          every entry decodes (identifiers, nested transaction, field bounds)
//   sequence        entries are gapless from genesis, each recording its own sequence number
//   time            server timestamps never decrease
//   signatures      every transaction is signed by a key the ledger's own history says was
//                   registered, unrevoked and allowed that operation at that entry
//   merkle          the RFC 9162 tree recomputed from the entries equals every stored leaf
//                   and every checkpoint's root, and every entry is under a checkpoint
//   checkpoints     every checkpoint is signed by the ledger key, for this origin
//   consistency     consecutive checkpoints are consistent (the source's proofs verify)
//   replay          a deterministic replay reproduces every recorded outcome and digest
//   conservation    the domain invariants hold after every entry (ledger/audit/invariants.h)
//   state           the stored derived state equals the replayed state (data directories)
//   fork            the history the auditor verified before (its state file) is a prefix of
//                   this one, under the same ledger key
//   balances        online: the server's reported balances equal the replayed ones
//   positions       online: the server's reported portfolios equal the replayed ones
// It stops at the first failure, naming the check and the first bad sequence number.
// Incremental: with a replay store holding the state the auditor's state file remembers, an
// audit starts where the last passing one stopped. It first demands a consistency proof from
// the remembered tree to the newest checkpoint (fork), then verifies only the new entries,
// replaying them on the kept state, in time proportional to them.
// Signature checks and hashing run on worker threads ahead of the replay, which runs in
// order on the calling thread; the calling thread takes its share of them too when it gets
// ahead, rather than wait.
// Thread-safety: one audit per AuditSource at a time.
#pragma once

#include <functional>
#include <optional>

#include "crypto/checkpoint.h"
#include "crypto/signed_note.h"
#include "ledger/audit/audit_source.h"
#include "ledger/audit/auditor_state.h"

namespace crowdledger {

class ReplayStore;

struct AuditOptions {
  const NoteVerifier* ledger_key = nullptr;  // required: the key checkpoints must verify with
  const AuditorState* remembered = nullptr;  // from the state file, if any
  // The replayed state kept between runs: resumed from when it is the remembered one (unless
  // `full`), else emptied and rebuilt from genesis. Without it the replay lives in memory.
  ReplayStore* replay = nullptr;
  bool full = false;
  unsigned threads = 1;                // workers for signatures and hashing, beside the replay
  size_t chunk_entries = 4'096;        // entries read and prepared at a time
  size_t max_balance_reads = 100'000;  // online: accounts compared with the server
  std::function<void(uint64_t done, uint64_t total)> progress;  // after every chunk
};

struct AuditCheck {
  std::string name;
  std::string description;
  uint64_t checked = 0;  // entries, checkpoints or items the check covered
};

struct AuditFailure {
  std::string check;
  std::optional<uint64_t> sequence;  // the first bad entry, when one can be named
  std::string message;
};

struct AuditReport {
  std::string source;
  std::string ledger_verifier_key;  // the key the checkpoints were verified with
  std::vector<AuditCheck> checks;   // every check, in the order above
  std::optional<AuditFailure> failure;
  uint64_t entries = 0;              // entries verified before any failure
  uint64_t resumed_from = 0;         // entries below this were verified by an earlier run
  uint64_t checkpoints = 0;          // checkpoints verified
  std::string latest_checkpoint;     // the last checkpoint verified (signed note)
  std::optional<Checkpoint> latest;  // ... parsed
  std::vector<Hash> frontier;        // the verified tree's frontier (for the state file)
  Hash state_digest{};               // the replayed state's digest after the last entry
  double seconds = 0;

  bool ok() const { return !failure.has_value(); }
  // The state file to keep after a passing audit.
  AuditorState Remember(int64_t now_us) const;
};

// An error status means the audit could not run (usage, I/O); integrity failures are in
// the report.
Result<AuditReport> Audit(AuditSource& source, const AuditOptions& options);

}  // namespace crowdledger
