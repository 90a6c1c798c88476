// Entry and transaction verification and construction.
#include "ledger/entry_format.h"

#include <flatbuffers/flatbuffers.h>

namespace crowdledger {
namespace {

Status Malformed(const std::string& what) { return Status(ErrorCode::Malformed, what); }

flatbuffers::Verifier MakeVerifier(std::string_view bytes) {
  return flatbuffers::Verifier(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(),
                               kMaxFlatbufferDepth, kMaxFlatbufferTables);
}

}  // namespace

Result<const schema::Transaction*> VerifyTransaction(std::string_view bytes) {
  if (bytes.size() < 8 || !schema::TransactionBufferHasIdentifier(bytes.data())) {
    return Malformed("transaction lacks the \"CLTX\" file identifier");
  }
  auto verifier = MakeVerifier(bytes);
  if (!schema::VerifyTransactionBuffer(verifier)) {
    return Malformed("transaction fails FlatBuffers verification");
  }
  const auto* transaction = schema::GetTransaction(bytes.data());
  size_t operations = transaction->operations()->size();
  if (operations == 0 || operations > kMaxOperationsPerTransaction) {
    return Status(ErrorCode::LimitExceeded, "a transaction carries 1.." +
                                                std::to_string(kMaxOperationsPerTransaction) +
                                                " operations, got " + std::to_string(operations));
  }
  return transaction;
}

Result<const schema::Entry*> VerifyEntry(std::string_view bytes) {
  if (bytes.size() < 8 || !schema::EntryBufferHasIdentifier(bytes.data())) {
    return Malformed("entry lacks the \"CLEN\" file identifier");
  }
  auto verifier = MakeVerifier(bytes);
  if (!schema::VerifyEntryBuffer(verifier))
    return Malformed("entry fails FlatBuffers verification");
  const auto* entry = schema::GetEntry(bytes.data());
  if (entry->signature()->size() != kEd25519SignatureSize) {
    return Malformed("entry signature is " + std::to_string(entry->signature()->size()) +
                     " bytes, not 64");
  }
  const auto* transaction = entry->transaction();
  auto nested = VerifyTransaction(
      std::string_view(reinterpret_cast<const char*>(transaction->data()), transaction->size()));
  if (!nested.ok())
    return nested.status().WithContext("entry " + std::to_string(entry->sequence()));
  return entry;
}

std::string BuildEntry(const EntryFields& fields) {
  flatbuffers::FlatBufferBuilder builder(fields.transaction.size() + 256);
  auto transaction = builder.CreateVector(
      reinterpret_cast<const uint8_t*>(fields.transaction.data()), fields.transaction.size());
  auto signature = builder.CreateVector(fields.signature.data(), fields.signature.size());
  auto outcome = schema::CreateOutcome(builder);
  auto entry = schema::CreateEntry(builder, fields.sequence, fields.server_time_us, transaction,
                                   signature, outcome);
  schema::FinishEntryBuffer(builder, entry);
  return std::string(reinterpret_cast<const char*>(builder.GetBufferPointer()), builder.GetSize());
}

}  // namespace crowdledger
