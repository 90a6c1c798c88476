// The HTTP face end to end: a log store of a few hundred entries (past checkpoints at known
// sizes, one entry too long for the spec's 16-bit lengths), the real HttpServer on loopback,
// and a plain socket client. Every route, its cache headers, the tile arithmetic against
// hashes computed here from the entries, and every refusal (paths, methods, bodies, header
// size, connections, idle time).
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "api/http/http_server.h"
#include "api/http/tile_path.h"
#include "tests/ledger/ledger_dir.h"
#include "tests/support/synthetic_entries.h"

namespace crowdledger::test {
namespace {

namespace bhttp = boost::beast::http;
using boost::asio::ip::tcp;
using Response = bhttp::response<bhttp::string_body>;

// The batches appended after genesis: checkpoints are issued at 1, 100, 256, 300, 400.
constexpr uint64_t kBatches[] = {99, 156, 44, 100};
constexpr uint64_t kTreeSize = 400;
// Entry 300 is too long for a uint16 length: the spec's bundle 001 is refused, ours served.
constexpr uint64_t kLongEntry = 300;
constexpr size_t kLongEntryBytes = 70'000;

std::string EntryAt(uint64_t index) {
  return index == kLongEntry ? SyntheticEntry(index, kLongEntryBytes) : SyntheticEntry(index);
}

class HttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto log = LogStore::Create(directory_.path(), "test.example/http", {EntryAt(0)});
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    log_ = std::move(*log);
    uint64_t next = 1;
    for (uint64_t count : kBatches) {
      std::vector<std::string> entries;
      for (uint64_t i = 0; i < count; ++i) entries.push_back(EntryAt(next + i));
      ASSERT_TRUE(log_->Append(std::move(entries)).ok());
      next += count;
    }
    ASSERT_EQ(log_->size(), kTreeSize);
    for (uint64_t i = 0; i < kTreeSize; ++i) {
      std::string entry = EntryAt(i);
      leaves_.push_back(MerkleLeafHash(AsBytes(entry)));
    }
    api::http::HttpOptions options;
    options.max_connections = 3;
    options.idle_timeout = std::chrono::seconds(1);
    server_ = std::make_unique<api::http::HttpServer>(*log_, options);
    ASSERT_TRUE(server_->Listen().ok());
    serving_ = std::thread([this] { server_->Run(); });
  }
  void TearDown() override {
    server_->Stop();
    serving_.join();
  }

  tcp::socket Connect() {
    tcp::socket socket(io_);
    socket.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), server_->port()));
    // A server that never answers fails the test instead of hanging it.
    timeval timeout{5, 0};
    EXPECT_EQ(
        ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout), 0);
    return socket;
  }
  // Sends raw request bytes and reads one response (a HEAD response has no body).
  Response Exchange(tcp::socket& socket, const std::string& request, bool head = false) {
    boost::asio::write(socket, boost::asio::buffer(request));
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    parser.skip(head);
    boost::beast::error_code error;
    bhttp::read(socket, buffer_, parser, error);
    EXPECT_FALSE(error) << error.message() << " for " << request.substr(0, 80);
    return parser.release();
  }
  Response Get(const std::string& target, const std::string& method = "GET") {
    tcp::socket socket = Connect();
    return Exchange(socket, method + " " + target + " HTTP/1.1\r\nHost: t\r\n\r\n",
                    method == "HEAD");
  }
  // MTH(D[begin:end]) from the leaves computed here.
  Hash Subtree(uint64_t begin, uint64_t end) { return *InMemorySubtreeSource(leaves_)(begin, end); }
  static std::string HashBytes(const Hash& hash) {
    return std::string(reinterpret_cast<const char*>(hash.data()), hash.size());
  }

  TemporaryDirectory directory_;
  std::unique_ptr<LogStore> log_;
  std::vector<Hash> leaves_;
  std::unique_ptr<api::http::HttpServer> server_;
  std::thread serving_;
  boost::asio::io_context io_;
  boost::beast::flat_buffer buffer_;
};

