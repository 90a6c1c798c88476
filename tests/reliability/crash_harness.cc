// CrashHarness: the cycle, the retries, the model check and the checks of a stopped ledger.
// The clients' traffic is in crash_traffic.cc.
#include "tests/reliability/crash_harness.h"

#include <signal.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>

#include "crypto/checkpoint.h"
#include "crypto/sha256.h"
#include "crypto/wall_clock.h"
#include "ledger/ledger.h"
#include "tests/reliability/log_check.h"

namespace crowdledger::reliability {
namespace {

using std::chrono::milliseconds;

constexpr char kOrigin[] = "crash.example/harness";
constexpr milliseconds kStartTimeout{60'000};
constexpr milliseconds kStopTimeout{60'000};
constexpr milliseconds kAuditTimeout{30 * 60'000};
// An early kill lands within this of the server's start: in recovery, retries or checks.
constexpr int64_t kEarlyKillWindowUs = 150'000;
constexpr int kKilledBySigkill = 128 + SIGKILL;

api::BodyAdder BalanceOf(const std::string& account) {
  return [account](flatbuffers::FlatBufferBuilder& b) {
    return std::make_pair(schema::QueryBody::BalanceQuery,
                          schema::CreateBalanceQueryDirect(b, account.c_str()).Union());
  };
}

api::BodyAdder LatestCheckpoint() {
  return [](flatbuffers::FlatBufferBuilder& b) {
    return std::make_pair(schema::QueryBody::CheckpointQuery,
                          schema::CreateCheckpointQuery(b, 0).Union());
  };
}

std::string TailOf(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  std::string all = text.str();
  constexpr size_t kTail = 2'000;
  return all.size() > kTail ? all.substr(all.size() - kTail) : all;
}

}  // namespace

CrashHarness::CrashHarness(CrashHarnessOptions options)
    : options_(std::move(options)),
      random_(options_.seed),
      workload_(options_.clients),
      authority_(CrashWorkload::KeyOf("authority")) {}

void CrashHarness::Violation(std::string what) { violations_.push_back(std::move(what)); }

std::string CrashHarness::ServerErrors() const { return TailOf(options_.work / "serve.err"); }

Result<ChildProcess> CrashHarness::SpawnServer() {
  return ChildProcess::Start({options_.crowdledger, "serve", "--data", LedgerDirectory().string(),
                              "--listen", "127.0.0.1:0"},
                             options_.work / "serve.err");
}

Result<uint16_t> CrashHarness::WaitUntilListening(ChildProcess& server) {
  ASSIGN_OR_RETURN(std::string line, server.ReadLine(kStartTimeout));
  // {"listening":"127.0.0.1:PORT"}
  size_t colon = line.rfind(':');
  size_t quote = line.rfind('"');
  if (colon == std::string::npos || quote == std::string::npos || quote <= colon + 1) {
    return Status(ErrorCode::IoError, "unexpected first line from the server: " + line);
  }
  return static_cast<uint16_t>(std::stoul(line.substr(colon + 1, quote - colon - 1)));
}

Status CrashHarness::Prepare() {
  std::error_code ignored;
  std::filesystem::remove_all(options_.work, ignored);
  std::filesystem::create_directories(options_.work, ignored);
  RETURN_IF_ERROR(Ledger::Create(LedgerDirectory(), kOrigin, authority_, WallClockMicros()));
  {
    LogStoreOptions read_only;
    read_only.read_only = true;
    ASSIGN_OR_RETURN(auto log, LogStore::Open(LedgerDirectory(), read_only));
    verifier_key_ = log->verifier().VerifierKey();
  }
  ASSIGN_OR_RETURN(ChildProcess server, SpawnServer());
  ASSIGN_OR_RETURN(uint16_t port, WaitUntilListening(server));
  ASSIGN_OR_RETURN(auto client, api::Client::Connect("127.0.0.1", port));
  ASSIGN_OR_RETURN(api::ResponseFrame setup, client->Submit(workload_.Setup(authority_)));
  RETURN_IF_ERROR(setup.status().WithContext("setup"));
  first_workload_sequence_ = setup.response->body_as_SubmitResult()->sequence() + 1;
  client.reset();
  server.Signal(SIGTERM);
  ASSIGN_OR_RETURN(int code, server.Wait(kStopTimeout));
  if (code != 0) return Status(ErrorCode::IoError, "serve exited " + std::to_string(code));
  return Status::Ok();
}

Status CrashHarness::RunCycle(uint32_t cycle) {
  ++figures_.cycles;
  ASSIGN_OR_RETURN(ChildProcess process, SpawnServer());
  RunningServer server{std::move(process), 0};
  std::optional<DelayedKill> killer;
  // Which cycles die early is fixed (so that even a short run has some); when is random.
  bool early = options_.early_kill_one_in > 0 &&
               cycle % options_.early_kill_one_in == options_.early_kill_one_in / 2;
  if (early) {
    ++figures_.early_kills;
    killer.emplace(server.process.pid(),
                   std::chrono::microseconds(static_cast<int64_t>(random_() % kEarlyKillWindowUs)));
  }
  // Until the kill, every step must succeed; a step cut short by the kill is expected.
  auto cut_by_kill = [&killer](const Status& status) {
    return status.ok() || (killer && killer->fired());
  };
  auto port = WaitUntilListening(server.process);
  Status served = port.ok() ? RetryAndCheck(*port) : port.status();
  if (served.ok()) {
    server.port = *port;
    if (!killer) {
      uint32_t spread = options_.max_run_ms - options_.min_run_ms + 1;
      auto delay = milliseconds(options_.min_run_ms + random_() % spread);
      killer.emplace(server.process.pid(), delay);
    }
    served = RunClientsUntilKilled(server, *killer);
  }
  if (!cut_by_kill(served)) {
    return served.WithContext("cycle " + std::to_string(cycle) +
                              " failed before the kill; server stderr: " + ServerErrors());
  }
  if (killer) killer->WaitUntilFired();
  ASSIGN_OR_RETURN(int code, server.process.Wait(kStopTimeout));
  if (code != kKilledBySigkill) {
    Violation("cycle " + std::to_string(cycle) + ": the server ended with " + std::to_string(code) +
              " before it was killed: " + ServerErrors());
  }
  ++figures_.kills;
  return CheckStoppedLedger();
}

Status CrashHarness::Finish() {
  ASSIGN_OR_RETURN(ChildProcess server, SpawnServer());
  ASSIGN_OR_RETURN(uint16_t port, WaitUntilListening(server));
  RETURN_IF_ERROR(RetryAndCheck(port).WithContext("the last restart"));
  server.Signal(SIGTERM);
  ASSIGN_OR_RETURN(int code, server.Wait(kStopTimeout));
  if (code != 0) Violation("the last graceful stop exited " + std::to_string(code));
  RETURN_IF_ERROR(CheckStoppedLedger());
  for (const TrackedTransaction& tracked : workload_.transactions()) {
    if (!tracked.acknowledged) {
      Violation("transaction " + CrashWorkload::Party(tracked.client) + "/" +
                std::to_string(tracked.id) + " is still unanswered at the end");
    }
  }
  return Status::Ok();
}

Status CrashHarness::RetryAndCheck(uint16_t port) {
  ASSIGN_OR_RETURN(auto client, api::Client::Connect("127.0.0.1", port));
  RETURN_IF_ERROR(RetryUnanswered(*client));
  RETURN_IF_ERROR(RetryAcknowledged(*client));
  return CheckModel(*client);
}

Status CrashHarness::RetryUnanswered(api::Client& client) {
  std::vector<TrackedTransaction>& transactions = workload_.transactions();
  for (size_t i = 0; i < transactions.size(); ++i) {
    if (transactions[i].acknowledged) continue;
    ASSIGN_OR_RETURN(api::ResponseFrame frame, client.Submit(workload_.Rebuild(i)));
    TrackedTransaction& tracked = transactions[i];
    const std::string name = "retry of unanswered transaction " +
                             CrashWorkload::Party(tracked.client) + "/" +
                             std::to_string(tracked.id);
    ++figures_.unanswered_retried;
    const auto* result = frame.response->body_as_SubmitResult();
    if (!frame.status().ok() || result == nullptr) {
      Violation(name + " was refused: " + frame.status().ToString());
      continue;
    }
    if (result->duplicate() != tracked.logged_at.has_value() ||
        (tracked.logged_at && result->sequence() != *tracked.logged_at)) {
      Violation(name + " answered " + (result->duplicate() ? "duplicate" : "new") + " at " +
                std::to_string(result->sequence()) + "; the log held it at " +
                (tracked.logged_at ? std::to_string(*tracked.logged_at) : "no sequence"));
    }
    ++(result->duplicate() ? figures_.retried_found_logged : figures_.retried_applied);
    tracked.acknowledged = true;
    tracked.sequence = result->sequence();
    tracked.state_digest = StateDigestOf(*result);
    tracked.logged_at.reset();
  }
  return Status::Ok();
}

Status CrashHarness::RetryAcknowledged(api::Client& client) {
  std::vector<TrackedTransaction>& transactions = workload_.transactions();
  if (transactions.empty()) return Status::Ok();
  for (uint32_t n = 0; n < options_.acknowledged_retries; ++n) {
    size_t i = random_() % transactions.size();
    const TrackedTransaction& tracked = transactions[i];
    if (!tracked.acknowledged) continue;
    ASSIGN_OR_RETURN(api::ResponseFrame frame, client.Submit(workload_.Rebuild(i)));
    ++figures_.acknowledged_retried;
    const auto* result = frame.response->body_as_SubmitResult();
    if (!frame.status().ok() || result == nullptr || !result->duplicate() ||
        result->sequence() != tracked.sequence || StateDigestOf(*result) != tracked.state_digest) {
      Violation("retry of acknowledged transaction " + CrashWorkload::Party(tracked.client) + "/" +
                std::to_string(tracked.id) + " (sequence " + std::to_string(tracked.sequence) +
                ") did not answer its first outcome: " + frame.status().ToString());
    }
  }
  return Status::Ok();
}

Status CrashHarness::CheckModel(api::Client& client) {
  for (const auto& [account, expected] : workload_.ExpectedBalances()) {
    ASSIGN_OR_RETURN(api::ResponseFrame frame,
                     client.Query("authority", 1, authority_, BalanceOf(account)));
    int64_t balance = 0;  // an account that never moved holds nothing
    if (frame.response->code() != ErrorCode::NotFound) {
      RETURN_IF_ERROR(frame.status().WithContext("balance of " + account));
      balance = frame.response->body_as_BalanceResult()->balance();
    }
    if (balance != expected) {
      Violation(account + " holds " + std::to_string(balance) +
                "; every transaction applied once " + "gives " + std::to_string(expected));
    }
  }
  ASSIGN_OR_RETURN(api::ResponseFrame frame,
                   client.Query("authority", 1, authority_, LatestCheckpoint()));
  RETURN_IF_ERROR(frame.status().WithContext("latest checkpoint"));
  std::string note = frame.response->body_as_CheckpointResult()->note()->str();
  ASSIGN_OR_RETURN(Checkpoint checkpoint,
                   ParseCheckpointText(std::string_view(note).substr(0, note.find("\n\n") + 1)));
  uint64_t expected_size = first_workload_sequence_ + workload_.transactions().size();
  if (checkpoint.size != expected_size) {
    Violation("the latest checkpoint counts " + std::to_string(checkpoint.size) +
              " entries; the setup and each transaction once make " +
              std::to_string(expected_size));
  }
  ++figures_.model_checks;
  return Status::Ok();
}

Status CrashHarness::CheckStoppedLedger() {
  ASSIGN_OR_RETURN(
      LogCheckFigures logged,
      CheckLogAgainstWorkload(LedgerDirectory(), first_workload_sequence_, workload_, violations_));
  figures_.entries = logged.entries;
  return RunAudit();
}

Status CrashHarness::RunAudit() {
  std::filesystem::path output = options_.work / "audit.out";
  std::error_code ignored;
  std::filesystem::remove(output, ignored);
  ASSIGN_OR_RETURN(int code, RunToCompletion({options_.crowdledger, "audit", "--data",
                                              LedgerDirectory().string(), "--verifier-key",
                                              verifier_key_, "--threads", "1"},
                                             output, kAuditTimeout));
  if (code == 0) {
    ++figures_.audits_passed;
  } else {
    Violation("crowdledger audit exited " + std::to_string(code) + ": " + TailOf(output));
  }
  return Status::Ok();
}

}  // namespace crowdledger::reliability
