// AuditReport: read, verify, replay to the report's size, recompute, compare.
#include "ledger/reports/report_audit.h"

#include "crypto/checkpoint.h"
#include "crypto/merkle.h"
#include "ledger/apply/state_machine.h"
#include "ledger/entry_format.h"
#include "ledger/reports/report_computer.h"
#include "ledger/reports/report_json.h"
#include "ledger/reports/report_signature.h"
#include "ledger/state/memory_state_backend.h"

namespace crowdledger {
namespace {

enum Check : size_t { kFormat, kSignature, kCheckpoint, kReplay, kMerkle, kReport, kBytes, kCount };

struct CheckText {
  const char* name;
  const char* description;
};
constexpr CheckText kChecks[kCount] = {
    {"format", "the file is a signed report of a known format"},
    {"signature", "the report is signed by the ledger key"},
    {"checkpoint", "the checkpoint it names is signed by the ledger key"},
    {"replay", "the entries up to that size replay to their recorded outcomes"},
    {"merkle", "those entries have the checkpoint's root"},
    {"report", "the report recomputed from the replay equals the file's"},
    {"bytes", "the file is that report and signature, byte for byte"},
};

constexpr uint64_t kReadChunk = 4'096;

class ReportAuditRun {
 public:
  ReportAuditRun(AuditSource& source, const NoteVerifier& key)
      : source_(source), key_(key), state_(backend_), machine_(state_) {
    for (const CheckText& check : kChecks)
      result_.checks.push_back({check.name, check.description});
  }

  Result<ReportAuditResult> Run(std::string_view file);

 private:
  // Records a failure; false so that callers can return it.
  bool Fail(Check check, std::string message) {
    result_.failed_check = kChecks[check].name;
    result_.message = std::move(message);
    return false;
  }
  void Pass(Check check) { result_.passed = static_cast<size_t>(check) + 1; }
  bool ReadCheckpoint(const JsonValue& body, ReportCheckpoint& checkpoint);
  Result<bool> Replay(uint64_t size);
  Result<bool> ReplayEntry(uint64_t sequence, const std::string& stored);

