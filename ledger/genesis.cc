// Genesis transaction construction.
#include "ledger/genesis.h"

#include "ledger/entry_format.h"

namespace crowdledger {

SignedTransaction BuildGenesisTransaction(const Ed25519PrivateKey& authority_key,
                                          int64_t client_time_us) {
  flatbuffers::FlatBufferBuilder builder;
  auto party = builder.CreateString(kGenesisAuthorityParty);
  auto display_name = builder.CreateString("Ledger authority");
  auto register_party =
      schema::CreateRegisterParty(builder, party, schema::PartyKind::Authority, display_name);
  const auto& raw = authority_key.public_key().raw();
  auto public_key = builder.CreateVector(raw.data(), raw.size());
  auto register_key = schema::CreateRegisterKey(
      builder, builder.CreateString(kGenesisAuthorityParty), kGenesisAuthorityKeyId, public_key,
      schema::Role::Administer | schema::Role::Audit);
  std::vector<flatbuffers::Offset<schema::OperationSlot>> slots{
      schema::CreateOperationSlot(builder, schema::Operation::RegisterParty,
                                  register_party.Union()),
      schema::CreateOperationSlot(builder, schema::Operation::RegisterKey, register_key.Union())};
  auto operations = builder.CreateVector(slots);
  schema::TransactionId id(0, 0);
  auto transaction =
      schema::CreateTransaction(builder, &id, builder.CreateString(kGenesisAuthorityParty),
                                kGenesisAuthorityKeyId, client_time_us, operations);
  return FinishAndSignTransaction(builder, transaction, authority_key);
}

}  // namespace crowdledger
