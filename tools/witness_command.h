// The witness commands: `witness` serves C2SP tlog-witness add-checkpoint for the logs it is
// given (docs/witness.md); `witness-verifier-key` prints the cosigner verifier key that logs
// are configured with.
#pragma once

#include <CLI/CLI.hpp>

namespace crowdledger::tool {

void AddWitnessCommands(CLI::App& app, int& exit_code);

}  // namespace crowdledger::tool
