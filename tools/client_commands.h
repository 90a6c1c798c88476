// The commands that talk to a server: keygen (local), submit and query.
#pragma once

#include <CLI/CLI.hpp>

namespace crowdledger::tool {

void AddClientCommands(CLI::App& app, int& exit_code);

}  // namespace crowdledger::tool
