// Audit: the walk from genesis, with stateless checks on workers and the replay in order.
#include "ledger/audit/auditor.h"

#include <atomic>
#include <bit>
#include <charconv>
#include <chrono>
#include <cstring>
#include <deque>
#include <future>
#include <limits>
#include <memory>
#include <set>

#include "crypto/merkle.h"
#include "ledger/apply/state_machine.h"
#include "ledger/audit/entry_checks.h"
#include "ledger/audit/invariants.h"
#include "ledger/audit/replay_store.h"
#include "ledger/entry_format.h"
#include "ledger/portfolio/portfolio.h"
#include "ledger/state/memory_state_backend.h"
#include "ledger/thread_name.h"

namespace crowdledger {
namespace {

enum Check : size_t {
  kFormat,
  kSequence,
  kTime,
  kSignatures,
  kMerkle,
  kCheckpoints,
  kConsistency,
  kReplay,
  kConservation,
  kState,
  kFork,
  kBalances,
  kPositions,
  kCheckCount
};

struct CheckInfo {
  const char* name;
  const char* description;
};
constexpr CheckInfo kChecks[kCheckCount] = {
    {"format", "every entry decodes"},
    {"sequence", "entries are gapless from genesis"},
    {"time", "server timestamps never decrease"},
    {"signatures", "every transaction is signed by a registered, unrevoked key allowed to post it"},
    {"merkle", "the tree recomputed from the entries matches every stored leaf and checkpoint"},
    {"checkpoints", "every checkpoint is signed by the ledger key for this origin"},
    {"consistency", "consecutive checkpoints are consistent"},
    {"replay", "a replay reproduces every recorded outcome and state digest"},
    {"conservation", "the domain invariants hold after every entry"},
    {"state", "the stored derived state equals the replayed state"},
    {"fork", "the history verified before is a prefix of this one"},
    {"balances", "the server's reported balances equal the replayed ones (online)"},
    {"positions", "the server's reported portfolios equal the replayed ones (online)"},
};

// Refusals that mean the key may not post this transaction, as opposed to a rule failing.
bool IsAuthorisationFailure(ErrorCode code) {
  return code == ErrorCode::BadSignature || code == ErrorCode::UnknownKey ||
         code == ErrorCode::KeyRevoked || code == ErrorCode::NotPermitted;
}

std::string Describe(uint64_t sequence) { return "entry " + std::to_string(sequence); }

// One chunk's preparation, claimed in small batches by the workers and, once it has
// replayed the chunk before, by the replay thread: no core waits while another has a fixed
// half of the work left.
class PrepareJob {
 public:
  static constexpr size_t kBatch = 64;
  PrepareJob(std::span<const std::string> in, std::span<PreparedEntry> out) : in_(in), out_(out) {}
  size_t batches() const { return (in_.size() + kBatch - 1) / kBatch; }
  void Run(const KeyScan& keys) {
    for (size_t batch = next_.fetch_add(1); batch < batches(); batch = next_.fetch_add(1)) {
      size_t begin = batch * kBatch;
      size_t count = std::min(kBatch, in_.size() - begin);
      PrepareEntries(in_.subspan(begin, count), keys, out_.subspan(begin, count));
    }
  }

 private:
  std::span<const std::string> in_;
  std::span<PreparedEntry> out_;
  std::atomic<size_t> next_{0};
};

// Without a replay store the state lives in memory only: the cache then holds all of it, and
// is never copied into the in-memory backend (a second copy, and a hash-map insert per item,
// for nothing: the audit never reads it back).
StateStoreOptions ReplayStateOptions(const AuditOptions& options) {
  StateStoreOptions state;
  if (options.replay == nullptr) state.max_cached_items = std::numeric_limits<size_t>::max();
  return state;
}

class AuditRun {
 public:
  AuditRun(AuditSource& source, const AuditOptions& options)
      : source_(source),
        options_(options),
        backend_(options.replay ? static_cast<StateBackend&>(*options.replay) : memory_),
        state_(backend_, ReplayStateOptions(options)),
        machine_(state_) {
    report_.source = source.Describe();
    for (const CheckInfo& info : kChecks) report_.checks.push_back({info.name, info.description});
  }
  ~AuditRun() { WaitForWorkers(); }

