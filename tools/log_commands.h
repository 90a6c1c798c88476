// The log commands of the crowdledger tool: init, verifier-key, checkpoint, export, prove.
#pragma once

#include <CLI/CLI.hpp>

namespace crowdledger::tool {

// Registers the commands on `app`; each sets `exit_code` when it runs.
void AddLogCommands(CLI::App& app, int& exit_code);

}  // namespace crowdledger::tool
