// crowdledger audit: the auditor's instrument (docs/audit.md).
#pragma once

#include <CLI/CLI.hpp>

namespace crowdledger::tool {

void AddAuditCommand(CLI::App& app, int& exit_code);

}  // namespace crowdledger::tool
