// crowdledger report: a signed fund, platform, maker-space, district or programme report of a
// stopped ledger's data directory (docs/reports.md); and the report check behind
// `crowdledger audit --report FILE`.
#pragma once

#include <CLI/CLI.hpp>

#include "crypto/signed_note.h"
#include "ledger/audit/audit_source.h"

namespace crowdledger::tool {

void AddReportCommand(CLI::App& app, int& exit_code);

// Checks a signed report against `source` with the pinned ledger key, prints every check and
// returns the exit code: 0 all hold, 1 one failed, 2 the check could not run.
int RunReportAudit(AuditSource& source, const NoteVerifier& ledger_key,
                   const std::string& report_path, bool json);

}  // namespace crowdledger::tool
