// AuditSource: where an audit reads a ledger from. A stopped data directory, an export, or a
// server (through its stream and proof reads) each offer the same things: entries in order,
// the checkpoints the ledger signed, and, where they exist, the stored Merkle leaves and the
// stored derived state, which let the auditor locate a change exactly.
// Thread-safety: none; the auditor reads from one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/bytes.h"
#include "crypto/status.h"

namespace crowdledger {

struct SignedCheckpointNote {
  uint64_t tree_size = 0;
  std::string note;  // the signed note, as stored or served
};

class AuditSource {
 public:
  virtual ~AuditSource() = default;

  // Human-readable, e.g. "data directory /srv/ledger".
  virtual std::string Describe() const = 0;
  // The number of entries the source claims to hold (what the audit walks).
  virtual Result<uint64_t> Size() = 0;
  // Appends entries [begin, end) in order to `out`. Stops early, without an error, at an
  // entry that is missing: the entry at begin + (number appended) is then absent.
  virtual Status ReadEntries(uint64_t begin, uint64_t end, std::vector<std::string>& out) = 0;
  // Up to `limit` signed checkpoints with tree sizes in (after, up_to], ascending.
  virtual Result<std::vector<SignedCheckpointNote>> Checkpoints(uint64_t after, uint64_t up_to,
                                                                size_t limit) = 0;
  // The leaf hash stored when entry `index` was appended, if the source keeps one.
  virtual Result<std::optional<Hash>> StoredLeafHash(uint64_t /*index*/) {
    return std::optional<Hash>();
  }
  // A consistency proof from `old_size` to `new_size`, if the source can give one.
  virtual Result<std::optional<std::vector<Hash>>> ConsistencyProof(uint64_t /*old_size*/,
                                                                    uint64_t /*new_size*/) {
    return std::optional<std::vector<Hash>>();
  }
  // The number of entries the stored derived state reflects, if the source has a stored state
  // (0: a state never checkpointed). ForEachStateItem then calls `visit(key, stored bytes)`
  // for every item (stored bytes = item hash || value; keys starting with '#' are a header).
  virtual Result<std::optional<uint64_t>> StoredStateSequence() {
    return std::optional<uint64_t>();
  }
  // An online source reports the server's balances, to compare with the replay, and the
  // size the server is at now (the comparison holds only while it has not moved on).
  virtual bool ReportsBalances() const { return false; }
  virtual Result<std::optional<int64_t>> ReportedBalance(const std::string& /*account*/) {
    return std::optional<int64_t>();
  }
  // ... and each party's portfolio (its positions: pledges, stakes, loans, claims...), all
  // of it, in order.
  virtual Result<std::vector<std::string>> ReportedPortfolio(const std::string& /*party*/) {
    return std::vector<std::string>();
  }
  virtual Result<uint64_t> CurrentSize() { return Size(); }
  virtual Status ForEachStateItem(
      const std::function<Status(std::string_view, std::string_view)>& /*visit*/) {
    return Status::Ok();
  }
};

}  // namespace crowdledger
