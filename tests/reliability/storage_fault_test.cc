// Storage faults under the real server (issue 8): RocksDB's writes or syncs fail as a full or
// failing disk would. Writes are refused with StorageUnavailable (401) and a message naming the
// fault, reads go on being served, nothing acknowledged is lost or doubled (the log checked
// entry by entry and the ledger reopened, which replays and checks every outcome), and
// writing resumes without a restart once the fault clears, wherever RocksDB allows it.
#include <gtest/gtest.h>
#include <sys/mount.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <random>

#include "ledger/state/records.h"
#include "tests/reliability/faulty_storage_server.h"
#include "tests/reliability/log_check.h"
#include "tests/reliability/submit_answer.h"

namespace crowdledger::reliability {
namespace {

using std::chrono::milliseconds;

constexpr uint64_t kFirstWorkloadSequence = 2;  // after genesis and the setup
// Long enough for the next write to try DB::Resume() again.
constexpr milliseconds kPastResumeInterval = kResumeInterval + milliseconds(100);

bool Mentions(const Status& status, const std::string& text) {
  return status.message().find(text) != std::string::npos;
}

class StorageFaultTest : public FaultyStorageServerTest {
 protected:
  // Submits a new transaction of `client` on `connection`; its answer.
  std::pair<size_t, Result<api::ResponseFrame>> SubmitNew(api::Client& connection,
                                                          uint32_t client) {
    auto [index, transaction] = workload_.Next(client);
    return {index, connection.Submit(transaction)};
  }

  // Records the transaction's first Ok answer, as a client would.
  void ExpectApplied(size_t index, const Result<api::ResponseFrame>& answer, uint64_t sequence,
                     bool duplicate = false) {
    ASSERT_TRUE(answer.ok()) << answer.status().ToString();
    ASSERT_TRUE(answer->status().ok()) << answer->status().ToString();
    const auto* result = answer->response->body_as_SubmitResult();
    ASSERT_NE(result, nullptr);
    EXPECT_EQ(result->sequence(), sequence);
    EXPECT_EQ(result->duplicate(), duplicate);
    TrackedTransaction& tracked = workload_.transactions()[index];
    tracked.acknowledged = true;
    tracked.sequence = result->sequence();
    tracked.state_digest = StateDigestOf(*result);
  }

  static void ExpectRefused(const Result<api::ResponseFrame>& answer, const std::string& fault) {
    ASSERT_TRUE(answer.ok()) << answer.status().ToString();
    EXPECT_EQ(answer->response->code(), ErrorCode::StorageUnavailable);
    EXPECT_TRUE(Mentions(answer->status(), fault)) << answer->status().ToString();
    EXPECT_EQ(answer->response->body_type(), schema::ResponseBody::NONE);
  }

  // Stops the server and checks what is durable: every workload transaction logged exactly
  // once where it was acknowledged, the log holding nothing else, the ledger reopening (its
  // replay checks every recorded outcome) and every balance what each transaction applied
  // once gives.
  void ExpectEveryTransactionDurableOnce() {
    StopServer();
    std::vector<std::string> violations;
    auto logged =
        CheckLogAgainstWorkload(ledger_directory_, kFirstWorkloadSequence, workload_, violations);
    ASSERT_TRUE(logged.ok()) << logged.status().ToString();
    EXPECT_EQ(violations, std::vector<std::string>());
    EXPECT_EQ(logged->entries, kFirstWorkloadSequence + workload_.transactions().size());
    for (const TrackedTransaction& tracked : workload_.transactions()) {
      EXPECT_TRUE(tracked.acknowledged) << "transaction " << tracked.client << "/" << tracked.id;
    }
    std::unique_ptr<Ledger> ledger = ReopenHealthy();
    ASSERT_NE(ledger, nullptr);
    for (const auto& [account, expected] : workload_.ExpectedBalances()) {
      auto stored = ledger->state().Get(AccountKey(account));
      ASSERT_TRUE(stored.ok()) << stored.status().ToString();
      int64_t balance = 0;
      if (*stored) {
        auto record = AccountRecord::Decode(**stored);
        ASSERT_TRUE(record.ok()) << record.status().ToString();
        balance = record->balance.minor_units();
      }
      EXPECT_EQ(balance, expected) << account;
    }
  }

