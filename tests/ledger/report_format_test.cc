// The forms of a report: canonical JSON (bytes, escapes, what the parser refuses), yuan and
// percentages from integers, the bucket codec, and the CSV and HTML views of the known
// workload's reports in both languages.
#include "ledger/reports/figures.h"
#include "ledger/reports/money_text.h"
#include "ledger/reports/report_csv.h"
#include "ledger/reports/report_html.h"
#include "ledger/state/record_codec.h"
#include "tests/ledger/report_fixture.h"

namespace crowdledger {
namespace {

TEST(CanonicalJsonTest, KeysAreInByteOrderWithoutWhitespace) {
  JsonValue value(JsonValue::Object{
      {"b", int64_t{-5}}, {"a", JsonValue::Array{true, JsonValue(), "x"}}, {"\xe5\x8c\xba", "ok"}});
  EXPECT_EQ(CanonicalJson(value), "{\"a\":[true,null,\"x\"],\"b\":-5,\"\xe5\x8c\xba\":\"ok\"}");
}

TEST(CanonicalJsonTest, EscapesOnlyWhatJsonRequiresAndReplacesBytesThatAreNotUtf8) {
  EXPECT_EQ(CanonicalJson(JsonValue(std::string("q\"b\\n\n\x01 \xe6\xb8\x9d"))),
            "\"q\\\"b\\\\n\\n\\u0001 \xe6\xb8\x9d\"");
  EXPECT_EQ(CanonicalJson(JsonValue(std::string("a\xff"
                                                "b\xc0\xaf"))),
            "\"a\\ufffdb\\ufffd\\ufffd\"");
}

TEST(CanonicalJsonTest, ParsingCanonicalBytesGivesTheSameBytesBack) {
  std::string text =
      "{\"a\":{\"b\":[1,-9223372036854775808,9223372036854775807]},\"c\":"
      "\"\\u00e9\\ud83d\\ude00\"}";
  auto parsed = ParseJson(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(CanonicalJson(*parsed),
            "{\"a\":{\"b\":[1,-9223372036854775808,9223372036854775807]},"
            "\"c\":\"\xc3\xa9\xf0\x9f\x98\x80\"}");
}

TEST(CanonicalJsonTest, RefusesFloatsOverflowsDuplicatesAndDeepNesting) {
  for (std::string_view bad :
       {"1.5", "1e3", "9223372036854775808", "-9223372036854775809", "01", "{\"a\":1,\"a\":2}",
        "[1,]", "\"\\ud800\"", "\"a\nb\"", "{\"a\" 1}", "[1] x", "", "nul"}) {
    EXPECT_EQ(ParseJson(bad).status().code(), ErrorCode::BadEncoding) << bad;
  }
  EXPECT_EQ(ParseJson(std::string(kMaxJsonDepth + 2, '[')).status().code(), ErrorCode::BadEncoding);
  EXPECT_TRUE(ParseJson(std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']')).ok());
}

TEST(MoneyTextTest, YuanAndPercentagesComeFromIntegersExactly) {
  EXPECT_EQ(YuanFromFen(0, true), "0.00");
  EXPECT_EQ(YuanFromFen(5, true), "0.05");
  EXPECT_EQ(YuanFromFen(-123'456'789, true), "-1,234,567.89");
  EXPECT_EQ(YuanFromFen(100'000, false), "1000.00");
  EXPECT_EQ(YuanFromFen(INT64_MIN, false), "-92233720368547758.08");
  EXPECT_EQ(YuanFromFen(INT64_MAX, true), "92,233,720,368,547,758.07");
  EXPECT_EQ(PercentFromBasisPoints(8'437), "84.37%");
  EXPECT_EQ(PercentFromBasisPoints(10'000), "100.00%");
}

TEST(FiguresTest, TheBucketCodecRoundTripsAndRefusesDamage) {
  Figures figures;
  ASSERT_TRUE(figures.Add("", "CNY", ReportField::DepositsAmount, 7).ok());
  ASSERT_TRUE(figures.Add("district:yubei", "CNY", ReportField::InvestmentsCount, 2).ok());
  figures.SetGauge("CNY", ReportGauge::PerYearCap, 9, 500);
  figures.SetGauge("CNY", ReportGauge::PerYearCap, 4, 100);  // an earlier entry's: ignored
  std::string bytes = figures.Encode();
  auto decoded = Figures::Decode(bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->Encode(), bytes);
  EXPECT_EQ(decoded->Cell("", "CNY").gauges[static_cast<size_t>(ReportGauge::PerYearCap)].value,
            500);
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    EXPECT_EQ(Figures::Decode(bytes.substr(0, cut)).status().code(), ErrorCode::Corruption);
  }
  std::string unknown = RecordWriter(kRecordVersion)
                            .U32(1)
                            .Text("")
                            .Text("CNY")
                            .U32(1)
                            .U8(127)
                            .I64(1)
                            .U32(0)
                            .Finish();
  EXPECT_EQ(Figures::Decode(unknown).status().code(), ErrorCode::Corruption);
}

TEST(FiguresTest, SumsBeyond64BitsAreKeptAndRoundTripButAReportRefusesToShowThem) {
  Figures figures;
  ASSERT_TRUE(figures.Add("", "CNY", ReportField::DepositsAmount, INT64_MAX).ok());
  ASSERT_TRUE(figures.Add("", "CNY", ReportField::DepositsAmount, INT64_MAX).ok());
  ASSERT_TRUE(figures.Add("", "CNY", ReportField::WithdrawalsAmount, INT64_MIN).ok());
  ASSERT_TRUE(figures.Add("", "CNY", ReportField::WithdrawalsAmount, INT64_MIN).ok());
  auto decoded = Figures::Decode(figures.Encode());
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_TRUE(decoded->Cell("", "CNY").Get(ReportField::DepositsAmount) ==
              FigureSum{INT64_MAX} * 2);
  EXPECT_TRUE(decoded->Cell("", "CNY").Get(ReportField::WithdrawalsAmount) ==
              FigureSum{INT64_MIN} * 2);
  EXPECT_EQ(decoded->Encode(), figures.Encode());
  ReportData data;
  data.main.scope = kProgrammeScope;
  data.main.period = figures;
  data.main.to_date = figures;
  EXPECT_EQ(ReportBody(data).status().code(), ErrorCode::Overflow);
  // A value that fits 64 bits is never stored wide.
  std::string wide = RecordWriter(kRecordVersion)
                         .U32(1)
                         .Text("")
                         .Text("CNY")
                         .U32(1)
                         .U8(0x82)
                         .U64(5)
                         .U64(0)
                         .U32(0)
                         .Finish();
  EXPECT_EQ(Figures::Decode(wide).status().code(), ErrorCode::Corruption);
}

class ReportViewTest : public test::ReportFixture {
 protected:
  void SetUp() override {
    ReportFixture::SetUp();
    BuildDayOne();
    BuildDayTwo();
  }
};

TEST_F(ReportViewTest, CsvHasOneRowPerFigureWithAmountsInYuan) {
  JsonValue body = Body(SignedReport(ReportKind::Fund, "seed"));
  auto english = ReportCsv(body, ReportLanguage::English);
  ASSERT_TRUE(english.ok());
  EXPECT_TRUE(english->starts_with("scope,currency,section,key,label,value,unit\r\n"));
  EXPECT_NE(english->find("seed,CNY,matching,matched_amount,Public money matched,1800.00,CNY\r\n"),
            std::string::npos);
  EXPECT_NE(english->find("seed,CNY,matching,matches_count,Matching investments,2,count\r\n"),
            std::string::npos);
  EXPECT_NE(english->find("seed,CNY,ratios,leverage_private_to_public,Private : public capital,"
                          "200.00%,%\r\n"),
            std::string::npos);
  EXPECT_NE(english->find(",\"Transfers received, amount\",0.00,CNY\r\n"), std::string::npos);
  auto chinese = ReportCsv(body, ReportLanguage::Chinese);
  ASSERT_TRUE(chinese.ok());
  EXPECT_NE(chinese->find("seed,CNY,equity,public_interest_amount,公益参股金额,1800.00,CNY\r\n"),
            std::string::npos);
}

TEST_F(ReportViewTest, HtmlIsOneSelfContainedPageWithChartsAndBothLanguages) {
  std::string file = SignedReport(ReportKind::Programme, "");
  auto report = ReadSignedReport(file);
  ASSERT_TRUE(report.ok());
  auto zh = ReportHtml(report->body, "c2ln", report->key_name, ReportLanguage::Chinese);
  ASSERT_TRUE(zh.ok()) << zh.status().ToString();
  EXPECT_TRUE(zh->starts_with("<!doctype html><html lang=\"zh-CN\">"));
  for (std::string_view term : {"众创空间", "公益参股", "首贷", "创新券", "投贷联动", "<svg"}) {
    EXPECT_NE(zh->find(term), std::string::npos) << term;
  }
  EXPECT_NE(zh->find("81,000.00"), std::string::npos);  // 8,100,000 fen deposited
  for (std::string_view external : {"<script", "src=", "href=", "@import", "url("}) {
    EXPECT_EQ(zh->find(external), std::string::npos) << external;
  }
  auto en = ReportHtml(report->body, "c2ln", report->key_name, ReportLanguage::English);
  ASSERT_TRUE(en.ok());
  EXPECT_NE(en->find("Equity invested by district"), std::string::npos);
  EXPECT_NE(en->find("Programme report"), std::string::npos);
}

}  // namespace
}  // namespace crowdledger
