// crowdledger bench: the load generator of the binary API.
#pragma once

#include <CLI/CLI.hpp>

namespace crowdledger::tool {

void AddBenchCommand(CLI::App& app, int& exit_code);

}  // namespace crowdledger::tool
