// ApplyContext: what an operation sees while it applies: the state (through the state
// store's transaction overlay), the entry's sequence number and server time, who submitted
// it with which roles, and the movements of value recorded so far. Typed helpers read and
// write the domain's records, and Move is the only way value changes hands.
// Records read with FindShared stay decoded in a RecordCache until the transaction ends:
// FlushRecords writes them to the state store, and must be called before the transaction
// commits. Every read and write goes through this class, which keeps the two consistent.
// Thread-safety: none; one per transaction being applied.
#pragma once

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "ledger/apply/record_cache.h"
#include "ledger/state/records.h"
#include "ledger/state/state_store.h"

namespace crowdledger {

class ApplyContext {
 public:
  ApplyContext(StateStore& state, uint64_t sequence, int64_t time_us, std::string submitter,
               uint32_t roles)
      : state_(state),
        sequence_(sequence),
        time_us_(time_us),
        submitter_(std::move(submitter)),
        roles_(roles) {
    NoteParty(submitter_);
  }

  // Writes the shared records the transaction changed to the state store. Operations reach
  // the store only through this class (Find, Store, Get, Put, PutNew...), which keeps the two
  // consistent: there is no accessor that would bypass the cache.
  void FlushRecords() { records_.FlushAll(); }
  uint64_t sequence() const { return sequence_; }
  int64_t time_us() const { return time_us_; }
  const std::string& submitter() const { return submitter_; }
  bool HasRole(schema::Role role) const { return (roles_ & static_cast<uint32_t>(role)) != 0; }
  uint32_t roles() const { return roles_; }
  void set_operation_index(uint32_t index) { operation_index_ = index; }
  uint32_t operation_index() const { return operation_index_; }
  const std::vector<Movement>& movements() const { return movements_; }
  // For the outcome, once the transaction is applied (moved: a large transaction has a
  // thousand of each). The parties are every party this transaction named or moved value
  // for, the submitter first, each once: the entries-by-party index lists the entry under
  // each of them.
  std::vector<Movement> TakeMovements() { return std::move(movements_); }
  std::vector<std::string> TakeParties() { return std::move(parties_); }
  void NoteParty(std::string_view party);

  // Reads a record; nullopt when absent.
  template <typename Record>
  Result<std::optional<Record>> Find(std::string_view key) {
    if (!records_.empty()) {
      if (const Record* cached = records_.Find<Record>(key)) return std::optional<Record>(*cached);
    }
    ASSIGN_OR_RETURN(const std::string* bytes, state_.Peek(key));
    if (bytes == nullptr) return std::optional<Record>();
    ASSIGN_OR_RETURN(Record record, Record::Decode(*bytes));
    return std::optional<Record>(std::move(record));
  }
  // The same for a record that many operations of a transaction may read and write (a
  // campaign, an escrow account): it stays decoded until the transaction ends (RecordCache).
  template <typename Record>
  Result<std::optional<Record>> FindShared(std::string_view key) {
    if (const Record* cached = records_.Find<Record>(key)) return std::optional<Record>(*cached);
    ASSIGN_OR_RETURN(std::optional<Record> record, Find<Record>(key));
    if (record) records_.Insert(key, *record);
    return record;
  }
  template <typename Record>
  void Store(std::string_view key, const Record& record) {
    if (records_.Update(key, record)) return;
    state_.Put(key, record.Encode());
  }

  // Untyped values (counts, lists, positions): the stored bytes, or nullopt when absent.
  Result<std::optional<std::string>> Get(std::string_view key);
  void Put(std::string_view key, std::string value);
  // StateStore::PutNew: a key that never held a value.
  Status PutNew(std::string_view key, std::string value);

  // A running total kept under `key` (caps, per-enterprise sums); zero when absent.
  Result<Amount> FindTotal(std::string_view key);
  void StoreTotal(std::string_view key, Amount total);

  // The party, or NotFound naming it.
  Result<PartyRecord> RequireParty(std::string_view party);
  // The same when only the party's existence matters: its record is not decoded (decoding a
  // party's texts was two fifths of a pledge's party check).
  Status RequirePartyRegistered(std::string_view party);
  // NotPermitted unless the submitter is `party` (acting for itself) or holds `role`.
  Status RequireSelfOr(std::string_view party, schema::Role role) const;

  // Moves `amount` from one account to another, both of `currency`; creates accounts on
  // first use with the kind their id implies. Cash and escrow accounts never go negative.
  // The ids are taken by value: the movement keeps them.
  Status Move(std::string from, std::string to, std::string_view currency, Amount amount);
  Result<Amount> Balance(std::string_view account);

  // What the operations' prefetch steps (OperationRules::prefetch_keys) learn once per transaction
  // and reuse, such as a campaign's currency by its name. Apply steps never read it.
  absl::flat_hash_map<std::string, std::string>& prefetch_hints() { return prefetch_hints_; }

 private:
  Result<AccountRecord> LoadAccount(std::string_view account, std::string_view currency);

  StateStore& state_;
  uint64_t sequence_;
  int64_t time_us_;
  std::string submitter_;
  uint32_t roles_;
  uint32_t operation_index_ = 0;
  std::vector<Movement> movements_;
  RecordCache records_{state_};
  std::vector<std::string> parties_;        // in the order first named
  absl::flat_hash_set<std::string> named_;  // the same, once there are more than a few
  absl::flat_hash_map<std::string, std::string> prefetch_hints_;
};

}  // namespace crowdledger
