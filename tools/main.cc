// crowdledger: the command-line tool over the ledger (see README.md and docs/).
#include <CLI/CLI.hpp>

#include "tools/exit_codes.h"
#include "tools/log_commands.h"

int main(int argc, char** argv) {
  CLI::App app{"crowdledger: a signed, verifiable ledger for crowdfunding and seed funds"};
  app.require_subcommand(1);
  int exit_code = crowdledger::tool::kExitOk;
  crowdledger::tool::AddLogCommands(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);
    return code == 0 ? 0 : crowdledger::tool::kExitUsage;
  }
  return exit_code;
}
