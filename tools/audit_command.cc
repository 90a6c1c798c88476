// crowdledger audit (--data DIR | --export DIR | --server ADDR --key FILE --party P)
//   [--verifier-key VKEY] [--state FILE [--full]] [--json] [--witness --witness-key FILE
//   --witness-name NAME] [--threads N]
// Runs every check of ledger/audit/auditor.h and prints each by name, then either "all
// checks hold" (exit 0) or the failed check with the first bad sequence number (exit 1);
// usage and I/O errors exit 2. With --state it remembers the verified tree, and the next run
// demands that history as a prefix (fork detection); it keeps its replayed state in
// FILE.replay/, and the next run verifies only the entries that came since (--full: all).
#include "tools/audit_command.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <thread>

#include "api/server_audit_source.h"
#include "crypto/cosignature.h"
#include "crypto/wall_clock.h"
#include "ledger/audit/auditor.h"
#include "ledger/audit/data_dir_source.h"
#include "ledger/audit/export_source.h"
#include "ledger/audit/replay_store.h"
#include "tools/exit_codes.h"
#include "tools/file_input.h"
#include "tools/host_port.h"
#include "tools/json_text.h"
#include "tools/report_command.h"

namespace crowdledger::tool {
namespace {

constexpr size_t kMaxStateFileBytes = size_t{64} * 1024;

struct AuditCommandOptions {
  std::string data, export_dir, verifier_key, state, witness_key, witness_name;
  std::string server, key, party = "auditor", tls_ca;
  uint32_t key_id = 1;
  bool json = false, witness = false, full = false;
  std::string report;  // --report FILE: check this signed report instead (docs/reports.md)
  // The replay thread also verifies once it is ahead, so one core is left to it: on two cores
  // one worker audited a 1.3M-entry ledger in 204 s, two in 227 s (docs/BENCHMARKS.md).
  unsigned threads = std::max(2u, std::thread::hardware_concurrency()) - 1;
};

// A progress bar with rate and remaining time, redrawn in place on a terminal.
class ProgressBar {
 public:
  void Update(uint64_t done, uint64_t total) {
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
    double remaining = rate > 0 ? static_cast<double>(total - done) / rate : 0;
    constexpr int kWidth = 30;
    int filled = total == 0 ? kWidth : static_cast<int>(kWidth * done / total);
    std::fprintf(stderr, "\r[%s%s] %3d%%  %llu/%llu entries  %.0f/s  %.0f s left   ",
                 std::string(static_cast<size_t>(filled), '#').c_str(),
                 std::string(static_cast<size_t>(kWidth - filled), '-').c_str(),
                 total == 0 ? 100 : static_cast<int>(100 * done / total),
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(total),
                 rate, remaining);
    drawn_ = true;
  }
  ~ProgressBar() {
    if (drawn_) std::fprintf(stderr, "\n");
  }