  AuditSource& source_;
  const NoteVerifier& key_;
  ReportAuditResult result_;
  MemoryStateBackend backend_;
  StateStore state_;
  StateMachine machine_;
  MerkleFrontier frontier_;
  int64_t last_time_us_ = 0;
  std::vector<uint64_t> aligned_;
};

bool ReportAuditRun::ReadCheckpoint(const JsonValue& body, ReportCheckpoint& checkpoint) {
  const JsonValue* named = body.Find("checkpoint");
  const JsonValue* note = named != nullptr ? named->Find("note") : nullptr;
  const JsonValue* origin = named != nullptr ? named->Find("origin") : nullptr;
  const JsonValue* root = named != nullptr ? named->Find("root_hash") : nullptr;
  if (note == nullptr || note->AsString() == nullptr || origin == nullptr ||
      origin->AsString() == nullptr || root == nullptr || root->AsString() == nullptr) {
    return Fail(kCheckpoint, "the report names no checkpoint note, origin and root");
  }
  auto opened = key_.Open(*note->AsString());
  if (!opened.ok()) {
    return Fail(kCheckpoint, "its checkpoint does not verify: " + opened.status().message());
  }
  auto parsed = ParseCheckpointText(opened->text);
  if (!parsed.ok()) return Fail(kCheckpoint, "its checkpoint: " + parsed.status().message());
  if (parsed->origin != key_.key_name() || parsed->size != result_.tree_size ||
      *origin->AsString() != parsed->origin || *root->AsString() != Base64Encode(parsed->root)) {
    return Fail(kCheckpoint, "the checkpoint note says origin " + parsed->origin + ", size " +
                                 std::to_string(parsed->size) +
                                 ", which the report's own fields do not");
  }
  checkpoint = ReportCheckpoint{parsed->origin, parsed->size, parsed->root, *note->AsString()};
  return true;
}

Result<bool> ReportAuditRun::ReplayEntry(uint64_t sequence, const std::string& stored) {
  std::string where = "entry " + std::to_string(sequence);
  auto entry = VerifyEntry(AlignedFlatbuffer(stored, aligned_));
  if (!entry.ok()) return Fail(kReplay, where + ": " + entry.status().message());
  if ((*entry)->sequence() != sequence) return Fail(kReplay, where + " records another sequence");
  if ((*entry)->server_time_us() < last_time_us_)
    return Fail(kReplay, where + " goes back in time");
  last_time_us_ = (*entry)->server_time_us();
  frontier_.Append(MerkleLeafHash(AsBytes(stored)), [](const MerkleFrontier::CompletedNode&) {});
  const auto* transaction = (*entry)->transaction();
  const auto* signature = (*entry)->signature();
  AppliedOutcome outcome = machine_.Apply(
      std::string_view(reinterpret_cast<const char*>(transaction->data()), transaction->size()),
      ByteView(signature->data(), signature->size()), sequence, last_time_us_);
  if (!outcome.status.ok()) {
    return Fail(kReplay, where + " is refused on replay: " + outcome.status.ToString());
  }
  auto recorded = ReadRecordedOutcome(**entry);
  if (!recorded.ok()) return Fail(kReplay, where + ": " + recorded.status().message());
  if (*recorded != RecordedOutcome{outcome.state_digest, outcome.movements}) {
    return Fail(kReplay, where + " records an outcome the replay does not reach");
  }
  ++result_.entries;
  return true;
}

Result<bool> ReportAuditRun::Replay(uint64_t size) {
  ASSIGN_OR_RETURN(uint64_t available, source_.Size());
  if (available < size) {
    return Fail(kReplay, "the ledger holds " + std::to_string(available) +
                             " entries, fewer than the report's " + std::to_string(size));
  }
  std::vector<std::string> chunk;
  for (uint64_t begin = 0; begin < size; begin += kReadChunk) {
    uint64_t end = std::min(size, begin + kReadChunk);
    chunk.clear();
    Status read = source_.ReadEntries(begin, end, chunk);
    if (read.code() == ErrorCode::Corruption) return Fail(kReplay, read.message());
    RETURN_IF_ERROR(read);
    if (chunk.size() != end - begin) {
      return Fail(kReplay, "entry " + std::to_string(begin + chunk.size()) + " is missing");
    }
    for (size_t i = 0; i < chunk.size(); ++i) {
      ASSIGN_OR_RETURN(bool ok, ReplayEntry(begin + i, chunk[i]));
      if (!ok) return false;
    }
    state_.PublishGroup(end);
    // The replayed state lives in memory: writing it lets the cache drop clean items.
    if (state_.dirty_items() > 1'000'000) RETURN_IF_ERROR(state_.WriteCheckpoint());
  }
  return true;
}

Result<ReportAuditResult> ReportAuditRun::Run(std::string_view file) {
  auto signed_report = ReadSignedReport(file);
  auto request = signed_report.ok() ? RequestOfReportBody(signed_report->body)
                                    : Result<ReportRequest>(signed_report.status());
  if (!request.ok()) {
    Fail(kFormat, request.status().message());
    return std::move(result_);
  }
  result_.tree_size = request->tree_size;
  Pass(kFormat);
  Status signed_by = VerifyReportSignature(*signed_report, key_);
  if (!signed_by.ok()) {
    Fail(kSignature, signed_by.message());
    return std::move(result_);
  }
  Pass(kSignature);
  ReportCheckpoint checkpoint;
  if (!ReadCheckpoint(signed_report->body, checkpoint)) return std::move(result_);
  Pass(kCheckpoint);
  ASSIGN_OR_RETURN(bool replayed, Replay(request->tree_size));
  if (!replayed) return std::move(result_);
  Pass(kReplay);
  if (frontier_.Root() != checkpoint.root) {
    Fail(kMerkle, "the entries' root is not the checkpoint's");
    return std::move(result_);
  }
  Pass(kMerkle);
  // The replayed state is at the report's size exactly: whole buckets, nothing to recompute.
  auto no_entries = [](uint64_t, uint64_t, const EntryVisitor&) { return Status::Ok(); };
  auto data = ComputeReport(state_, request->tree_size, no_entries, *request, checkpoint);
  auto body = data.ok() ? ReportBody(*data) : Result<JsonValue>(data.status());
  if (!body.ok()) {
    Fail(kReport, "the report cannot be recomputed: " + body.status().message());
    return std::move(result_);
  }
  if (CanonicalJson(*body) != signed_report->body_bytes) {
    Fail(kReport, "the recomputed report differs from the file's");
    return std::move(result_);
  }
  Pass(kReport);
  std::string expected = SignedReportFile(*body, signed_report->signature, signed_report->key_id,
                                          signed_report->key_name);
  if (expected != file) {
    Fail(kBytes, "the file is not the canonical form of its report and signature");
    return std::move(result_);
  }
  Pass(kBytes);
  return std::move(result_);
}

}  // namespace

Result<ReportAuditResult> AuditReport(AuditSource& source, const NoteVerifier& ledger_key,
                                      std::string_view file) {
  ReportAuditRun run(source, ledger_key);
  return run.Run(file);
}

}  // namespace crowdledger
