// TransactionBuilder: signed transactions for tests and tools, one operation at a time.
//   auto tx = TransactionBuilder("alice", 1, 42).Deposit("alice", "CNY", 1000).Sign(key);
#pragma once

#include <flatbuffers/flatbuffers.h>

#include <string>
#include <vector>

#include "ledger/entry_format.h"

namespace crowdledger::test {

class TransactionBuilder {
 public:
  TransactionBuilder(std::string submitter, uint32_t key_id, uint64_t id,
                     int64_t client_time_us = 0)
      : submitter_(std::move(submitter)),
        key_id_(key_id),
        id_(id),
        client_time_us_(client_time_us) {}

  TransactionBuilder& RegisterParty(const std::string& party, schema::PartyKind kind,
                                    int64_t founded_us = 0, const std::string& maker_space = "",
                                    bool micro_enterprise = false,
                                    const std::string& district = "") {
    auto op = schema::CreateRegisterPartyDirect(
        builder_, party.c_str(), kind, party.c_str(), founded_us,
        district.empty() ? nullptr : district.c_str(),
        maker_space.empty() ? nullptr : maker_space.c_str(), micro_enterprise, false);
    return Add(schema::Operation::RegisterParty, op.Union());
  }
  TransactionBuilder& RegisterKey(const std::string& party, uint32_t key_id,
                                  const Ed25519PublicKey& key, schema::Role roles) {
    std::vector<uint8_t> raw(key.raw().begin(), key.raw().end());
    auto op = schema::CreateRegisterKeyDirect(builder_, party.c_str(), key_id, &raw, roles);
    return Add(schema::Operation::RegisterKey, op.Union());
  }
  TransactionBuilder& RevokeKey(const std::string& party, uint32_t key_id) {
    return Add(schema::Operation::RevokeKey,
               schema::CreateRevokeKeyDirect(builder_, party.c_str(), key_id).Union());
  }
  TransactionBuilder& Deposit(const std::string& party, const std::string& currency,
                              int64_t amount) {
    auto op = schema::CreateDepositDirect(builder_, party.c_str(), currency.c_str(), amount);
    return Add(schema::Operation::Deposit, op.Union());
  }
  TransactionBuilder& Withdraw(const std::string& party, const std::string& currency,
                               int64_t amount) {
    auto op = schema::CreateWithdrawDirect(builder_, party.c_str(), currency.c_str(), amount);
    return Add(schema::Operation::Withdraw, op.Union());
  }
  TransactionBuilder& Transfer(const std::string& from, const std::string& to,
                               const std::string& currency, int64_t amount) {
    auto op =
        schema::CreateTransferDirect(builder_, from.c_str(), to.c_str(), currency.c_str(), amount);
    return Add(schema::Operation::Transfer, op.Union());
  }
  TransactionBuilder& SetPolicy(schema::PolicyParameter parameter, int64_t value) {
    return Add(schema::Operation::SetPolicyParameter,
               schema::CreateSetPolicyParameter(builder_, parameter, value).Union());
  }

  // Serialises the transaction and signs its exact bytes.
  SignedTransaction Sign(const Ed25519PrivateKey& key) {
    auto operations = builder_.CreateVector(slots_);
    schema::TransactionId id(0, id_);
    auto transaction = schema::CreateTransaction(builder_, &id, builder_.CreateString(submitter_),
                                                 key_id_, client_time_us_, operations);
    schema::FinishTransactionBuffer(builder_, transaction);
    SignedTransaction signed_tx;
    signed_tx.bytes.assign(reinterpret_cast<const char*>(builder_.GetBufferPointer()),
                           builder_.GetSize());
    Ed25519Signature signature = key.Sign(AsBytes(signed_tx.bytes));
    signed_tx.signature.assign(AsText(signature));
    return signed_tx;
  }

 private:
  TransactionBuilder& Add(schema::Operation kind, flatbuffers::Offset<void> operation) {
    slots_.push_back(schema::CreateOperationSlot(builder_, kind, operation));
    return *this;
  }

  flatbuffers::FlatBufferBuilder builder_;
  std::vector<flatbuffers::Offset<schema::OperationSlot>> slots_;
  std::string submitter_;
  uint32_t key_id_;
  uint64_t id_;
  int64_t client_time_us_;
};

}  // namespace crowdledger::test
