// ProcessorLoad: parsing /proc/stat's first line, and sampling the live counters.
#include "api/processor_load.h"

#include <gtest/gtest.h>

namespace crowdledger::api {
namespace {

TEST(ProcessorLoad, ParsesTheKernelsCpuLine) {
  // user nice system idle iowait irq softirq steal guest guest_nice
  auto ticks =
      ParseProcessorTicks("cpu  100 5 50 800 20 3 2 10 7 0\ncpu0 50 2 25 400 10 1 1 5 3 0\n");
  ASSERT_TRUE(ticks.has_value());
  EXPECT_EQ(ticks->total, 990u);  // the first eight: guest time is inside user and nice
  EXPECT_EQ(ticks->busy, 170u);   // all but idle and I/O wait
}

TEST(ProcessorLoad, ParsesAnOldKernelsShorterLine) {
  auto ticks = ParseProcessorTicks("cpu 10 0 10 80");
  ASSERT_TRUE(ticks.has_value());
  EXPECT_EQ(ticks->total, 100u);
  EXPECT_EQ(ticks->busy, 20u);
}

TEST(ProcessorLoad, RefusesWhatIsNotACpuLine) {
  EXPECT_FALSE(ParseProcessorTicks("").has_value());
  EXPECT_FALSE(ParseProcessorTicks("cpu0 1 2 3 4").has_value());  // one processor's line
  EXPECT_FALSE(ParseProcessorTicks("intr 1 2 3 4").has_value());
  EXPECT_FALSE(ParseProcessorTicks("cpu 1 2 x 4").has_value());
  EXPECT_FALSE(ParseProcessorTicks("cpu 1 2 3").has_value());
  EXPECT_FALSE(ParseProcessorTicks("cpu 18446744073709551615 1 0 0").has_value());  // overflow
  EXPECT_FALSE(ParseProcessorTicks("cpu 1 -2 3 4").has_value());
}

TEST(ProcessorLoad, SamplesAShareOfTheProcessors) {
  ProcessorLoad load;
  volatile uint64_t spin = 0;
  // About 60 ms of one processor busy: several of the kernel's 10 ms ticks.
  for (int i = 0; i < 200'000'000; ++i) spin = spin + 1;
  double share = load.Sample();
  EXPECT_GT(share, 0.0);
  EXPECT_LE(share, 1.0);
}

}  // namespace
}  // namespace crowdledger::api
