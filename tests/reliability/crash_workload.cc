// CrashWorkload: deterministic transactions and the balances they must leave. See the header.
#include "tests/reliability/crash_workload.h"

#include "api/transaction_builder.h"
#include "crypto/sha256.h"

namespace crowdledger::reliability {
namespace {

// A fixed client time: no rule reads it, and a rebuilt transaction must be byte-identical.
constexpr int64_t kClientTimeUs = 1'700'000'000'000'000;
constexpr char kCurrency[] = "CNY";

// The amounts of transaction `id`: varied, so that a transaction applied twice or lost
// cannot hide behind another; the deposit covers both transfers, so none is ever refused.
int64_t DepositOf(uint64_t id) { return 1'000 + static_cast<int64_t>(id % 97); }
int64_t ToNextOf(uint64_t id) { return 300 + static_cast<int64_t>(id % 13); }
int64_t ToSinkOf(uint64_t id) { return 1 + static_cast<int64_t>(id % 7); }

}  // namespace

CrashWorkload::CrashWorkload(uint32_t clients) : clients_(clients), next_id_(clients, 1) {
  keys_.reserve(clients);
  for (uint32_t c = 0; c < clients; ++c) keys_.push_back(KeyOf(Party(c)));
}

std::string CrashWorkload::Party(uint32_t client) {
  return "crash-client-" + std::to_string(client);
}

Ed25519PrivateKey CrashWorkload::KeyOf(const std::string& party) {
  return *Ed25519PrivateKey::FromSeed(Sha256(AsBytes("crash harness key of " + party)));
}

SignedTransaction CrashWorkload::Setup(const Ed25519PrivateKey& authority) const {
  api::TransactionBuilder setup("authority", 1, 1, kClientTimeUs);
  for (uint32_t c = 0; c < clients_; ++c) {
    setup.RegisterParty(Party(c), schema::PartyKind::Investor)
        .RegisterKey(Party(c), 1, keys_[c].public_key(), schema::Role::Post);
  }
  setup.RegisterParty(Sink(), schema::PartyKind::Investor);
  return setup.Sign(authority);
}

SignedTransaction CrashWorkload::Build(uint32_t client, uint64_t id) const {
  const std::string party = Party(client);
  return api::TransactionBuilder(party, 1, id, kClientTimeUs + static_cast<int64_t>(id))
      .Deposit(party, kCurrency, DepositOf(id))
      .Transfer(party, Party((client + 1) % clients_), kCurrency, ToNextOf(id))
      .Transfer(party, Sink(), kCurrency, ToSinkOf(id))
      .Sign(keys_[client]);
}

std::pair<size_t, SignedTransaction> CrashWorkload::Next(uint32_t client) {
  uint64_t id = next_id_[client]++;
  SignedTransaction transaction = Build(client, id);
  TrackedTransaction tracked;
  tracked.client = client;
  tracked.id = id;
  tracked.bytes_digest = Sha256(AsBytes(transaction.bytes));
  index_[{client, id}] = transactions_.size();
  transactions_.push_back(tracked);
  return {transactions_.size() - 1, std::move(transaction)};
}

SignedTransaction CrashWorkload::Rebuild(size_t index) const {
  const TrackedTransaction& tracked = transactions_[index];
  return Build(tracked.client, tracked.id);
}

std::optional<size_t> CrashWorkload::Find(const std::string& submitter, uint64_t id) const {
  for (uint32_t c = 0; c < clients_; ++c) {
    if (Party(c) != submitter) continue;
    auto found = index_.find({c, id});
    if (found == index_.end()) return std::nullopt;
    return found->second;
  }
  return std::nullopt;
}

std::map<std::string, int64_t> CrashWorkload::ExpectedBalances() const {
  std::map<std::string, int64_t> balances;
  if (clients_ == 0) return balances;
  for (uint32_t c = 0; c < clients_; ++c) {
    balances["cash:" + Party(c) + ":CNY"] = 0;
    balances["external:" + Party(c) + ":CNY"] = 0;
  }
  balances["cash:" + Sink() + ":CNY"] = 0;
  for (const TrackedTransaction& tracked : transactions_) {
    const std::string party = Party(tracked.client);
    const std::string next = Party((tracked.client + 1) % clients_);
    balances["external:" + party + ":CNY"] -= DepositOf(tracked.id);
    balances["cash:" + party + ":CNY"] +=
        DepositOf(tracked.id) - ToNextOf(tracked.id) - ToSinkOf(tracked.id);
    balances["cash:" + next + ":CNY"] += ToNextOf(tracked.id);
    balances["cash:" + Sink() + ":CNY"] += ToSinkOf(tracked.id);
  }
  return balances;
}

}  // namespace crowdledger::reliability
