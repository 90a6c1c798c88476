// init, verifier-key, checkpoint, export and prove: the ledger's log seen from the shell.
#include "tools/log_commands.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "crypto/wall_clock.h"
#include "ledger/ledger.h"
#include "ledger/log_store.h"
#include "tools/exit_codes.h"
#include "tools/file_output.h"

namespace crowdledger::tool {
namespace fs = std::filesystem;
namespace {

Result<std::unique_ptr<LogStore>> OpenReadOnly(const std::string& directory) {
  LogStoreOptions options;
  options.read_only = true;
  return LogStore::Open(directory, options);
}

Status Init(const std::string& directory, const std::string& origin, const std::string& key_path) {
  // Every check comes before the first file is written, so a refused init leaves nothing.
  if (!IsValidNoteKeyName(origin)) {
    return Status(ErrorCode::InvalidArgument,
                  "origin '" + origin + "' must be non-empty, without spaces or '+'");
  }
  if (fs::exists(key_path)) {
    return Status(ErrorCode::AlreadyExists, "authority key file " + key_path + " already exists");
  }
  if (fs::exists(LogStore::DatabasePath(directory)) ||
      fs::exists(LogStore::LedgerKeyPath(directory))) {
    return Status(ErrorCode::AlreadyExists, "a ledger already exists in " + directory);
  }
  ASSIGN_OR_RETURN(Ed25519PrivateKey authority, Ed25519PrivateKey::Generate());
  RETURN_IF_ERROR(WritePrivateKeyFile(key_path, authority));
  Status created = Ledger::Create(directory, origin, authority, WallClockMicros());
  auto store = created.ok() ? OpenReadOnly(directory) : Result<std::unique_ptr<LogStore>>(created);
  if (!store.ok()) {
    // Without its ledger the new authority key is useless: remove it with the failed ledger.
    std::error_code ignored;
    fs::remove(key_path, ignored);
    fs::remove_all(LogStore::DatabasePath(directory), ignored);
    fs::remove(LogStore::LedgerKeyPath(directory), ignored);
    return store.status();
  }
  std::cout << "created ledger " << origin << " in " << directory << "\n"
            << "authority key: " << key_path << "\n"
            << "verifier key: " << (*store)->verifier().VerifierKey() << "\n";
  return Status::Ok();
}

Status PrintVerifierKey(const std::string& directory) {
  ASSIGN_OR_RETURN(auto store, OpenReadOnly(directory));
  std::cout << store->verifier().VerifierKey() << "\n";
  return Status::Ok();
}

Status PrintCheckpoint(const std::string& directory, std::optional<uint64_t> size) {
  ASSIGN_OR_RETURN(auto store, OpenReadOnly(directory));
  if (!size) {
    std::cout << store->latest_checkpoint();
    return Status::Ok();
  }
  ASSIGN_OR_RETURN(std::string note, store->CheckpointAt(*size));
  std::cout << note;
  return Status::Ok();
}

Status Export(const std::string& directory, const std::string& out) {
  ASSIGN_OR_RETURN(auto store, OpenReadOnly(directory));
  std::string checkpoint = store->latest_checkpoint();
  uint64_t size = store->size();
  std::error_code error;
  fs::create_directories(out, error);
  if (error) return Status(ErrorCode::IoError, "cannot create " + out + ": " + error.message());
  for (const char* name : {"entries.bin", "checkpoint"}) {
    if (fs::exists(fs::path(out) / name)) {
      return Status(ErrorCode::AlreadyExists, (fs::path(out) / name).string() + " already exists");
    }
  }
  ASSIGN_OR_RETURN(auto entries, FileOutput::Create(fs::path(out) / "entries.bin"));
  RETURN_IF_ERROR(store->ForEachEntry(0, size, [&](uint64_t, std::string_view bytes) {
    uint32_t length = static_cast<uint32_t>(bytes.size());
    char prefix[4] = {static_cast<char>(length), static_cast<char>(length >> 8),
                      static_cast<char>(length >> 16), static_cast<char>(length >> 24)};
    RETURN_IF_ERROR(entries.Write(std::string_view(prefix, 4)));
    return entries.Write(bytes);
  }));
  RETURN_IF_ERROR(entries.Commit());
  ASSIGN_OR_RETURN(auto note, FileOutput::Create(fs::path(out) / "checkpoint"));
  RETURN_IF_ERROR(note.Write(checkpoint));
  RETURN_IF_ERROR(note.Commit());
  std::cout << "exported " << size << " entries and the checkpoint at size " << size << " to "
            << out << "\n";
  return Status::Ok();
}

std::string HashList(const std::vector<Hash>& hashes) {
  std::string json = "[";
  for (size_t i = 0; i < hashes.size(); ++i) {
    json += (i == 0 ? "\"" : ", \"") + HexEncode(hashes[i]) + "\"";
  }
  return json + "]";
}

Status ProveInclusion(const std::string& directory, uint64_t index, uint64_t size) {
  ASSIGN_OR_RETURN(auto store, OpenReadOnly(directory));
  ASSIGN_OR_RETURN(std::vector<Hash> proof, store->InclusionProof(index, size));
  ASSIGN_OR_RETURN(std::string entry, store->ReadEntry(index));
  ASSIGN_OR_RETURN(Hash root, store->Root(size));
  std::cout << "{\"index\": " << index << ", \"tree_size\": " << size << ", \"leaf_hash\": \""
            << HexEncode(MerkleLeafHash(AsBytes(entry))) << "\", \"root\": \"" << HexEncode(root)
            << "\", \"proof\": " << HashList(proof) << "}\n";
  return Status::Ok();
}

Status ProveConsistency(const std::string& directory, uint64_t old_size, uint64_t new_size) {
  ASSIGN_OR_RETURN(auto store, OpenReadOnly(directory));
  ASSIGN_OR_RETURN(std::vector<Hash> proof, store->ConsistencyProof(old_size, new_size));
  ASSIGN_OR_RETURN(Hash old_root, store->Root(old_size));
  ASSIGN_OR_RETURN(Hash new_root, store->Root(new_size));
  std::cout << "{\"old_size\": " << old_size << ", \"new_size\": " << new_size
            << ", \"old_root\": \"" << HexEncode(old_root) << "\", \"new_root\": \""
            << HexEncode(new_root) << "\", \"proof\": " << HashList(proof) << "}\n";
  return Status::Ok();
}

}  // namespace

void AddLogCommands(CLI::App& app, int& exit_code) {
  struct Options {
    std::string data, origin, key, out;
    std::optional<uint64_t> size;
    uint64_t index = 0, tree_size = 0, from = 0, to = 0;
  };
  auto options = std::make_shared<Options>();

  auto* init = app.add_subcommand("init", "Create a ledger with its signing key and genesis entry");
  init->add_option("--data", options->data, "Ledger directory to create")->required();
  init->add_option("--origin", options->origin, "Log origin, e.g. ledger.example.org/pilot")
      ->required();
  init->add_option("--authority-key", options->key, "File for the first authority key (0600)")
      ->required();
  init->callback([&exit_code, options] {
    exit_code = ExitWith(Init(options->data, options->origin, options->key));
  });

  auto* verifier = app.add_subcommand("verifier-key", "Print the checkpoint verifier key");
  verifier->add_option("--data", options->data, "Ledger directory")->required();
  verifier->callback(
      [&exit_code, options] { exit_code = ExitWith(PrintVerifierKey(options->data)); });

  auto* checkpoint = app.add_subcommand("checkpoint", "Print the latest or the size-N checkpoint");
  checkpoint->add_option("--data", options->data, "Ledger directory")->required();
  checkpoint->add_option("--size", options->size, "Tree size of an issued checkpoint");
  checkpoint->callback([&exit_code, options] {
    exit_code = ExitWith(PrintCheckpoint(options->data, options->size));
  });

  auto* exporter = app.add_subcommand("export", "Write OUT/checkpoint and OUT/entries.bin");
  exporter->add_option("--data", options->data, "Ledger directory")->required();
  exporter->add_option("--out", options->out, "Output directory")->required();
  exporter->callback(
      [&exit_code, options] { exit_code = ExitWith(Export(options->data, options->out)); });

  auto* prove = app.add_subcommand("prove", "Print a Merkle proof as JSON");
  prove->require_subcommand(1);
  auto* inclusion =
      prove->add_subcommand("inclusion", "Inclusion proof of entry INDEX in tree SIZE");
  inclusion->add_option("--data", options->data, "Ledger directory")->required();
  inclusion->add_option("--index", options->index, "Entry index")->required();
  inclusion->add_option("--size", options->tree_size, "Tree size")->required();
  inclusion->callback([&exit_code, options] {
    exit_code = ExitWith(ProveInclusion(options->data, options->index, options->tree_size));
  });
  auto* consistency = prove->add_subcommand("consistency", "Consistency proof from size M to N");
  consistency->add_option("--data", options->data, "Ledger directory")->required();
  consistency->add_option("--from", options->from, "Older tree size")->required();
  consistency->add_option("--to", options->to, "Newer tree size")->required();
  consistency->callback([&exit_code, options] {
    exit_code = ExitWith(ProveConsistency(options->data, options->from, options->to));
  });
}

}  // namespace crowdledger::tool
