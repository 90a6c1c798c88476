// LedgerService's group filling (ServiceOptions::group_fill_wait), on a real ledger: a small
// group waits for more transactions only while the processors are busy and transactions
// arrive fast, and never past its deadline or a stop. The fill wait here is far longer than
// any step of a test, so a group that waited is told apart from one written at once.
#include "api/ledger_service.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "tests/api/server_fixture.h"

namespace crowdledger::test {
namespace {

using namespace std::chrono_literals;

class LedgerServiceFillTest : public ::testing::Test {
 protected:
  void Start(double busy_share, std::chrono::microseconds fill_wait = 60s) {
    ASSERT_TRUE(Ledger::Create(directory_.path(), "test.example/service", KeyFor("authority"),
                               1'700'000'000'000'000)
                    .ok());
    auto ledger = Ledger::Open(directory_.path());
    ASSERT_TRUE(ledger.ok()) << ledger.status().ToString();
    api::ServiceOptions options;
    options.group_fill_transactions = 3;
    options.group_fill_wait = fill_wait;
    options.busy_share = [busy_share] { return busy_share; };
    service_ = std::make_unique<api::LedgerService>(std::move(*ledger), options);
  }

  // Submits a registration of party `name`; the future holds its result.
  std::future<SubmitResult> Submit(const std::string& name, uint64_t id) {
    auto promise = std::make_shared<std::promise<SubmitResult>>();
    auto future = promise->get_future();
    auto transaction = TransactionBuilder("authority", 1, id)
                           .RegisterParty(name, schema::PartyKind::Investor)
                           .Sign(KeyFor("authority"));
    EXPECT_TRUE(service_->Submit(std::move(transaction), [promise](SubmitResult result) {
      promise->set_value(std::move(result));
    }));
    return future;
  }

  // The first transaction is written at once (no arrival rate is known yet); after a rate
  // window the service has seen transactions arrive.
  void WarmUp() {
    auto first = Submit("first", 1);
    ASSERT_EQ(first.wait_for(10s), std::future_status::ready);
    EXPECT_TRUE(first.get().status.ok());
    std::this_thread::sleep_for(250ms);
  }

  uint64_t Groups() const { return service_->metrics().group_transactions.Read().count; }

  TemporaryDirectory directory_;
  std::unique_ptr<api::LedgerService> service_;
};

TEST_F(LedgerServiceFillTest, ASmallGroupWaitsForMoreWhileTheProcessorsAreBusy) {
  ASSERT_NO_FATAL_FAILURE(Start(/*busy_share=*/1.0));
  ASSERT_NO_FATAL_FAILURE(WarmUp());
  uint64_t groups = Groups();
  auto second = Submit("second", 2);
  EXPECT_EQ(second.wait_for(300ms), std::future_status::timeout);  // waiting to fill
  auto third = Submit("third", 3);
  EXPECT_EQ(second.wait_for(300ms), std::future_status::timeout);
  auto fourth = Submit("fourth", 4);  // the group holds group_fill_transactions: written
  for (auto* result : {&second, &third, &fourth}) {
    ASSERT_EQ(result->wait_for(10s), std::future_status::ready);
    EXPECT_TRUE(result->get().status.ok());
  }
  EXPECT_EQ(Groups(), groups + 1);  // one group of three
}

TEST_F(LedgerServiceFillTest, WithProcessorsToSpareAGroupIsWrittenAtOnce) {
  ASSERT_NO_FATAL_FAILURE(Start(/*busy_share=*/0.2));
  ASSERT_NO_FATAL_FAILURE(WarmUp());
  auto second = Submit("second", 2);
  ASSERT_EQ(second.wait_for(10s), std::future_status::ready);
  EXPECT_TRUE(second.get().status.ok());
}

TEST_F(LedgerServiceFillTest, AGroupWaitsNoLongerThanTheFillWait) {
  ASSERT_NO_FATAL_FAILURE(Start(/*busy_share=*/1.0, /*fill_wait=*/5s));
  ASSERT_NO_FATAL_FAILURE(WarmUp());
  auto second = Submit("second", 2);
  EXPECT_EQ(second.wait_for(300ms), std::future_status::timeout);  // waiting to fill
  ASSERT_EQ(second.wait_for(10s), std::future_status::ready);      // then written alone
  EXPECT_TRUE(second.get().status.ok());
}

TEST_F(LedgerServiceFillTest, StoppingWritesAGroupThatWaits) {
  ASSERT_NO_FATAL_FAILURE(Start(/*busy_share=*/1.0));
  ASSERT_NO_FATAL_FAILURE(WarmUp());
  auto second = Submit("second", 2);
  EXPECT_EQ(second.wait_for(300ms), std::future_status::timeout);
  auto stopped = std::async(std::launch::async, [this] { service_->Stop(); });
  ASSERT_EQ(stopped.wait_for(10s), std::future_status::ready);
  ASSERT_EQ(second.wait_for(0s), std::future_status::ready);
  EXPECT_TRUE(second.get().status.ok());
  service_.reset();  // closes the ledger
  auto ledger = Ledger::Open(directory_.path());
  ASSERT_TRUE(ledger.ok()) << ledger.status().ToString();
  EXPECT_EQ((*ledger)->log().size(), 3u);  // genesis, first, second
}

}  // namespace
}  // namespace crowdledger::test
