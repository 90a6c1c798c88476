// crowdledger serve --data DIR --listen HOST:PORT [--tls-cert FILE --tls-key FILE]: opens the
// ledger (recovering its state), serves the binary API (over TLS with a certificate), and on
// SIGTERM or SIGINT stops accepting, answers what is in flight, commits it, writes the state
// checkpoint and exits 0. With --http HOST:PORT it also serves the read-only HTTP face
// (api/http: tlog-tiles, metrics, health, the live monitoring page at /; docs/http.md), whose
// /readyz turns 503 at the signal.
// With --witness VKEY URL (repeatable) and --witness-quorum K, a witness pool (api/witness)
// has each new checkpoint cosigned, and /checkpoint serves the latest one K witnesses cosigned
// (docs/witness.md).
#include "tools/serve_command.h"

#include <iostream>
#include <thread>

#include "api/http/http_server.h"
#include "api/server.h"
#include "api/tls.h"
#include "api/witness/witness_pool.h"
#include "tools/exit_codes.h"
#include "tools/host_port.h"

namespace crowdledger::tool {
namespace {

struct ServeOptions {
  std::string data;
  std::string listen = "127.0.0.1:7300";
  api::ServerOptions server;
  api::ServiceOptions service;
  LedgerOptions ledger;  // memory: state items cached, dirty items per state checkpoint
  size_t memtable_mib = 0;
  size_t block_cache_mib = 128;
  uint32_t idle_timeout_s = 120;
  uint32_t read_window_s = 30;
  std::string http;  // empty: no HTTP listener
  api::http::HttpOptions http_options;
  uint32_t http_idle_timeout_s = 30;
  std::vector<std::pair<std::string, std::string>> witnesses;  // (verifier key, URL)
  size_t witness_quorum = 0;                                   // 0: all of them
};

// The witness pool, when witnesses are configured (Serve has checked that --http is there to
// serve its cosigned checkpoints).
Result<std::unique_ptr<api::WitnessPool>> MakeWitnessPool(const ServeOptions& options,
                                                          const LogStore& log) {
  if (options.witnesses.empty()) {
    if (options.witness_quorum != 0) {
      return Status(ErrorCode::UsageError, "--witness-quorum needs --witness");
    }
    return std::unique_ptr<api::WitnessPool>();
  }
  api::WitnessPoolOptions pool;
  for (const auto& [verifier_key, url] : options.witnesses) {
    auto peer = api::ParseWitnessPeer(verifier_key, url);
    if (!peer.ok()) return peer.status().WithContext("--witness");
    pool.witnesses.push_back(std::move(*peer));
  }
  pool.quorum = options.witness_quorum == 0 ? pool.witnesses.size() : options.witness_quorum;
  auto created = api::WitnessPool::Create(log, std::move(pool));
  if (!created.ok()) return Status(ErrorCode::UsageError, created.status().message());
  return created;
}

// The HTTP face, when asked for: listening before the binary API announces itself, so that
// a caller that read "listening" can use both.
Result<std::unique_ptr<api::http::HttpServer>> StartHttp(ServeOptions& options,
                                                         api::LedgerService& service,
                                                         const api::Server& server,
                                                         const api::WitnessPool* witnesses) {
  if (options.http.empty()) return std::unique_ptr<api::http::HttpServer>();
  ASSIGN_OR_RETURN(auto address, ParseHostPort(options.http));
  options.http_options.host = address.first;
  options.http_options.port = address.second;
  options.http_options.idle_timeout = std::chrono::seconds(options.http_idle_timeout_s);
  auto http = std::make_unique<api::http::HttpServer>(service.log(), options.http_options,
                                                      &service.metrics(),
                                                      [&server] { return server.connections(); });
  if (witnesses != nullptr) http->SetWitnesses(&witnesses->cosigned(), &witnesses->metrics());
  http->EnableMonitor(service);
  RETURN_IF_ERROR(http->Listen());
  return http;
}

Status Serve(ServeOptions options) {
  ASSIGN_OR_RETURN(auto address, ParseHostPort(options.listen));
  options.server.host = address.first;
  options.server.port = address.second;
  options.server.idle_timeout = std::chrono::seconds(options.idle_timeout_s);
  // TLS files are checked before the ledger is opened (and its recovery run).
  const api::ServerTlsOptions& tls = options.server.tls;
  if (tls.enabled()) {
    if (tls.certificate_chain_file.empty() || tls.private_key_file.empty()) {
      return Status(ErrorCode::UsageError, "--tls-cert and --tls-key go together");
    }
    RETURN_IF_ERROR(
        api::MakeServerTlsContext(tls.certificate_chain_file, tls.private_key_file).status());
  }
  if (!options.witnesses.empty() && options.http.empty()) {  // before the ledger's recovery
    return Status(ErrorCode::UsageError,
                  "--witness needs --http: /checkpoint serves the cosigned checkpoints");
  }
  LedgerOptions ledger_options = options.ledger;
  ledger_options.log.memtable_budget_bytes = options.memtable_mib * 1024 * 1024;
  ledger_options.log.block_cache_bytes = options.block_cache_mib * 1024 * 1024;
  ASSIGN_OR_RETURN(auto ledger, Ledger::Open(options.data, ledger_options));
  api::LedgerService service(std::move(ledger), options.service);
  ASSIGN_OR_RETURN(auto witnesses, MakeWitnessPool(options, service.log()));
  api::HandlerOptions handler_options;
  handler_options.read_window = std::chrono::seconds(options.read_window_s);
  api::RequestHandler handler(service, handler_options);
  api::Server server(handler, options.server);
  RETURN_IF_ERROR(server.Listen());
  ASSIGN_OR_RETURN(auto http, StartHttp(options, service, server, witnesses.get()));
  std::thread http_thread;
  if (http) http_thread = std::thread([&http] { http->Run(); });
  if (witnesses) witnesses->Start();
  // Signals are waited for on a thread of their own, so the network threads only serve.
  boost::asio::io_context signals_io;
  boost::asio::signal_set signals(signals_io, SIGTERM, SIGINT);
  signals.async_wait([&server, &http](boost::system::error_code error, int) {
    if (error) return;
    if (http) http->SetReady(false);  // /readyz: 503 while the binary API drains
    server.BeginShutdown();
  });
  std::thread signal_thread([&signals_io] { signals_io.run(); });
  std::cout << "{\"listening\":\"" << options.server.host << ":" << server.port() << "\"";
  if (http) std::cout << ",\"http\":\"" << options.http_options.host << ":" << http->port() << "\"";
  std::cout << "}" << std::endl;
  server.Run();
  signals_io.stop();
  signal_thread.join();
  if (http) {  // the HTTP face reads the log and the ledger: it is gone before they close
    http->Stop();
    http_thread.join();
    http.reset();  // waits for a monitoring computation in flight on the ledger thread
  }
  if (witnesses) witnesses->Stop();  // so does the witness pool
  service.Stop();                    // commits anything still queued and closes the ledger
  return Status::Ok();
}

}  // namespace

void AddServeCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ServeOptions>();
  auto* serve = app.add_subcommand("serve", "Serve the binary API on a ledger directory");
  serve->add_option("--data", options->data, "Ledger directory")->required();
  serve->add_option("--listen", options->listen, "HOST:PORT to listen on (port 0: any)")
      ->capture_default_str();
  serve->add_option("--threads", options->server.threads, "Network threads")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  serve->add_option("--max-frame-bytes", options->server.max_frame_bytes, "Largest frame")
      ->check(CLI::Range(1024U, 64U * 1024 * 1024))
      ->capture_default_str();
  serve
      ->add_option("--max-in-flight", options->server.max_in_flight_per_connection,
                   "Requests in flight per connection")
      ->check(CLI::Range(1, 100'000))
      ->capture_default_str();
  serve->add_option("--max-connections", options->server.max_connections, "Open connections")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  serve->add_option("--idle-timeout", options->idle_timeout_s, "Seconds before an idle close")
      ->check(CLI::Range(1, 86'400))
      ->capture_default_str();
  serve
      ->add_option("--read-window", options->read_window_s,
                   "Seconds a signed read stays valid either side of the server's clock")
      ->check(CLI::Range(1, 3'600))
      ->capture_default_str();
  serve->add_option("--tls-cert", options->server.tls.certificate_chain_file,
                    "PEM certificate chain: serve over TLS (with --tls-key)");
  serve->add_option("--tls-key", options->server.tls.private_key_file,
                    "PEM private key of the --tls-cert certificate");
  serve
      ->add_option("--state-cache-items", options->ledger.state.max_cached_items,
                   "State items kept in memory (clean ones beyond are evicted)")
      ->check(CLI::Range(size_t{1'000}, size_t{1'000'000'000}));
  serve
      ->add_option("--state-checkpoint-items", options->ledger.checkpoint_dirty_items,
                   "Changed state items that start a state checkpoint")
      ->check(CLI::Range(size_t{100}, size_t{100'000'000}));
  serve
      ->add_option("--state-checkpoint-index-records", options->ledger.checkpoint_index_records,
                   "Entries-by-party records in memory that start a state checkpoint")
      ->check(CLI::Range(size_t{100}, size_t{100'000'000}));
  serve
      ->add_option("--memtable-mib", options->memtable_mib,
                   "RocksDB memtables of all families together, MiB (0: RocksDB's defaults)")
      ->check(CLI::Range(0, 65'536));
  serve
      ->add_option("--block-cache-mib", options->block_cache_mib,
                   "RocksDB's block cache (blocks, indexes and filters read), MiB")
      ->check(CLI::Range(1, 65'536))
      ->capture_default_str();
  serve->add_option("--max-queued", options->service.max_queued, "Requests queued for the ledger")
      ->check(CLI::Range(1, 10'000'000))
      ->capture_default_str();
  serve
      ->add_option_function<uint32_t>(
          "--group-fill-us",
          [options](uint32_t micros) {
            options->service.group_fill_wait = std::chrono::microseconds(micros);
          },
          "Longest a small group commit waits for more transactions while the processors are "
          "busy, microseconds (0: never waits; default 1000)")
      ->check(CLI::Range(0, 100'000));
  serve->add_option("--http", options->http,
                    "HOST:PORT of the read-only HTTP face: tiles, metrics, health, monitoring page "
                    "(docs/http.md)");
  serve
      ->add_option("--http-max-connections", options->http_options.max_connections,
                   "Open HTTP connections")
      ->check(CLI::Range(1, 100'000))
      ->capture_default_str();
  serve
      ->add_option("--http-idle-timeout", options->http_idle_timeout_s,
                   "Seconds before an idle HTTP connection is closed")
      ->check(CLI::Range(1, 3'600))
      ->capture_default_str();
  serve
      ->add_option("--witness", options->witnesses,
                   "VKEY URL of a witness: its cosigner verifier key (type 0x04) and its http:// "
                   "submission URL; repeatable (docs/witness.md)")
      ->allow_extra_args(false);
  serve
      ->add_option("--witness-quorum", options->witness_quorum,
                   "Cosignatures a checkpoint needs before /checkpoint serves it (default: all)")
      ->check(CLI::Range(1, 32));
  serve->callback([&exit_code, options] { exit_code = ExitWith(Serve(*options)); });
}

}  // namespace crowdledger::tool
