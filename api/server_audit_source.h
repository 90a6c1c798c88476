// ServerAuditSource: an online audit through the binary API. Entries come from a
// subscription (its own connection), the checkpoint and consistency proofs from signed
// reads, and the server's balances are offered for comparison with the replay. Every read
// is signed with the auditor's key, whose role must allow reading everything (Audit).
// Thread-safety: none.
#pragma once

#include <memory>

#include "api/client.h"
#include "ledger/audit/audit_source.h"

namespace crowdledger::api {

struct ServerAuditOptions {
  std::string host;
  uint16_t port = 0;
  ClientTlsOptions tls;
  std::string party;  // the auditor's party and key
  uint32_t key_id = 1;
};

class ServerAuditSource : public AuditSource {
 public:
  static Result<std::unique_ptr<ServerAuditSource>> Connect(const ServerAuditOptions& options,
                                                            Ed25519PrivateKey key);

  std::string Describe() const override;
  // The latest checkpoint's size, read once: the audit covers that prefix.
  Result<uint64_t> Size() override;
  Status ReadEntries(uint64_t begin, uint64_t end, std::vector<std::string>& out) override;
  Result<std::vector<SignedCheckpointNote>> Checkpoints(uint64_t after, uint64_t up_to,
                                                        size_t limit) override;
  Result<std::optional<std::vector<Hash>>> ConsistencyProof(uint64_t old_size,
                                                            uint64_t new_size) override;
  bool ReportsBalances() const override { return true; }
  Result<std::optional<int64_t>> ReportedBalance(const std::string& account) override;
  Result<std::vector<std::string>> ReportedPortfolio(const std::string& party) override;
  Result<uint64_t> CurrentSize() override;

 private:
  ServerAuditSource(ServerAuditOptions options, Ed25519PrivateKey key,
                    std::unique_ptr<Client> queries, std::unique_ptr<Client> stream)
      : options_(std::move(options)),
        key_(std::move(key)),
        queries_(std::move(queries)),
        stream_(std::move(stream)) {}
  Result<ResponseFrame> Query(const BodyAdder& body);
  Result<SignedCheckpointNote> LatestCheckpoint();

  ServerAuditOptions options_;
  Ed25519PrivateKey key_;
  std::unique_ptr<Client> queries_;
  std::unique_ptr<Client> stream_;  // the subscription's own connection
  std::optional<SignedCheckpointNote> checkpoint_;
  std::optional<uint64_t> subscription_;  // its request id, once started
  uint64_t next_streamed_ = 0;            // the sequence the stream is at
};

}  // namespace crowdledger::api
