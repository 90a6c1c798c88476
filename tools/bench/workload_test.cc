// The benchmark workloads: the shapes both load generators rely on, and the latency histogram.
#include "tools/bench/workload.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "tools/bench/latency_histogram.h"

namespace crowdledger::bench {
namespace {

using Kind = PlannedOperation::Kind;

TEST(WorkloadTest, SingleDrawsCampaignThenInvestorAsTheBenchAlwaysDid) {
  WorkloadPlan plan(Workload::Single, 1, 10'000);
  std::mt19937_64 random(7), same(7);
  for (uint64_t sequence = 0; sequence < 100; ++sequence) {
    PlannedTransaction transaction = plan.Transaction(sequence, random);
    ASSERT_EQ(transaction.submitter, kPlatform);
    ASSERT_EQ(transaction.operations.size(), 1u);
    const PlannedOperation& pledge = transaction.operations[0];
    EXPECT_EQ(pledge.kind, Kind::Pledge);
    EXPECT_EQ(pledge.campaign, "bench-c" + std::to_string(same() % kCampaigns));
    EXPECT_EQ(pledge.party, "bench-investor-" + std::to_string(same() % 10'000));
    EXPECT_EQ(pledge.amount, kPledgeAmount);
  }
}

TEST(WorkloadTest, LargeCarriesAThousandPledgesByDefault) {
  EXPECT_EQ(DefaultPledgesPerTransaction(Workload::Large), 1'000u);
  EXPECT_EQ(DefaultPledgesPerTransaction(Workload::Single), 1u);
  std::mt19937_64 random(1);
  PlannedTransaction transaction = WorkloadPlan(Workload::Large, 1'000, 50).Transaction(0, random);
  EXPECT_EQ(transaction.operations.size(), 1'000u);
}

TEST(WorkloadTest, HotSendsMostPledgesToTheFirstCampaign) {
  WorkloadPlan plan(Workload::Hot, 100, 10'000);
  std::mt19937_64 random(3);
  std::map<std::string, int> per_campaign;
  for (uint64_t sequence = 0; sequence < 100; ++sequence) {
    for (const PlannedOperation& op : plan.Transaction(sequence, random).operations) {
      ++per_campaign[op.campaign];
    }
  }
  // 10,000 pledges, 90% expected on bench-c0: well within 88-92% for any fair source.
  EXPECT_GT(per_campaign["bench-c0"], 8'800);
  EXPECT_LT(per_campaign["bench-c0"], 9'200);
  EXPECT_EQ(per_campaign.size(), static_cast<size_t>(kCampaigns));
}

TEST(WorkloadTest, MixedCycleHasSixteenOperationsOfEveryKind) {
  WorkloadPlan plan(Workload::Mixed, 0, 10'000);
  std::mt19937_64 random(5);
  std::map<Kind, int> kinds;
  size_t operations = 0;
  std::set<std::string> submitters;
  for (uint64_t sequence = 100; sequence < 100 + kMixedCycle; ++sequence) {
    PlannedTransaction transaction = plan.Transaction(sequence, random);
    submitters.insert(transaction.submitter.substr(0, 11));
    operations += transaction.operations.size();
    for (const PlannedOperation& op : transaction.operations) ++kinds[op.kind];
  }
  EXPECT_EQ(operations, 16u);
  EXPECT_EQ(kinds[Kind::Pledge], 11);
  EXPECT_EQ(kinds[Kind::OpenCampaign], 1);
  EXPECT_EQ(kinds[Kind::CancelPledge], 1);
  EXPECT_EQ(kinds[Kind::CloseCampaign], 1);
  EXPECT_EQ(kinds[Kind::RecordInvestment], 1);
  EXPECT_EQ(kinds[Kind::DisburseLoan], 1);
  EXPECT_EQ(submitters, (std::set<std::string>{"bench-platf", "bench-angel", "bench-bank"}));
}

TEST(WorkloadTest, CampaignRoundFillsItsCapAfterCancellingADistinctInvestor) {
  WorkloadPlan plan(Workload::Mixed, 0, 4);  // four investors: the round must use all four
  std::mt19937_64 random(11);
  PlannedTransaction round = plan.Transaction(7, random);
  ASSERT_EQ(round.operations.size(), 7u);
  const auto& ops = round.operations;
  EXPECT_EQ(ops[0].kind, Kind::OpenCampaign);
  EXPECT_EQ(ops[0].campaign, "mix-c-7");
  EXPECT_EQ(ops[0].party, kStartup);
  std::set<std::string> investors;
  for (size_t i : {1u, 2u, 3u, 5u}) {
    EXPECT_EQ(ops[i].kind, Kind::Pledge);
    investors.insert(ops[i].party);
  }
  EXPECT_EQ(investors.size(), 4u);
  EXPECT_EQ(ops[4].kind, Kind::CancelPledge);
  EXPECT_EQ(ops[4].party, ops[3].party);
  EXPECT_EQ(ops[6].kind, Kind::CloseCampaign);
  // Three live pledges of kPledgeAmount reach the cap, so the platform may close at once.
  EXPECT_EQ(3 * kPledgeAmount, kRoundCap);
}

TEST(WorkloadTest, NamesAWorkloadBothWays) {
  for (Workload workload : {Workload::Single, Workload::Large, Workload::Mixed, Workload::Hot}) {
    EXPECT_EQ(ParseWorkload(WorkloadName(workload)), workload);
  }
  EXPECT_EQ(ParseWorkload("Single"), std::nullopt);
}

TEST(LatencyHistogramTest, PercentilesAreWithinABucketOfTheExactValues) {
  LatencyHistogram histogram;
  std::vector<uint64_t> values;
  std::mt19937_64 random(13);
  for (int i = 0; i < 20'000; ++i) {
    uint64_t value = random() % 5'000'000;  // up to 5 s
    values.push_back(value);
    histogram.Record(value);
  }
  std::sort(values.begin(), values.end());
  for (double fraction : {0.0, 0.5, 0.99, 0.999}) {
    uint64_t exact = values[static_cast<size_t>(fraction * static_cast<double>(values.size()))];
    uint64_t estimate = histogram.PercentileMicros(fraction);
    EXPECT_LE(estimate > exact ? estimate - exact : exact - estimate, exact / 128 + 1)
        << "fraction " << fraction << ": exact " << exact << ", estimate " << estimate;
  }
  EXPECT_EQ(histogram.count(), 20'000u);
}

TEST(LatencyHistogramTest, SmallValuesAreExactAndMergeAddsCounts) {
  LatencyHistogram first, second;
  first.Record(5);
  second.Record(7);
  second.Record(100);
  first.Merge(second);
  EXPECT_EQ(first.count(), 3u);
  EXPECT_EQ(first.PercentileMicros(0.0), 5u);
  EXPECT_EQ(first.PercentileMicros(0.5), 7u);
  EXPECT_EQ(first.PercentileMicros(0.99), 100u);
  EXPECT_EQ(LatencyHistogram().PercentileMicros(0.5), 0u);
}

}  // namespace
}  // namespace crowdledger::bench
