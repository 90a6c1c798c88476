// A ledger in a temporary directory with an authority, for scenario tests: parties are
// registered with keys derived from their names, and helpers submit and read balances.
#pragma once

#include <gtest/gtest.h>

#include <map>

#include "crypto/sha256.h"
#include "ledger/ledger.h"
#include "tests/crypto/error_code_printer.h"
#include "tests/ledger/ledger_dir.h"
#include "tests/support/transaction_builder.h"

namespace crowdledger::test {

inline constexpr int64_t kStartTimeUs = 1'700'000'000'000'000;  // 2023-11-14

class LedgerFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    authority_ = KeyFor("authority");
    LedgerOptions options = Options();
    ASSERT_TRUE(
        Ledger::Create(directory_.path(), "test.example/ledger", authority_, kStartTimeUs, options)
            .ok());
    Reopen();
  }

  virtual LedgerOptions Options() {
    LedgerOptions options;
    options.log.sync = false;  // scenario tests check rules, not durability
    return options;
  }

  void Reopen() {
    ledger_.reset();
    auto opened = Ledger::Open(directory_.path(), Options());
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    ledger_ = std::move(opened).value();
  }

  // A deterministic key per party name.
  static Ed25519PrivateKey KeyFor(const std::string& party) {
    Hash seed = Sha256(AsBytes("seed of " + party));
    return *Ed25519PrivateKey::FromSeed(seed);
  }

  TransactionBuilder As(const std::string& party) {
    return TransactionBuilder(party, 1, ++next_id_);
  }

  SubmitResult Submit(SignedTransaction transaction) {
    now_us_ += 1'000'000;
    std::vector<SignedTransaction> group{std::move(transaction)};
    return std::move(ledger_->SubmitGroup(group, now_us_)[0]);
  }
  SubmitResult SubmitAs(const std::string& party, TransactionBuilder& builder) {
    return Submit(builder.Sign(KeyFor(party)));
  }

  // Registers a party and its key 1 with the Post role, as the authority.
  void Register(const std::string& party, schema::PartyKind kind, int64_t founded_us = 0,
                const std::string& maker_space = "", bool micro = false) {
    auto builder = As("authority");
    builder.RegisterParty(party, kind, founded_us, maker_space, micro)
        .RegisterKey(party, 1, KeyFor(party).public_key(), schema::Role::Post);
    SubmitResult result = Submit(builder.Sign(authority_));
    ASSERT_TRUE(result.status.ok()) << result.status.ToString();
  }

  int64_t Balance(const std::string& account) {
    auto bytes = ledger_->state().Get(AccountKey(account));
    EXPECT_TRUE(bytes.ok());
    if (!bytes.ok() || !*bytes) return 0;
    return AccountRecord::Decode(**bytes)->balance.minor_units();
  }

  // The record stored under a state key, decoded; nullopt when absent.
  template <typename Record>
  std::optional<Record> Find(const std::string& key) {
    auto bytes = ledger_->state().Get(key);
    EXPECT_TRUE(bytes.ok()) << bytes.status().ToString();
    if (!bytes.ok() || !*bytes) return std::nullopt;
    auto record = Record::Decode(**bytes);
    EXPECT_TRUE(record.ok()) << record.status().ToString();
    if (!record.ok()) return std::nullopt;
    return std::move(record).value();
  }

  TemporaryDirectory directory_;
  Ed25519PrivateKey authority_ = *Ed25519PrivateKey::FromSeed(Hash{});
  std::unique_ptr<Ledger> ledger_;
  uint64_t next_id_ = 0;
  int64_t now_us_ = kStartTimeUs;
};

}  // namespace crowdledger::test
