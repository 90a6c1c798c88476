// The PostgreSQL side's statements: set-based pledges, one statement per other operation, the
// entry's append last.
#include "tools/bench/pg_statements.h"

#include <gtest/gtest.h>

#include <string_view>

namespace crowdledger::bench {
namespace {

TEST(PgStatementsTest, ConsecutivePledgesGoInOneStatementAndTheAppendComesLast) {
  WorkloadPlan plan(Workload::Mixed, 0, 10'000);
  std::mt19937_64 random(2);
  std::vector<PgStatement> statements =
      TransactionStatements(plan.Transaction(7, random), 7, 1'000'000'000);
  std::vector<std::string_view> names;
  names.reserve(statements.size());
  for (const PgStatement& statement : statements) names.emplace_back(statement.name);
  EXPECT_EQ(names, (std::vector<std::string_view>{"open_campaign", "pledge", "cancel_pledge",
                                                  "pledge", "close_campaign", "append_entry"}));
  const PgStatement& pledges = statements[1];
  ASSERT_EQ(pledges.parameters.size(), 4u);
  EXPECT_EQ(pledges.parameters[0], kPlatform);
  EXPECT_EQ(pledges.parameters[1], R"({"mix-c-7","mix-c-7","mix-c-7"})");
  EXPECT_EQ(pledges.parameters[3], "{1,1,1}");
  const PgStatement& append = statements.back();
  EXPECT_EQ(append.parameters[1], "7");
  EXPECT_EQ(append.parameters[2].substr(0, 2), "\\x");
}

TEST(PgStatementsTest, EveryStatementUsedIsPreparedWithItsParameterCount) {
  WorkloadPlan plan(Workload::Mixed, 0, 10'000);
  std::mt19937_64 random(4);
  for (uint64_t sequence = 0; sequence < kMixedCycle; ++sequence) {
    for (const PgStatement& statement :
         TransactionStatements(plan.Transaction(sequence, random), sequence, 0)) {
      bool prepared = false;
      for (const PreparedStatementText& text : PreparedStatements()) {
        if (std::string_view(text.name) == statement.name) {
          prepared = true;
          EXPECT_EQ(static_cast<size_t>(text.parameters), statement.parameters.size())
              << statement.name;
        }
      }
      EXPECT_TRUE(prepared) << statement.name;
    }
  }
}

}  // namespace
}  // namespace crowdledger::bench
