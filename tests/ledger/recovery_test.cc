// Recovery: a child process ingests random transactions durably, with state checkpoints in
// between, and is killed with SIGKILL at random moments. After each kill the ledger reopens
// (state loaded at its checkpoint, the log suffix replayed and compared), its digest and its
// entries-by-party index equal those of a full replay from genesis on a copy without any
// derived data, and ingest continues.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>
#include <thread>

#include "tests/ledger/ledger_fixture.h"

extern char** environ;

namespace crowdledger {
namespace {

constexpr int kKills = 21;

void RunChildAndKill(const std::string& directory, uint64_t seed, int run_ms) {
  std::string child = LEDGER_CRASH_CHILD_PATH;
  std::string seed_text = std::to_string(seed);
  std::vector<char*> argv{child.data(), const_cast<char*>(directory.c_str()), seed_text.data(),
                          const_cast<char*>("60"), nullptr};
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, child.c_str(), &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  // Wait until the child has recovered and starts ingesting, so every run ingests a while.
  char ready[6] = {};
  ASSERT_EQ(::read(pipe_fds[0], ready, sizeof(ready)), 6) << "the child did not start";
  ::close(pipe_fds[0]);
  std::this_thread::sleep_for(std::chrono::milliseconds(run_ms));
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status))
      << "the child ended before it was killed (exit " << WEXITSTATUS(status) << ")";
}

constexpr int kParties = 8;

// What a replay from genesis rebuilds: the state digest, and each party's entries.
struct Rebuilt {
  Hash digest{};
  std::vector<std::vector<uint64_t>> entries_of_party;
};

std::vector<std::vector<uint64_t>> EntriesOfEveryParty(const Ledger& ledger) {
  std::vector<std::vector<uint64_t>> entries;
  for (int p = 0; p < kParties; ++p) {
    auto sequences = ledger.EntriesOfParty("p" + std::to_string(p), 0, 1'000'000);
    EXPECT_TRUE(sequences.ok()) << sequences.status().ToString();
    entries.push_back(sequences.ok() ? *sequences : std::vector<uint64_t>{});
  }
  return entries;
}

// A replay from genesis on a copy of the ledger with its state and its entries-by-party
// records removed (both derived from the log).
Rebuilt FullReplay(const std::filesystem::path& directory) {
  test::TemporaryDirectory copy;
  std::filesystem::copy(directory, copy.path(), std::filesystem::copy_options::recursive);
  {
    test::RawLedgerDatabase raw(copy.path());
    std::unique_ptr<rocksdb::Iterator> it(raw.db().NewIterator({}, raw.family(5)));
    for (it->SeekToFirst(); it->Valid(); it->Next())
      EXPECT_TRUE(raw.db().Delete({}, raw.family(5), it->key()).ok());
    std::unique_ptr<rocksdb::Iterator> index(raw.db().NewIterator({}, raw.family(4)));
    for (index->Seek("p/"); index->Valid() && index->key().starts_with("p/"); index->Next())
      EXPECT_TRUE(raw.db().Delete({}, raw.family(4), index->key()).ok());
  }
  auto replayed = Ledger::Open(copy.path());
  EXPECT_TRUE(replayed.ok()) << replayed.status().ToString();
  EXPECT_EQ((*replayed)->state().applied_sequence(), (*replayed)->log().size());
  return {(*replayed)->state().digest(), EntriesOfEveryParty(**replayed)};
}

class RecoveryTest : public test::LedgerFixture {};

TEST_F(RecoveryTest, KilledIngestRecoversToTheDigestOfAFullReplay) {
  for (int p = 0; p < kParties; ++p) Register("p" + std::to_string(p), schema::PartyKind::Investor);
  uint32_t seed = static_cast<uint32_t>(std::random_device{}());
  std::printf("recovery test seed %u\n", seed);
  std::mt19937 random(seed);
  uint64_t size = ledger_->log().size();
  int grew = 0;
  for (int kill = 0; kill < kKills; ++kill) {
    ledger_.reset();
    RunChildAndKill(directory_.path().string(), random(),
                    std::uniform_int_distribution<int>(50, 250)(random));
    Reopen();
    ASSERT_TRUE(ledger_) << "after kill " << kill;
    EXPECT_EQ(ledger_->state().applied_sequence(), ledger_->log().size());
    grew += ledger_->log().size() > size ? 1 : 0;
    size = ledger_->log().size();
    Hash recovered = ledger_->state().digest();
    auto recovered_entries = EntriesOfEveryParty(*ledger_);
    ledger_.reset();
    Rebuilt rebuilt = FullReplay(directory_.path());
    EXPECT_EQ(rebuilt.digest, recovered) << "after kill " << kill << " (seed " << seed << ")";
    EXPECT_EQ(rebuilt.entries_of_party, recovered_entries)
        << "after kill " << kill << " (seed " << seed << ")";
    Reopen();
  }
  // Ingest continues after the last recovery.
  auto deposit = As("p0");
  deposit.Deposit("p0", "CNY", 1);
  EXPECT_TRUE(SubmitAs("p0", deposit).status.ok());
  std::printf("%d kills, the log grew between %d of them, to %llu entries\n", kKills, grew,
              static_cast<unsigned long long>(ledger_->log().size()));
  EXPECT_EQ(grew, kKills);
}

}  // namespace
}  // namespace crowdledger