TEST(TilePath, IndexesUseTheSpecsThreeDigitElements) {
  EXPECT_EQ(api::http::FormatTileIndex(1234067), "x001/x234/067");
  EXPECT_EQ(api::http::FormatTileIndex(0), "000");
  EXPECT_EQ(api::http::FormatTileIndex(1000), "x001/000");
  auto parsed = api::http::ParseTilePath("2/x001/x234/067.p/255");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->level, 2U);
  EXPECT_EQ(parsed->index, 1234067U);
  EXPECT_EQ(parsed->width, 255U);
  EXPECT_FALSE(parsed->entries);
  auto largest = api::http::ParseTilePath("0/x018/x446/x744/x073/x709/x551/615");
  ASSERT_TRUE(largest.ok());
  EXPECT_EQ(largest->index, UINT64_MAX);
  EXPECT_FALSE(api::http::ParseTilePath("0/x018/x446/x744/x073/x709/x551/616").ok());
}

TEST_F(HttpTest, CheckpointIsTheLatestSignedNoteAndNotCached) {
  Response response = Get("/checkpoint");
  EXPECT_EQ(response.result_int(), 200U);
  EXPECT_EQ(response.body(), log_->latest_checkpoint());
  EXPECT_EQ(response[bhttp::field::cache_control], "no-cache");
  EXPECT_EQ(response[bhttp::field::content_type], "text/plain; charset=utf-8");
}

TEST_F(HttpTest, FullLevelZeroTileHoldsTheLeafHashesAndIsImmutable) {
  Response response = Get("/tile/0/000");
  ASSERT_EQ(response.result_int(), 200U);
  ASSERT_EQ(response.body().size(), 256U * 32);
  for (size_t i = 0; i < 256; ++i) {
    ASSERT_EQ(response.body().substr(i * 32, 32), HashBytes(leaves_[i])) << "hash " << i;
  }
  EXPECT_EQ(response[bhttp::field::cache_control], "public, max-age=31536000, immutable");
  EXPECT_EQ(response[bhttp::field::content_type], "application/octet-stream");
}

TEST_F(HttpTest, PartialTilesAreServedAtWidthsIssuedCheckpointsImply) {
  // The current tree (400) implies tile 0/001 of width 144 and tile 1/000 of width 1.
  Response current = Get("/tile/0/001.p/144");
  ASSERT_EQ(current.result_int(), 200U);
  ASSERT_EQ(current.body().size(), 144U * 32);
  EXPECT_EQ(current.body().substr(143 * 32), HashBytes(leaves_[399]));
  EXPECT_EQ(current[bhttp::field::cache_control], "public, max-age=5");
  Response level_one = Get("/tile/1/000.p/1");
  ASSERT_EQ(level_one.result_int(), 200U);
  EXPECT_EQ(level_one.body(), HashBytes(Subtree(0, 256)));
  // Past checkpoints at 100 and 300 imply 0/000.p/100 and 0/001.p/44.
  Response past = Get("/tile/0/000.p/100");
  ASSERT_EQ(past.result_int(), 200U);
  EXPECT_EQ(past.body(), Get("/tile/0/000").body().substr(0, 100 * 32));
  EXPECT_EQ(Get("/tile/0/001.p/44").result_int(), 200U);
  // No checkpoint was issued at 99, 301 or 399.
  EXPECT_EQ(Get("/tile/0/000.p/99").result_int(), 404U);
  EXPECT_EQ(Get("/tile/0/001.p/45").result_int(), 404U);
  EXPECT_EQ(Get("/tile/0/001.p/143").result_int(), 404U);
}

TEST_F(HttpTest, TreeEndingOnATileEdgeHasFullTilesAndNoEmptyPartialOnes) {
  std::vector<std::string> entries;
  for (uint64_t i = kTreeSize; i < 512; ++i) {
    entries.push_back(EntryAt(i));
    leaves_.push_back(MerkleLeafHash(AsBytes(entries.back())));
  }
  ASSERT_TRUE(log_->Append(std::move(entries)).ok());
  Response tile = Get("/tile/0/001");
  ASSERT_EQ(tile.result_int(), 200U);
  EXPECT_EQ(tile.body().substr(255 * 32), HashBytes(leaves_[511]));
  EXPECT_EQ(tile[bhttp::field::cache_control], "public, max-age=31536000, immutable");
  Response level_one = Get("/tile/1/000.p/2");
  ASSERT_EQ(level_one.result_int(), 200U);
  EXPECT_EQ(level_one.body(), HashBytes(Subtree(0, 256)) + HashBytes(Subtree(256, 512)));
  EXPECT_EQ(Get("/tile/0/002.p/1").result_int(), 404U);  // no empty or future partial tile
  EXPECT_EQ(Get("/tile/1/000.p/3").result_int(), 404U);
  EXPECT_EQ(Get("/crowdledger/entries/001").result_int(), 200U);
  EXPECT_EQ(Get("/tile/entries/001").result_int(), 404U);  // entry 300 is too long for it
  // The earlier partial tiles stay: checkpoints were issued at 300 and 400.
  EXPECT_EQ(Get("/tile/0/001.p/144").result_int(), 200U);
}

