// The witness end to end: the real WitnessServer on loopback answering add-checkpoint for a
// log store grown to known sizes, with each of the spec's answers (200, 400, 403, 404, 409,
// 422), the cosignature checked by the spec's rules (key ID, timestamp, signed message), and
// the state file surviving a restart.
#include <gtest/gtest.h>

#include <fstream>

#include "crypto/cosignature.h"
#include "ledger/log_store.h"
#include "ledger/witness/add_checkpoint_request.h"
#include "tests/ledger/ledger_dir.h"
#include "tests/support/synthetic_entries.h"
#include "tests/witness/witness_fixture.h"

namespace crowdledger::test {
namespace {

constexpr std::string_view kWitnessName = "witness.example/w1";

class WitnessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto log =
        LogStore::Create(directory_.path() / "ledger", "test.example/witness", {SyntheticEntry(0)});
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    log_ = std::move(*log);
    ASSERT_TRUE(log_->Append(SyntheticEntries(1, 9)).ok());    // a checkpoint at 10
    ASSERT_TRUE(log_->Append(SyntheticEntries(10, 10)).ok());  // and at 20
    StartWitness();
  }

  void StartWitness() {
    witness_.reset();
    witness_ = std::make_unique<RunningWitness>(
        std::string(kWitnessName), std::vector<NoteVerifier>{log_->verifier()}, state_file());
  }
  std::filesystem::path state_file() const { return directory_.path() / "witness-state"; }

  std::string NoteAt(uint64_t size) { return *log_->CheckpointAt(size); }
  static std::string TextOf(const std::string& note) { return ParseNote(note)->text; }

  HttpAnswer Add(uint64_t old_size, uint64_t size) {
    AddCheckpointRequest request{old_size, {}, NoteAt(size)};
    if (old_size != 0 && old_size != size) request.proof = *log_->ConsistencyProof(old_size, size);
    return Post(FormatAddCheckpointRequest(request));
  }
  HttpAnswer Post(const std::string& body) {
    return HttpExchange(witness_->port(), "POST", "/add-checkpoint", body);
  }

  TemporaryDirectory directory_;
  std::unique_ptr<LogStore> log_;
  std::unique_ptr<RunningWitness> witness_;
};

TEST_F(WitnessTest, CosignsAConsistentCheckpointAndTheCosignatureVerifiesAsTheSpecSays) {
  HttpAnswer answer = Add(0, 10);
  ASSERT_EQ(answer.result_int(), 200U) << answer.body();
  const std::string& line = answer.body();
  std::string prefix = "\xe2\x80\x94 " + std::string(kWitnessName) + " ";
  ASSERT_TRUE(line.starts_with(prefix)) << line;
  ASSERT_TRUE(line.ends_with("\n"));
  // base64(key ID || 8-byte big-endian timestamp || Ed25519 signature).
  auto payload =
      Base64Decode(std::string_view(line).substr(prefix.size(), line.size() - prefix.size() - 1));
  ASSERT_TRUE(payload.ok());
  ASSERT_EQ(payload->size(), 4U + 8U + 64U);
  Ed25519PublicKey key = WitnessKey(std::string(kWitnessName)).public_key();
  std::string key_id_input = std::string(kWitnessName) + "\n";
  key_id_input.push_back('\x04');
  key_id_input.append(AsText(key.raw()));
  Hash key_hash = Sha256(AsBytes(key_id_input));
  EXPECT_TRUE(std::equal(key_hash.begin(), key_hash.begin() + 4, payload->begin()));
  uint64_t timestamp = 0;
  for (size_t i = 4; i < 12; ++i) timestamp = timestamp << 8 | (*payload)[i];
  EXPECT_EQ(timestamp, kWitnessTime);
  std::string message =
      "cosignature/v1\ntime " + std::to_string(kWitnessTime) + "\n" + TextOf(NoteAt(10));
  EXPECT_TRUE(key.Verify(AsBytes(message), ByteView(*payload).subspan(12)));
  // The same through the verifier key the witness publishes.
  auto cosigner = ParseCosignerVerifierKey(witness_->verifier_key());
  ASSERT_TRUE(cosigner.ok());
  EXPECT_EQ(*VerifyCosignature(line, TextOf(NoteAt(10)), cosigner->name, cosigner->key),
            kWitnessTime);
  // The witness moves on from 10 with a proof, and remembers 20.
  HttpAnswer next = Add(10, 20);
  ASSERT_EQ(next.result_int(), 200U) << next.body();
  EXPECT_EQ(witness_->witness().state().logs.at("test.example/witness").size, 20U);
  // The same checkpoint again (old size = size, no proof) is cosigned again.
  EXPECT_EQ(Add(20, 20).result_int(), 200U);
}