  Result<AuditReport> Run();

 private:
  // Records the failure; always false, so that callers can `return Fail(...)`.
  bool Fail(Check check, std::optional<uint64_t> sequence, std::string message) {
    report_.failure = AuditFailure{kChecks[check].name, sequence, std::move(message)};
    return false;
  }
  void Count(Check check, uint64_t n = 1) { report_.checks[check].checked += n; }

  void StartWorkers(const std::vector<std::string>& entries, std::vector<PreparedEntry>& out);
  void WaitForWorkers();
  Result<bool> CheckEntry(uint64_t sequence, const std::string& stored,
                          const PreparedEntry& prepared);
  Result<bool> CheckCheckpointsAt(uint64_t tree_size);
  Result<bool> CheckCheckpoint(const SignedCheckpointNote& signed_note);
  bool CheckRemembered();
  Result<bool> StartFromReplayStore(uint64_t size);
  Result<bool> Resume(uint64_t size, int64_t last_time_us);
  Result<std::optional<Checkpoint>> OpenCheckpoint(const std::string& note, uint64_t size);
  Status SeedFromReplayStore();
  Status KeepReplay();
  Result<bool> CheckStoredState();
  Result<bool> Finish(uint64_t size);
  Result<bool> CompareReportedBalances(uint64_t size);
  Result<bool> CompareReportedPortfolios(uint64_t size);