 private:
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  bool drawn_ = false;
};

std::string CheckStatus(const AuditReport& report, size_t index) {
  if (!report.failure) return "passed";
  const std::string& failed = report.failure->check;
  for (size_t i = 0; i < report.checks.size(); ++i) {
    if (report.checks[i].name == failed) return i == index ? "failed" : "stopped";
  }
  return "stopped";
}

void PrintJson(const AuditReport& report, const std::string& cosignature) {
  std::cout << "{\"ok\":" << (report.ok() ? "true" : "false")
            << ",\"source\":" << JsonString(report.source) << ",\"entries\":" << report.entries
            << ",\"resumed_from\":" << report.resumed_from
            << ",\"checkpoints\":" << report.checkpoints << ",\"seconds\":" << report.seconds
            << ",\"entries_per_second\":"
            << (report.seconds > 0 ? static_cast<double>(report.entries) / report.seconds : 0)
            << ",\"checks\":[";
  for (size_t i = 0; i < report.checks.size(); ++i) {
    const AuditCheck& check = report.checks[i];
    std::cout << (i ? "," : "") << "{\"name\":" << JsonString(check.name)
              << ",\"status\":" << JsonString(CheckStatus(report, i))
              << ",\"checked\":" << check.checked << "}";
  }
  std::cout << "]";
  if (report.failure) {
    std::cout << ",\"failure\":{\"check\":" << JsonString(report.failure->check) << ",\"sequence\":"
              << (report.failure->sequence ? std::to_string(*report.failure->sequence) : "null")
              << ",\"message\":" << JsonString(report.failure->message) << "}";
  }
  if (report.latest) {
    std::cout << ",\"checkpoint\":{\"origin\":" << JsonString(report.latest->origin)
              << ",\"size\":" << report.latest->size
              << ",\"root\":" << JsonString(Base64Encode(report.latest->root)) << "}";
  }
  if (!cosignature.empty()) std::cout << ",\"cosignature\":" << JsonString(cosignature);
  std::cout << "}\n";
}

void PrintHuman(const AuditReport& report, const std::string& cosignature) {
  std::cout << "audit of " << report.source << ": " << report.entries << " entries, "
            << report.checkpoints << " checkpoints in " << report.seconds << " s\n";
  if (report.resumed_from > 0) {
    std::cout << "  incremental: the " << report.resumed_from
              << " entries before were verified by an earlier run (--full to verify all)\n";
  }
  for (size_t i = 0; i < report.checks.size(); ++i) {
    std::string status = CheckStatus(report, i);
    const char* mark = status == "passed" ? "ok  " : status == "failed" ? "FAIL" : "--  ";
    std::printf("  %s %-13s %s (%llu checked)\n", mark, report.checks[i].name.c_str(),
                report.checks[i].description.c_str(),
                static_cast<unsigned long long>(report.checks[i].checked));
  }
  if (report.failure) {
    std::cout << "INTEGRITY FAILURE in check '" << report.failure->check << "'";
    if (report.failure->sequence) std::cout << " at entry " << *report.failure->sequence;
    std::cout << ": " << report.failure->message << "\n";
    return;
  }
  std::cout << "all checks hold";
  if (report.latest) {
    std::cout << " up to tree size " << report.latest->size << ", root "
              << Base64Encode(report.latest->root);
  }
  std::cout << "\n";
  if (!cosignature.empty()) std::cout << "\n" << report.latest_checkpoint << cosignature;
}

Result<std::unique_ptr<AuditSource>> OpenSource(const AuditCommandOptions& options,
                                                std::optional<NoteVerifier>& stored_key) {
  if (!options.server.empty()) {
    if (options.key.empty()) return Status(ErrorCode::UsageError, "--server needs --key");
    ASSIGN_OR_RETURN(auto address, ParseHostPort(options.server));
    ASSIGN_OR_RETURN(Ed25519PrivateKey key, ReadPrivateKeyFile(options.key));
    api::ServerAuditOptions server;
    server.host = address.first;
    server.port = address.second;
    server.tls.ca_file = options.tls_ca;
    server.party = options.party;
    server.key_id = options.key_id;
    ASSIGN_OR_RETURN(auto source, api::ServerAuditSource::Connect(server, std::move(key)));
    return std::unique_ptr<AuditSource>(std::move(source));
  }
  if (!options.data.empty()) {
    ASSIGN_OR_RETURN(auto source, DataDirSource::Open(options.data));
    stored_key = source->log().verifier();
    return std::unique_ptr<AuditSource>(std::move(source));
  }
  ASSIGN_OR_RETURN(auto source, ExportSource::Open(options.export_dir));
  return std::unique_ptr<AuditSource>(std::move(source));
}

// The key checkpoints must verify with: given, else remembered, else (a data directory) the
// one stored beside the ledger, which an auditor should pin with --verifier-key.
Result<NoteVerifier> ChooseLedgerKey(const AuditCommandOptions& options,
                                     const std::optional<AuditorState>& remembered,
                                     const std::optional<NoteVerifier>& stored_key) {
  if (!options.verifier_key.empty()) return NoteVerifier::FromVerifierKey(options.verifier_key);
  if (remembered) return NoteVerifier::FromVerifierKey(remembered->verifier_key);
  if (stored_key) {
    std::cerr << "crowdledger audit: trusting the verifier key stored in " << options.data
              << "; pass --verifier-key to pin it\n";
    return *stored_key;
  }
  return Status(ErrorCode::UsageError, "--verifier-key is required to audit an export or a server");
}

Result<std::string> Cosignature(const AuditCommandOptions& options, const AuditReport& report) {
  if (!options.witness || !report.ok() || !report.latest) return std::string();
  ASSIGN_OR_RETURN(Ed25519PrivateKey key, ReadPrivateKeyFile(options.witness_key));
  ASSIGN_OR_RETURN(Note note, ParseNote(report.latest_checkpoint));
  uint64_t now_s = static_cast<uint64_t>(WallClockMicros() / 1'000'000);
  return Cosign(note.text, options.witness_name, key, now_s);
}

// An audit that could not run (usage, I/O, a server refusing the auditor's reads) exits 2,
// whatever the code: exit 1 is kept for what the audit found wrong with the ledger.
int CouldNotRun(const Status& status) {
  std::cerr << "crowdledger: " << status.ToString() << "\n";
  return kExitUsage;
}

int RunAudit(const AuditCommandOptions& options) {
  int sources = !options.data.empty() + !options.export_dir.empty() + !options.server.empty();
  if (sources != 1) {
    return CouldNotRun(
        Status(ErrorCode::UsageError, "give exactly one of --data, --export and --server"));
  }
  if (options.witness && (options.witness_key.empty() || options.witness_name.empty())) {
    return CouldNotRun(
        Status(ErrorCode::UsageError, "--witness needs --witness-key and --witness-name"));
  }
  std::optional<AuditorState> remembered;
  if (!options.state.empty() && std::filesystem::exists(options.state)) {
    auto text = ReadBoundedFile(options.state, kMaxStateFileBytes);
    if (!text.ok()) return CouldNotRun(text.status());
    auto parsed = ParseAuditorState(*text);
    if (!parsed.ok()) return CouldNotRun(Status(ErrorCode::UsageError, parsed.status().message()));
    remembered = std::move(*parsed);
  }
  std::optional<NoteVerifier> stored_key;
  auto source = OpenSource(options, stored_key);
  if (!source.ok() && source.status().code() == ErrorCode::Corruption) {
    std::cout << "INTEGRITY FAILURE: the ledger cannot be opened: " << source.status().message()
              << "\n";
    return kExitIntegrity;
  }
  if (!source.ok()) return CouldNotRun(source.status());
  auto ledger_key = ChooseLedgerKey(options, remembered, stored_key);
  if (!ledger_key.ok()) return CouldNotRun(ledger_key.status());
  if (!options.report.empty()) {
    return RunReportAudit(**source, *ledger_key, options.report, options.json);
  }

  std::unique_ptr<ReplayStore> replay;
  if (!options.state.empty()) {
    auto opened = ReplayStore::Open(options.state + ".replay");
    if (!opened.ok()) return CouldNotRun(opened.status());
    replay = std::move(*opened);
  }

  AuditOptions audit_options;
  audit_options.ledger_key = &*ledger_key;
  audit_options.remembered = remembered ? &*remembered : nullptr;
  audit_options.replay = replay.get();
  audit_options.full = options.full;
  audit_options.threads = options.threads;
  std::optional<ProgressBar> bar;
  if (::isatty(STDERR_FILENO) == 1) {
    bar.emplace();
    audit_options.progress = [&bar](uint64_t done, uint64_t total) { bar->Update(done, total); };
  }
  auto report = Audit(**source, audit_options);
  bar.reset();
  if (!report.ok()) return CouldNotRun(report.status());
  auto cosignature = Cosignature(options, *report);
  if (!cosignature.ok()) return CouldNotRun(cosignature.status());
  if (options.json) {
    PrintJson(*report, *cosignature);
  } else {
    PrintHuman(*report, *cosignature);
  }
  if (!report->ok()) return kExitIntegrity;
  if (!options.state.empty()) {
    Status saved =
        ReplaceFile(options.state, FormatAuditorState(report->Remember(WallClockMicros())));
    if (!saved.ok()) return CouldNotRun(saved);
  }
  return kExitOk;
}

}  // namespace

void AddAuditCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<AuditCommandOptions>();
  auto* audit = app.add_subcommand("audit", "Verify a whole ledger: signatures, tree, replay");
  audit->add_option("--data", options->data, "A stopped ledger's directory (or a copy)");
  audit->add_option("--export", options->export_dir, "An export directory (crowdledger export)");
  audit->add_option("--server", options->server, "HOST:PORT of a server to audit online");
  audit->add_option("--key", options->key, "Online: the auditor's private key (PEM)");
  audit->add_option("--party", options->party, "Online: the auditor's party")
      ->capture_default_str();
  audit->add_option("--key-id", options->key_id, "Online: the auditor's key id")
      ->capture_default_str();
  audit->add_option("--tls-ca", options->tls_ca, "Online over TLS: the CA file to trust");
  audit->add_option("--verifier-key", options->verifier_key,
                    "The ledger's checkpoint verifier key (crowdledger verifier-key)");
  audit->add_option("--state", options->state,
                    "The auditor's state file: read if present, written after a passing audit");
  audit->add_flag("--full", options->full,
                  "With --state: verify every entry again, not only those since the last run");
  audit->add_flag("--json", options->json, "Print the result as one JSON object");
  audit->add_option("--report", options->report,
                    "Check this signed report: replay to its size, recompute, compare the bytes");
  audit->add_flag("--witness", options->witness,
                  "Also print the checkpoint cosigned with the auditor's key (C2SP)");
  audit->add_option("--witness-key", options->witness_key, "The auditor's private key (PEM)");
  audit->add_option("--witness-name", options->witness_name,
                    "The auditor's cosigner name, e.g. auditor.example.org");
  audit->add_option("--threads", options->threads, "Worker threads for signatures and hashing")
      ->check(CLI::Range(1u, 64u));
  audit->callback([options, &exit_code] { exit_code = RunAudit(*options); });
}

}  // namespace crowdledger::tool
