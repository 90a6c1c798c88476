// The ledger's side end to end: the real server (ledger service, binary API) with its HTTP face
// and a witness pool, two real witnesses on loopback, and transactions through the client.
// With quorum 2 of 2, /checkpoint serves the checkpoint after a transaction carrying both
// cosignatures; with one witness down it keeps serving the ledger's own checkpoint.
#include "api/witness/witness_pool.h"

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <thread>

#include "api/http/http_server.h"
#include "crypto/checkpoint.h"
#include "tests/api/server_fixture.h"
#include "tests/witness/witness_fixture.h"

namespace crowdledger::test {
namespace {

class WitnessPoolTest : public ServerFixture {
 protected:
  void TearDown() override {
    if (http_) http_->Stop();
    if (http_thread_.joinable()) http_thread_.join();
    http_.reset();
    pool_.reset();  // stops it: before the ledger closes
    ServerFixture::TearDown();
    witnesses_.clear();
  }

  RunningWitness& AddWitness(const std::string& name) {
    std::filesystem::create_directories(states_.path());
    std::string file = name.substr(0, name.find('/'));  // "w1.example"
    witnesses_.push_back(std::make_unique<RunningWitness>(
        name, std::vector<NoteVerifier>{service_->log().verifier()}, states_.path() / file));
    return *witnesses_.back();
  }
  static api::WitnessPeer Peer(const RunningWitness& witness) {
    return *api::ParseWitnessPeer(witness.verifier_key(), witness.url());
  }
  // A witness that is down: a port that was free a moment ago.
  static api::WitnessPeer DeadPeer(const std::string& name) {
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
    uint16_t port = acceptor.local_endpoint().port();
    acceptor.close();
    return *api::ParseWitnessPeer(CosignerVerifierKey(name, WitnessKey(name).public_key()),
                                  "http://127.0.0.1:" + std::to_string(port));
  }

