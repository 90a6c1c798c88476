// crowdledger report --data DIR --kind fund|platform|maker-space|district|programme [--id NAME]
//   [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--at TREE_SIZE] [--format json|csv|html]
//   [--lang zh|en] [--out FILE]
// Opens the stopped ledger (recovering its state if need be), computes the report as of the
// checkpoint at TREE_SIZE (the latest by default), signs its canonical JSON with the ledger
// key kept in the directory, and writes the JSON, or a CSV or HTML view of it.
#include "tools/report_command.h"

#include <iostream>

#include "crypto/checkpoint.h"
#include "ledger/ledger.h"
#include "ledger/reports/report_audit.h"
#include "ledger/reports/report_computer.h"
#include "ledger/reports/report_csv.h"
#include "ledger/reports/report_html.h"
#include "ledger/reports/report_json.h"
#include "ledger/reports/report_scopes.h"
#include "ledger/reports/report_signature.h"
#include "tools/exit_codes.h"
#include "tools/file_input.h"
#include "tools/json_text.h"

namespace crowdledger::tool {
namespace {

// A report of the largest programme stays far below this; it bounds what audit reads.
constexpr size_t kMaxReportFileBytes = size_t{256} * 1024 * 1024;

struct ReportOptions {
  std::string data, kind, id, from, to, format = "json", lang = "zh", out;
  std::optional<uint64_t> at;
};

Result<ReportRequest> RequestFrom(const ReportOptions& options, uint64_t size) {
  ReportRequest request;
  ASSIGN_OR_RETURN(request.kind, ParseReportKind(options.kind));
  request.id = options.id;
  if (request.kind == ReportKind::Programme && !request.id.empty()) {
    return Status(ErrorCode::UsageError, "a programme report takes no --id");
  }
  if (request.kind != ReportKind::Programme && request.id.empty()) {
    return Status(ErrorCode::UsageError, "a " + options.kind + " report needs --id");
  }
  if (!options.from.empty()) {
    ASSIGN_OR_RETURN(request.from_day, ParseReportDate(options.from));
  }
  if (!options.to.empty()) {
    ASSIGN_OR_RETURN(request.to_day, ParseReportDate(options.to));
  }
  request.tree_size = options.at.value_or(size);
  if (request.tree_size == 0 || request.tree_size > size) {
    return Status(ErrorCode::UsageError, "--at " + std::to_string(request.tree_size) +
                                             " is not a tree size of this ledger (1.." +
                                             std::to_string(size) + ")");
  }
  return request;
}

Result<ReportCheckpoint> CheckpointAt(LogStore& log, uint64_t size) {
  auto note = log.CheckpointAt(size);
  if (!note.ok() && note.status().code() == ErrorCode::NotFound) {
    return Status(ErrorCode::UsageError, "the ledger issued no checkpoint at tree size " +
                                             std::to_string(size) +
                                             " (a report names a signed checkpoint)");
  }
  RETURN_IF_ERROR(note.status());
  ASSIGN_OR_RETURN(Note parsed, ParseNote(*note));
  ASSIGN_OR_RETURN(Checkpoint checkpoint, ParseCheckpointText(parsed.text));
  return ReportCheckpoint{checkpoint.origin, checkpoint.size, checkpoint.root, *note};
}

// The signed JSON file, and the requested view of it.
Result<std::string> Render(const std::string& signed_file, const ReportOptions& options) {
  if (options.format == "json") return signed_file;
  ASSIGN_OR_RETURN(SignedReport report, ReadSignedReport(signed_file));
  ReportLanguage language =
      options.lang == "en" ? ReportLanguage::English : ReportLanguage::Chinese;
  if (options.format == "csv") return ReportCsv(report.body, language);
  return ReportHtml(report.body, Base64Encode(report.signature), report.key_name, language);
}

Status Report(const ReportOptions& options) {
  ASSIGN_OR_RETURN(Ed25519PrivateKey key,
                   ReadPrivateKeyFile(LogStore::LedgerKeyPath(options.data)));
  ASSIGN_OR_RETURN(auto ledger, Ledger::Open(options.data));
  LogStore& log = ledger->log();
  ASSIGN_OR_RETURN(ReportRequest request, RequestFrom(options, log.size()));
  ASSIGN_OR_RETURN(ReportCheckpoint checkpoint, CheckpointAt(log, request.tree_size));
  std::string origin = checkpoint.origin;
  auto entries = [&log](uint64_t begin, uint64_t end, const EntryVisitor& visit) {
    return log.ForEachEntry(begin, end, visit);
  };
  ASSIGN_OR_RETURN(ReportData data, ComputeReport(ledger->state(), log.size(), entries, request,
                                                  std::move(checkpoint)));
  ASSIGN_OR_RETURN(JsonValue body, ReportBody(data));
  ASSIGN_OR_RETURN(std::string rendered, Render(SignReport(body, key, origin), options));
  if (options.out.empty()) {
    std::cout << rendered;
    return std::cout.flush() ? Status::Ok() : Status(ErrorCode::IoError, "cannot write the report");
  }
  return ReplaceFile(options.out, rendered);
}

void PrintAuditJson(const ReportAuditResult& result) {
  std::cout << "{\"ok\":" << (result.ok() ? "true" : "false")
            << ",\"tree_size\":" << result.tree_size << ",\"entries\":" << result.entries
            << ",\"checks\":[";
  for (size_t i = 0; i < result.checks.size(); ++i) {
    const char* status = i < result.passed                  ? "passed"
                         : result.ok() || i > result.passed ? "stopped"
                                                            : "failed";
    std::cout << (i ? "," : "") << "{\"name\":" << JsonString(result.checks[i].name)
              << ",\"status\":\"" << status << "\"}";
  }
  std::cout << "]";
  if (!result.ok()) {
    std::cout << ",\"failure\":{\"check\":" << JsonString(*result.failed_check)
              << ",\"message\":" << JsonString(result.message) << "}";
  }
  std::cout << "}\n";
}

void PrintAuditHuman(const ReportAuditResult& result, const std::string& path) {
  std::cout << "report " << path << " (tree size " << result.tree_size << ", " << result.entries
            << " entries replayed)\n";
  for (size_t i = 0; i < result.checks.size(); ++i) {
    const char* mark = i < result.passed                      ? "ok  "
                       : (!result.ok() && i == result.passed) ? "FAIL"
                                                              : "--  ";
    std::printf("  %s %-11s %s\n", mark, result.checks[i].name.c_str(),
                result.checks[i].description.c_str());
  }
  if (!result.ok()) {
    std::cout << "INTEGRITY FAILURE in check '" << *result.failed_check << "': " << result.message
              << "\n";
  } else {
    std::cout << "the report is the ledger's, as of tree size " << result.tree_size << "\n";
  }
}

}  // namespace

int RunReportAudit(AuditSource& source, const NoteVerifier& ledger_key,
                   const std::string& report_path, bool json) {
  auto file = ReadBoundedFile(report_path, kMaxReportFileBytes);
  if (!file.ok()) {
    std::cerr << "crowdledger: " << file.status().ToString() << "\n";
    return kExitUsage;
  }
  auto result = AuditReport(source, ledger_key, *file);
  if (!result.ok()) {
    std::cerr << "crowdledger: " << result.status().ToString() << "\n";
    return kExitUsage;
  }
  if (json) {
    PrintAuditJson(*result);
  } else {
    PrintAuditHuman(*result, report_path);
  }
  return result->ok() ? kExitOk : kExitIntegrity;
}

void AddReportCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ReportOptions>();
  auto* report =
      app.add_subcommand("report", "A signed report of a stopped ledger (docs/reports.md)");
  report->add_option("--data", options->data, "The ledger's data directory")->required();
  report->add_option("--kind", options->kind, "fund, platform, maker-space, district or programme")
      ->required()
      ->check(CLI::IsMember({"fund", "platform", "maker-space", "district", "programme"}));
  report->add_option("--id", options->id, "The fund, platform, maker space (handles) or district");
  report->add_option("--from", options->from, "First day of the period, YYYY-MM-DD (UTC+8)");
  report->add_option("--to", options->to, "Last day of the period, YYYY-MM-DD (UTC+8)");
  report->add_option("--at", options->at, "As of this tree size (a checkpoint); default latest");
  report->add_option("--format", options->format, "json (signed), csv or html")
      ->check(CLI::IsMember({"json", "csv", "html"}))
      ->capture_default_str();
  report->add_option("--lang", options->lang, "Labels of csv and html: zh or en")
      ->check(CLI::IsMember({"zh", "en"}))
      ->capture_default_str();
  report->add_option("--out", options->out, "Write here (replacing it) instead of stdout");
  report->callback([options, &exit_code] { exit_code = ExitWith(Report(*options)); });
}

}  // namespace crowdledger::tool