TEST_F(HttpTest, TilesTheTreeDoesNotCoverAreNotFound) {
  EXPECT_EQ(Get("/tile/0/001").result_int(), 404U);  // 400 < 512
  EXPECT_EQ(Get("/tile/0/002.p/1").result_int(), 404U);
  EXPECT_EQ(Get("/tile/1/000").result_int(), 404U);
  EXPECT_EQ(Get("/tile/1/000.p/2").result_int(), 404U);
  EXPECT_EQ(Get("/tile/2/000.p/1").result_int(), 404U);
  EXPECT_EQ(Get("/tile/63/x018/x446/x744/x073/x709/x551/615").result_int(), 404U);
  EXPECT_EQ(Get("/tile/entries/001").result_int(), 404U);
}

// Splits a bundle of `length_bytes`-byte lengths (big-endian if `big_endian`) into entries.
std::vector<std::string> SplitBundle(const std::string& bundle, size_t length_bytes,
                                     bool big_endian) {
  std::vector<std::string> entries;
  size_t at = 0;
  while (at + length_bytes <= bundle.size()) {
    size_t length = 0;
    for (size_t i = 0; i < length_bytes; ++i) {
      size_t byte = static_cast<unsigned char>(bundle[at + i]);
      length |= big_endian ? byte << (8 * (length_bytes - 1 - i)) : byte << (8 * i);
    }
    at += length_bytes;
    if (at + length > bundle.size()) break;
    entries.push_back(bundle.substr(at, length));
    at += length;
  }
  EXPECT_EQ(at, bundle.size()) << "trailing bytes";
  return entries;
}

TEST_F(HttpTest, EntryBundlesCarryTheEntriesWithTheirLengthPrefixes) {
  Response spec = Get("/tile/entries/000");
  ASSERT_EQ(spec.result_int(), 200U);
  EXPECT_EQ(spec[bhttp::field::cache_control], "public, max-age=31536000, immutable");
  std::vector<std::string> entries = SplitBundle(spec.body(), 2, true);
  ASSERT_EQ(entries.size(), 256U);
  for (uint64_t i = 0; i < 256; ++i) EXPECT_EQ(entries[i], EntryAt(i));
  Response ours = Get("/crowdledger/entries/000");
  ASSERT_EQ(ours.result_int(), 200U);
  EXPECT_EQ(SplitBundle(ours.body(), 4, false), entries);
}

TEST_F(HttpTest, BundleWithAnEntryOver65535BytesIsOnlyServedWith32BitLengths) {
  Response spec = Get("/tile/entries/001.p/144");
  EXPECT_EQ(spec.result_int(), 404U);
  EXPECT_NE(spec.body().find("entry 300 is 70"), std::string::npos) << spec.body();
  EXPECT_EQ(Get("/tile/entries/001.p/44").result_int(), 200U);  // 256..299 all fit
  Response ours = Get("/crowdledger/entries/001.p/144");
  ASSERT_EQ(ours.result_int(), 200U);
  std::vector<std::string> entries = SplitBundle(ours.body(), 4, false);
  ASSERT_EQ(entries.size(), 144U);
  for (uint64_t i = 0; i < 144; ++i) EXPECT_EQ(entries[i], EntryAt(256 + i));
  EXPECT_EQ(ours[bhttp::field::cache_control], "public, max-age=5");
}

TEST_F(HttpTest, MalformedPathsAreRefusedWith400AndUnknownOnesWith404) {
  for (const char* path :
       {"/tile/0/x000/001", "/tile/00/000", "/tile/0/01", "/tile/0/0001", "/tile/0/000.p/0",
        "/tile/0/000.p/256", "/tile/0/000.p/01", "/tile/64/000", "/tile/0/x1/000", "/tile/0/000/",
        "/tile/0/000.p/", "/tile/0/", "/tile/entries/abc", "/crowdledger/entries/000.q/1",
        "/checkpoint?x=1", "/tile/-1/000"}) {
    Response response = Get(path);
    EXPECT_EQ(response.result_int(), 400U) << path << ": " << response.body();
    EXPECT_FALSE(response.body().empty()) << path;
  }
  for (const char* path : {"/", "/nope", "/checkpoint/", "/tiles/0/000", "/crowdledger/x"}) {
    EXPECT_EQ(Get(path).result_int(), 404U) << path;
  }
}

