// CrashHarness: the real `crowdledger serve` process under concurrent clients, killed with
// SIGKILL at random moments and restarted, cycle after cycle (issue 8's crash suite).
//
// A cycle: start the server on the ledger (it recovers), resend every transaction that
// never got an answer and a random sample of acknowledged ones, check every balance against
// the workload's model, run the clients (each keeping a window of transactions in flight)
// until the kill, then, with the server dead, read the log and run `crowdledger audit`.
// One cycle in `early_kill_one_in` (the same ones for every seed) is killed at a random
// moment within 150 ms of its start: during recovery, the retries or the model check.
//
// The promises checked (every failure is recorded as a violation):
//  - every acknowledged transaction is in the log exactly once, at the sequence its
//    acknowledgement gave, with the bytes that were signed; nothing else is logged;
//  - a retry of an acknowledged transaction answers Ok, duplicate, with the first sequence
//    and state digest; a retry of an unanswered one answers duplicate at the sequence the
//    log held it at when it was killed, or applies it afresh when the log did not;
//  - every balance equals the model's once all transactions are applied (nothing applied in
//    part, twice or not at all), and the latest checkpoint counts exactly the setup and the
//    workload's transactions;
//  - `crowdledger audit --data` passes after every kill and at the end.
// Thread-safety: one thread drives it; its clients run on an io thread of their own.
#pragma once

#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "api/client.h"
#include "tests/reliability/child_process.h"
#include "tests/reliability/crash_workload.h"
#include "tests/reliability/delayed_kill.h"
#include "tests/reliability/submit_answer.h"

namespace crowdledger::reliability {

struct CrashHarnessOptions {
  std::string crowdledger;  // path of the crowdledger binary
  std::filesystem::path work;
  uint32_t cycles = 10;
  uint64_t seed = 1;
  uint32_t clients = 4;
  uint32_t in_flight = 16;                     // transactions each client keeps in flight
  uint32_t min_run_ms = 50, max_run_ms = 400;  // traffic before the kill
  uint32_t early_kill_one_in = 4;
  uint32_t acknowledged_retries = 16;  // acknowledged transactions resent per restart
};

struct CrashFigures {
  uint64_t cycles = 0, kills = 0, early_kills = 0;
  uint64_t acknowledged = 0;          // first answers Ok
  uint64_t unanswered_retried = 0;    // resent after a kill without an answer
  uint64_t retried_found_logged = 0;  // ... answered duplicate: committed before the kill
  uint64_t retried_applied = 0;       // ... applied by the retry: never committed
  uint64_t acknowledged_retried = 0;  // acknowledged ones resent, answered as the first time
  uint64_t model_checks = 0, audits_passed = 0;
  uint64_t entries = 0;
};

class CrashHarness {
 public:
  explicit CrashHarness(CrashHarnessOptions options);

  // A new ledger in work/ledger, its setup transaction committed through the server.
  Status Prepare();
  // One kill and its checks. An error means the harness could not go on; broken promises
  // are violations.
  Status RunCycle(uint32_t cycle);
  // The last restart: retries, model check, SIGTERM (exit 0), then the log check and audit.
  Status Finish();

  const CrashFigures& figures() const { return figures_; }
  const std::vector<std::string>& violations() const { return violations_; }

 private:
  struct RunningServer {
    ChildProcess process;
    uint16_t port = 0;
  };
  std::filesystem::path LedgerDirectory() const { return options_.work / "ledger"; }
  Result<ChildProcess> SpawnServer();
  Result<uint16_t> WaitUntilListening(ChildProcess& server);
  // Retries, then the model check; Ok once both ran with every transaction answered.
  Status RetryAndCheck(uint16_t port);
  Status RetryUnanswered(api::Client& client);
  Status RetryAcknowledged(api::Client& client);
  Status CheckModel(api::Client& client);
  // The clients submit until `killer` fires and the server is gone.
  Status RunClientsUntilKilled(RunningServer& server, DelayedKill& killer);
  // With the server down: the log against the workload, then the auditor.
  Status CheckStoppedLedger();
  Status RunAudit();
  void Violation(std::string what);
  std::string ServerErrors() const;

  CrashHarnessOptions options_;
  std::mt19937_64 random_;
  CrashWorkload workload_;
  Ed25519PrivateKey authority_;
  std::string verifier_key_;
  uint64_t first_workload_sequence_ = 0;
  CrashFigures figures_;
  std::vector<std::string> violations_;
};

}  // namespace crowdledger::reliability
