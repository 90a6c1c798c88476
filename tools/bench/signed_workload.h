// The benchmark workloads (tools/bench/workload.h) as Crowdledger carries them: the parties'
// keys, the setup every workload starts from, and each planned transaction built and signed
// for the binary API. Used by `crowdledger bench`.
#pragma once

#include <functional>
#include <string>

#include "api/transaction_builder.h"
#include "tools/bench/workload.h"

namespace crowdledger::tool {

// The bench's parties' keys are derived from their names: fine for a load generator, never for
// real money.
Ed25519PrivateKey BenchKey(const std::string& party);

// Submits one setup transaction as `submitter`, filled by `fill`, and returns the server's
// answer (AlreadyExists included); `what` names it for an error's context.
using SetupStep = std::function<Status(const std::string& submitter,
                                       const std::function<void(api::TransactionBuilder&)>& fill,
                                       const char* what)>;

// Registers what `workload` starts from (docs/cli.md, bench): the platform, `investors`
// investors with cash, the 20 campaigns, and for Mixed the startup, angels, seed fund (with
// its matching rule) and bank. `step` submits each transaction (the registrations as the
// authority, the rest as the party that may post them). On a ledger where an earlier run did
// this, the registrations are found and nothing is deposited again.
Status SetUpWorkload(bench::Workload workload, uint64_t investors, int64_t now_us,
                     const SetupStep& step);

// Builds and signs one planned transaction as its submitter, with `id` and the client time
// `now_us` (campaign and loan dates are relative to it).
SignedTransaction SignPlanned(const bench::PlannedTransaction& planned, uint64_t id, int64_t now_us,
                              const Ed25519PrivateKey& key);

}  // namespace crowdledger::tool
