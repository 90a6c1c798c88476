// StateMachine: verify, authenticate, check every operation, then apply them in order.
#include "ledger/apply/state_machine.h"

#include <array>

#include "ledger/apply/operation_rules.h"
#include "ledger/entry_format.h"
#include "ledger/reports/report_aggregates.h"

namespace crowdledger {
namespace {

// How many operations ahead of the one that reads them each step of prefetching an item runs
// (StateStore::Prefetch): one pledge runs for thousands of cycles, far more than a miss to
// memory takes, so one operation between steps is enough, and the prefetched lines are still
// in the processor's caches when read.
constexpr uint32_t kSlotsAhead = 4;
constexpr uint32_t kEntriesAhead = 2;
constexpr uint32_t kPrefetchRing = kSlotsAhead - kEntriesAhead + 1;

AppliedOutcome Refused(Status status, int32_t failed_operation = -1) {
  AppliedOutcome outcome;
  outcome.status = std::move(status);
  outcome.failed_operation = failed_operation;
  return outcome;
}

// At sequence 0 no key exists yet: the genesis transaction is signed by the key it registers
// for its own submitter, which is how the first authority comes to be.
const schema::RegisterKey* GenesisKey(const schema::Transaction& transaction) {
  for (const auto* slot : *transaction.operations()) {
    const auto* op = slot->operation_as_RegisterKey();
    if (op != nullptr && View(op->party()) == View(transaction.submitter()) &&
        op->key_id() == transaction.key_id()) {
      return op;
    }
  }
  return nullptr;
}

}  // namespace

Result<uint32_t> StateMachine::Authenticate(const schema::Transaction& transaction,
                                            std::string_view bytes, ByteView signature,
                                            uint64_t sequence,
                                            const Ed25519PublicKeyBytes* checked_with) {
  std::string_view submitter = View(transaction.submitter());
  if (!IsValidHandle(submitter))
    return Status(ErrorCode::Malformed, "submitter is not a valid handle");
  std::string key_name =
      "key " + std::to_string(transaction.key_id()) + " of '" + std::string(submitter) + "'";
  ASSIGN_OR_RETURN(const std::string* stored, state_.Peek(KeyKey(submitter, transaction.key_id())));
  KeyRecord key;
  if (stored) {
    ASSIGN_OR_RETURN(key, KeyRecord::Decode(*stored));
  } else if (const auto* genesis = sequence == 0 ? GenesisKey(transaction) : nullptr) {
    if (genesis->public_key()->size() != key.public_key.size()) {
      return Status(ErrorCode::Malformed, "genesis key is not 32 bytes");
    }
    std::copy(genesis->public_key()->begin(), genesis->public_key()->end(), key.public_key.begin());
    key.roles = static_cast<uint32_t>(schema::Role::ANY);
  } else {
    return Status(ErrorCode::UnknownKey, key_name + " is not registered");
  }
  if (key.revoked) {
    return Status(ErrorCode::KeyRevoked,
                  key_name + " was revoked at entry " + std::to_string(key.revoked_at_sequence));
  }
  if (checked_with == nullptr || *checked_with != key.public_key) {
    auto public_key = Ed25519PublicKey::FromRaw(key.public_key);
    if (!public_key.ok() || !public_key->Verify(AsBytes(bytes), signature)) {
      return Status(ErrorCode::BadSignature, "signature does not verify with " + key_name);
    }
    if (known_keys_ != nullptr && stored) {
      known_keys_->Remember(submitter, transaction.key_id(), *public_key);
    }
  }
  // Every operation writes: a key that may only read (Audit) posts nothing.
  const auto kWriting =
      static_cast<uint32_t>(schema::Role::Post) | static_cast<uint32_t>(schema::Role::Administer);
  if ((key.roles & kWriting) == 0) {
    return Status(ErrorCode::NotPermitted,
                  key_name + " has neither the Post nor the Administer role");
  }
  return key.roles;
}

AppliedOutcome StateMachine::Apply(std::string_view bytes, ByteView signature, uint64_t sequence,
                                   int64_t time_us, const Ed25519PublicKeyBytes* checked_with) {
  auto verified = VerifyTransaction(bytes);
  if (!verified.ok()) return Refused(verified.status());
  const schema::Transaction& transaction = **verified;
  auto roles = Authenticate(transaction, bytes, signature, sequence, checked_with);
  if (!roles.ok()) {
    state_.AbortTransaction();
    return Refused(roles.status());
  }
  const auto& operations = *transaction.operations();
  // Every operation is checked alone before any touches state.
  for (uint32_t i = 0; i < operations.size(); ++i) {
    const OperationRules* rules = FindOperationRules(operations[i]->operation_type());
    if (rules == nullptr) {
      return Refused(Status(ErrorCode::Malformed,
                            "unknown operation kind " +
                                std::to_string(static_cast<int>(operations[i]->operation_type()))),
                     static_cast<int32_t>(i));
    }
    Status checked = rules->check(*operations[i]);
    if (!checked.ok()) return Refused(checked.WithContext(rules->name), static_cast<int32_t>(i));
  }
  ApplyContext context(state_, sequence, time_us, std::string(View(transaction.submitter())),
                       *roles);
  // The items of operation j are prefetched in steps (StateStore::Prefetch): their slots at
  // operation j - kSlotsAhead, their entries at j - kEntriesAhead. Their keys wait in between
  // in prefetch_keys[j % kPrefetchRing].
  using Step = StateStore::PrefetchStep;
  std::array<PrefetchKeyList, kPrefetchRing> prefetch_keys;
  // A transaction of a few operations has none to overlap the loads with (and a pledge's
  // prefetch decodes its campaign once per transaction): nothing is prefetched.
  const bool prefetching = operations.size() > kSlotsAhead;
  auto prefetch = [&](uint32_t j, Step step) {
    if (!prefetching) return;
    auto& keys = prefetch_keys[j % kPrefetchRing];
    if (step == Step::kSlots) {
      keys.Clear();
      if (j >= operations.size()) return;
      const OperationRules* rules = FindOperationRules(operations[j]->operation_type());
      if (rules->prefetch_keys != nullptr) rules->prefetch_keys(context, *operations[j], keys);
    }
    for (const std::string& key : keys.keys()) state_.Prefetch(key, step);
  };
  for (uint32_t j = 0; j < kSlotsAhead; ++j) prefetch(j, Step::kSlots);
  for (uint32_t j = 0; j < kEntriesAhead; ++j) prefetch(j, Step::kEntry);
  for (uint32_t i = 0; i < operations.size(); ++i) {
    prefetch(i + kSlotsAhead, Step::kSlots);
    prefetch(i + kEntriesAhead, Step::kEntry);
    const OperationRules* rules = FindOperationRules(operations[i]->operation_type());
    context.set_operation_index(i);
    Status applied = rules->apply(context, *operations[i]);
    if (!applied.ok()) {
      state_.AbortTransaction();
      return Refused(applied.WithContext(rules->name), static_cast<int32_t>(i));
    }
  }
  context.FlushRecords();
  // Report aggregates (ledger/reports/) are derived state like the rest: kept up to date here,
  // in the same state transaction, so that they are in the digest and rebuilt by replay.
  Status reported =
      UpdateReportAggregates(state_, transaction, context.movements(), sequence, time_us);
  if (!reported.ok()) {
    state_.AbortTransaction();
    return Refused(reported.WithContext("report aggregates"));
  }
  auto digest = state_.CommitTransaction();
  if (!digest.ok()) {
    state_.AbortTransaction();
    return Refused(digest.status());
  }
  if (known_keys_ != nullptr) {
    for (const auto* slot : operations) {
      if (const auto* revoke = slot->operation_as_RevokeKey()) {
        known_keys_->Forget(View(revoke->party()), revoke->key_id());
      }
    }
  }
  AppliedOutcome outcome;
  outcome.state_digest = *digest;
  outcome.movements = context.TakeMovements();
  outcome.parties = context.TakeParties();
  return outcome;
}

}  // namespace crowdledger
