// Signature checks on the network threads, with the keys the ledger has seen.
#include "api/signature_checks.h"

#include <vector>

#include "api/wire.h"
#include "ledger/apply/operation_rules.h"

namespace crowdledger::api {
namespace {

// The key `key_id` of `party` if known and `signature` verifies over `bytes` with it.
Result<std::optional<Ed25519PublicKeyBytes>> Check(const KnownKeys& keys, std::string_view party,
                                                   uint32_t key_id, std::string_view bytes,
                                                   std::string_view signature,
                                                   std::string_view what) {
  std::optional<Ed25519PublicKey> key = keys.Find(party, key_id);
  if (!key) return std::optional<Ed25519PublicKeyBytes>();
  if (!key->Verify(AsBytes(bytes), AsBytes(signature))) {
    return Status(ErrorCode::BadSignature,
                  std::string(what) + " signature does not verify with key " +
                      std::to_string(key_id) + " of '" + std::string(party) + "'");
  }
  return std::optional<Ed25519PublicKeyBytes>(key->raw());
}

}  // namespace

Status CheckTransactionSignature(const KnownKeys& keys, SignedTransaction& transaction) {
  std::vector<uint64_t> storage;
  ASSIGN_OR_RETURN(const schema::Transaction* decoded,
                   VerifyTransaction(AlignedFlatbuffer(transaction.bytes, storage)));
  ASSIGN_OR_RETURN(transaction.checked_with,
                   Check(keys, View(decoded->submitter()), decoded->key_id(), transaction.bytes,
                         transaction.signature, "transaction"));
  return Status::Ok();
}

Result<std::optional<Ed25519PublicKeyBytes>> CheckQuerySignature(const KnownKeys& keys,
                                                                 std::string_view payload,
                                                                 std::string_view signature) {
  std::vector<uint64_t> storage;
  ASSIGN_OR_RETURN(const schema::Query* query, VerifyQuery(AlignedFlatbuffer(payload, storage)));
  return Check(keys, View(query->party()), query->key_id(), payload, signature, "query");
}

}  // namespace crowdledger::api
