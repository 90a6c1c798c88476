#include "ledger/reports/ledger_report.h"

#include "crypto/checkpoint.h"
#include "crypto/signed_note.h"
#include "ledger/reports/report_computer.h"
#include "ledger/reports/report_json.h"
#include "ledger/reports/report_scopes.h"
#include "ledger/reports/report_signature.h"

namespace crowdledger {

Result<ReportRequest> MakeReportRequest(ReportKind kind, std::string id, std::string_view from,
                                        std::string_view to, uint64_t tree_size,
                                        uint64_t ledger_size) {
  ReportRequest request;
  request.kind = kind;
  request.id = std::move(id);
  std::string kind_name(ReportKindName(kind));
  if (kind == ReportKind::Programme && !request.id.empty()) {
    return Status(ErrorCode::InvalidArgument, "a programme report names no party or district");
  }
  if (kind != ReportKind::Programme && request.id.empty()) {
    return Status(ErrorCode::InvalidArgument, "a " + kind_name + " report names its subject");
  }
  if (!from.empty()) {
    ASSIGN_OR_RETURN(request.from_day, ParseReportDate(from));
  }
  if (!to.empty()) {
    ASSIGN_OR_RETURN(request.to_day, ParseReportDate(to));
  }
  request.tree_size = tree_size == 0 ? ledger_size : tree_size;
  if (request.tree_size == 0 || request.tree_size > ledger_size) {
    return Status(ErrorCode::InvalidArgument, "tree size " + std::to_string(request.tree_size) +
                                                  " is not one of this ledger's (1.." +
                                                  std::to_string(ledger_size) + ")");
  }
  return request;
}

Result<std::string> SignedLedgerReport(Ledger& ledger, const ReportRequest& request) {
  LogStore& log = ledger.log();
  const NoteSigner* signer = log.signer();
  if (signer == nullptr) {
    return Status(ErrorCode::UsageError, "a ledger opened read-only cannot sign a report");
  }
  auto note = log.CheckpointAt(request.tree_size);
  if (!note.ok() && note.status().code() == ErrorCode::NotFound) {
    return Status(ErrorCode::NotFound, "the ledger issued no checkpoint at tree size " +
                                           std::to_string(request.tree_size) +
                                           " (a report names a signed checkpoint)");
  }
  RETURN_IF_ERROR(note.status());
  ASSIGN_OR_RETURN(Note parsed, ParseNote(*note));
  ASSIGN_OR_RETURN(Checkpoint checkpoint, ParseCheckpointText(parsed.text));
  if (checkpoint.size != request.tree_size) {
    return Status(ErrorCode::Corruption, "the checkpoint stored for tree size " +
                                             std::to_string(request.tree_size) + " is of size " +
                                             std::to_string(checkpoint.size));
  }
  auto entries = [&log](uint64_t begin, uint64_t end, const EntryVisitor& visit) {
    return log.ForEachEntry(begin, end, visit);
  };
  ASSIGN_OR_RETURN(
      ReportData data,
      ComputeReport(ledger.state(), log.size(), entries, request,
                    ReportCheckpoint{checkpoint.origin, checkpoint.size, checkpoint.root, *note}));
  ASSIGN_OR_RETURN(JsonValue body, ReportBody(data));
  return SignReport(body, signer->private_key(), signer->key_name());
}

}  // namespace crowdledger
