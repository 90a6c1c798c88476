// RequestHandler: transactions to the group commit, reads authenticated and answered.
#include "api/request_handler.h"

#include "api/query_answers.h"
#include "api/signature_checks.h"
#include "crypto/wall_clock.h"
#include "ledger/apply/operation_rules.h"
#include "ledger/state/records.h"

namespace crowdledger::api {
namespace {

std::string Copy(const flatbuffers::Vector<uint8_t>& bytes) {
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

std::string SubmitResponse(uint64_t request_id, const SubmitResult& result) {
  if (!result.status.ok()) return ErrorResponse(request_id, result.status, result.failed_operation);
  flatbuffers::FlatBufferBuilder builder(512);
  std::vector<flatbuffers::Offset<schema::Movement>> movements;
  movements.reserve(result.movements.size());
  for (const Movement& movement : result.movements) {
    movements.push_back(schema::CreateMovementDirect(
        builder, movement.operation, movement.from.c_str(), movement.to.c_str(),
        movement.currency.c_str(), movement.amount.minor_units()));
  }
  auto digest = builder.CreateVector(result.state_digest.data(), result.state_digest.size());
  auto body = schema::CreateSubmitResult(builder, result.sequence, result.duplicate, digest,
                                         builder.CreateVector(movements));
  builder.Finish(schema::CreateResponse(builder, request_id, ErrorCode::Ok, -1, 0,
                                        schema::ResponseBody::SubmitResult, body.Union()),
                 schema::ResponseIdentifier());
  return std::string(reinterpret_cast<const char*>(builder.GetBufferPointer()), builder.GetSize());
}

Status Busy() { return Status(ErrorCode::Busy, "the ledger's queue is full; retry later"); }

}  // namespace

RequestHandler::RequestHandler(LedgerService& service, HandlerOptions options)
    : service_(service), options_(options) {
  service_.SetPump([this](Ledger& ledger) { subscriptions_.Pump(ledger); });
}

void RequestHandler::Handle(const schema::Request& request, const Reply& reply) {
  switch (request.kind()) {
    case schema::PayloadKind::Transaction:
      return HandleTransaction(request, reply);
    case schema::PayloadKind::Query:
      return HandleQuery(request, reply);
  }
  reply->Send(ErrorResponse(request.request_id(),
                            Status(ErrorCode::Malformed, "unknown request payload kind")),
              true);
}

void RequestHandler::HandleTransaction(const schema::Request& request, const Reply& reply) {
  uint64_t id = request.request_id();
  SignedTransaction transaction{Copy(*request.payload()), Copy(*request.signature())};
  Status checked = CheckTransactionSignature(service_.known_keys(), transaction);
  if (!checked.ok()) return reply->Send(ErrorResponse(id, checked), true);
  // The acknowledgement is encoded on the connection's thread: with a thousand movements it
  // was 5% of the ledger thread's time.
  bool queued = service_.Submit(std::move(transaction), [id, reply](SubmitResult result) {
    reply->SendBuilt([id, result = std::move(result)] { return SubmitResponse(id, result); }, true);
  });
  if (!queued) reply->Send(ErrorResponse(id, Busy()), true);
}

void RequestHandler::HandleQuery(const schema::Request& request, const Reply& reply) {
  uint64_t id = request.request_id();
  auto payload = std::make_shared<std::string>(Copy(*request.payload()));
  auto signature = std::make_shared<std::string>(Copy(*request.signature()));
  auto checked = CheckQuerySignature(service_.known_keys(), *payload, *signature);
  if (!checked.ok()) return reply->Send(ErrorResponse(id, checked.status()), true);
  bool queued =
      service_.Read([this, id, payload, signature, reply, checked_with = *checked](Ledger& ledger) {
        AnswerQuery(ledger, id, *payload, *signature, checked_with, reply);
      });
  if (!queued) reply->Send(ErrorResponse(id, Busy()), true);
}

Result<uint32_t> RequestHandler::AuthenticateQuery(Ledger& ledger, const schema::Query& query,
                                                   std::string_view payload,
                                                   std::string_view signature,
                                                   const CheckedKey& checked_with) {
  std::string_view party = View(query.party());
  std::string name = "key " + std::to_string(query.key_id()) + " of '" + std::string(party) + "'";
  if (!IsValidHandle(party)) return Status(ErrorCode::Malformed, "query party is not a handle");
  ASSIGN_OR_RETURN(auto stored, ledger.state().Get(KeyKey(party, query.key_id())));
  if (!stored) return Status(ErrorCode::UnknownKey, name + " is not registered");
  ASSIGN_OR_RETURN(KeyRecord key, KeyRecord::Decode(*stored));
  if (key.revoked) {
    return Status(ErrorCode::KeyRevoked,
                  name + " was revoked at entry " + std::to_string(key.revoked_at_sequence));
  }
  if (checked_with != key.public_key) {
    auto public_key = Ed25519PublicKey::FromRaw(key.public_key);
    if (!public_key.ok() || !public_key->Verify(AsBytes(payload), AsBytes(signature))) {
      return Status(ErrorCode::BadSignature, "query signature does not verify with " + name);
    }
    ledger.known_keys().Remember(party, query.key_id(), *public_key);
  }
  return key.roles;
}

Status RequestHandler::CheckFreshness(const schema::Query& query) {
  int64_t now = WallClockMicros();
  int64_t window = options_.read_window.count();
  if (query.time_us() < now - window || query.time_us() > now + window) {
    return Status(ErrorCode::StaleRequest, "query time is outside the server's window of " +
                                               std::to_string(window / 1'000'000) + " s");
  }
  auto& seen = nonces_[std::string(View(query.party())) + "/" + std::to_string(query.key_id())];
  if (seen.size() > 1'024)
    std::erase_if(seen, [&](const auto& item) { return item.second < now - window; });
  if (!seen.emplace(query.nonce(), query.time_us()).second) {
    return Status(ErrorCode::StaleRequest, "query nonce was used before");
  }
  return Status::Ok();
}

void RequestHandler::AnswerQuery(Ledger& ledger, uint64_t request_id, std::string_view payload,
                                 std::string_view signature, const CheckedKey& checked_with,
                                 const Reply& reply) {
  auto refuse = [&](const Status& status) { reply->Send(ErrorResponse(request_id, status), true); };
  std::vector<uint64_t> storage;
  auto query = VerifyQuery(AlignedFlatbuffer(payload, storage));
  if (!query.ok()) return refuse(query.status());
  auto roles = AuthenticateQuery(ledger, **query, payload, signature, checked_with);
  if (!roles.ok()) return refuse(roles.status());
  Status fresh = CheckFreshness(**query);
  if (!fresh.ok()) return refuse(fresh);
  Status allowed = AuthorizeQuery(ledger, **query, *roles);
  if (!allowed.ok()) return refuse(allowed);
  if (const auto* subscribe = (*query)->body_as_SubscribeQuery()) {
    Status added = subscriptions_.Add(ledger, reply, request_id, subscribe->from_sequence());
    if (!added.ok()) return refuse(added);
    return subscriptions_.Pump(ledger);
  }
  auto answer = AnswerQueryBody(ledger, **query, request_id, options_.max_page);
  if (!answer.ok()) return refuse(answer.status());
  reply->Send(std::move(*answer), true);
}

}  // namespace crowdledger::api