  void StartPool(std::vector<api::WitnessPeer> peers, size_t quorum) {
    if (http_) {  // a restart of the pool, on the same ledger
      http_->Stop();
      http_thread_.join();
      http_.reset();
      pool_.reset();
    }
    api::WitnessPoolOptions options;
    options.witnesses = std::move(peers);
    options.quorum = quorum;
    options.poll_interval = std::chrono::milliseconds(10);
    options.retry_min = std::chrono::milliseconds(20);
    options.retry_max = std::chrono::milliseconds(100);
    options.request_timeout = std::chrono::milliseconds(2'000);
    options.log_failures = false;
    auto pool = api::WitnessPool::Create(service_->log(), std::move(options));
    ASSERT_TRUE(pool.ok()) << pool.status().ToString();
    pool_ = std::move(*pool);
    http_ = std::make_unique<api::http::HttpServer>(service_->log(), api::http::HttpOptions{});
    http_->SetWitnesses(&pool_->cosigned(), &pool_->metrics());
    ASSERT_TRUE(http_->Listen().ok());
    http_thread_ = std::thread([this] { http_->Run(); });
    pool_->Start();
  }

  void SubmitTransaction(uint64_t id) {
    auto transaction = TransactionBuilder("authority", 1, id);
    transaction.RegisterParty("party" + std::to_string(id), schema::PartyKind::Investor);
    ASSERT_TRUE(Submit(transaction.Sign(KeyFor("authority"))).ok());
  }

  std::string CheckpointServed() {
    HttpAnswer answer = HttpExchange(http_->port(), "GET", "/checkpoint");
    EXPECT_EQ(answer.result_int(), 200U);
    return answer.body();
  }
  // Waits (up to 10 s) until `holds` is true.
  static bool Eventually(const std::function<bool()>& holds) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      if (holds()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return holds();
  }
  // `served` is the checkpoint `latest` followed by cosignature lines.
  static bool IsCosigned(const std::string& served, const std::string& latest) {
    return served.size() > latest.size() && served.starts_with(latest);
  }
  size_t SignatureLines(const std::string& note) {
    auto parsed = ParseNote(note);
    return parsed.ok() ? parsed->signatures.size() : 0;
  }

  TemporaryDirectory states_;
  std::vector<std::unique_ptr<RunningWitness>> witnesses_;
  std::unique_ptr<api::WitnessPool> pool_;
  std::unique_ptr<api::http::HttpServer> http_;
  std::thread http_thread_;
};

TEST_F(WitnessPoolTest, QuorumOfTwoServesTheCheckpointWithBothCosignatures) {
  RunningWitness& first = AddWitness("w1.example/witness");
  RunningWitness& second = AddWitness("w2.example/witness");
  ASSERT_NO_FATAL_FAILURE(StartPool({Peer(first), Peer(second)}, 2));
  ASSERT_NO_FATAL_FAILURE(SubmitTransaction(1));
  std::string latest = service_->log().latest_checkpoint();
  ASSERT_TRUE(Eventually([&] { return IsCosigned(CheckpointServed(), latest); }));
  std::string served = CheckpointServed();
  ASSERT_EQ(SignatureLines(served), 3U) << served;
  // The ledger's note, then one cosignature line per witness, each verifying per the spec.
  std::string text = ParseNote(latest)->text;
  EXPECT_TRUE(OpenCheckpoint(served, service_->log().verifier()).ok());
  std::string_view lines = std::string_view(served).substr(latest.size());
  std::string first_line(lines.substr(0, lines.find('\n') + 1));
  std::string second_line(lines.substr(first_line.size()));
  for (const auto& [line, witness] :
       {std::pair{first_line, &first}, std::pair{second_line, &second}}) {
    auto cosigner = ParseCosignerVerifierKey(witness->verifier_key());
    auto timestamp = VerifyCosignature(line, text, cosigner->name, cosigner->key);
    ASSERT_TRUE(timestamp.ok()) << timestamp.status().ToString() << " for " << line;
    EXPECT_EQ(*timestamp, kWitnessTime);
  }
  const api::WitnessMetrics& metrics = pool_->metrics();
  EXPECT_EQ(metrics.quorum_size.load(), service_->log().size());
  EXPECT_EQ(metrics.witnesses[0].failures.load(), 0U);
}

TEST_F(WitnessPoolTest, OneWitnessDownWithQuorumTwoServesThePlainCheckpoint) {
  RunningWitness& first = AddWitness("w1.example/witness");
  ASSERT_NO_FATAL_FAILURE(StartPool({Peer(first), DeadPeer("w2.example/witness")}, 2));
  ASSERT_NO_FATAL_FAILURE(SubmitTransaction(1));
  uint64_t size = service_->log().size();
  const api::WitnessMetrics& metrics = pool_->metrics();
  // The live witness cosigned the latest checkpoint and the other one failed, more than once.
  ASSERT_TRUE(Eventually([&] {
    return metrics.witnesses[0].cosigned_size.load() == size &&
           metrics.witnesses[1].failures.load() >= 2;
  }));
  EXPECT_EQ(CheckpointServed(), service_->log().latest_checkpoint());
  EXPECT_EQ(metrics.quorum_size.load(), 0U);
  // /metrics names the failures.
  std::string text = HttpExchange(http_->port(), "GET", "/metrics").body();
  EXPECT_NE(text.find("crowdledger_witness_requests_total{witness=\"w2.example/witness\","
                      "outcome=\"failed\"}"),
            std::string::npos);
}

TEST_F(WitnessPoolTest, QuorumOfOneIsMetByTheLiveWitness) {
  RunningWitness& first = AddWitness("w1.example/witness");
  ASSERT_NO_FATAL_FAILURE(StartPool({DeadPeer("w0.example/witness"), Peer(first)}, 1));
  ASSERT_NO_FATAL_FAILURE(SubmitTransaction(1));
  std::string latest = service_->log().latest_checkpoint();
  ASSERT_TRUE(Eventually([&] { return IsCosigned(CheckpointServed(), latest); }));
  EXPECT_EQ(SignatureLines(CheckpointServed()), 2U);
}

// A pool that starts afresh knows nothing of its witnesses' sizes: it sends old size 0, learns
// each one's size from the 409 and goes on from there with a consistency proof.
TEST_F(WitnessPoolTest, ARestartedPoolLearnsEachWitnessesSizeFromA409) {
  RunningWitness& first = AddWitness("w1.example/witness");
  RunningWitness& second = AddWitness("w2.example/witness");
  ASSERT_NO_FATAL_FAILURE(StartPool({Peer(first), Peer(second)}, 2));
  std::string latest = service_->log().latest_checkpoint();
  ASSERT_TRUE(Eventually([&] { return IsCosigned(CheckpointServed(), latest); }));
  ASSERT_NO_FATAL_FAILURE(StartPool({Peer(first), Peer(second)}, 2));
  ASSERT_NO_FATAL_FAILURE(SubmitTransaction(1));
  ASSERT_NO_FATAL_FAILURE(SubmitTransaction(2));
  latest = service_->log().latest_checkpoint();
  ASSERT_TRUE(Eventually([&] { return IsCosigned(CheckpointServed(), latest); }));
  EXPECT_EQ(SignatureLines(CheckpointServed()), 3U);
  EXPECT_GE(pool_->metrics().witnesses[0].conflicts.load(), 1U);
  EXPECT_EQ(first.witness().state().logs.at("test.example/api").size, service_->log().size());
}

TEST(WitnessPoolOptions, RefusesBadConfigurations) {
  EXPECT_FALSE(api::ParseWitnessPeer("w+00000000+AAAA", "http://127.0.0.1:1").ok());
  std::string key = CosignerVerifierKey("w.example", WitnessKey("w").public_key());
  EXPECT_FALSE(api::ParseWitnessPeer(key, "https://127.0.0.1:1").ok());
  EXPECT_FALSE(api::ParseWitnessPeer(key, "http://127.0.0.1:0").ok());
  EXPECT_FALSE(api::ParseWitnessPeer(key, "http://:80").ok());
  auto peer = api::ParseWitnessPeer(key, "http://[::1]:8080/prefix/");
  ASSERT_TRUE(peer.ok()) << peer.status().ToString();
  EXPECT_EQ(peer->endpoint.host, "::1");
  EXPECT_EQ(peer->endpoint.port, 8080);
  EXPECT_EQ(peer->endpoint.target, "/prefix/add-checkpoint");
}

}  // namespace
}  // namespace crowdledger::test
