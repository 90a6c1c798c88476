// Entry and transaction verification and construction.
#include "ledger/entry_format.h"

#include <flatbuffers/flatbuffers.h>

#include <cstring>

namespace crowdledger {
namespace {

Status Malformed(const std::string& what) { return Status(ErrorCode::Malformed, what); }

flatbuffers::Verifier MakeVerifier(std::string_view bytes) {
  return flatbuffers::Verifier(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(),
                               kMaxFlatbufferDepth, kMaxFlatbufferTables);
}

}  // namespace

std::string_view AlignedFlatbuffer(std::string_view bytes, std::vector<uint64_t>& storage) {
  // Nothing to copy: an empty view (whose null data is aligned) instead of memcpy from or to
  // null, which is undefined even for zero bytes. Found by fuzz_request.
  if (bytes.empty()) return {};
  if (reinterpret_cast<uintptr_t>(bytes.data()) % kFlatbufferAlignment == 0) return bytes;
  storage.resize((bytes.size() + sizeof(uint64_t) - 1) / sizeof(uint64_t));
  std::memcpy(storage.data(), bytes.data(), bytes.size());
  return {reinterpret_cast<const char*>(storage.data()), bytes.size()};
}

Result<const schema::Transaction*> VerifyTransaction(std::string_view bytes) {
  if (reinterpret_cast<uintptr_t>(bytes.data()) % kFlatbufferAlignment != 0) {
    return Malformed("transaction bytes are not 8-byte aligned in memory");
  }
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
  if (reinterpret_cast<uintptr_t>(bytes.data()) % kFlatbufferAlignment != 0) {
    return Malformed("entry bytes are not 8-byte aligned in memory");
  }
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
  flatbuffers::FlatBufferBuilder builder(fields.transaction.size() + 256 +
                                         96 * fields.movements.size());
  // The nested transaction starts 8-byte aligned within the entry, so that its 64-bit fields
  // can be read in place once the entry itself is aligned.
  builder.ForceVectorAlignment(fields.transaction.size(), sizeof(uint8_t), kFlatbufferAlignment);
  auto transaction = builder.CreateVector(
      reinterpret_cast<const uint8_t*>(fields.transaction.data()), fields.transaction.size());
  auto signature = builder.CreateVector(fields.signature.data(), fields.signature.size());
  auto digest = builder.CreateVector(fields.state_digest.data(), fields.state_digest.size());
  std::vector<flatbuffers::Offset<schema::Movement>> movements;
  movements.reserve(fields.movements.size());
  for (const Movement& movement : fields.movements) {
    movements.push_back(schema::CreateMovementDirect(
        builder, movement.operation, movement.from.c_str(), movement.to.c_str(),
        movement.currency.c_str(), movement.amount.minor_units()));
  }
  auto outcome = schema::CreateOutcome(builder, schema::ErrorCode::Ok, -1, 0, digest,
                                       builder.CreateVector(movements));
  auto entry = schema::CreateEntry(builder, fields.sequence, fields.server_time_us, transaction,
                                   signature, outcome);
  schema::FinishEntryBuffer(builder, entry);
  return std::string(reinterpret_cast<const char*>(builder.GetBufferPointer()), builder.GetSize());
}

SignedTransaction FinishAndSignTransaction(flatbuffers::FlatBufferBuilder& builder,
                                           flatbuffers::Offset<schema::Transaction> transaction,
                                           const Ed25519PrivateKey& key) {
  schema::FinishTransactionBuffer(builder, transaction);
  SignedTransaction signed_transaction;
  signed_transaction.bytes.assign(reinterpret_cast<const char*>(builder.GetBufferPointer()),
                                  builder.GetSize());
  Ed25519Signature signature = key.Sign(AsBytes(signed_transaction.bytes));
  signed_transaction.signature.assign(AsText(signature));
  return signed_transaction;
}

Result<RecordedOutcome> ReadRecordedOutcome(const schema::Entry& entry) {
  const auto* outcome = entry.outcome();
  std::string where = "entry " + std::to_string(entry.sequence());
  if (outcome == nullptr || outcome->state_digest() == nullptr ||
      outcome->state_digest()->size() != sizeof(Hash)) {
    return Status(ErrorCode::Corruption, where + " records no 32-byte state digest");
  }
  RecordedOutcome recorded;
  std::copy(outcome->state_digest()->begin(), outcome->state_digest()->end(),
            recorded.state_digest.begin());
  if (outcome->movements() != nullptr) {
    for (const auto* movement : *outcome->movements()) {
      if (movement->from() == nullptr || movement->to() == nullptr ||
          movement->currency() == nullptr) {
        return Status(ErrorCode::Corruption, where + " records an incomplete movement");
      }
      recorded.movements.push_back(Movement{movement->operation(), movement->from()->str(),
                                            movement->to()->str(), movement->currency()->str(),
                                            Amount::FromMinorUnits(movement->amount())});
    }
  }
  return recorded;
}

}  // namespace crowdledger
