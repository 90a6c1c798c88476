// Crash safety of the log store: a child process appends durably from several threads and
// reports every acknowledged append; it is killed with SIGKILL at random moments. After each
// kill, every acknowledged entry must be there with its exact bytes, the store must open
// clean, and its checkpoint must verify and match a full rehash of the entries.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>

#include "ledger/log_store.h"
#include "tests/ledger/ledger_dir.h"
#include "tests/support/synthetic_entries.h"

extern char** environ;

namespace crowdledger {
namespace {

constexpr int kKills = 24;

struct Acknowledged {
  uint64_t end = 0;  // one past the highest acknowledged index
  uint64_t count = 0;
};

// Runs the child for about `run_ms`, kills it, and returns what it acknowledged.
Acknowledged RunAndKill(const std::string& directory, int run_ms) {
  int pipe_fds[2];
  EXPECT_EQ(::pipe(pipe_fds), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  std::string child = CRASH_CHILD_PATH;
  std::vector<char*> argv{child.data(), const_cast<char*>(directory.c_str()),
                          const_cast<char*>("60"), nullptr};
  pid_t pid = 0;
  EXPECT_EQ(posix_spawn(&pid, child.c_str(), &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);

  std::string output;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(run_ms);
  char buffer[4096];
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd fd{pipe_fds[0], POLLIN, 0};
    if (::poll(&fd, 1, 5) > 0) {
      ssize_t n = ::read(pipe_fds[0], buffer, sizeof(buffer));
      if (n <= 0) break;
      output.append(buffer, static_cast<size_t>(n));
    }
  }
  ::kill(pid, SIGKILL);
  int wait_status = 0;
  ::waitpid(pid, &wait_status, 0);
  // Whatever the child printed before it died was acknowledged before it died.
  for (ssize_t n; (n = ::read(pipe_fds[0], buffer, sizeof(buffer))) > 0;)
    output.append(buffer, static_cast<size_t>(n));
  ::close(pipe_fds[0]);

  Acknowledged acknowledged;
  size_t line_start = 0;
  for (size_t end; (end = output.find('\n', line_start)) != std::string::npos;
       line_start = end + 1) {
    unsigned long long first = 0, count = 0;
    if (std::sscanf(output.c_str() + line_start, "ack %llu %llu", &first, &count) == 2) {
      acknowledged.end = std::max<uint64_t>(acknowledged.end, first + count);
      acknowledged.count += count;
    }
  }
  return acknowledged;
}

TEST(CrashSafety, EveryAcknowledgedEntrySurvivesSigkill) {
  test::TemporaryDirectory directory;
  {
    auto store =
        LogStore::Create(directory.path(), "crash.example/log", {test::SyntheticEntry(0, 200)});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
  }
  uint32_t seed = static_cast<uint32_t>(std::random_device{}());
  std::printf("crash test seed %u\n", seed);
  std::mt19937 random(seed);
  uint64_t total_acknowledged = 0;
  for (int kill = 0; kill < kKills; ++kill) {
    int run_ms = std::uniform_int_distribution<int>(30, 400)(random);
    Acknowledged acknowledged = RunAndKill(directory.path().string(), run_ms);
    total_acknowledged += acknowledged.count;

    auto store = LogStore::Open(directory.path());
    ASSERT_TRUE(store.ok()) << "after kill " << kill << ": " << store.status().ToString();
    uint64_t size = (*store)->size();
    ASSERT_GE(size, acknowledged.end) << "after kill " << kill << " (seed " << seed << ")";
    std::vector<Hash> leaves;
    Status scan = (*store)->ForEachEntry(0, size, [&](uint64_t index, std::string_view bytes) {
      EXPECT_EQ(bytes, test::SyntheticEntry(index, 200)) << "entry " << index;
      leaves.push_back(MerkleLeafHash(AsBytes(bytes)));
      return Status::Ok();
    });
    ASSERT_TRUE(scan.ok()) << scan.ToString();
    auto checkpoint = OpenCheckpoint((*store)->latest_checkpoint(), (*store)->verifier());
    ASSERT_TRUE(checkpoint.ok()) << checkpoint.status().ToString();
    EXPECT_EQ(checkpoint->size, size);
    EXPECT_EQ(checkpoint->root, *MerkleRoot(size, InMemorySubtreeSource(leaves)));
  }
  std::printf("%d kills, %llu entries acknowledged in all\n", kKills,
              static_cast<unsigned long long>(total_acknowledged));
  EXPECT_GT(total_acknowledged, 0u);
}

}  // namespace
}  // namespace crowdledger
