// crowdledger report (--data DIR | --server HOST:PORT --key FILE --party P [--key-id N]
//   [--tls-ca FILE]) --kind fund|platform|maker-space|district|programme [--id NAME]
//   [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--at TREE_SIZE] [--format json|csv|html]
//   [--lang zh|en] [--out FILE]
// Computes the report as of the checkpoint at TREE_SIZE (the latest by default), signed over
// its canonical JSON with the ledger key: offline on a stopped ledger's directory, or by the
// server that holds the ledger (the API's ReportQuery). Writes the JSON, or a CSV or HTML
// view of it.
#include "tools/report_command.h"

#include <iostream>

#include "ledger/ledger.h"
#include "ledger/reports/ledger_report.h"
#include "ledger/reports/report_audit.h"
#include "ledger/reports/report_csv.h"
#include "ledger/reports/report_html.h"
#include "ledger/reports/report_signature.h"
#include "tools/exit_codes.h"
#include "tools/file_input.h"
#include "tools/host_port.h"
#include "tools/json_text.h"

namespace crowdledger::tool {
namespace {

// A report of the largest programme stays far below this; it bounds what audit reads.
constexpr size_t kMaxReportFileBytes = size_t{256} * 1024 * 1024;

struct ReportOptions {
  std::string data, kind, id, from, to, format = "json", lang = "zh", out;
  std::optional<uint64_t> at;
  // From a server instead of --data: a key with the Audit or Administer role.
  std::string server, tls_ca, key, party;
  uint32_t key_id = 1;
};

// The signed JSON file, and the requested view of it.
Result<std::string> Render(const std::string& signed_file, const ReportOptions& options) {
  if (options.format == "json") return signed_file;
  ASSIGN_OR_RETURN(SignedReport report, ReadSignedReport(signed_file));
  ReportLanguage language =
      options.lang == "en" ? ReportLanguage::English : ReportLanguage::Chinese;
  if (options.format == "csv") return ReportCsv(report.body, language);
  return ReportHtml(report.body, Base64Encode(report.signature), report.key_name, language);
}

// Opens the stopped ledger (recovering its state if need be) and signs the report with the
// ledger key it holds.
Result<std::string> ReportOfDataDirectory(const ReportOptions& options, ReportKind kind) {
  ASSIGN_OR_RETURN(auto ledger, Ledger::Open(options.data));
  ASSIGN_OR_RETURN(ReportRequest request,
                   MakeReportRequest(kind, options.id, options.from, options.to,
                                     options.at.value_or(0), ledger->log().size()));
  return SignedLedgerReport(*ledger, request);
}

// Asks the server (ReportQuery) for the report it signs. The file is checked to be a signed
// report before it is written, not verified: `crowdledger audit --report` does that.
Result<std::string> ReportOfServer(const ReportOptions& options, ReportKind kind) {
  ASSIGN_OR_RETURN(Ed25519PrivateKey key, ReadPrivateKeyFile(options.key));
  ASSIGN_OR_RETURN(auto client, ConnectToServer(options.server, options.tls_ca));
  ASSIGN_OR_RETURN(
      api::ResponseFrame frame,
      client->Query(options.party, options.key_id, key, [&](flatbuffers::FlatBufferBuilder& b) {
        auto query = schema::CreateReportQueryDirect(b, static_cast<schema::ReportKind>(kind),
                                                     options.id.c_str(), options.from.c_str(),
                                                     options.to.c_str(), options.at.value_or(0));
        return std::make_pair(schema::QueryBody::ReportQuery, query.Union());
      }));
  RETURN_IF_ERROR(frame.status());
  const auto* result = frame.response->body_as_ReportResult();
  if (result == nullptr || result->report() == nullptr) {
    return Status(ErrorCode::Malformed, "the server answered a report query without a report");
  }
  std::string file = result->report()->str();
  RETURN_IF_ERROR(ReadSignedReport(file).status());
  return file;
}

Status Report(const ReportOptions& options) {
  if (options.data.empty() == options.server.empty()) {
    return Status(ErrorCode::UsageError, "name the ledger with either --data or --server");
  }
  if (!options.server.empty() && (options.key.empty() || options.party.empty())) {
    return Status(ErrorCode::UsageError, "--server needs --key and --party");
  }
  ASSIGN_OR_RETURN(ReportKind kind, ParseReportKind(options.kind));
  Result<std::string> signed_file =
      options.server.empty() ? ReportOfDataDirectory(options, kind) : ReportOfServer(options, kind);
  if (!signed_file.ok() && signed_file.status().code() == ErrorCode::InvalidArgument) {
    return Status(ErrorCode::UsageError, signed_file.status().message());
  }
  RETURN_IF_ERROR(signed_file.status());
  ASSIGN_OR_RETURN(std::string rendered, Render(*signed_file, options));
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
      app.add_subcommand("report", "A signed report of a ledger or a server (docs/reports.md)");
  report->add_option("--data", options->data, "The stopped ledger's data directory");
  report->add_option("--server", options->server, "Or HOST:PORT of a server that signs it");
  AddTlsCaOption(*report, options->tls_ca);
  report->add_option("--key", options->key, "With --server: private key (Audit or Administer)");
  report->add_option("--party", options->party, "With --server: the reading party");
  report->add_option("--key-id", options->key_id, "With --server: which of its keys")
      ->capture_default_str();
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
