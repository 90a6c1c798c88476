// Fund reports on a known workload (report_fixture.h): exact figures for every kind, the
// period filter, reports as of older checkpoints (unchanged by later entries, also across a
// sequence block), and the audit of a signed report, including forged and edited ones.
#include "ledger/audit/data_dir_source.h"
#include "ledger/reports/report_audit.h"
#include "tests/ledger/report_fixture.h"

namespace crowdledger {
namespace {

using test::ReportFixture;

class ReportTest : public ReportFixture {
 protected:
  void SetUp() override {
    ReportFixture::SetUp();
    BuildDayOne();
    day_one_size_ = ledger_->log().size();
    day_one_programme_ = SignedReport(ReportKind::Programme, "");
    BuildDayTwo();
  }
  uint64_t day_one_size_ = 0;
  std::string day_one_programme_;
};

TEST_F(ReportTest, ProgrammeReportCountsEveryOperationOnce) {
  JsonValue body = Body(SignedReport(ReportKind::Programme, ""));
  EXPECT_EQ(Figure(body, "capital", "deposits_count"), 6);
  EXPECT_EQ(Figure(body, "capital", "deposits_amount"), 8'100'000);
  EXPECT_EQ(Figure(body, "capital", "withdrawals_amount"), 10'000);
  EXPECT_EQ(Figure(body, "capital", "transfers_out_amount"), 0);  // internal to the programme
  EXPECT_EQ(Figure(body, "equity", "investments_count"), 6);
  EXPECT_EQ(Figure(body, "equity", "investments_amount"), 640'000);
  EXPECT_EQ(Figure(body, "equity", "seed_stage_count"), 5);
  EXPECT_EQ(Figure(body, "equity", "seed_stage_amount"), 540'000);
  EXPECT_EQ(Figure(body, "equity", "public_interest_amount"), 180'000);
  EXPECT_EQ(Figure(body, "equity", "angel_amount"), 300'000);
  EXPECT_EQ(Figure(body, "equity", "crowd_count"), 2);
  EXPECT_EQ(Figure(body, "equity", "crowd_amount"), 160'000);
  EXPECT_EQ(Figure(body, "matching", "matches_count"), 2);
  EXPECT_EQ(Figure(body, "matching", "matched_amount"), 180'000);
  EXPECT_EQ(Figure(body, "matching", "leveraged_amount"), 360'000);
  EXPECT_EQ(Figure(body, "exits", "exits_count"), 3);
  EXPECT_EQ(Figure(body, "exits", "exit_proceeds"), 430'000);
  EXPECT_EQ(Figure(body, "exits", "realised_gains"), 90'000);
  EXPECT_EQ(Figure(body, "exits", "realised_losses"), 100'000);
  EXPECT_EQ(Figure(body, "exits", "stake_write_offs_count"), 1);
  EXPECT_EQ(Figure(body, "exits", "stake_sales_count"), 3);
  EXPECT_EQ(Figure(body, "exits", "stake_sales_amount"), 220'000);
  EXPECT_EQ(Figure(body, "portfolio", "stakes_acquired"), 9);
  EXPECT_EQ(Figure(body, "portfolio", "stakes_closed"), 4);
  EXPECT_EQ(Figure(body, "loans", "loans_count"), 3);
  EXPECT_EQ(Figure(body, "loans", "loans_disbursed"), 1'000'000);
  EXPECT_EQ(Figure(body, "loans", "loans_repaid"), 100'000);
  EXPECT_EQ(Figure(body, "loans", "interest_paid"), 2'000);
  EXPECT_EQ(Figure(body, "loans", "loans_written_off"), 400'000);
  EXPECT_EQ(Figure(body, "loans", "interest_free_amount"), 500'000);
  EXPECT_EQ(Figure(body, "loans", "linked_amount"), 500'000);
  EXPECT_EQ(Figure(body, "loans", "first_loans_amount"), 500'000);
  EXPECT_EQ(Figure(body, "loans", "support_loans_amount"), 200'000);
  EXPECT_EQ(Figure(body, "positions", "loans_outstanding"), 500'000);
  EXPECT_EQ(Figure(body, "positions", "stakes_held"), 5);
  EXPECT_EQ(Figure(body, "positions", "vouchers_unredeemed_amount"), 10'000);
  EXPECT_EQ(Figure(body, "compensation", "claims_count"), 2);
  EXPECT_EQ(Figure(body, "compensation", "claimed_losses"), 500'000);
  EXPECT_EQ(Figure(body, "compensation", "compensation_paid"), 190'000);
  EXPECT_EQ(Figure(body, "compensation", "angel_compensation_paid"), 30'000);
  EXPECT_EQ(Figure(body, "compensation", "first_loan_compensation_paid"), 160'000);
  EXPECT_EQ(Figure(body, "subsidies", "startup_subsidy_amount"), 30'000);
  EXPECT_EQ(Figure(body, "subsidies", "performance_award_amount"), 50'000);
  EXPECT_EQ(Figure(body, "vouchers", "innovation_vouchers_issued_amount"), 20'000);
  EXPECT_EQ(Figure(body, "vouchers", "listing_vouchers_issued_amount"), 10'000);
  EXPECT_EQ(Figure(body, "vouchers", "innovation_vouchers_redeemed"), 1);
  EXPECT_EQ(Figure(body, "campaigns", "campaigns_opened"), 2);
  EXPECT_EQ(Figure(body, "campaigns", "campaign_goals"), 650'000);
  EXPECT_EQ(Figure(body, "campaigns", "pledges_count"), 4);
  EXPECT_EQ(Figure(body, "campaigns", "pledged_amount"), 260'000);
  EXPECT_EQ(Figure(body, "campaigns", "cancelled_amount"), 80'000);
  EXPECT_EQ(Figure(body, "campaigns", "raised_amount"), 160'000);
  EXPECT_EQ(Figure(body, "campaigns", "refunded_amount"), 20'000);
  EXPECT_EQ(Figure(body, "campaigns", "campaign_investors"), 2);
  EXPECT_EQ(Int(body, {"registrations", "parties_registered"}), 13);  // with the authority
  EXPECT_EQ(Int(body, {"registrations", "micro_enterprises_registered"}), 1);
}

TEST_F(ReportTest, RatiosAreExactFractionsWithBasisPointsRoundedDown) {
  JsonValue body = Body(SignedReport(ReportKind::Programme, ""));
  auto ratio = [&](std::string_view name) {
    return Int(body, {"currencies", "CNY", "ratios", name, "basis_points"});
  };
  EXPECT_EQ(ratio("leverage_private_to_public"), 20'000);  // 360,000 private : 180,000 public
  EXPECT_EQ(ratio("seed_stage_share"), 8'437);             // 540,000 / 640,000 = 84.375%
  EXPECT_EQ(Int(body, {"currencies", "CNY", "ratios", "seed_stage_share", "numerator"}), 540'000);
  EXPECT_EQ(ratio("interest_free_share"), 5'000);
  EXPECT_EQ(ratio("linked_share"), 5'000);
  EXPECT_EQ(ratio("campaign_success_rate"), 5'000);
  EXPECT_EQ(ratio("compensation_to_losses"), 3'800);
}

TEST_F(ReportTest, ProgrammeSectionsAreTheDistrictsAndMakerSpacesInOrder) {
  JsonValue body = Body(SignedReport(ReportKind::Programme, ""));
  const JsonValue::Array& sections = *At(body, {"sections"})->AsArray();
  ASSERT_EQ(sections.size(), 4u);
  std::vector<std::string> ids;
  for (const JsonValue& section : sections) ids.push_back(*section.Find("id")->AsString());
  EXPECT_EQ(ids, (std::vector<std::string>{"jiangbei", "yubei", "space-a", "space-b"}));
  EXPECT_EQ(Int(sections[0], {"currencies", "CNY", "equity", "investments_amount"}), 100'000);
  EXPECT_EQ(Int(sections[1], {"currencies", "CNY", "equity", "investments_amount"}), 540'000);
  EXPECT_EQ(*sections[2].Find("name")->AsString(), "space-a");
}

TEST_F(ReportTest, FundReportShowsItsMatchingExitsLoansAndPortfolio) {
  JsonValue body = Body(SignedReport(ReportKind::Fund, "seed"));
  EXPECT_EQ(*At(body, {"subject", "party_kind"})->AsString(), "SeedFund");
  EXPECT_EQ(Figure(body, "capital", "deposits_amount"), 3'000'000);
  EXPECT_EQ(Figure(body, "capital", "transfers_out_amount"), 100'000);
  EXPECT_EQ(Figure(body, "equity", "investments_count"), 2);
  EXPECT_EQ(Figure(body, "equity", "public_interest_amount"), 180'000);
  EXPECT_EQ(Figure(body, "equity", "angel_amount"), 0);  // the angel's own, not the fund's
  EXPECT_EQ(Figure(body, "matching", "leveraged_amount"), 360'000);
  EXPECT_EQ(Figure(body, "exits", "exits_count"), 2);
  EXPECT_EQ(Figure(body, "exits", "exit_proceeds"), 180'000);  // 120,000 and the last 60,000
  EXPECT_EQ(Figure(body, "exits", "realised_gains"), 40'000);
  EXPECT_EQ(Figure(body, "exits", "stake_sales_count"), 3);
  EXPECT_EQ(Figure(body, "loans", "loans_disbursed"), 500'000);
  EXPECT_EQ(Figure(body, "loans", "interest_free_count"), 2);
  EXPECT_EQ(Figure(body, "loans", "support_loans_amount"), 200'000);
  EXPECT_EQ(Figure(body, "subsidies", "performance_award_amount"), 50'000);
  EXPECT_EQ(Figure(body, "vouchers", "innovation_vouchers_redeemed_amount"), 20'000);
  EXPECT_EQ(Int(body, {"currencies", "CNY", "ratios", "interest_free_share", "basis_points"}),
            10'000);
  EXPECT_EQ(Int(body, {"currencies", "CNY", "by_district", "yubei", "investments_amount"}),
            180'000);
  EXPECT_EQ(Int(body, {"currencies", "CNY", "by_maker_space", "space-a", "investments_count"}), 2);
  EXPECT_EQ(Int(body, {"currencies", "CNY", "portfolio", "enterprises"}), 1);
  EXPECT_EQ(Int(body, {"currencies", "CNY", "portfolio", "enterprises_active"}), 0);
  EXPECT_EQ(
      Int(body, {"currencies", "CNY", "portfolio", "by_enterprise", "ent-a", "stakes_closed"}), 2);
}

TEST_F(ReportTest, PoolReportShowsCompensationAgainstItsPolicyLimits) {
  JsonValue body = Body(SignedReport(ReportKind::Fund, "pool"));
  EXPECT_EQ(Figure(body, "compensation", "claims_count"), 2);
  EXPECT_EQ(Figure(body, "compensation", "compensation_paid"), 190'000);
  EXPECT_EQ(Figure(body, "capital", "transfers_in_amount"), 100'000);
  EXPECT_EQ(Int(body, {"currencies", "CNY", "limits", "angel_loss_share_bp"}), 3'000);
  EXPECT_EQ(Int(body, {"currencies", "CNY", "limits", "per_enterprise_cap"}), 1'000'000);
  EXPECT_EQ(Int(body, {"currencies", "CNY", "limits", "per_year_cap"}), 5'000'000);
  EXPECT_EQ(Int(body, {"currencies", "CNY", "portfolio", "largest_enterprise_compensation"}),
            160'000);
  EXPECT_EQ(
      Int(body, {"currencies", "CNY", "portfolio", "by_enterprise", "ent-b", "compensation_paid"}),
      30'000);
}

TEST_F(ReportTest, PlatformReportShowsItsCampaignsAndTheCapitalItBroughtIn) {
  JsonValue body = Body(SignedReport(ReportKind::Platform, "plat"));
  EXPECT_EQ(Figure(body, "capital", "deposits_count"), 2);
  EXPECT_EQ(Figure(body, "capital", "deposits_amount"), 600'000);
  EXPECT_EQ(Figure(body, "campaigns", "campaigns_succeeded"), 1);
  EXPECT_EQ(Figure(body, "campaigns", "campaigns_failed"), 1);
  EXPECT_EQ(Figure(body, "campaigns", "pledged_amount"), 260'000);
  EXPECT_EQ(Figure(body, "campaigns", "cancellations_count"), 1);
  EXPECT_EQ(Figure(body, "equity", "crowd_amount"), 160'000);
  EXPECT_EQ(Figure(body, "matching", "matched_amount"), 0);  // the fund's, not the platform's
  EXPECT_EQ(Int(body, {"currencies", "CNY", "ratios", "campaign_success_rate", "basis_points"}),
            5'000);
}

TEST_F(ReportTest, DistrictAndMakerSpaceReportsCountTheirEnterprises) {
  for (auto [kind, id] :
       {std::pair{ReportKind::District, "yubei"}, std::pair{ReportKind::MakerSpace, "space-a"}}) {
    JsonValue body = Body(SignedReport(kind, id));
    SCOPED_TRACE(id);
    EXPECT_EQ(Figure(body, "equity", "investments_count"), 5);
    EXPECT_EQ(Figure(body, "equity", "investments_amount"), 540'000);
    EXPECT_EQ(Figure(body, "exits", "exits_count"), 3);
    EXPECT_EQ(Figure(body, "loans", "loans_disbursed"), 700'000);
    EXPECT_EQ(Figure(body, "positions", "loans_outstanding"), 200'000);
    EXPECT_EQ(Figure(body, "compensation", "compensation_paid"), 160'000);
    EXPECT_EQ(Figure(body, "subsidies", "performance_award_amount"), 50'000);
    EXPECT_EQ(Figure(body, "campaigns", "pledges_count"), 3);
    EXPECT_EQ(Int(body, {"registrations", "enterprises_registered"}), 1);
  }
  JsonValue district = Body(SignedReport(ReportKind::District, "yubei"));
  ASSERT_EQ(At(district, {"sections"})->AsArray()->size(), 1u);  // its one maker space
}

TEST_F(ReportTest, PeriodCountsOnlyItsDaysButPositionsRunToTheCheckpoint) {
  JsonValue day_two = Body(SignedReport(ReportKind::Programme, "", test::kDayTwo, test::kDayTwo));
  EXPECT_EQ(Figure(day_two, "capital", "deposits_count"), 0);
  EXPECT_EQ(Figure(day_two, "exits", "exits_count"), 3);
  EXPECT_EQ(Figure(day_two, "subsidies", "startup_subsidy_count"), 1);
  EXPECT_EQ(Figure(day_two, "positions", "loans_outstanding"), 500'000);
  EXPECT_EQ(*At(day_two, {"period", "from"})->AsString(), test::kDayTwo);
  const JsonValue::Array& daily = *At(day_two, {"currencies", "CNY", "daily"})->AsArray();
  ASSERT_EQ(daily.size(), 1u);
  EXPECT_EQ(*daily[0].Find("date")->AsString(), test::kDayTwo);
  EXPECT_EQ(*daily[0].Find("subsidies_amount")->AsInt(), 80'000);
  JsonValue day_one = Body(SignedReport(ReportKind::Programme, "", test::kDayOne, test::kDayOne));
  EXPECT_EQ(Figure(day_one, "capital", "deposits_amount"), 8'100'000);
  EXPECT_EQ(Figure(day_one, "exits", "exits_count"), 0);
}

TEST_F(ReportTest, AReportAsOfAnOlderCheckpointDoesNotChangeWithLaterEntries) {
  EXPECT_EQ(SignedReport(ReportKind::Programme, "", "", "", day_one_size_), day_one_programme_);
  for (uint64_t size = 2; size < ledger_->log().size(); size += 7) {
    JsonValue body = Body(SignedReport(ReportKind::Programme, "", "", "", size));
    EXPECT_EQ(Int(body, {"checkpoint", "tree_size"}), static_cast<int64_t>(size));
  }
}

TEST_F(ReportTest, AReportOfAFundNotYetRegisteredOrOfTheWrongKindOrDistrictIsRefused) {
  ReportRequest request;
  request.kind = ReportKind::Fund;
  request.id = "seed";
  request.tree_size = 3;  // genesis and the two maker spaces
  LogStore& log = ledger_->log();
  auto entries = [&log](uint64_t begin, uint64_t end, const EntryVisitor& visit) {
    return log.ForEachEntry(begin, end, visit);
  };
  auto data = ComputeReport(ledger_->state(), log.size(), entries, request, {});
  EXPECT_EQ(data.status().code(), ErrorCode::NotFound);
  request.id = "bank";
  request.tree_size = log.size();
  EXPECT_EQ(ComputeReport(ledger_->state(), log.size(), entries, request, {}).status().code(),
            ErrorCode::InvalidArgument);
  request.kind = ReportKind::District;
  request.id = "atlantis";
  EXPECT_EQ(ComputeReport(ledger_->state(), log.size(), entries, request, {}).status().code(),
            ErrorCode::NotFound);
}

TEST_F(ReportTest, AggregatesSurviveARestartAndAReplayFromGenesis) {
  std::string before = SignedReport(ReportKind::Fund, "seed");
  Reopen();
  EXPECT_EQ(SignedReport(ReportKind::Fund, "seed"), before);
}

class ReportAuditTest : public ReportTest {
 protected:
  Result<ReportAuditResult> AuditFile(const std::string& file) {
    ledger_.reset();  // the audit reads the stopped directory
    auto source = DataDirSource::Open(directory_.path());
    EXPECT_TRUE(source.ok());
    NoteVerifier key = (*source)->log().verifier();
    return AuditReport(**source, key, file);
  }
};

TEST_F(ReportAuditTest, ASignedReportPassesEveryCheck) {
  std::string file = SignedReport(ReportKind::Fund, "seed", test::kDayOne, test::kDayTwo, 30);
  auto result = AuditFile(file);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->ok()) << *result->failed_check << ": " << result->message;
  EXPECT_EQ(result->passed, result->checks.size());
  EXPECT_EQ(result->entries, 30u);
}

TEST_F(ReportAuditTest, AHandEditedFigureFailsTheSignature) {
  std::string file = SignedReport(ReportKind::Programme, "");
  std::string needle = "\"deposits_amount\":8100000";
  size_t at = file.find(needle);
  ASSERT_NE(at, std::string::npos);
  file.replace(at, needle.size(), "\"deposits_amount\":8200000");
  auto result = AuditFile(file);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->failed_check, "signature");
}

TEST_F(ReportAuditTest, AFalseReportSignedWithTheLedgerKeyFailsTheRecomputation) {
  JsonValue::Object body = *Body(SignedReport(ReportKind::Programme, "")).AsObject();
  body["kind"] = "district";  // the programme's figures passed off as a district's
  body["subject"] = JsonValue::Object{{"id", "yubei"},
                                      {"name", "yubei"},
                                      {"party_kind", ""},
                                      {"district", "yubei"},
                                      {"maker_space", ""}};
  auto key = ReadPrivateKeyFile(LogStore::LedgerKeyPath(directory_.path()));
  std::string file = SignReport(JsonValue(body), *key, ledger_->log().origin());
  auto result = AuditFile(file);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->failed_check, "report");
}

TEST_F(ReportAuditTest, AReformattedFileFailsTheByteComparison) {
  std::string file = SignedReport(ReportKind::Platform, "plat");
  file.insert(1, " ");  // the same JSON, not the same bytes
  auto result = AuditFile(file);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->failed_check, "bytes");
}

TEST_F(ReportAuditTest, AReportBeyondTheLedgerFailsTheCheckpoint) {
  std::string file = SignedReport(ReportKind::Programme, "");
  // Re-signed, so that only the checkpoint's own signature can tell.
  JsonValue::Object body = *Body(file).AsObject();
  JsonValue::Object checkpoint = *body["checkpoint"].AsObject();
  checkpoint["tree_size"] = static_cast<int64_t>(ledger_->log().size() + 5);
  body["checkpoint"] = checkpoint;
  auto key = ReadPrivateKeyFile(LogStore::LedgerKeyPath(directory_.path()));
  auto result = AuditFile(SignReport(JsonValue(body), *key, ledger_->log().origin()));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->failed_check, "checkpoint");
}

// Past one sequence block: the report sums block 0's buckets and recomputes the rest.
class ReportBlockTest : public ReportFixture {};

TEST_F(ReportBlockTest, AReportInsideALaterBlockEqualsTheOneComputedAtThatSize) {
  auto platform = As("authority");
  platform.RegisterParty("plat", schema::PartyKind::CrowdfundingPlatform)
      .RegisterKey("plat", 1, KeyFor("plat").public_key(), schema::Role::Post)
      .RegisterParty("inv", schema::PartyKind::Investor);
  ASSERT_TRUE(Submit(platform.Sign(authority_)).status.ok());
  auto fill_to = [&](uint64_t size) {
    std::vector<SignedTransaction> group;
    while (ledger_->log().size() + group.size() < size) {
      auto deposit = As("plat");
      deposit.Deposit("inv", "CNY", 1);
      group.push_back(deposit.Sign(KeyFor("plat")));
    }
    now_us_ += 1'000'000;
    for (const SubmitResult& result : ledger_->SubmitGroup(group, now_us_)) {
      ASSERT_TRUE(result.status.ok()) << result.status.ToString();
    }
  };
  auto report = [&](uint64_t size) {
    ReportRequest request;
    request.kind = ReportKind::Platform;
    request.id = "plat";
    request.tree_size = size;
    LogStore& log = ledger_->log();
    auto entries = [&log](uint64_t begin, uint64_t end, const EntryVisitor& visit) {
      return log.ForEachEntry(begin, end, visit);
    };
    auto data = ComputeReport(ledger_->state(), log.size(), entries, request,
                              ReportCheckpoint{log.origin(), size, {}, ""});
    EXPECT_TRUE(data.ok()) << data.status().ToString();
    return CanonicalJson(*ReportBody(*data));
  };
  const uint64_t block = kReportBlockEntries;
  fill_to(block - 100);
  std::string before_block = report(block - 100);
  fill_to(block + 100);
  std::string inside_block = report(block + 100);
  fill_to(block + 300);
  EXPECT_EQ(report(block - 100), before_block);  // recomputed from genesis within block 0
  EXPECT_EQ(report(block + 100), inside_block);  // block 0's buckets and 100 entries
  JsonValue body = *ParseJson(inside_block);
  EXPECT_EQ(*At(body, {"currencies", "CNY", "capital", "deposits_amount"})->AsInt(),
            static_cast<int64_t>(block + 100 - 2));
}

}  // namespace
}  // namespace crowdledger
