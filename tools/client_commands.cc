// keygen, submit and query: JSON in, JSON out, exit codes as in tools/exit_codes.h.
#include "tools/client_commands.h"

#include <iostream>
#include <sstream>
#include <thread>

#include "api/client.h"
#include "crypto/bytes.h"
#include "tools/exit_codes.h"
#include "tools/file_input.h"
#include "tools/host_port.h"
#include "tools/schema_json.h"

namespace crowdledger::tool {
namespace {

// Inputs are bounded like frames: a transaction file larger than this cannot be sent anyway.
constexpr size_t kMaxJsonBytes = size_t{64} * 1024 * 1024;

Status KeyGen(const std::string& out) {
  ASSIGN_OR_RETURN(Ed25519PrivateKey key, Ed25519PrivateKey::Generate());
  RETURN_IF_ERROR(WritePrivateKeyFile(out, key));
  const auto& raw = key.public_key().raw();
  std::cout << "{\"key_file\":\"" << out << "\",\"public_key_hex\":\""
            << HexEncode(ByteView(raw.data(), raw.size())) << "\",\"public_key_base64\":\""
            << Base64Encode(ByteView(raw.data(), raw.size())) << "\"}\n";
  return Status::Ok();
}

// Prints a response as JSON and returns its status.
Status PrintResponse(const api::ResponseFrame& frame) {
  std::string_view bytes(reinterpret_cast<const char*>(frame.storage.data()),
                         frame.storage.size() * sizeof(uint64_t));
  ASSIGN_OR_RETURN(std::string json, FlatbufferToJson(bytes, "Response"));
  std::cout << json;
  return frame.status();
}

Status Submit(const std::string& server, const std::string& tls_ca, const std::string& key_path,
              const std::string& json_path) {
  ASSIGN_OR_RETURN(std::string json, ReadBoundedFile(json_path, kMaxJsonBytes));
  ASSIGN_OR_RETURN(std::string bytes, JsonToFlatbuffer(json, "Transaction", "CLTX"));
  std::vector<uint64_t> storage;
  RETURN_IF_ERROR(VerifyTransaction(AlignedFlatbuffer(bytes, storage)).status());
  ASSIGN_OR_RETURN(Ed25519PrivateKey key, ReadPrivateKeyFile(key_path));
  SignedTransaction transaction{bytes, std::string(AsText(key.Sign(AsBytes(bytes))))};
  ASSIGN_OR_RETURN(auto client, ConnectToServer(server, tls_ca));
  ASSIGN_OR_RETURN(api::ResponseFrame frame, client->Submit(transaction));
  return PrintResponse(frame);
}

struct QueryOptions {
  std::string server, tls_ca, key, party;
  uint32_t key_id = 1;
  std::string text;  // account, party, campaign
  uint64_t first = 0, second = 0;
  uint32_t limit = 0;
};

using Body = std::pair<schema::QueryBody, flatbuffers::Offset<void>>;

Status RunQuery(const QueryOptions& options,
                const std::function<Body(flatbuffers::FlatBufferBuilder&)>& body) {
  ASSIGN_OR_RETURN(Ed25519PrivateKey key, ReadPrivateKeyFile(options.key));
  ASSIGN_OR_RETURN(auto client, ConnectToServer(options.server, options.tls_ca));
  ASSIGN_OR_RETURN(api::ResponseFrame frame,
                   client->Query(options.party, options.key_id, key, body));
  return PrintResponse(frame);
}

void AddQuery(CLI::App& query, int& exit_code, const std::shared_ptr<QueryOptions>& options,
              const char* name, const char* help,
              const std::function<Body(flatbuffers::FlatBufferBuilder&, const QueryOptions&)>& body,
              const std::function<void(CLI::App&)>& add_arguments) {
  auto* command = query.add_subcommand(name, help);
  add_arguments(*command);
  command->callback([&exit_code, options, body] {
    exit_code = ExitWith(RunQuery(*options, [&](flatbuffers::FlatBufferBuilder& builder) {
      return body(builder, *options);
    }));
  });
}

void AddQueryCommands(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<QueryOptions>();
  auto* query = app.add_subcommand("query", "Signed reads from a server; JSON out");
  query->require_subcommand(1);
  query->add_option("--server", options->server, "HOST:PORT of the server")->required();
  AddTlsCaOption(*query, options->tls_ca);
  query->add_option("--key", options->key, "Private key file of the reading party")->required();
  query->add_option("--party", options->party, "The reading party")->required();
  query->add_option("--key-id", options->key_id, "Which of its keys")->capture_default_str();
  using B = flatbuffers::FlatBufferBuilder;
  using O = QueryOptions;
  AddQuery(
      *query, exit_code, options, "entry", "One entry by sequence number",
      [](B& b, const O& o) -> Body {
        return {schema::QueryBody::EntryQuery, schema::CreateEntryQuery(b, o.first).Union()};
      },
      [&](CLI::App& c) { c.add_option("sequence", options->first)->required(); });
  AddQuery(
      *query, exit_code, options, "entries", "Sequence numbers of entries naming a party",
      [](B& b, const O& o) -> Body {
        return {
            schema::QueryBody::EntriesOfPartyQuery,
            schema::CreateEntriesOfPartyQueryDirect(b, o.text.c_str(), o.first, o.limit).Union()};
      },
      [&](CLI::App& c) {
        c.add_option("party", options->text)->required();
        c.add_option("--from", options->first, "First sequence number");
        c.add_option("--limit", options->limit, "At most this many");
      });
  AddQuery(
      *query, exit_code, options, "balance", "An account's balance",
      [](B& b, const O& o) -> Body {
        return {schema::QueryBody::BalanceQuery,
                schema::CreateBalanceQueryDirect(b, o.text.c_str()).Union()};
      },
      [&](CLI::App& c) { c.add_option("account", options->text)->required(); });
  AddQuery(
      *query, exit_code, options, "campaign", "A campaign's status",
      [](B& b, const O& o) -> Body {
        return {schema::QueryBody::CampaignQuery,
                schema::CreateCampaignQueryDirect(b, o.text.c_str()).Union()};
      },
      [&](CLI::App& c) { c.add_option("campaign", options->text)->required(); });
  AddQuery(
      *query, exit_code, options, "portfolio", "A party's portfolio, paged",
      [](B& b, const O& o) -> Body {
        return {schema::QueryBody::PortfolioQuery,
                schema::CreatePortfolioQueryDirect(b, o.text.c_str(), o.first, o.limit).Union()};
      },
      [&](CLI::App& c) {
        c.add_option("party", options->text)->required();
        c.add_option("--from", options->first, "First position");
        c.add_option("--limit", options->limit, "At most this many");
      });
  AddQuery(
      *query, exit_code, options, "checkpoint", "The latest or the size-N checkpoint",
      [](B& b, const O& o) -> Body {
        return {schema::QueryBody::CheckpointQuery,
                schema::CreateCheckpointQuery(b, o.first).Union()};
      },
      [&](CLI::App& c) { c.add_option("--size", options->first, "Tree size (0: latest)"); });
  AddQuery(
      *query, exit_code, options, "inclusion", "An RFC 9162 inclusion proof",
      [](B& b, const O& o) -> Body {
        return {schema::QueryBody::InclusionProofQuery,
                schema::CreateInclusionProofQuery(b, o.first, o.second).Union()};
      },
      [&](CLI::App& c) {
        c.add_option("index", options->first)->required();
        c.add_option("tree_size", options->second)->required();
      });
  AddQuery(
      *query, exit_code, options, "consistency", "An RFC 9162 consistency proof",
      [](B& b, const O& o) -> Body {
        return {schema::QueryBody::ConsistencyProofQuery,
                schema::CreateConsistencyProofQuery(b, o.first, o.second).Union()};
      },
      [&](CLI::App& c) {
        c.add_option("old_size", options->first)->required();
        c.add_option("new_size", options->second)->required();
      });
}

struct TailOptions {
  std::string server, tls_ca, key, party;
  uint32_t key_id = 1;
  uint64_t from = 0, count = 0;
  uint32_t retry_seconds = 30;
};

// One streamed entry: checked (it verifies and is the next sequence number) and printed as
// one line of JSON.
Status PrintStreamedEntry(const api::ResponseFrame& frame, uint64_t expected) {
  RETURN_IF_ERROR(frame.status());
  const auto* result = frame.response->body_as_EntryResult();
  if (result == nullptr || result->entry() == nullptr) {
    return Status(ErrorCode::Malformed, "a stream frame carries no entry");
  }
  std::string_view bytes(reinterpret_cast<const char*>(result->entry()->data()),
                         result->entry()->size());
  std::vector<uint64_t> storage;
  std::string_view aligned = AlignedFlatbuffer(bytes, storage);
  ASSIGN_OR_RETURN(const schema::Entry* entry, VerifyEntry(aligned));
  if (entry->sequence() != expected) {
    return Status(ErrorCode::Corruption, "the stream sent entry " +
                                             std::to_string(entry->sequence()) + " where " +
                                             std::to_string(expected) + " was due");
  }
  ASSIGN_OR_RETURN(std::string json, FlatbufferToJson(aligned, "Entry"));
  std::erase(json, '\n');
  std::cout << json << std::endl;
  return Status::Ok();
}

// Streams entries from `from` on; on a lost connection reconnects (for up to retry_seconds
// without success) and resumes at the next sequence number, so a server restart loses
// nothing. Stops after `count` entries (0: never).
Status Tail(const TailOptions& options) {
  ASSIGN_OR_RETURN(Ed25519PrivateKey key, ReadPrivateKeyFile(options.key));
  uint64_t next = options.from;
  uint64_t received = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(options.retry_seconds);
  while (options.count == 0 || received < options.count) {
    auto client = ConnectToServer(options.server, options.tls_ca);
    if (!client.ok()) {
      // Only a failed connection is worth retrying; an unusable CA file is not.
      if (client.status().code() != ErrorCode::IoError ||
          std::chrono::steady_clock::now() > deadline) {
        return client.status();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      continue;
    }
    auto id = (*client)->SendQuery(
        options.party, options.key_id, key, [next](flatbuffers::FlatBufferBuilder& builder) {
          return std::make_pair(schema::QueryBody::SubscribeQuery,
                                schema::CreateSubscribeQuery(builder, next).Union());
        });
    while (id.ok() && (options.count == 0 || received < options.count)) {
      auto frame = (*client)->ReadResponse();
      if (!frame.ok()) break;  // connection lost: reconnect and resume at `next`
      deadline = std::chrono::steady_clock::now() + std::chrono::seconds(options.retry_seconds);
      RETURN_IF_ERROR(PrintStreamedEntry(*frame, next));
      ++next;
      ++received;
    }
  }
  return Status::Ok();
}

}  // namespace

void AddClientCommands(CLI::App& app, int& exit_code) {
  auto tail_options = std::make_shared<TailOptions>();
  auto* tail = app.add_subcommand("tail", "Stream entries from a sequence number on; JSON lines");
  tail->add_option("--server", tail_options->server, "HOST:PORT of the server")->required();
  AddTlsCaOption(*tail, tail_options->tls_ca);
  tail->add_option("--key", tail_options->key, "Private key file of the reading party")->required();
  tail->add_option("--party", tail_options->party, "The reading party (Audit role)")->required();
  tail->add_option("--key-id", tail_options->key_id, "Which of its keys")->capture_default_str();
  tail->add_option("--from", tail_options->from, "First sequence number")->capture_default_str();
  tail->add_option("--count", tail_options->count, "Stop after this many entries (0: never)")
      ->capture_default_str();
  tail->add_option("--retry-seconds", tail_options->retry_seconds,
                   "Give up after this long without a connection")
      ->capture_default_str();
  tail->callback([&exit_code, tail_options] { exit_code = ExitWith(Tail(*tail_options)); });

  auto out = std::make_shared<std::string>();
  auto* keygen =
      app.add_subcommand("keygen", "Create an Ed25519 key file (0600, never overwritten)");
  keygen->add_option("--out", *out, "Key file to create")->required();
  keygen->callback([&exit_code, out] { exit_code = ExitWith(KeyGen(*out)); });

  struct SubmitOptions {
    std::string server, tls_ca, key, json;
  };
  auto submit_options = std::make_shared<SubmitOptions>();
  auto* submit = app.add_subcommand("submit", "Sign a JSON transaction and submit it; JSON out");
  submit->add_option("--server", submit_options->server, "HOST:PORT of the server")->required();
  AddTlsCaOption(*submit, submit_options->tls_ca);
  submit->add_option("--key", submit_options->key, "Private key file of the submitter")->required();
  submit->add_option("--json", submit_options->json, "The transaction in the schema's JSON form")
      ->required();
  submit->callback([&exit_code, submit_options] {
    exit_code = ExitWith(Submit(submit_options->server, submit_options->tls_ca, submit_options->key,
                                submit_options->json));
  });

  AddQueryCommands(app, exit_code);
}

}  // namespace crowdledger::tool
