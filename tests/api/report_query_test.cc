// Reports through the binary API (ReportQuery), end to end over loopback: who may ask, the
// signed file the server answers (byte for byte the one the stopped ledger signs offline),
// reports as of an older checkpoint, and bad requests refused with their codes.
#include <gtest/gtest.h>

#include "ledger/reports/ledger_report.h"
#include "ledger/reports/report_json.h"
#include "ledger/reports/report_signature.h"
#include "tests/api/server_fixture.h"

namespace crowdledger {
namespace {

using test::KeyFor;
using test::TransactionBuilder;

// The server of server_fixture.h with a seed fund, an investor, an auditor, and cash moved.
class ReportQueryTest : public test::ServerFixture {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(ServerFixture::SetUp());
    auto setup = TransactionBuilder("authority", 1, 1);
    setup.RegisterParty("seed", schema::PartyKind::SeedFund)
        .RegisterKey("seed", 1, KeyFor("seed").public_key(), schema::Role::Post)
        .RegisterParty("alice", schema::PartyKind::Investor)
        .RegisterKey("alice", 1, KeyFor("alice").public_key(), schema::Role::Post)
        .RegisterParty("auditor", schema::PartyKind::ServiceProvider)
        .RegisterKey("auditor", 1, KeyFor("auditor").public_key(), schema::Role::Audit);
    ASSERT_TRUE(Submit(setup.Sign(KeyFor("authority"))).ok());
    auto deposit = TransactionBuilder("seed", 1, 1);
    deposit.Deposit("seed", "CNY", 5'000'000);
    ASSERT_TRUE(Submit(deposit.Sign(KeyFor("seed"))).ok());
  }

  Result<api::ResponseFrame> Report(const std::string& reader,
                                    schema::ReportKind kind = schema::ReportKind::Programme,
                                    const std::string& id = "", uint64_t tree_size = 0,
                                    const std::string& from = "") {
    return client_->Query(reader, 1, KeyFor(reader), [&](flatbuffers::FlatBufferBuilder& b) {
      auto query =
          schema::CreateReportQueryDirect(b, kind, id.c_str(), from.c_str(), "", tree_size);
      return std::make_pair(schema::QueryBody::ReportQuery, query.Union());
    });
  }

  // The report file of a successful answer ("" after a failed expectation).
  static std::string ReportFile(const Result<api::ResponseFrame>& frame) {
    EXPECT_TRUE(frame.ok()) << frame.status().ToString();
    if (!frame.ok()) return "";
    EXPECT_TRUE(frame->status().ok()) << frame->status().ToString();
    const auto* result = frame->response->body_as_ReportResult();
    EXPECT_NE(result, nullptr);
    return result != nullptr && result->report() != nullptr ? result->report()->str() : "";
  }

  template <typename... Args>
  ErrorCode Code(Args... args) {
    auto frame = Report("authority", args...);
    EXPECT_TRUE(frame.ok()) << frame.status().ToString();
    return frame.ok() ? frame->response->code() : ErrorCode::IoError;
  }
};

TEST_F(ReportQueryTest, TheAuthorityGetsByteForByteTheReportTheStoppedLedgerSigns) {
  std::string served = ReportFile(Report("authority"));
  ASSERT_FALSE(served.empty());
  StopServer();
  auto ledger = OpenLedger();
  ASSERT_NE(ledger, nullptr);
  uint64_t size = ledger->log().size();
  auto request = MakeReportRequest(ReportKind::Programme, "", "", "", 0, size);
  ASSERT_TRUE(request.ok()) << request.status().ToString();
  auto offline = SignedLedgerReport(*ledger, *request);
  ASSERT_TRUE(offline.ok()) << offline.status().ToString();
  EXPECT_EQ(served, *offline);
  auto report = ReadSignedReport(served);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(VerifyReportSignature(*report, ledger->log().verifier()).ok());
  auto asked = RequestOfReportBody(report->body);
  ASSERT_TRUE(asked.ok()) << asked.status().ToString();
  EXPECT_EQ(asked->tree_size, size);
}

TEST_F(ReportQueryTest, AnAuditorGetsAFundReportAsOfAnOlderCheckpoint) {
  // Size 2: genesis and the registrations; the fund's deposit (entry 2) is after it.
  std::string file = ReportFile(Report("auditor", schema::ReportKind::Fund, "seed", 2));
  auto report = ReadSignedReport(file);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  auto asked = RequestOfReportBody(report->body);
  ASSERT_TRUE(asked.ok()) << asked.status().ToString();
  EXPECT_EQ(asked->kind, ReportKind::Fund);
  EXPECT_EQ(asked->id, "seed");
  EXPECT_EQ(asked->tree_size, 2u);
  std::string latest = ReportFile(Report("auditor", schema::ReportKind::Fund, "seed"));
  EXPECT_NE(file, latest);  // the deposit is in the latest one only
}

TEST_F(ReportQueryTest, AKeyWithoutTheAuditOrAdministerRoleIsNotPermitted) {
  for (const char* reader : {"alice", "seed"}) {
    auto frame = Report(reader, schema::ReportKind::Fund, "seed");
    ASSERT_TRUE(frame.ok()) << frame.status().ToString();
    EXPECT_EQ(frame->response->code(), ErrorCode::NotPermitted) << reader;
    EXPECT_EQ(frame->response->body_as_ReportResult(), nullptr);
  }
}

TEST_F(ReportQueryTest, BadRequestsAreRefusedWithTheirCodes) {
  using K = schema::ReportKind;
  EXPECT_EQ(Code(static_cast<K>(9)), ErrorCode::InvalidArgument);
  EXPECT_EQ(Code(K::Fund), ErrorCode::InvalidArgument);               // which fund?
  EXPECT_EQ(Code(K::Programme, "seed"), ErrorCode::InvalidArgument);  // a programme names none
  EXPECT_EQ(Code(K::Programme, "", uint64_t{99}), ErrorCode::InvalidArgument);
  EXPECT_EQ(Code(K::Programme, "", uint64_t{0}, "2024-02-30"), ErrorCode::InvalidArgument);
  EXPECT_EQ(Code(K::Fund, "nobody"), ErrorCode::NotFound);
  EXPECT_EQ(Code(K::Fund, "alice"), ErrorCode::InvalidArgument);  // an investor is no fund
  // The server still answers well-formed requests on the same connection.
  EXPECT_FALSE(ReportFile(Report("authority")).empty());
}

}  // namespace
}  // namespace crowdledger
