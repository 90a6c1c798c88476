// CrashWorkload: the transactions the crash harness submits and what it learnt of each.
//
// Client c (party `crash-client-<c>`) submits transactions with ids 1, 2, 3...; transaction
// (c, id) deposits D(id) into its own cash, transfers N(id) to the next client and S(id) to
// `crash-sink`, all in one transaction. The bytes of (c, id) are a pure function of c and id
// (fixed client time, deterministic Ed25519), so a retry resends exactly the same bytes and
// nothing but a 32-byte digest is kept per transaction. Once every transaction is applied
// exactly once, each balance is a known sum; a transaction applied in part, twice, or not at
// all shows in them.
// Thread-safety: none; callers hold their own lock.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ledger/entry_format.h"

namespace crowdledger::reliability {

struct TrackedTransaction {
  uint32_t client = 0;
  uint64_t id = 0;
  Hash bytes_digest{};  // SHA-256 of the signed bytes
  // Set once an answer said Ok: the entry's sequence and state digest, for ever.
  bool acknowledged = false;
  uint64_t sequence = 0;
  Hash state_digest{};
  // For an unanswered transaction: where the log held it when last checked with the server
  // down (nullopt: not logged). A retry must then find exactly that.
  std::optional<uint64_t> logged_at;
};

class CrashWorkload {
 public:
  explicit CrashWorkload(uint32_t clients);

  uint32_t clients() const { return clients_; }
  static std::string Party(uint32_t client);
  static std::string Sink() { return "crash-sink"; }
  static Ed25519PrivateKey KeyOf(const std::string& party);
  // The authority's registrations of every client (with a Post key) and of the sink.
  SignedTransaction Setup(const Ed25519PrivateKey& authority) const;

  // A new transaction of `client`: its index here and its signed bytes.
  std::pair<size_t, SignedTransaction> Next(uint32_t client);
  // The signed bytes of a transaction already made (for a retry).
  SignedTransaction Rebuild(size_t index) const;

  std::vector<TrackedTransaction>& transactions() { return transactions_; }
  const std::vector<TrackedTransaction>& transactions() const { return transactions_; }
  // The transaction (client, id), if made.
  std::optional<size_t> Find(const std::string& submitter, uint64_t id) const;

  // Every watched account's balance once each transaction made so far is applied once.
  std::map<std::string, int64_t> ExpectedBalances() const;

 private:
  SignedTransaction Build(uint32_t client, uint64_t id) const;

  uint32_t clients_;
  std::vector<Ed25519PrivateKey> keys_;
  std::vector<uint64_t> next_id_;
  std::vector<TrackedTransaction> transactions_;
  std::map<std::pair<uint32_t, uint64_t>, size_t> index_;
};

}  // namespace crowdledger::reliability
