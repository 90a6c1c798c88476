// ServerAuditSource: entries by subscription, checkpoint and proofs by signed reads.
#include "api/server_audit_source.h"

#include "crypto/checkpoint.h"
#include "crypto/signed_note.h"

namespace crowdledger::api {
namespace {

Status Unexpected(const std::string& what) {
  return Status(ErrorCode::Malformed, "the server answered " + what + " with something else");
}

}  // namespace

Result<std::unique_ptr<ServerAuditSource>> ServerAuditSource::Connect(
    const ServerAuditOptions& options, Ed25519PrivateKey key) {
  ASSIGN_OR_RETURN(auto queries, Client::Connect(options.host, options.port, options.tls));
  ASSIGN_OR_RETURN(auto stream, Client::Connect(options.host, options.port, options.tls));
  return std::unique_ptr<ServerAuditSource>(
      new ServerAuditSource(options, std::move(key), std::move(queries), std::move(stream)));
}

std::string ServerAuditSource::Describe() const {
  return "server " + options_.host + ":" + std::to_string(options_.port);
}

Result<ResponseFrame> ServerAuditSource::Query(const BodyAdder& body) {
  ASSIGN_OR_RETURN(ResponseFrame frame,
                   queries_->Query(options_.party, options_.key_id, key_, body));
  RETURN_IF_ERROR(frame.status());
  return frame;
}

Result<SignedCheckpointNote> ServerAuditSource::LatestCheckpoint() {
  ASSIGN_OR_RETURN(ResponseFrame frame, Query([](flatbuffers::FlatBufferBuilder& builder) {
                     return std::make_pair(schema::QueryBody::CheckpointQuery,
                                           schema::CreateCheckpointQuery(builder, 0).Union());
                   }));
  const auto* result = frame.response->body_as_CheckpointResult();
  if (result == nullptr || result->note() == nullptr) return Unexpected("a checkpoint read");
  std::string note = result->note()->str();
  // Only the size is taken here; the audit verifies the signature and the root.
  ASSIGN_OR_RETURN(Note parsed, ParseNote(note));
  ASSIGN_OR_RETURN(Checkpoint checkpoint, ParseCheckpointText(parsed.text));
  return SignedCheckpointNote{checkpoint.size, std::move(note)};
}

Result<uint64_t> ServerAuditSource::Size() {
  if (!checkpoint_) {
    ASSIGN_OR_RETURN(SignedCheckpointNote latest, LatestCheckpoint());
    checkpoint_ = std::move(latest);
  }
  return checkpoint_->tree_size;
}

Result<uint64_t> ServerAuditSource::CurrentSize() {
  ASSIGN_OR_RETURN(SignedCheckpointNote latest, LatestCheckpoint());
  return latest.tree_size;
}

Status ServerAuditSource::ReadEntries(uint64_t begin, uint64_t end, std::vector<std::string>& out) {
  if (!subscription_) {
    ASSIGN_OR_RETURN(uint64_t id,
                     stream_->SendQuery(options_.party, options_.key_id, key_,
                                        [begin](flatbuffers::FlatBufferBuilder& b) {
                                          return std::make_pair(
                                              schema::QueryBody::SubscribeQuery,
                                              schema::CreateSubscribeQuery(b, begin).Union());
                                        }));
    subscription_ = id;
    next_streamed_ = begin;
  }
  if (begin != next_streamed_) return Status(ErrorCode::UsageError, "a stream is read in order");
  while (next_streamed_ < end) {
    ASSIGN_OR_RETURN(ResponseFrame frame, stream_->ReadResponse());
    if (frame.response->request_id() != *subscription_) {
      return frame.status().ok() ? Unexpected("the subscription") : frame.status();
    }
    RETURN_IF_ERROR(frame.status());
    const auto* result = frame.response->body_as_EntryResult();
    if (result == nullptr || result->entry() == nullptr) return Unexpected("the subscription");
    out.emplace_back(reinterpret_cast<const char*>(result->entry()->data()),
                     result->entry()->size());
    ++next_streamed_;
  }
  return Status::Ok();
}

Result<std::vector<SignedCheckpointNote>> ServerAuditSource::Checkpoints(uint64_t after,
                                                                         uint64_t up_to,
                                                                         size_t limit) {
  std::vector<SignedCheckpointNote> notes;
  ASSIGN_OR_RETURN(uint64_t size, Size());
  if (limit > 0 && size > after && size <= up_to) notes.push_back(*checkpoint_);
  return notes;
}

Result<std::optional<std::vector<Hash>>> ServerAuditSource::ConsistencyProof(uint64_t old_size,
                                                                             uint64_t new_size) {
  ASSIGN_OR_RETURN(ResponseFrame frame,
                   Query([old_size, new_size](flatbuffers::FlatBufferBuilder& builder) {
                     return std::make_pair(
                         schema::QueryBody::ConsistencyProofQuery,
                         schema::CreateConsistencyProofQuery(builder, old_size, new_size).Union());
                   }));
  const auto* result = frame.response->body_as_ProofResult();
  if (result == nullptr || result->hashes() == nullptr || result->hashes()->size() % sizeof(Hash)) {
    return Unexpected("a consistency proof read");
  }
  std::vector<Hash> proof(result->hashes()->size() / sizeof(Hash));
  for (size_t i = 0; i < proof.size(); ++i) {
    std::copy_n(result->hashes()->data() + i * sizeof(Hash), sizeof(Hash), proof[i].begin());
  }
  return std::optional<std::vector<Hash>>(std::move(proof));
}

Result<std::optional<int64_t>> ServerAuditSource::ReportedBalance(const std::string& account) {
  auto frame = queries_->Query(
      options_.party, options_.key_id, key_, [&account](flatbuffers::FlatBufferBuilder& builder) {
        return std::make_pair(schema::QueryBody::BalanceQuery,
                              schema::CreateBalanceQueryDirect(builder, account.c_str()).Union());
      });
  if (!frame.ok()) return frame.status();
  if (frame->status().code() == ErrorCode::NotFound) return std::optional<int64_t>();
  RETURN_IF_ERROR(frame->status());
  const auto* result = frame->response->body_as_BalanceResult();
  if (result == nullptr) return Unexpected("a balance read");
  return std::optional<int64_t>(result->balance());
}

Result<std::vector<std::string>> ServerAuditSource::ReportedPortfolio(const std::string& party) {
  std::vector<std::string> items;
  while (true) {
    uint64_t from = items.size();
    ASSIGN_OR_RETURN(ResponseFrame frame, Query([&party, from](flatbuffers::FlatBufferBuilder& b) {
                       return std::make_pair(
                           schema::QueryBody::PortfolioQuery,
                           schema::CreatePortfolioQueryDirect(b, party.c_str(), from, 0).Union());
                     }));
    const auto* result = frame.response->body_as_PortfolioResult();
    if (result == nullptr || result->items() == nullptr) return Unexpected("a portfolio read");
    for (const auto* item : *result->items()) items.push_back(item->str());
    // A page that adds nothing ends the read, whatever size the server claims.
    if (items.size() >= result->size() || result->items()->size() == 0) return items;
  }
}

}  // namespace crowdledger::api