TEST_F(WitnessTest, StaleOldSizeGets409WithTheWitnessesSize) {
  ASSERT_EQ(Add(0, 10).result_int(), 200U);
  HttpAnswer answer = Add(0, 20);
  EXPECT_EQ(answer.result_int(), 409U);
  EXPECT_EQ(answer[boost::beast::http::field::content_type], "text/x.tlog.size");
  EXPECT_EQ(answer.body(), "10\n");
  EXPECT_EQ(Add(1, 20).body(), "10\n");
}

TEST_F(WitnessTest, BrokenProofGets422AndChangesNothing) {
  ASSERT_EQ(Add(0, 10).result_int(), 200U);
  AddCheckpointRequest request{10, *log_->ConsistencyProof(10, 20), NoteAt(20)};
  request.proof[0][7] = static_cast<uint8_t>(request.proof[0][7] ^ 0x01);
  HttpAnswer answer = Post(FormatAddCheckpointRequest(request));
  EXPECT_EQ(answer.result_int(), 422U) << answer.body();
  request.proof.clear();  // no proof at all
  EXPECT_EQ(Post(FormatAddCheckpointRequest(request)).result_int(), 422U);
  EXPECT_EQ(witness_->witness().state().logs.at("test.example/witness").size, 10U);
  EXPECT_EQ(Add(10, 20).result_int(), 200U);  // the real proof still works
}

TEST_F(WitnessTest, ProofFromSizeZeroMustBeEmpty) {
  AddCheckpointRequest request{0, *log_->ConsistencyProof(10, 20), NoteAt(20)};
  EXPECT_EQ(Post(FormatAddCheckpointRequest(request)).result_int(), 422U);
}

TEST_F(WitnessTest, CheckpointSignedByAnotherKeyGets403) {
  auto forger = NoteSigner::Create("test.example/witness", WitnessKey("forger"));
  ASSERT_TRUE(forger.ok());
  auto parsed = ParseCheckpointText(TextOf(NoteAt(10)));
  auto forged = SignCheckpoint(*parsed, *forger);
  ASSERT_TRUE(forged.ok());
  EXPECT_EQ(Post(FormatAddCheckpointRequest({0, {}, *forged})).result_int(), 403U);
  // A signature line by the log's key name and key ID that does not verify: also 403.
  std::string tampered = NoteAt(10);
  size_t at = tampered.rfind(' ') + 10;
  tampered[at] = tampered[at] == 'A' ? 'B' : 'A';
  EXPECT_EQ(Post(FormatAddCheckpointRequest({0, {}, tampered})).result_int(), 403U);
  EXPECT_TRUE(witness_->witness().state().logs.empty());
}

TEST_F(WitnessTest, UnknownOriginGets404) {
  auto other = NoteSigner::Create("other.example/log", WitnessKey("other log"));
  Checkpoint checkpoint{"other.example/log", 1, MerkleLeafHash(AsBytes("x")), {}};
  auto note = SignCheckpoint(checkpoint, *other);
  HttpAnswer answer = Post(FormatAddCheckpointRequest({0, {}, *note}));
  EXPECT_EQ(answer.result_int(), 404U);
  EXPECT_NE(answer.body().find("other.example/log"), std::string::npos);
}

TEST_F(WitnessTest, MalformedRequestsGet400) {
  std::string note = NoteAt(10);
  EXPECT_EQ(Post("old 01\n\n" + note).result_int(), 400U);  // leading zero
  EXPECT_EQ(Post("old 0\n" + note).result_int(), 400U);     // no blank line
  EXPECT_EQ(Post("old 0\nnot base64\n\n" + note).result_int(), 400U);
  EXPECT_EQ(Post("old 0\n\nexample\n").result_int(), 400U);  // not a note
  EXPECT_EQ(Post("old 11\n\n" + note).result_int(), 400U);   // old size beyond the checkpoint
  HttpAnswer answer = Post(std::string(kMaxAddCheckpointBytes + 1, 'a'));
  EXPECT_EQ(answer.result_int(), 413U);
  EXPECT_EQ(HttpExchange(witness_->port(), "GET", "/add-checkpoint").result_int(), 405U);
  EXPECT_EQ(HttpExchange(witness_->port(), "GET", "/healthz").result_int(), 200U);
  EXPECT_EQ(HttpExchange(witness_->port(), "GET", "/nothing").result_int(), 404U);
  EXPECT_TRUE(witness_->witness().state().logs.empty());
}

TEST_F(WitnessTest, StateSurvivesARestart) {
  ASSERT_EQ(Add(0, 10).result_int(), 200U);
  StartWitness();  // a new witness process on the same state file
  EXPECT_EQ(witness_->witness().state().logs.at("test.example/witness").size, 10U);
  HttpAnswer answer = Add(0, 20);
  EXPECT_EQ(answer.result_int(), 409U);
  EXPECT_EQ(answer.body(), "10\n");
  EXPECT_EQ(Add(10, 20).result_int(), 200U);
  std::ifstream file(state_file());
  std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "crowdledger-witness-state 1\nlog test.example/witness 20 " +
                      Base64Encode(*log_->Root(20)) + "\n");
}

}  // namespace
}  // namespace crowdledger::test