  test::TemporaryDirectory directory_;
};

TEST_F(StorageFaultTest, AFullDiskRefusesWritesServesReadsAndResumesWithoutARestart) {
  ASSERT_NO_FATAL_FAILURE(StartNewLedger(directory_.path()));
  auto [first, first_answer] = SubmitNew(*client_, 0);
  ASSERT_NO_FATAL_FAILURE(ExpectApplied(first, first_answer, 2));
  const std::string watched = "cash:" + CrashWorkload::Party(1) + ":CNY";
  auto before = Balance(*client_, watched);
  ASSERT_TRUE(before.ok() && *before > 0);

  fs_->Inject(StorageFault::kDiskFull);
  auto [refused, refused_answer] = SubmitNew(*client_, 0);
  ASSERT_NO_FATAL_FAILURE(ExpectRefused(refused_answer, "no space left on device"));
  auto other = Connect();
  ASSERT_NE(other, nullptr);
  auto [also_refused, also_answer] = SubmitNew(*other, 1);
  ASSERT_NO_FATAL_FAILURE(ExpectRefused(also_answer, "no space left on device"));
  // Reads are served throughout, on both connections, and see nothing of the refused writes.
  EXPECT_EQ(Balance(*client_, watched).value(), *before);
  EXPECT_EQ(Balance(*other, watched).value(), *before);
  EXPECT_GT(fs_->injected(), 0u);

  // Space comes back: the same bytes are applied, once, at the next sequence numbers.
  fs_->Inject(StorageFault::kNone);
  std::this_thread::sleep_for(kPastResumeInterval);
  ASSERT_NO_FATAL_FAILURE(ExpectApplied(refused, client_->Submit(workload_.Rebuild(refused)), 3));
  ASSERT_NO_FATAL_FAILURE(
      ExpectApplied(also_refused, other->Submit(workload_.Rebuild(also_refused)), 4));
  auto [next, next_answer] = SubmitNew(*other, 2);
  ASSERT_NO_FATAL_FAILURE(ExpectApplied(next, next_answer, 5));
  other.reset();
  ExpectEveryTransactionDurableOnce();
}

TEST_F(StorageFaultTest, AFailedSyncRefusesWritesUntilARestartAndLosesNothingAcknowledged) {
  ASSERT_NO_FATAL_FAILURE(StartNewLedger(directory_.path()));
  auto [first, first_answer] = SubmitNew(*client_, 0);
  ASSERT_NO_FATAL_FAILURE(ExpectApplied(first, first_answer, 2));
  const std::string watched = "cash:" + CrashWorkload::Party(1) + ":CNY";
  auto before = Balance(*client_, watched);
  ASSERT_TRUE(before.ok());

  // fsync fails (EIO) after the write itself went through: RocksDB cannot tell what reached
  // the disk and stops writing for good (a fatal background error, which DB::Resume() does
  // not clear).
  fs_->Inject(StorageFault::kSyncError);
  auto [in_doubt, in_doubt_answer] = SubmitNew(*client_, 0);
  ASSERT_NO_FATAL_FAILURE(ExpectRefused(in_doubt_answer, "sync failed"));
  EXPECT_EQ(Balance(*client_, watched).value(), *before);
  fs_->Inject(StorageFault::kNone);
  std::this_thread::sleep_for(kPastResumeInterval);
  auto [after_fault, after_answer] = SubmitNew(*client_, 1);
  ASSERT_NO_FATAL_FAILURE(ExpectRefused(after_answer, "sync failed"));
  EXPECT_TRUE(Mentions(after_answer->status(), "resuming failed"))
      << after_answer->status().ToString();
  EXPECT_EQ(Balance(*client_, watched).value(), *before);

  // A restart recovers from the WAL. The write whose sync failed had reached the file, so it
  // is replayed: its retry answers duplicate at the next sequence. The later one was never
  // written, so its retry applies it.
  StopServer();
  ASSERT_NO_FATAL_FAILURE(StartServer());
  ASSERT_NO_FATAL_FAILURE(
      ExpectApplied(in_doubt, client_->Submit(workload_.Rebuild(in_doubt)), 3, true));
  ASSERT_NO_FATAL_FAILURE(
      ExpectApplied(after_fault, client_->Submit(workload_.Rebuild(after_fault)), 4));
  ExpectEveryTransactionDurableOnce();
}

// Four clients, each retrying every refused transaction with the same bytes until it is
// applied, while the disk fills and empties again and again.
TEST_F(StorageFaultTest, FaultsComingAndGoingUnderConcurrentClientsLoseNothingAcknowledged) {
  ASSERT_NO_FATAL_FAILURE(StartNewLedger(directory_.path()));
  std::mutex mutex;  // guards workload_ and the figures
  std::atomic<bool> stop{false};
  uint64_t refusals = 0;
  std::vector<std::string> failures;
  auto run_client = [&](uint32_t c) {
    auto client = Connect();
    if (client == nullptr) return;
    while (!stop.load()) {
      std::unique_lock lock(mutex);
      auto [index, transaction] = workload_.Next(c);
      lock.unlock();
      while (true) {
        auto answer = client->Submit(transaction);
        lock.lock();
        if (answer.ok() && answer->status().ok()) {
          TrackedTransaction& tracked = workload_.transactions()[index];
          tracked.acknowledged = true;
          tracked.sequence = answer->response->body_as_SubmitResult()->sequence();
          lock.unlock();
          break;
        }
        if (!answer.ok() || answer->response->code() != ErrorCode::StorageUnavailable) {
          failures.push_back(answer.ok() ? answer->status().ToString()
                                         : answer.status().ToString());
          return;
        }
        ++refusals;
        lock.unlock();
        std::this_thread::sleep_for(milliseconds(10));
      }
    }
  };
  std::vector<std::thread> clients;
  for (uint32_t c = 0; c < kClients; ++c) clients.emplace_back(run_client, c);
  std::mt19937_64 random(20'261'125);
  auto until = std::chrono::steady_clock::now() + milliseconds(1'500);
  while (std::chrono::steady_clock::now() < until) {
    fs_->Inject(StorageFault::kDiskFull);
    std::this_thread::sleep_for(milliseconds(20 + random() % 80));
    fs_->Inject(StorageFault::kNone);
    std::this_thread::sleep_for(milliseconds(20 + random() % 300));
  }
  stop = true;
  for (std::thread& client : clients) client.join();
  EXPECT_EQ(failures, std::vector<std::string>());
  EXPECT_GT(refusals, 0u);
  EXPECT_GT(fs_->injected(), 0u);
  EXPECT_GT(workload_.transactions().size(), size_t{kClients});
  ExpectEveryTransactionDurableOnce();
}

// A tmpfs of 4 MiB, mounted for the test (CI runs as root; where mounting is not permitted
// the test is skipped), filled up with a ballast file but for a little room.
class SmallFilesystem {
 public:
  explicit SmallFilesystem(const std::filesystem::path& where) : path_(where) {
    std::filesystem::create_directories(path_);
    mounted_ = ::mount("tmpfs", path_.c_str(), "tmpfs", 0, "size=4m") == 0;
    if (!mounted_) error_ = std::strerror(errno);
  }
  SmallFilesystem(const SmallFilesystem&) = delete;
  SmallFilesystem& operator=(const SmallFilesystem&) = delete;
  ~SmallFilesystem() {
    if (mounted_) ::umount2(path_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }
  const std::filesystem::path& path() const { return path_; }

  // Fills the filesystem with a ballast file, then gives back `room` bytes of it.
  bool FillLeaving(size_t room) {
    std::FILE* file = std::fopen(Ballast().c_str(), "wb");
    if (file == nullptr) return false;
    std::vector<char> chunk(4'096, 'b');
    size_t written = 0;
    while (std::fwrite(chunk.data(), 1, chunk.size(), file) == chunk.size()) {
      written += chunk.size();
      if (std::fflush(file) != 0) break;
    }
    std::fclose(file);
    std::error_code error;
    std::filesystem::resize_file(Ballast(), written > room ? written - room : 0, error);
    return !error;
  }
  void RemoveBallast() { std::filesystem::remove(Ballast()); }

 private:
  std::filesystem::path Ballast() const { return path_ / "ballast"; }
  std::filesystem::path path_;
  bool mounted_ = false;
  std::string error_;
};

TEST_F(StorageFaultTest, ARealFilesystemThatFillsUpRefusesWritesAndResumesWhenSpaceIsFreed) {
  SmallFilesystem small(directory_.path() / "small");
  if (!small.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here: " << small.error();
  fs_->Inject(StorageFault::kNone);  // a healthy file system: the disk itself fills up
  ASSERT_NO_FATAL_FAILURE(StartNewLedger(small.path() / "ledger"));
  ASSERT_TRUE(small.FillLeaving(size_t{64} * 1024));
  // Write until the disk is full (a transaction is about 1 KiB in the WAL).
  std::optional<size_t> refused;
  uint64_t next_sequence = kFirstWorkloadSequence;
  for (int i = 0; i < 2'000 && !refused; ++i) {
    auto [index, answer] = SubmitNew(*client_, static_cast<uint32_t>(i) % kClients);
    ASSERT_TRUE(answer.ok()) << answer.status().ToString();
    if (answer->response->code() == ErrorCode::StorageUnavailable) {
      ASSERT_NO_FATAL_FAILURE(ExpectRefused(answer, "No space left on device"));
      refused = index;
      break;
    }
    ASSERT_NO_FATAL_FAILURE(ExpectApplied(index, answer, next_sequence++));
  }
  ASSERT_TRUE(refused.has_value()) << "the filesystem never filled up";
  const std::string watched = "cash:" + CrashWorkload::Party(1) + ":CNY";
  auto full = Balance(*client_, watched);
  ASSERT_TRUE(full.ok()) << full.status().ToString();  // reads are served on a full disk
  auto [also, also_answer] = SubmitNew(*client_, 1);
  ASSERT_NO_FATAL_FAILURE(ExpectRefused(also_answer, "No space left on device"));

  small.RemoveBallast();
  std::this_thread::sleep_for(kPastResumeInterval);
  ASSERT_NO_FATAL_FAILURE(
      ExpectApplied(*refused, client_->Submit(workload_.Rebuild(*refused)), next_sequence++));
  ASSERT_NO_FATAL_FAILURE(
      ExpectApplied(also, client_->Submit(workload_.Rebuild(also)), next_sequence++));
  EXPECT_GT(Balance(*client_, watched).value(), *full);
  ExpectEveryTransactionDurableOnce();
}

}  // namespace
}  // namespace crowdledger::reliability
