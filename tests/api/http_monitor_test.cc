// The monitoring page and its figures over the whole server: known transactions through the
// binary API, then /monitor/state.json read over loopback: the figures are those posted, the
// checkpoint is the log's, the answer changes with the next transaction and not before (ETag,
// 304), the lists are bounded, and bad requests are refused. The page itself: both languages,
// self-contained.
#include <gtest/gtest.h>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "api/http/http_server.h"
#include "api/http/monitor_request.h"
#include "crypto/wall_clock.h"
#include "ledger/reports/canonical_json.h"
#include "tests/api/server_fixture.h"

namespace crowdledger {
namespace {

using test::KeyFor;
using test::TransactionBuilder;
namespace bhttp = boost::beast::http;
using Response = bhttp::response<bhttp::string_body>;
using Kind = schema::PartyKind;

constexpr int64_t kDayUs = 86'400'000'000;

class HttpMonitorTest : public test::ServerFixture {
 protected:
  void TearDown() override {
    if (http_) http_->Stop();
    if (http_thread_.joinable()) http_thread_.join();
    http_.reset();  // before the service stops: its computation in flight ends first
    ServerFixture::TearDown();
  }
  // min_interval 0: one computation per tree size.
  void StartHttp(std::chrono::milliseconds min_interval = std::chrono::milliseconds(0)) {
    http_ = std::make_unique<api::http::HttpServer>(service_->log(), api::http::HttpOptions{});
    api::http::MonitorOptions options;
    options.min_interval = min_interval;
    http_->EnableMonitor(*service_, options);
    ASSERT_TRUE(http_->Listen().ok());
    http_thread_ = std::thread([this] { http_->Run(); });
  }
  Response Exchange(const std::string& method, const std::string& target,
                    const std::string& headers = "") {
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket socket(io);
    socket.connect({boost::asio::ip::make_address("127.0.0.1"), http_->port()});
    std::string request =
        method + " " + target + " HTTP/1.1\r\nConnection: close\r\n" + headers + "\r\n";
    boost::asio::write(socket, boost::asio::buffer(request));
    boost::beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.skip(method == "HEAD");
    parser.body_limit(64 * 1024 * 1024);
    bhttp::read(socket, buffer, parser);
    return parser.release();
  }
  JsonValue State() {
    Response response = Exchange("GET", "/monitor/state.json");
    EXPECT_EQ(response.result_int(), 200U) << response.body();
    EXPECT_EQ(response[bhttp::field::content_type], "application/json");
    auto json = ParseJson(response.body());
    EXPECT_TRUE(json.ok()) << json.status().ToString();
    return json.ok() ? *json : JsonValue();
  }
  void Post(const std::string& submitter, uint64_t id,
            const std::function<void(TransactionBuilder&)>& fill) {
    TransactionBuilder builder(submitter, 1, id, WallClockMicros());
    fill(builder);
    Status status = Submit(builder.Sign(KeyFor(submitter)));
    ASSERT_TRUE(status.ok()) << submitter << " #" << id << ": " << status.ToString();
  }
  // A maker space in a district, an enterprise it incubates, a seed fund matching angels 1:1,
  // an angel investment it matches, a pool with its policy, and an open campaign.
  void PostProgramme() {
    Post("authority", 1, [](auto& b) {
      b.RegisterParty("jb-space", Kind::MakerSpace, 0, "", false, "jiangbei")
          .RegisterParty("jb-robot", Kind::Enterprise, WallClockMicros() - 100 * kDayUs, "jb-space",
                         true, "jiangbei");
      for (auto [party, kind] : {std::pair{"seed", Kind::SeedFund},
                                 {"pool", Kind::CompensationPool},
                                 {"ann", Kind::Angel},
                                 {"crowd", Kind::CrowdfundingPlatform}}) {
        b.RegisterParty(party, kind)
            .RegisterKey(party, 1, KeyFor(party).public_key(), schema::Role::Post);
      }
    });
    Post("seed", 1, [](auto& b) {
      TransactionBuilder::MatchingTerms t;
      t.fund = "seed";
      t.rule = "angel-match";
      t.per_enterprise_cap = 1'000'000;
      t.budget = 3'000'000;
      t.require_incubation = true;
      b.Deposit("seed", "CNY", 5'000'000).SetMatchingRule(t);
    });
    Post("ann", 1, [](auto& b) {
      b.Deposit("ann", "CNY", 2'000'000)
          .RecordInvestment("ann-robot", "ann", "jb-robot", schema::InvestmentKind::Angel, 800'000,
                            1'000);
    });
    Post("pool", 1, [](auto& b) {
      b.Deposit("pool", "CNY", 1'000'000)
          .SetCompensationPolicy("pool", 4'000, 4'000, 1'000'000, 2'500'000);
    });
    Post("crowd", 1, [](auto& b) {
      TransactionBuilder::CampaignTerms t;
      t.campaign = "robot-reward";
      t.platform = "crowd";
      t.enterprise = "jb-robot";
      t.goal = 1'000'000;
      t.min_pledge = 100;
      t.opens_us = WallClockMicros() - 1'000'000;
      t.closes_us = WallClockMicros() + 3'600'000'000;
      t.cancel_cutoff_us = WallClockMicros() + 1'800'000'000;
      b.OpenCampaign(t);
    });
  }

  std::unique_ptr<api::http::HttpServer> http_;
  std::thread http_thread_;
};

int64_t IntAt(const JsonValue& json, std::initializer_list<std::string_view> path) {
  const JsonValue* at = &json;
  for (std::string_view key : path) {
    at = at->Find(key);
    if (at == nullptr) {
      ADD_FAILURE() << "no " << key;
      return -1;
    }
  }
  return at->AsInt() != nullptr ? *at->AsInt() : -1;
}

const JsonValue::Array& ArrayAt(const JsonValue& json, std::string_view a, std::string_view b) {
  static const JsonValue::Array kEmpty;
  const JsonValue* at = json.Find(a);
  at = at != nullptr ? at->Find(b) : nullptr;
  EXPECT_TRUE(at != nullptr && at->AsArray() != nullptr) << a << "." << b;
  return at != nullptr && at->AsArray() != nullptr ? *at->AsArray() : kEmpty;
}

std::string TextAt(const JsonValue& json, std::string_view key) {
  const JsonValue* at = json.Find(key);
  return at != nullptr && at->AsString() != nullptr ? *at->AsString() : "";
}

TEST_F(HttpMonitorTest, FiguresAreThosePostedAtTheLogsCheckpoint) {
  ASSERT_NO_FATAL_FAILURE(PostProgramme());
  ASSERT_NO_FATAL_FAILURE(StartHttp());
  JsonValue state = State();

  EXPECT_EQ(TextAt(state, "format"), "crowdledger-monitor/1");
  uint64_t size = service_->log().size();
  EXPECT_EQ(size, 6U);  // genesis and five transactions
  const JsonValue& checkpoint = *state.Find("checkpoint");
  EXPECT_EQ(IntAt(checkpoint, {"tree_size"}), static_cast<int64_t>(size));
  auto root = service_->log().Root(size);
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(TextAt(checkpoint, "root_hash"), Base64Encode(*root));
  EXPECT_EQ(TextAt(checkpoint, "note"), service_->log().latest_checkpoint());

  const JsonValue& cny = *state.Find("programme")->Find("currencies")->Find("CNY");
  EXPECT_EQ(IntAt(cny, {"capital", "deposits_amount"}), 8'000'000);
  EXPECT_EQ(IntAt(cny, {"matching", "matched_amount"}), 800'000);
  EXPECT_EQ(IntAt(cny, {"matching", "leveraged_amount"}), 800'000);
  EXPECT_EQ(IntAt(state, {"programme", "registrations", "enterprises_registered"}), 1);
  EXPECT_EQ(IntAt(state, {"programme", "registrations", "maker_spaces_registered"}), 1);
  EXPECT_EQ(IntAt(state, {"campaigns", "CNY", "opened"}), 1);
  EXPECT_EQ(IntAt(state, {"campaigns", "CNY", "open_now"}), 1);

  const auto& rules = ArrayAt(state, "matching", "active_rules");
  ASSERT_EQ(rules.size(), 1U);
  EXPECT_EQ(TextAt(rules[0], "rule"), "angel-match");
  EXPECT_EQ(IntAt(rules[0], {"budget"}), 3'000'000);
  EXPECT_EQ(IntAt(rules[0], {"spent"}), 800'000);
  EXPECT_EQ(IntAt(rules[0], {"remaining"}), 2'200'000);
  EXPECT_EQ(IntAt(rules[0], {"matches"}), 1);
  const auto& pools = ArrayAt(state, "compensation", "pools");
  ASSERT_EQ(pools.size(), 1U);
  EXPECT_EQ(TextAt(pools[0], "pool"), "pool");
  EXPECT_EQ(IntAt(pools[0], {"policy", "per_year_cap"}), 2'500'000);
  EXPECT_EQ(IntAt(pools[0], {"policy", "paid_this_year"}), 0);
  EXPECT_EQ(IntAt(pools[0], {"policy", "year_remaining"}), 2'500'000);

  const auto& districts = ArrayAt(state, "districts", "rows");
  ASSERT_EQ(districts.size(), 1U);
  EXPECT_EQ(TextAt(districts[0], "id"), "jiangbei");
  EXPECT_EQ(IntAt(districts[0], {"currencies", "CNY", "matched_amount"}), 800'000);
  EXPECT_EQ(IntAt(districts[0], {"registrations", "enterprises_registered"}), 1);
  const auto& spaces = ArrayAt(state, "maker_spaces", "rows");
  ASSERT_EQ(spaces.size(), 1U);
  EXPECT_EQ(TextAt(spaces[0], "id"), "jb-space");

  const JsonValue::Array& recent = *state.Find("recent_entries")->AsArray();
  ASSERT_EQ(recent.size(), size);  // fewer than the limit: all of them, newest first
  EXPECT_EQ(IntAt(recent[0], {"sequence"}), static_cast<int64_t>(size - 1));
  EXPECT_EQ(TextAt(recent[0], "submitter"), "crowd");
  EXPECT_EQ(TextAt(recent[0], "outcome"), "Ok");
  EXPECT_EQ(TextAt((*recent[0].Find("operations")->AsArray())[0], "kind"), "OpenCampaign");
  EXPECT_EQ(IntAt(recent.back(), {"sequence"}), 0);
}

TEST_F(HttpMonitorTest, ChangesWithTheNextTransactionAndNotBefore) {
  ASSERT_NO_FATAL_FAILURE(PostProgramme());
  ASSERT_NO_FATAL_FAILURE(StartHttp());
  Response first = Exchange("GET", "/monitor/state.json");
  ASSERT_EQ(first.result_int(), 200U);
  std::string etag(first[bhttp::field::etag]);
  EXPECT_EQ(etag.rfind("\"6-", 0), 0U) << etag;
  EXPECT_EQ(first[bhttp::field::cache_control], "no-cache");

  Response again = Exchange("GET", "/monitor/state.json", "If-None-Match: " + etag + "\r\n");
  EXPECT_EQ(again.result_int(), 304U);
  EXPECT_TRUE(again.body().empty());
  EXPECT_EQ(again[bhttp::field::etag], etag);
  Response head = Exchange("HEAD", "/monitor/state.json");
  EXPECT_EQ(head.result_int(), 200U);
  EXPECT_TRUE(head.body().empty());
  EXPECT_EQ(head[bhttp::field::content_length], std::to_string(first.body().size()));

  ASSERT_NO_FATAL_FAILURE(Post("ann", 2, [](auto& b) { b.Deposit("ann", "CNY", 100); }));
  Response changed = Exchange("GET", "/monitor/state.json", "If-None-Match: " + etag + "\r\n");
  ASSERT_EQ(changed.result_int(), 200U);
  EXPECT_NE(changed[bhttp::field::etag], etag);
  auto state = ParseJson(changed.body());
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(IntAt(*state, {"checkpoint", "tree_size"}), 7);
  EXPECT_EQ(IntAt(*state, {"programme", "currencies", "CNY", "capital", "deposits_amount"}),
            8'000'100);
  EXPECT_EQ(TextAt((*state->Find("recent_entries")->AsArray())[0], "submitter"), "ann");
}

TEST_F(HttpMonitorTest, ManyViewersAtOnceGetTheSameSnapshot) {
  ASSERT_NO_FATAL_FAILURE(PostProgramme());
  ASSERT_NO_FATAL_FAILURE(StartHttp());
  std::vector<Response> responses(8);
  std::vector<std::thread> viewers;
  for (Response& response : responses) {
    viewers.emplace_back([&] { response = Exchange("GET", "/monitor/state.json"); });
  }
  for (std::thread& viewer : viewers) viewer.join();
  for (const Response& response : responses) {
    EXPECT_EQ(response.result_int(), 200U);
    EXPECT_EQ(response.body(), responses[0].body());
  }
}

TEST_F(HttpMonitorTest, NoNewComputationSoonerThanTheMinimumInterval) {
  ASSERT_NO_FATAL_FAILURE(PostProgramme());
  ASSERT_NO_FATAL_FAILURE(StartHttp(std::chrono::hours(1)));
  EXPECT_EQ(IntAt(State(), {"checkpoint", "tree_size"}), 6);
  ASSERT_NO_FATAL_FAILURE(Post("ann", 2, [](auto& b) { b.Deposit("ann", "CNY", 100); }));
  // The previous snapshot, which names the size it was read at.
  EXPECT_EQ(IntAt(State(), {"checkpoint", "tree_size"}), 6);
}

TEST_F(HttpMonitorTest, TheRecentListIsBounded) {
  ASSERT_NO_FATAL_FAILURE(PostProgramme());
  for (uint64_t id = 2; id < 30; ++id) {
    ASSERT_NO_FATAL_FAILURE(Post("ann", id, [](auto& b) { b.Deposit("ann", "CNY", 1); }));
  }
  ASSERT_NO_FATAL_FAILURE(StartHttp());
  JsonValue state = State();
  const JsonValue::Array& recent = *state.Find("recent_entries")->AsArray();
  ASSERT_EQ(recent.size(), crowdledger::MonitorLimits{}.recent_entries);
  EXPECT_EQ(IntAt(recent[0], {"sequence"}), 33);
  EXPECT_EQ(IntAt(recent.back(), {"sequence"}), 14);
}

TEST_F(HttpMonitorTest, ThePageIsSelfContainedInBothLanguages) {
  ASSERT_NO_FATAL_FAILURE(StartHttp());
  Response chinese = Exchange("GET", "/");
  ASSERT_EQ(chinese.result_int(), 200U);
  EXPECT_EQ(chinese[bhttp::field::content_type], "text/html; charset=utf-8");
  EXPECT_NE(chinese.body().find("<html lang=\"zh-CN\">"), std::string::npos);
  EXPECT_NE(chinese.body().find("众创空间统计监测平台"), std::string::npos);
  Response english = Exchange("GET", "/?lang=en");
  ASSERT_EQ(english.result_int(), 200U);
  EXPECT_NE(english.body().find("Maker-space statistics and monitoring"), std::string::npos);
  EXPECT_EQ(Exchange("GET", "/?lang=zh").body(), chinese.body());
  for (const std::string* page : {&chinese.body(), &english.body()}) {
    for (const char* external : {"src=", "http://", "https://", "@import", "url("}) {
      EXPECT_EQ(page->find(external), std::string::npos) << external;
    }
  }
  EXPECT_EQ(Exchange("HEAD", "/").result_int(), 200U);
}

TEST_F(HttpMonitorTest, BadRequestsAreRefused) {
  ASSERT_NO_FATAL_FAILURE(StartHttp());
  for (const char* target :
       {"/?lang=fr", "/?lang=en&x=1", "/?lang", "/#top", "/monitor/state.json?x=1"}) {
    Response response = Exchange("GET", target);
    EXPECT_EQ(response.result_int(), 400U) << target;
    EXPECT_FALSE(response.body().empty()) << target;
  }
  for (const char* target : {"/monitor", "/monitor/", "/monitor/state", "/index.html"}) {
    EXPECT_EQ(Exchange("GET", target).result_int(), 404U) << target;
  }
  for (const char* method : {"POST", "PUT", "DELETE"}) {
    for (const char* target : {"/", "/monitor/state.json"}) {
      Response response = Exchange(method, target);
      EXPECT_EQ(response.result_int(), 405U) << method << " " << target;
      EXPECT_EQ(response[bhttp::field::allow], "GET, HEAD");
    }
  }
}

TEST(MonitorRequestTest, PageQueriesAreParsedStrictly) {
  using api::http::ParsePageQuery;
  EXPECT_EQ(*ParsePageQuery(""), ReportLanguage::Chinese);
  EXPECT_EQ(*ParsePageQuery("lang=zh"), ReportLanguage::Chinese);
  EXPECT_EQ(*ParsePageQuery("lang=en"), ReportLanguage::English);
  for (const char* bad : {"lang=", "lang=EN", "lang=en&lang=zh", "x", "lang=en ", "=en"}) {
    EXPECT_EQ(ParsePageQuery(bad).status().code(), ErrorCode::InvalidArgument) << bad;
  }
  auto long_one = ParsePageQuery(std::string(10'000, 'a') + "\x01");
  EXPECT_LT(long_one.status().message().size(), 200U);
}

TEST(MonitorRequestTest, IfNoneMatchUsesTheWeakComparison) {
  using api::http::IfNoneMatchHits;
  const std::string etag =
      api::http::MonitorEtag(844, "CK/I/SrRErMNkijhbX9M6KMWA0hlxkSl19Bg3HKeJM4=");
  EXPECT_EQ(etag, "\"844-CK/I/SrRErMN\"");
  EXPECT_TRUE(IfNoneMatchHits(etag, etag));
  EXPECT_TRUE(IfNoneMatchHits("W/" + etag, etag));
  EXPECT_TRUE(IfNoneMatchHits("\"1-x\", " + etag, etag));
  EXPECT_TRUE(IfNoneMatchHits(" \"1-x\" ,W/" + etag + " ", etag));
  EXPECT_TRUE(IfNoneMatchHits("*", etag));
  EXPECT_FALSE(IfNoneMatchHits("\"843-CK/I/SrRErMN\"", etag));
  EXPECT_FALSE(IfNoneMatchHits("844-CK/I/SrRErMN", etag));  // unquoted: malformed
  EXPECT_FALSE(IfNoneMatchHits("\"1-x\" " + etag, etag));   // no comma: malformed
  EXPECT_FALSE(IfNoneMatchHits("\"844-CK/I/SrRErMN", etag));
  EXPECT_FALSE(IfNoneMatchHits("", etag));
}

}  // namespace
}  // namespace crowdledger
