// The auditor's stateless per-entry checks: decode, leaf hash, signature.
#include "ledger/audit/entry_checks.h"

#include "crypto/merkle.h"
#include "ledger/apply/operation_rules.h"
#include "ledger/entry_format.h"

namespace crowdledger {
namespace {

std::string KeyName(std::string_view party, uint32_t key_id) {
  std::string name(party);
  name.push_back('\0');
  name += std::to_string(key_id);
  return name;
}

// The entry's transaction, or nullptr if the entry or its transaction does not decode.
const schema::Transaction* TransactionOf(const schema::Entry& entry) {
  std::string_view bytes(reinterpret_cast<const char*>(entry.transaction()->data()),
                         entry.transaction()->size());
  auto transaction = VerifyTransaction(bytes);
  return transaction.ok() ? *transaction : nullptr;
}

}  // namespace

void KeyScan::Scan(const std::vector<std::string>& entries) {
  std::vector<uint64_t> storage;
  for (const std::string& stored : entries) {
    auto entry = VerifyEntry(AlignedFlatbuffer(stored, storage));
    if (!entry.ok()) continue;
    const schema::Transaction* transaction = TransactionOf(**entry);
    if (transaction == nullptr) continue;
    for (const auto* slot : *transaction->operations()) {
      const auto* op = slot->operation_as_RegisterKey();
      if (op == nullptr) continue;
      auto key =
          Ed25519PublicKey::FromRaw(ByteView(op->public_key()->data(), op->public_key()->size()));
      if (key.ok()) keys_.insert_or_assign(KeyName(View(op->party()), op->key_id()), *key);
    }
  }
}

void KeyScan::Add(std::string_view party, uint32_t key_id, const Ed25519PublicKey& key) {
  keys_.insert_or_assign(KeyName(party, key_id), key);
}

const Ed25519PublicKey* KeyScan::Find(std::string_view party, uint32_t key_id) const {
  auto found = keys_.find(KeyName(party, key_id));
  return found == keys_.end() ? nullptr : &found->second;
}

void PrepareEntries(std::span<const std::string> entries, const KeyScan& keys,
                    std::span<PreparedEntry> out) {
  std::vector<uint64_t> storage;
  for (size_t i = 0; i < entries.size(); ++i) {
    PreparedEntry& prepared = out[i];
    prepared.leaf_hash = MerkleLeafHash(AsBytes(entries[i]));
    auto entry = VerifyEntry(AlignedFlatbuffer(entries[i], storage));
    if (!entry.ok()) {
      prepared.decode_error = entry.status().message();
      continue;
    }
    prepared.decoded = true;
    const schema::Transaction* transaction = TransactionOf(**entry);
    if (transaction == nullptr) continue;
    const Ed25519PublicKey* key = keys.Find(View(transaction->submitter()), transaction->key_id());
    if (key == nullptr) continue;
    const auto* signature = (*entry)->signature();
    if (key->Verify(ByteView((*entry)->transaction()->data(), (*entry)->transaction()->size()),
                    ByteView(signature->data(), signature->size()))) {
      prepared.checked_with = key->raw();
    }
  }
}

}  // namespace crowdledger