  AuditSource& source_;
  const AuditOptions& options_;
  AuditReport report_;
  MemoryStateBackend memory_;
  StateBackend& backend_;  // memory_, or the replay store kept between runs
  StateStore state_;
  StateMachine machine_;
  InvariantChecker invariants_;
  KeyScan keys_;
  MerkleFrontier frontier_;
  std::shared_ptr<PrepareJob> job_;  // the chunk being prepared, shared by its workers
  std::vector<std::future<void>> workers_;
  std::vector<uint64_t> aligned_;
  int64_t last_time_us_ = 0;
  std::optional<uint64_t> stored_state_sequence_;
  std::deque<SignedCheckpointNote> upcoming_;  // fetched, not yet reached
  uint64_t fetched_up_to_ = 0;                 // checkpoints up to this size were fetched
  bool no_more_checkpoints_ = false;
  std::optional<std::pair<uint64_t, Hash>> previous_checkpoint_;  // size and root
};

void AuditRun::StartWorkers(const std::vector<std::string>& entries,
                            std::vector<PreparedEntry>& out) {
  out.assign(entries.size(), PreparedEntry{});
  job_ = std::make_shared<PrepareJob>(entries, out);
  size_t threads = std::max<size_t>(1, options_.threads);
  for (size_t i = 0; i < threads && i < job_->batches(); ++i) {
    workers_.push_back(std::async(std::launch::async, [job = job_, this] {
      NameThisThread("cl-audit");
      job->Run(keys_);
    }));
  }
}

void AuditRun::WaitForWorkers() {
  if (job_) job_->Run(keys_);  // the replay thread takes what is left rather than wait idle
  for (auto& worker : workers_) worker.get();
  workers_.clear();
  job_.reset();
}

Result<AuditReport> AuditRun::Run() {
  auto started = std::chrono::steady_clock::now();
  if (options_.ledger_key == nullptr) {
    return Status(ErrorCode::UsageError, "an audit needs the ledger's verifier key");
  }
  report_.ledger_verifier_key = options_.ledger_key->VerifierKey();
  ASSIGN_OR_RETURN(uint64_t size, source_.Size());
  if (const AuditorState* remembered = options_.remembered) {
    Count(kFork);
    if (remembered->verifier_key != options_.ledger_key->VerifierKey()) {
      Fail(kFork, std::nullopt,
           "the ledger key is not the one this auditor verified before (" +
               remembered->verifier_key + ")");
      return std::move(report_);
    }
    if (remembered->size > size) {
      Fail(kFork, size,
           "the ledger holds " + std::to_string(size) + " entries, fewer than the " +
               std::to_string(remembered->size) + " this auditor verified before");
      return std::move(report_);
    }
  }
  auto stored_sequence = source_.StoredStateSequence();
  if (!stored_sequence.ok() && stored_sequence.status().code() == ErrorCode::Corruption) {
    Fail(kState, std::nullopt, stored_sequence.status().message());
    return std::move(report_);
  }
  if (!stored_sequence.ok()) return stored_sequence.status();
  stored_state_sequence_ = *stored_sequence;
  if (stored_state_sequence_ && *stored_state_sequence_ > size) {
    Fail(kState, std::nullopt,
         "the stored state claims " + std::to_string(*stored_state_sequence_) +
             " entries but the log holds " + std::to_string(size));
    return std::move(report_);
  }
  ASSIGN_OR_RETURN(bool ready, StartFromReplayStore(size));
  if (!ready) return std::move(report_);
  const uint64_t start = report_.resumed_from;
  if (stored_state_sequence_ == start) {
    ASSIGN_OR_RETURN(bool ok, CheckStoredState());
    if (!ok) return std::move(report_);
  }

  const uint64_t chunk = std::max<size_t>(1, options_.chunk_entries);
  // A read stops early at a missing entry; a Corruption status is damage the source found.
  auto read = [&](uint64_t begin, std::vector<std::string>& out) -> Result<bool> {
    out.clear();
    Status status = source_.ReadEntries(begin, std::min(size, begin + chunk), out);
    if (status.code() == ErrorCode::Corruption) {
      return Fail(kFormat, begin + out.size(), status.message());
    }
    RETURN_IF_ERROR(status);
    return true;
  };
  std::vector<std::string> current, next;
  std::vector<PreparedEntry> prepared_current, prepared_next;
  uint64_t begin = start;
  if (size > start) {
    ASSIGN_OR_RETURN(bool ok, read(start, current));
    if (!ok) return std::move(report_);
    keys_.Scan(current);
    StartWorkers(current, prepared_current);
  }
  while (begin < size) {
    WaitForWorkers();
    uint64_t wanted = std::min(size, begin + chunk) - begin;
    bool short_read = current.size() < wanted;
    uint64_t next_begin = begin + current.size();
    if (!short_read && next_begin < size) {
      ASSIGN_OR_RETURN(bool ok, read(next_begin, next));
      if (!ok) return std::move(report_);
      keys_.Scan(next);
      StartWorkers(next, prepared_next);  // ahead of the replay of `current`
    }
    for (size_t i = 0; i < current.size(); ++i) {
      ASSIGN_OR_RETURN(bool ok, CheckEntry(begin + i, current[i], prepared_current[i]));
      if (!ok) {
        WaitForWorkers();
        return std::move(report_);
      }
      // Each entry is its own group: a chunk of large entries would otherwise pin millions
      // of items in the cache until its end.
      state_.PublishGroup(begin + i + 1);
    }
    // Into a replay store, the state is written as it goes, so that the cache can evict clean
    // items instead of holding every dirty one.
    if (options_.replay != nullptr && state_.dirty_items() > 1'000'000) {
      RETURN_IF_ERROR(state_.WriteCheckpoint());
    }
    if (short_read) {
      WaitForWorkers();
      Fail(kSequence, next_begin, Describe(next_begin) + " is missing");
      return std::move(report_);
    }
    if (options_.progress) options_.progress(next_begin, size);
    begin = next_begin;
    std::swap(current, next);
    std::swap(prepared_current, prepared_next);
  }
  ASSIGN_OR_RETURN(bool finished, Finish(size));
  (void)finished;
  report_.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return std::move(report_);
}

Result<bool> AuditRun::CheckEntry(uint64_t sequence, const std::string& stored,
                                  const PreparedEntry& prepared) {
  std::string where = Describe(sequence);
  if (!prepared.decoded) return Fail(kFormat, sequence, where + ": " + prepared.decode_error);
  Count(kFormat);
  ASSIGN_OR_RETURN(const schema::Entry* entry, VerifyEntry(AlignedFlatbuffer(stored, aligned_)));
  if (entry->sequence() != sequence) {
    return Fail(kSequence, sequence,
                "position " + std::to_string(sequence) + " holds an entry recording sequence " +
                    std::to_string(entry->sequence()));
  }
  Count(kSequence);
  if (entry->server_time_us() < last_time_us_) {
    return Fail(kTime, sequence, where + " is stamped earlier than the entry before it");
  }
  last_time_us_ = entry->server_time_us();
  Count(kTime);

  ASSIGN_OR_RETURN(std::optional<Hash> stored_leaf, source_.StoredLeafHash(sequence));
  if (stored_leaf && *stored_leaf != prepared.leaf_hash) {
    return Fail(kMerkle, sequence,
                where + "'s bytes differ from the leaf hash stored when it was appended");
  }
  frontier_.Append(prepared.leaf_hash, [](const MerkleFrontier::CompletedNode&) {});
  Count(kMerkle);

  std::string_view transaction(reinterpret_cast<const char*>(entry->transaction()->data()),
                               entry->transaction()->size());
  AppliedOutcome outcome = machine_.Apply(
      transaction, ByteView(entry->signature()->data(), entry->signature()->size()), sequence,
      entry->server_time_us(), prepared.checked_with ? &*prepared.checked_with : nullptr);
  if (!outcome.status.ok()) {
    Check check = IsAuthorisationFailure(outcome.status.code()) ? kSignatures : kReplay;
    return Fail(check, sequence, where + " is refused on replay: " + outcome.status.ToString());
  }
  Count(kSignatures);
  auto recorded = ReadRecordedOutcome(*entry);
  if (!recorded.ok()) return Fail(kFormat, sequence, where + ": " + recorded.status().message());
  if (recorded->state_digest != outcome.state_digest) {
    return Fail(kReplay, sequence, where + " records a state digest the replay does not reach");
  }
  if (recorded->movements != outcome.movements) {
    return Fail(kReplay, sequence, where + " records movements the replay does not make");
  }
  Count(kReplay);
  Status invariants = invariants_.AfterEntry(state_, outcome.movements);
  if (!invariants.ok()) return Fail(kConservation, sequence, where + ": " + invariants.message());
  Count(kConservation);
  ++report_.entries;

  uint64_t tree_size = sequence + 1;
  ASSIGN_OR_RETURN(bool checkpoints_ok, CheckCheckpointsAt(tree_size));
  if (!checkpoints_ok) return false;
  if (options_.remembered && options_.remembered->size == tree_size && !CheckRemembered()) {
    return false;
  }
  if (stored_state_sequence_ == tree_size) return CheckStoredState();
  return true;
}

Result<bool> AuditRun::CheckCheckpointsAt(uint64_t tree_size) {
  while (true) {
    if (upcoming_.empty() && !no_more_checkpoints_) {
      ASSIGN_OR_RETURN(uint64_t size, source_.Size());
      ASSIGN_OR_RETURN(auto fetched, source_.Checkpoints(fetched_up_to_, size, 1'024));
      if (fetched.empty()) no_more_checkpoints_ = true;
      for (SignedCheckpointNote& note : fetched) {
        fetched_up_to_ = note.tree_size;
        upcoming_.push_back(std::move(note));
      }
    }
    if (upcoming_.empty() || upcoming_.front().tree_size > tree_size) return true;
    SignedCheckpointNote note = std::move(upcoming_.front());
    upcoming_.pop_front();
    if (note.tree_size < tree_size) continue;  // only a size-0 note could be behind
    ASSIGN_OR_RETURN(bool ok, CheckCheckpoint(note));
    if (!ok) return false;
  }
}

Result<bool> AuditRun::CheckCheckpoint(const SignedCheckpointNote& signed_note) {
  uint64_t size = signed_note.tree_size;
  std::string where = "the checkpoint at size " + std::to_string(size);
  uint64_t last = size - 1;
  auto opened = options_.ledger_key->Open(signed_note.note);
  if (!opened.ok()) {
    return Fail(kCheckpoints, last,
                where + " does not verify with the ledger key: " + opened.status().message());
  }
  auto checkpoint = ParseCheckpointText(opened->text);
  if (!checkpoint.ok())
    return Fail(kCheckpoints, last, where + ": " + checkpoint.status().message());
  if (checkpoint->origin != options_.ledger_key->key_name() || checkpoint->size != size) {
    return Fail(kCheckpoints, last,
                where + " names origin " + checkpoint->origin + " and size " +
                    std::to_string(checkpoint->size));
  }
  Count(kCheckpoints);
  if (checkpoint->root != frontier_.Root()) {
    return Fail(kMerkle, last, where + " has another root than the entries before it");
  }
  if (previous_checkpoint_) {
    auto [old_size, old_root] = *previous_checkpoint_;
    ASSIGN_OR_RETURN(auto proof, source_.ConsistencyProof(old_size, size));
    if (proof) {
      Status consistent = VerifyConsistency(old_size, size, old_root, checkpoint->root, *proof);
      if (!consistent.ok()) {
        return Fail(kConsistency, last,
                    "the proof from size " + std::to_string(old_size) + " to " + where + ": " +
                        consistent.message());
      }
      Count(kConsistency);
    }
  }
  previous_checkpoint_ = {size, checkpoint->root};
  ++report_.checkpoints;
  report_.latest_checkpoint = signed_note.note;
  report_.latest = *checkpoint;
  return true;
}

bool AuditRun::CheckRemembered() {
  const AuditorState& remembered = *options_.remembered;
  const std::vector<Hash>& subtrees = frontier_.subtrees();
  // The frontier's subtrees cover the entries left to right, largest first.
  uint64_t start = 0;
  for (size_t i = 0; i < subtrees.size() && i < remembered.frontier.size(); ++i) {
    uint64_t width = std::bit_floor(remembered.size - start);
    if (subtrees[i] != remembered.frontier[i]) {
      return Fail(kFork, start,
                  "entries " + std::to_string(start) + " to " + std::to_string(start + width - 1) +
                      " differ from the history this auditor verified at size " +
                      std::to_string(remembered.size) + ": the history was rewritten");
    }
    start += width;
  }
  if (frontier_.Root() != remembered.root) {
    return Fail(kFork, std::nullopt, "the tree at the remembered size has another root");
  }
  return true;
}

Result<bool> AuditRun::CheckStoredState() {
  StateDigest stored_digest;
  std::optional<Hash> stored_header_digest;
  uint64_t items = 0;
  std::optional<std::string> problem;
  Status walked = source_.ForEachStateItem([&](std::string_view key, std::string_view stored) {
    if (key.starts_with('#')) {
      if (key == kStateDigestKey && stored.size() == sizeof(Hash)) {
        Hash header;
        std::memcpy(header.data(), stored.data(), sizeof(Hash));
        stored_header_digest = header;
      }
      return Status::Ok();
    }
    std::string name(key);
    if (stored.size() < sizeof(Hash)) {
      problem = "item " + name + " is shorter than its hash";
      return Status(ErrorCode::Corruption, *problem);
    }
    std::string_view value = stored.substr(sizeof(Hash));
    Hash hash = StateItemHash(key, value);
    if (AsText(hash) != stored.substr(0, sizeof(Hash))) {
      problem = "item " + name + " does not match its stored hash";
      return Status(ErrorCode::Corruption, *problem);
    }
    ASSIGN_OR_RETURN(auto replayed, state_.Get(name));
    if (!replayed || *replayed != value) {
      problem = "item " + name + (replayed ? " differs from" : " is absent from") + " the replay";
      return Status(ErrorCode::Corruption, *problem);
    }
    stored_digest.Add(hash);
    ++items;
    return Status::Ok();
  });
  uint64_t at = *stored_state_sequence_;
  std::string where = "the stored state (after " + std::to_string(at) + " entries): ";
  if (problem) return Fail(kState, std::nullopt, where + *problem);
  RETURN_IF_ERROR(walked);
  if (stored_digest.value() != state_.digest()) {
    return Fail(kState, std::nullopt, where + "items the replay holds are missing");
  }
  if (at > 0 && stored_header_digest != state_.digest()) {
    return Fail(kState, std::nullopt, where + "its recorded digest is not the replay's");
  }
  Count(kState, items);
  return true;
}

Result<bool> AuditRun::Finish(uint64_t size) {
  uint64_t covered = report_.latest ? report_.latest->size : 0;
  if (covered != size) {
    return Fail(kMerkle, covered,
                "entries from " + std::to_string(covered) + " on are under no checkpoint");
  }
  Status swept = invariants_.Sweep(state_);
  if (!swept.ok()) return Fail(kConservation, std::nullopt, swept.message());
  report_.frontier = frontier_.subtrees();
  report_.state_digest = state_.digest();
  if (source_.ReportsBalances()) {
    ASSIGN_OR_RETURN(bool ok, CompareReportedBalances(size));
    if (!ok) return false;
    ASSIGN_OR_RETURN(ok, CompareReportedPortfolios(size));
    if (!ok) return false;
  }
  RETURN_IF_ERROR(KeepReplay());
  return true;
}

// Every party holding an account: its whole portfolio as the server reports it, against the
// replay's (same rule as balances: only while the server is still at the audited size).
Result<bool> AuditRun::CompareReportedPortfolios(uint64_t size) {
  std::set<std::string> parties;
  for (const std::string& account : invariants_.AccountNames()) {
    std::string_view party = PartyOfAccount(account);
    if (!party.empty()) parties.emplace(party);
    if (parties.size() >= options_.max_balance_reads) break;
  }
  uint64_t compared = 0;
  for (const std::string& party : parties) {
    ASSIGN_OR_RETURN(std::vector<std::string> reported, source_.ReportedPortfolio(party));
    ASSIGN_OR_RETURN(uint64_t count, PortfolioSize(state_, party));
    ASSIGN_OR_RETURN(std::vector<std::string> replayed, ReadPortfolio(state_, party, 0, count));
    if (reported != replayed) {
      ASSIGN_OR_RETURN(uint64_t now, source_.CurrentSize());
      if (now != size) return true;
      return Fail(kPositions, std::nullopt,
                  "the server reports " + std::to_string(reported.size()) + " positions for " +
                      party + ", the replay " + std::to_string(replayed.size()) +
                      (reported.size() == replayed.size() ? ", not the same ones" : ""));
    }
    ++compared;
  }
  ASSIGN_OR_RETURN(uint64_t after, source_.CurrentSize());
  if (after == size) Count(kPositions, compared);
  return true;
}

// Resumes from the replay store when it holds exactly the state the state file remembers;
// otherwise empties it, and the audit starts from genesis. False when the audit failed.
Result<bool> AuditRun::StartFromReplayStore(uint64_t size) {
  ReplayStore* replay = options_.replay;
  if (replay == nullptr) return true;
  const AuditorState* remembered = options_.remembered;
  std::optional<int64_t> last_time_us;
  if (remembered && remembered->state_digest && remembered->size > 0 && !options_.full) {
    ASSIGN_OR_RETURN(last_time_us,
                     replay->ResumableAt(remembered->size, *remembered->state_digest));
  }
  if (!last_time_us) {
    RETURN_IF_ERROR(replay->Clear());
    return true;
  }
  RETURN_IF_ERROR(state_.Load());
  return Resume(size, *last_time_us);
}

// The remembered checkpoint note, opened with the ledger key, if it is for `size`.
Result<std::optional<Checkpoint>> AuditRun::OpenCheckpoint(const std::string& note, uint64_t size) {
  auto opened = options_.ledger_key->Open(note);
  if (!opened.ok()) return std::optional<Checkpoint>();
  auto checkpoint = ParseCheckpointText(opened->text);
  if (!checkpoint.ok() || checkpoint->size != size ||
      checkpoint->origin != options_.ledger_key->key_name()) {
    return std::optional<Checkpoint>();
  }
  return std::optional<Checkpoint>(*checkpoint);
}

Result<bool> AuditRun::Resume(uint64_t size, int64_t last_time_us) {
  const AuditorState& remembered = *options_.remembered;
  const uint64_t from = remembered.size;
  auto frontier = MerkleFrontier::FromSubtrees(from, remembered.frontier);
  ASSIGN_OR_RETURN(auto remembered_checkpoint, OpenCheckpoint(remembered.checkpoint, from));
  if (!frontier.ok() || frontier->Root() != remembered.root || !remembered_checkpoint ||
      remembered_checkpoint->root != remembered.root) {
    return Status(ErrorCode::Malformed,
                  "the auditor state file's tree and checkpoint do not agree: remove it, or "
                  "audit with --full");
  }
  report_.resumed_from = from;
  // Fork: before reading anything new, the newest checkpoint must extend the remembered tree:
  // the same root at the same size, else a consistency proof where the source gives one
  // (without one, the new entries must rebuild the newest root from the remembered frontier,
  // which proves the same).
  if (size > 0) {
    ASSIGN_OR_RETURN(auto notes, source_.Checkpoints(size - 1, size, 1));
    if (notes.empty()) return Fail(kMerkle, size - 1, "no checkpoint covers the newest entries");
    ASSIGN_OR_RETURN(auto newest, OpenCheckpoint(notes.front().note, size));
    if (!newest) {
      return Fail(kCheckpoints, size - 1,
                  "the checkpoint at size " + std::to_string(size) +
                      " does not verify with the ledger key for this origin");
    }
    if (size == from && newest->root != remembered.root) {
      return Fail(kFork, std::nullopt,
                  "the checkpoint at size " + std::to_string(size) +
                      " has another root than the tree this auditor verified at that size: "
                      "the history was rewritten");
    }
    std::optional<std::vector<Hash>> proof;
    if (size > from) {
      ASSIGN_OR_RETURN(proof, source_.ConsistencyProof(from, size));
    }
    if (proof) {
      Status consistent = VerifyConsistency(from, size, remembered.root, newest->root, *proof);
      if (!consistent.ok()) {
        return Fail(kFork, std::nullopt,
                    "the checkpoint at size " + std::to_string(size) +
                        " is not consistent with the tree of size " + std::to_string(from) +
                        " this auditor verified: the history was rewritten (" +
                        consistent.message() + ")");
      }
      Count(kConsistency);
    }
  }
  frontier_ = std::move(*frontier);
  previous_checkpoint_ = {from, remembered.root};
  fetched_up_to_ = from;
  last_time_us_ = last_time_us;
  report_.latest_checkpoint = remembered.checkpoint;
  report_.latest = *remembered_checkpoint;
  RETURN_IF_ERROR(SeedFromReplayStore());
  return true;
}

// The movement model and the keys registered so far, from the kept state: the last passing
// audit found every account equal to its movements (Sweep), so the accounts are the model.
Status AuditRun::SeedFromReplayStore() {
  RETURN_IF_ERROR(options_.replay->ForEachItem(
      AccountKey(""), [this](std::string_view key, std::string_view value) -> Status {
        ASSIGN_OR_RETURN(AccountRecord record, AccountRecord::Decode(value));
        invariants_.Seed(key.substr(AccountKey("").size()), record);
        return Status::Ok();
      }));
  return options_.replay->ForEachItem(
      "k/", [this](std::string_view key, std::string_view value) -> Status {
        // "k/<party>/<key id>"
        size_t slash = key.rfind('/');
        uint32_t key_id = 0;
        std::string_view id = key.substr(slash + 1);
        auto [end, error] = std::from_chars(id.data(), id.data() + id.size(), key_id);
        if (slash < 2 || error != std::errc() || end != id.data() + id.size()) {
          return Status(ErrorCode::Corruption, "replay item " + std::string(key) + " is no key");
        }
        ASSIGN_OR_RETURN(KeyRecord record, KeyRecord::Decode(value));
        ASSIGN_OR_RETURN(Ed25519PublicKey public_key, Ed25519PublicKey::FromRaw(record.public_key));
        keys_.Add(key.substr(2, slash - 2), key_id, public_key);
        return Status::Ok();
      });
}

// After a passing audit: the replayed state and the last entry's time, written before the
// state file that will point at them.
Status AuditRun::KeepReplay() {
  if (options_.replay == nullptr) return Status::Ok();
  RETURN_IF_ERROR(state_.WriteCheckpoint());
  return options_.replay->SetLastEntryTime(last_time_us_);
}

Result<bool> AuditRun::CompareReportedBalances(uint64_t size) {
  // The server answers with its balances now: they equal the replay's only while it is
  // still at the audited size, so a ledger that moves on meanwhile leaves the check unrun.
  ASSIGN_OR_RETURN(uint64_t before, source_.CurrentSize());
  if (before != size) return true;
  std::vector<std::string> accounts = invariants_.AccountNames();
  if (accounts.size() > options_.max_balance_reads) accounts.resize(options_.max_balance_reads);
  uint64_t compared = 0;
  for (const std::string& account : accounts) {
    ASSIGN_OR_RETURN(auto reported, source_.ReportedBalance(account));
    ASSIGN_OR_RETURN(auto stored, state_.Get(AccountKey(account)));
    std::optional<int64_t> replayed;
    if (stored) {
      ASSIGN_OR_RETURN(AccountRecord record, AccountRecord::Decode(*stored));
      replayed = record.balance.minor_units();
    }
    if (reported != replayed) {
      ASSIGN_OR_RETURN(uint64_t now, source_.CurrentSize());
      if (now != size) return true;
      return Fail(kBalances, std::nullopt,
                  "the server reports account " + account + " at " +
                      (reported ? std::to_string(*reported) : "none") + ", the replay at " +
                      (replayed ? std::to_string(*replayed) : "none"));
    }
    ++compared;
  }
  ASSIGN_OR_RETURN(uint64_t after, source_.CurrentSize());
  if (after == size) Count(kBalances, compared);
  return true;
}

}  // namespace

AuditorState AuditReport::Remember(int64_t now_us) const {
  AuditorState state;
  if (latest) {
    state.origin = latest->origin;
    state.size = latest->size;
    state.root = latest->root;
  }
  state.verifier_key = ledger_verifier_key;
  state.frontier = frontier;
  state.state_digest = state_digest;
  state.verified_at_us = now_us;
  state.checkpoint = latest_checkpoint;
  return state;
}

Result<AuditReport> Audit(AuditSource& source, const AuditOptions& options) {
  AuditRun run(source, options);
  return run.Run();
}

}  // namespace crowdledger
