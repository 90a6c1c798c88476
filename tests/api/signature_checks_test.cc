// Signature checks on the network threads: the keys the ledger learns, what a check reports,
// and that a key the writer did not store never stands in for its own check.
#include "api/signature_checks.h"

#include "api/client.h"
#include "tests/ledger/ledger_fixture.h"

namespace crowdledger::test {
namespace {

class SignatureChecksTest : public LedgerFixture {
 protected:
  // The authority's key, stored at genesis, learnt by the ledger through one accepted
  // transaction signed with it.
  void SetUp() override {
    LedgerFixture::SetUp();
    first_ = Submit(Fresh());
    ASSERT_TRUE(first_.status.ok()) << first_.status.ToString();
  }

  SignedTransaction Fresh() {
    auto builder = As("authority");
    builder.RegisterParty("investor" + std::to_string(next_investor_++),
                          schema::PartyKind::Investor);
    return builder.Sign(KeyFor("authority"));
  }

  SubmitResult first_;
  int next_investor_ = 0;
};

TEST_F(SignatureChecksTest, TheLedgerLearnsEveryStoredKeyItChecks) {
  auto key = ledger_->known_keys().Find("authority", 1);
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(key->raw(), KeyFor("authority").public_key().raw());
  EXPECT_FALSE(ledger_->known_keys().Find("authority", 2).has_value());
  EXPECT_FALSE(ledger_->known_keys().Find("investor0", 1).has_value());
}

TEST_F(SignatureChecksTest, AGoodSignatureIsMarkedWithTheKeyItVerifiedWith) {
  SignedTransaction transaction = Fresh();
  ASSERT_TRUE(api::CheckTransactionSignature(ledger_->known_keys(), transaction).ok());
  ASSERT_TRUE(transaction.checked_with.has_value());
  EXPECT_EQ(*transaction.checked_with, KeyFor("authority").public_key().raw());
  SubmitResult result = Submit(transaction);
  EXPECT_TRUE(result.status.ok()) << result.status.ToString();
}

TEST_F(SignatureChecksTest, AForgedSignatureIsRefusedBeforeTheWriter) {
  SignedTransaction transaction = Fresh();
  transaction.signature[5] = static_cast<char>(transaction.signature[5] ^ 0x01);
  Status checked = api::CheckTransactionSignature(ledger_->known_keys(), transaction);
  EXPECT_EQ(checked.code(), ErrorCode::BadSignature);
  EXPECT_NE(checked.message().find("key 1 of 'authority'"), std::string::npos);
  EXPECT_FALSE(transaction.checked_with.has_value());
}

TEST_F(SignatureChecksTest, BytesThatAreNoTransactionGetTheDecodingError) {
  SignedTransaction transaction{"not a flatbuffer", std::string(64, 'x')};
  EXPECT_EQ(api::CheckTransactionSignature(ledger_->known_keys(), transaction).code(),
            ErrorCode::Malformed);
  SignedTransaction empty;
  EXPECT_EQ(api::CheckTransactionSignature(ledger_->known_keys(), empty).code(),
            ErrorCode::Malformed);
}

TEST_F(SignatureChecksTest, AnUnknownKeyIsLeftToTheWriter) {
  KnownKeys empty;
  SignedTransaction transaction = Fresh();
  ASSERT_TRUE(api::CheckTransactionSignature(empty, transaction).ok());
  EXPECT_FALSE(transaction.checked_with.has_value());
  EXPECT_TRUE(Submit(transaction).status.ok());
}

TEST_F(SignatureChecksTest, AClaimedCheckWithAnotherKeyDoesNotSkipTheWritersCheck) {
  SignedTransaction transaction = Fresh();
  transaction.signature[0] = static_cast<char>(transaction.signature[0] ^ 0x01);
  transaction.checked_with = KeyFor("intruder").public_key().raw();
  SubmitResult result = Submit(transaction);
  EXPECT_EQ(result.status.code(), ErrorCode::BadSignature);
  EXPECT_EQ(ledger_->log().size(), first_.sequence + 1);
}

TEST_F(SignatureChecksTest, AQuerySignatureIsCheckedWithTheKnownKey) {
  auto query = api::BuildSignedQuery(
      "authority", 1, KeyFor("authority"), [](flatbuffers::FlatBufferBuilder& builder) {
        auto body = schema::CreateBalanceQueryDirect(builder, "authority");
        return std::make_pair(schema::QueryBody::BalanceQuery, body.Union());
      });
  ASSERT_TRUE(query.ok());
  std::string payload = query->payload;
  std::string signature = query->signature;
  auto checked = api::CheckQuerySignature(ledger_->known_keys(), payload, signature);
  ASSERT_TRUE(checked.ok()) << checked.status().ToString();
  EXPECT_EQ(**checked, KeyFor("authority").public_key().raw());
  signature[9] = static_cast<char>(signature[9] ^ 0x40);
  EXPECT_EQ(api::CheckQuerySignature(ledger_->known_keys(), payload, signature).status().code(),
            ErrorCode::BadSignature);
}

}  // namespace
}  // namespace crowdledger::test
