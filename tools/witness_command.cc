// crowdledger witness --listen HOST:PORT --key KEYFILE --name NAME --log VKEY... --state FILE:
// a C2SP tlog-witness. It loads its state file (refusing a damaged one), cosigns consistent
// checkpoints of the configured logs, saves the state atomically before each cosignature is
// returned, and exits 0 on SIGTERM or SIGINT.
#include "tools/witness_command.h"

#include <chrono>
#include <filesystem>
#include <iostream>
#include <thread>

#include "api/witness/witness_server.h"
#include "crypto/cosignature.h"
#include "tools/exit_codes.h"
#include "tools/file_input.h"
#include "tools/host_port.h"

namespace crowdledger::tool {
namespace {

// kMaxWitnessedLogs lines of at most a few hundred bytes.
constexpr size_t kMaxWitnessStateBytes = size_t{4} * 1024 * 1024;

struct WitnessOptions {
  std::string listen = "127.0.0.1:7390";
  std::string key;
  std::string name;
  std::vector<std::string> logs;
  std::string state;
  api::http::HttpOptions http;
  uint32_t idle_timeout_s = 30;
};

// The state file, or an empty state when it does not exist yet.
Result<WitnessState> LoadState(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error) && !error) return WitnessState{};
  ASSIGN_OR_RETURN(std::string text, ReadBoundedFile(path, kMaxWitnessStateBytes));
  auto state = ParseWitnessState(text);
  if (!state.ok()) return state.status().WithContext(path.string());
  return state;
}

uint64_t NowSeconds() {
  using namespace std::chrono;
  return static_cast<uint64_t>(
      duration_cast<seconds>(system_clock::now().time_since_epoch()).count());
}

Result<std::unique_ptr<Witness>> MakeWitness(const WitnessOptions& options) {
  ASSIGN_OR_RETURN(Ed25519PrivateKey key, ReadPrivateKeyFile(options.key));
  std::vector<NoteVerifier> logs;
  for (const std::string& log : options.logs) {
    auto verifier = NoteVerifier::FromVerifierKey(log);
    if (!verifier.ok()) return verifier.status().WithContext("--log " + log);
    logs.push_back(std::move(*verifier));
  }
  ASSIGN_OR_RETURN(WitnessState state, LoadState(options.state));
  std::filesystem::path path = options.state;
  auto persist = [path](const WitnessState& next) {
    return ReplaceFile(path, FormatWitnessState(next));
  };
  return Witness::Create(options.name, std::move(key), std::move(logs), std::move(state),
                         std::move(persist), NowSeconds);
}

Status ServeWitness(WitnessOptions options) {
  ASSIGN_OR_RETURN(auto address, ParseHostPort(options.listen));
  options.http.host = address.first;
  options.http.port = address.second;
  options.http.idle_timeout = std::chrono::seconds(options.idle_timeout_s);
  ASSIGN_OR_RETURN(std::unique_ptr<Witness> witness, MakeWitness(options));
  api::WitnessServer server(*witness, options.http);
  RETURN_IF_ERROR(server.Listen());
  boost::asio::io_context signals_io;
  boost::asio::signal_set signals(signals_io, SIGTERM, SIGINT);
  signals.async_wait([&server](boost::system::error_code error, int) {
    if (!error) server.Stop();
  });
  std::thread signal_thread([&signals_io] { signals_io.run(); });
  std::cout << "{\"listening\":\"" << options.http.host << ":" << server.port()
            << "\",\"verifier_key\":\"" << witness->VerifierKey() << "\"}" << std::endl;
  server.Run();
  signals_io.stop();
  signal_thread.join();
  return Status::Ok();
}

Status PrintWitnessVerifierKey(const std::string& key_file, const std::string& name) {
  if (!IsValidNoteKeyName(name)) {
    return Status(ErrorCode::InvalidArgument, "invalid witness name '" + name + "'");
  }
  ASSIGN_OR_RETURN(Ed25519PrivateKey key, ReadPrivateKeyFile(key_file));
  std::cout << CosignerVerifierKey(name, key.public_key()) << "\n";
  return Status::Ok();
}

}  // namespace

void AddWitnessCommands(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<WitnessOptions>();
  auto* witness = app.add_subcommand("witness", "Serve C2SP tlog-witness add-checkpoint");
  witness->add_option("--listen", options->listen, "HOST:PORT to listen on (port 0: any)")
      ->capture_default_str();
  witness->add_option("--key", options->key, "The witness's PEM Ed25519 key (keygen)")->required();
  witness->add_option("--name", options->name, "The witness's key name, e.g. witness.example/w1")
      ->required();
  witness
      ->add_option("--log", options->logs,
                   "A log's verifier key (as verifier-key prints it); repeatable")
      ->required();
  witness->add_option("--state", options->state, "The witness's state file")->required();
  witness->add_option("--threads", options->http.threads, "Network threads")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  witness->add_option("--max-connections", options->http.max_connections, "Open connections")
      ->check(CLI::Range(1, 100'000))
      ->capture_default_str();
  witness
      ->add_option("--idle-timeout", options->idle_timeout_s,
                   "Seconds before an idle connection is closed")
      ->check(CLI::Range(1, 3'600))
      ->capture_default_str();
  witness->callback([&exit_code, options] { exit_code = ExitWith(ServeWitness(*options)); });

  auto key_options = std::make_shared<std::pair<std::string, std::string>>();
  auto* verifier =
      app.add_subcommand("witness-verifier-key", "Print a witness's cosigner verifier key");
  verifier->add_option("--key", key_options->first, "The witness's PEM Ed25519 key")->required();
  verifier->add_option("--name", key_options->second, "The witness's key name")->required();
  verifier->callback([&exit_code, key_options] {
    exit_code = ExitWith(PrintWitnessVerifierKey(key_options->first, key_options->second));
  });
}

}  // namespace crowdledger::tool
