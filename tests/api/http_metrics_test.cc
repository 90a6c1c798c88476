// /metrics over the whole server: the ledger service's counters (accepted, duplicate, refused
// by code, group commits) and the binary API's connections, read through the HTTP face after
// known transactions.
#include <gtest/gtest.h>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "api/http/http_server.h"
#include "tests/api/server_fixture.h"

namespace crowdledger {
namespace {

using test::KeyFor;
using test::TransactionBuilder;
namespace bhttp = boost::beast::http;

class HttpMetricsTest : public test::ServerFixture {
 protected:
  void TearDown() override {
    if (http_) http_->Stop();
    if (http_thread_.joinable()) http_thread_.join();
    http_.reset();
    ServerFixture::TearDown();
  }
  void StartHttp() {
    http_ = std::make_unique<api::http::HttpServer>(service_->log(), api::http::HttpOptions{},
                                                    &service_->metrics(),
                                                    [this] { return server_->connections(); });
    ASSERT_TRUE(http_->Listen().ok());
    http_thread_ = std::thread([this] { http_->Run(); });
  }
  std::string Metrics() {
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket socket(io);
    socket.connect({boost::asio::ip::make_address("127.0.0.1"), http_->port()});
    std::string request = "GET /metrics HTTP/1.1\r\nConnection: close\r\n\r\n";
    boost::asio::write(socket, boost::asio::buffer(request));
    boost::beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> response;
    bhttp::read(socket, buffer, response);
    EXPECT_EQ(response.result_int(), 200U);
    return response.body();
  }

  std::unique_ptr<api::http::HttpServer> http_;
  std::thread http_thread_;
};

TEST_F(HttpMetricsTest, CountersMatchTheTransactionsSent) {
  auto setup = TransactionBuilder("authority", 1, 1);
  setup.RegisterParty("alice", schema::PartyKind::Investor)
      .RegisterKey("alice", 1, KeyFor("alice").public_key(), schema::Role::Post);
  ASSERT_TRUE(Submit(setup.Sign(KeyFor("authority"))).ok());
  auto deposit = TransactionBuilder("alice", 1, 1);
  deposit.Deposit("alice", "CNY", 100);
  SignedTransaction signed_deposit = deposit.Sign(KeyFor("alice"));
  ASSERT_TRUE(Submit(signed_deposit).ok());
  ASSERT_TRUE(Submit(signed_deposit).ok());  // the same bytes again: a duplicate
  auto overdraw = TransactionBuilder("alice", 1, 2);
  overdraw.Withdraw("alice", "CNY", 1'000);
  EXPECT_EQ(Submit(overdraw.Sign(KeyFor("alice"))).code(), ErrorCode::InsufficientFunds);
  ASSERT_NO_FATAL_FAILURE(StartHttp());

  std::string metrics = Metrics();
  for (const char* line : {
           "crowdledger_transactions_total{outcome=\"accepted\",code=\"Ok\"} 2\n",
           "crowdledger_transactions_total{outcome=\"duplicate\",code=\"Ok\"} 1\n",
           "crowdledger_transactions_total{outcome=\"refused\",code=\"InsufficientFunds\"} 1\n",
           // Each transaction was answered before the next was sent: four groups of one.
           "crowdledger_group_commit_transactions_count 4\n",
           "crowdledger_group_commit_transactions_sum 4\n",
           "crowdledger_group_commit_transactions_bucket{le=\"1\"} 4\n",
           "crowdledger_group_commit_seconds_count 4\n",
           "crowdledger_connections{listener=\"api\"} 1\n",
           "crowdledger_tree_size 3\n",  // genesis and the two accepted
           "# TYPE crowdledger_rocksdb_live_wal_bytes gauge\n",
       }) {
    EXPECT_NE(metrics.find(line), std::string::npos) << "missing: " << line << "in\n" << metrics;
  }
}

}  // namespace
}  // namespace crowdledger
