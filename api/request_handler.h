// RequestHandler: turns one verified request into a response. Transactions go to the ledger
// service's group commit; reads are authenticated (registered, unrevoked key; signature over
// the query bytes; time within the window; nonce not seen in it), checked against the key's
// roles and party, and answered on the service thread so they see every acknowledged write.
// Thread-safety: Handle may be called from any thread; replies arrive on the service thread.
#pragma once

#include <chrono>
#include <functional>
#include <unordered_map>

#include "api/ledger_service.h"
#include "api/responder.h"
#include "api/subscriptions.h"
#include "api/wire.h"

namespace crowdledger::api {

struct HandlerOptions {
  std::chrono::microseconds read_window = std::chrono::seconds(30);
  uint32_t max_page = 1'000;  // entries or portfolio items per read
};

class RequestHandler {
 public:
  using Reply = std::shared_ptr<Responder>;

  // Registers the subscriptions' pump with the service.
  RequestHandler(LedgerService& service, HandlerOptions options = {});

  void Handle(const schema::Request& request, const Reply& reply);

 private:
  void HandleTransaction(const schema::Request& request, const Reply& reply);
  void HandleQuery(const schema::Request& request, const Reply& reply);
  // On the service thread: authenticate, authorise and answer one query (a subscription is
  // answered by the subscriptions from then on).
  // A key the query's signature was checked with on a network thread, if any.
  using CheckedKey = std::optional<Ed25519PublicKeyBytes>;
  void AnswerQuery(Ledger& ledger, uint64_t request_id, std::string_view payload,
                   std::string_view signature, const CheckedKey& checked_with, const Reply& reply);
  Result<uint32_t> AuthenticateQuery(Ledger& ledger, const schema::Query& query,
                                     std::string_view payload, std::string_view signature,
                                     const CheckedKey& checked_with);
  Status CheckFreshness(const schema::Query& query);

  LedgerService& service_;
  HandlerOptions options_;
  Subscriptions subscriptions_;  // service thread
  // Nonces seen per key ("party/key_id") within the window, with their times: service thread.
  std::unordered_map<std::string, std::unordered_map<uint64_t, int64_t>> nonces_;
};

}  // namespace crowdledger::api