TEST_F(HttpTest, OnlyGetAndHeadAreAllowed) {
  for (const char* method : {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"}) {
    Response response = Get("/checkpoint", method);
    EXPECT_EQ(response.result_int(), 405U) << method;
    EXPECT_EQ(response[bhttp::field::allow], "GET, HEAD");
  }
  Response head = Get("/tile/0/000", "HEAD");
  EXPECT_EQ(head.result_int(), 200U);
  EXPECT_EQ(head[bhttp::field::content_length], "8192");
  EXPECT_TRUE(head.body().empty());
}

TEST_F(HttpTest, ConnectionsAreKeptAliveAcrossRequests) {
  tcp::socket socket = Connect();
  for (int i = 0; i < 3; ++i) {
    Response response = Exchange(socket, "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
    EXPECT_EQ(response.result_int(), 200U);
    EXPECT_TRUE(response.keep_alive());
  }
  Response last = Exchange(socket, "GET /readyz HTTP/1.1\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(last.result_int(), 200U);
  EXPECT_FALSE(last.keep_alive());
}

TEST_F(HttpTest, RequestsWithBodiesOrHugeHeadersOrGarbageAreRefused) {
  tcp::socket with_body = Connect();
  Response body = Exchange(with_body, "GET /checkpoint HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello");
  EXPECT_EQ(body.result_int(), 413U);
  tcp::socket huge = Connect();
  Response header = Exchange(
      huge, "GET /checkpoint HTTP/1.1\r\nX-Filler: " + std::string(9'000, 'a') + "\r\n\r\n");
  EXPECT_EQ(header.result_int(), 431U);
  tcp::socket garbage = Connect();
  EXPECT_EQ(Exchange(garbage, "HELLO THERE\r\n\r\n").result_int(), 400U);
}

TEST_F(HttpTest, ConnectionsOverTheLimitAreAnswered503) {
  std::vector<tcp::socket> admitted;
  for (int i = 0; i < 3; ++i) {
    admitted.push_back(Connect());
    EXPECT_EQ(Exchange(admitted.back(), "GET /healthz HTTP/1.1\r\n\r\n").result_int(), 200U);
  }
  tcp::socket extra = Connect();
  EXPECT_EQ(Exchange(extra, "GET /healthz HTTP/1.1\r\n\r\n").result_int(), 503U);
  EXPECT_EQ(server_->connections(), 3U);
  admitted.clear();
  // Closed connections are counted out as the server sees them go.
  for (int i = 0; i < 100 && server_->connections() > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(Get("/healthz").result_int(), 200U);
}

TEST_F(HttpTest, IdleConnectionsAreClosed) {
  tcp::socket socket = Connect();
  std::this_thread::sleep_for(std::chrono::milliseconds(1'500));
  char byte = 0;
  boost::system::error_code error;
  size_t read = socket.read_some(boost::asio::buffer(&byte, 1), error);
  EXPECT_EQ(read, 0U);
  EXPECT_EQ(error, boost::asio::error::eof);
}

TEST_F(HttpTest, MetricsAndProbes) {
  Response metrics = Get("/metrics");
  ASSERT_EQ(metrics.result_int(), 200U);
  EXPECT_EQ(metrics[bhttp::field::content_type], "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(metrics.body().find("\ncrowdledger_tree_size 400\n"), std::string::npos)
      << metrics.body();
  EXPECT_NE(metrics.body().find("crowdledger_connections{listener=\"http\"} 1\n"),
            std::string::npos);
  EXPECT_NE(metrics.body().find("# TYPE crowdledger_rocksdb_pending_compaction_bytes gauge"),
            std::string::npos);
  EXPECT_EQ(Get("/healthz").result_int(), 200U);
  EXPECT_EQ(Get("/readyz").result_int(), 200U);
  server_->SetReady(false);
  EXPECT_EQ(Get("/readyz").result_int(), 503U);
  EXPECT_EQ(Get("/healthz").result_int(), 200U);
}

}  // namespace
}  // namespace crowdledger::test
