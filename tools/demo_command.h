// crowdledger demo --server ADDR --key AUTHORITYKEY: posts a realistic workload through the
// binary API and prints each step's outcome.
#pragma once

#include <CLI/CLI.hpp>

namespace crowdledger::tool {

void AddDemoCommand(CLI::App& app, int& exit_code);

}  // namespace crowdledger::tool
