// crowdledger: the command-line tool over the ledger (see README.md and docs/cli.md).
#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>

#include "tools/audit_command.h"
#include "tools/bench_command.h"
#include "tools/client_commands.h"
#include "tools/demo_command.h"
#include "tools/exit_codes.h"
#include "tools/log_commands.h"
#include "tools/report_command.h"
#include "tools/serve_command.h"
#include "tools/witness_command.h"

namespace {

int Run(int argc, char** argv) {
  CLI::App app{"crowdledger: a signed, verifiable ledger for crowdfunding and seed funds"};
  app.require_subcommand(1);
  int exit_code = crowdledger::tool::kExitOk;
  crowdledger::tool::AddLogCommands(app, exit_code);
  crowdledger::tool::AddServeCommand(app, exit_code);
  crowdledger::tool::AddClientCommands(app, exit_code);
  crowdledger::tool::AddDemoCommand(app, exit_code);
  crowdledger::tool::AddBenchCommand(app, exit_code);
  crowdledger::tool::AddAuditCommand(app, exit_code);
  crowdledger::tool::AddReportCommand(app, exit_code);
  crowdledger::tool::AddWitnessCommands(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);
    return code == 0 ? 0 : crowdledger::tool::kExitUsage;
  }
  return exit_code;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (...) {
    // Only allocation failures and the like get here: commands report errors as Status.
    std::cerr << "crowdledger: unexpected internal error\n";
    return crowdledger::tool::kExitUsage;
  }
}
