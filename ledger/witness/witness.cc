// Witness: add-checkpoint in the spec's order of checks.
#include "ledger/witness/witness.h"

#include "crypto/checkpoint.h"
#include "crypto/cosignature.h"
#include "crypto/merkle.h"
#include "ledger/witness/add_checkpoint_request.h"

namespace crowdledger {
namespace {

WitnessAnswer Answer(WitnessOutcome outcome, std::string body) {
  return WitnessAnswer{outcome, std::move(body)};
}

}  // namespace

Result<std::unique_ptr<Witness>> Witness::Create(std::string name, Ed25519PrivateKey key,
                                                 std::vector<NoteVerifier> logs, WitnessState state,
                                                 Persist persist, Clock clock) {
  if (!IsValidNoteKeyName(name)) {
    return Status(ErrorCode::InvalidArgument, "invalid witness name '" + name + "'");
  }
  if (logs.size() > kMaxWitnessedLogs) {
    return Status(ErrorCode::InvalidArgument,
                  "a witness serves at most " + std::to_string(kMaxWitnessedLogs) + " logs");
  }
  std::unique_ptr<Witness> witness(new Witness(std::move(name), std::move(key), std::move(state),
                                               std::move(persist), std::move(clock)));
  for (NoteVerifier& log : logs) {
    std::string origin = log.key_name();
    if (!witness->logs_.emplace(origin, std::move(log)).second) {
      return Status(ErrorCode::InvalidArgument, "log " + origin + " is configured twice");
    }
  }
  return witness;
}

std::string Witness::VerifierKey() const { return CosignerVerifierKey(name_, key_.public_key()); }

WitnessState Witness::state() const {
  std::lock_guard lock(mutex_);
  return state_;
}

WitnessAnswer Witness::AddCheckpoint(std::string_view body) {
  auto request = ParseAddCheckpointRequest(body);
  if (!request.ok()) return Answer(WitnessOutcome::kMalformed, request.status().message());
  auto note = ParseNote(request->checkpoint);
  if (!note.ok()) return Answer(WitnessOutcome::kMalformed, note.status().message());
  auto checkpoint = ParseCheckpointText(note->text);
  if (!checkpoint.ok()) return Answer(WitnessOutcome::kMalformed, checkpoint.status().message());
  auto log = logs_.find(checkpoint->origin);
  if (log == logs_.end()) {
    return Answer(WitnessOutcome::kUnknownLog, "unknown log origin " + checkpoint->origin);
  }
  // Signatures by other keys are ignored; one by the log's key that fails is a forgery.
  auto opened = log->second.Open(request->checkpoint);
  if (!opened.ok()) return Answer(WitnessOutcome::kForbidden, opened.status().message());
  if (request->old_size > checkpoint->size) {
    return Answer(WitnessOutcome::kMalformed, "old size " + std::to_string(request->old_size) +
                                                  " exceeds the checkpoint's size " +
                                                  std::to_string(checkpoint->size));
  }
  std::lock_guard lock(mutex_);
  return Extend(checkpoint->origin, request->old_size, request->proof, checkpoint->size,
                checkpoint->root, note->text);
}

WitnessAnswer Witness::Extend(const std::string& origin, uint64_t old_size,
                              const std::vector<Hash>& proof, uint64_t size, const Hash& root,
                              std::string_view text) {
  auto known = state_.logs.find(origin);
  WitnessedTree latest = known == state_.logs.end() ? WitnessedTree{} : known->second;
  if (old_size != latest.size) {
    return Answer(WitnessOutcome::kConflict, std::to_string(latest.size) + "\n");
  }
  if (size == 0 && root != MerkleEmptyRoot()) {
    return Answer(WitnessOutcome::kInconsistent, "a tree of size 0 has the empty tree's root");
  }
  if (old_size == 0 && !proof.empty()) {
    return Answer(WitnessOutcome::kInconsistent, "the proof from size 0 must be empty");
  }
  if (old_size != 0) {
    Status consistent = VerifyConsistency(old_size, size, latest.root, root, proof);
    if (!consistent.ok()) {
      return Answer(WitnessOutcome::kInconsistent, "not consistent with the tree of size " +
                                                       std::to_string(old_size) +
                                                       " cosigned before: " + consistent.message());
    }
  }
  uint64_t timestamp = clock_();
  if (timestamp == 0 || timestamp > static_cast<uint64_t>(INT64_MAX)) {
    return Answer(WitnessOutcome::kFailed, "the witness's clock is unusable");
  }
  if (known == state_.logs.end() && state_.logs.size() >= kMaxWitnessedLogs) {
    return Answer(WitnessOutcome::kFailed, "the witness's state holds too many logs");
  }
  WitnessState next = state_;
  next.logs[origin] = WitnessedTree{size, root};
  Status persisted = persist_(next);
  if (!persisted.ok()) {
    return Answer(WitnessOutcome::kFailed,
                  "the witness state was not saved: " + persisted.message());
  }
  state_ = std::move(next);
  return Answer(WitnessOutcome::kCosigned, Cosign(text, name_, key_, timestamp));
}

}  // namespace crowdledger
