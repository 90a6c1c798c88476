// The serve command: the binary API on a ledger directory, until SIGTERM or SIGINT.
#pragma once

#include <CLI/CLI.hpp>

namespace crowdledger::tool {

void AddServeCommand(CLI::App& app, int& exit_code);

}  // namespace crowdledger::tool
