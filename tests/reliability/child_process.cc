// ChildProcess: fork and exec, a stdout pipe read with poll, and waitpid with a deadline.
#include "tests/reliability/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

namespace crowdledger::reliability {
namespace {

using Clock = std::chrono::steady_clock;

Status Errno(const std::string& what) {
  return Status(ErrorCode::IoError, what + ": " + std::strerror(errno));
}

int ExitCodeOf(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return -1;
}

// In the child, between fork and exec: only async-signal-safe calls.
[[noreturn]] void ExecChild(const std::vector<char*>& argv, int stdout_fd, int stderr_fd) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the harness
  if (stdout_fd >= 0) ::dup2(stdout_fd, STDOUT_FILENO);
  if (stderr_fd >= 0) ::dup2(stderr_fd, STDERR_FILENO);
  ::execv(argv[0], argv.data());
  ::_exit(127);
}

std::vector<char*> ArgvOf(const std::vector<std::string>& argv) {
  std::vector<char*> pointers;
  pointers.reserve(argv.size() + 1);
  for (const std::string& argument : argv) pointers.push_back(const_cast<char*>(argument.c_str()));
  pointers.push_back(nullptr);
  return pointers;
}

}  // namespace

Result<ChildProcess> ChildProcess::Start(const std::vector<std::string>& argv,
                                         const std::filesystem::path& stderr_path) {
  if (argv.empty()) return Status(ErrorCode::UsageError, "no program to start");
  std::vector<char*> pointers = ArgvOf(argv);
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return Errno("pipe");
  int stderr_fd = ::open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (stderr_fd < 0) {
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    return Errno("open " + stderr_path.string());
  }
  pid_t pid = ::fork();
  if (pid == 0) ExecChild(pointers, pipe_fds[1], stderr_fd);
  ::close(pipe_fds[1]);
  ::close(stderr_fd);
  if (pid < 0) {
    ::close(pipe_fds[0]);
    return Errno("fork");
  }
  return ChildProcess(pid, pipe_fds[0]);
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(other.pid_), stdout_fd_(other.stdout_fd_), buffered_(std::move(other.buffered_)) {
  other.pid_ = -1;
  other.stdout_fd_ = -1;
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int ignored = 0;
    ::waitpid(pid_, &ignored, 0);
  }
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
}

Result<std::string> ChildProcess::ReadLine(std::chrono::milliseconds timeout) {
  const Clock::time_point deadline = Clock::now() + timeout;
  while (true) {
    if (size_t end = buffered_.find('\n'); end != std::string::npos) {
      std::string line = buffered_.substr(0, end);
      buffered_.erase(0, end + 1);
      return line;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0 || stdout_fd_ < 0) {
      return Status(ErrorCode::IoError, "no line from the child's stdout");
    }
    pollfd readable{stdout_fd_, POLLIN, 0};
    int ready = ::poll(&readable, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno != EINTR) return Errno("poll");
    if (ready <= 0) continue;
    char chunk[4096];
    ssize_t got = ::read(stdout_fd_, chunk, sizeof(chunk));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return Status(ErrorCode::IoError, "the child closed its stdout");
    buffered_.append(chunk, static_cast<size_t>(got));
  }
}

void ChildProcess::Signal(int signal) {
  if (pid_ > 0) ::kill(pid_, signal);
}

Result<int> ChildProcess::Wait(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return Status(ErrorCode::UsageError, "the child was already reaped");
  const Clock::time_point deadline = Clock::now() + timeout;
  while (true) {
    int wait_status = 0;
    pid_t done = ::waitpid(pid_, &wait_status, WNOHANG);
    if (done == pid_) {
      pid_ = -1;
      return ExitCodeOf(wait_status);
    }
    if (done < 0 && errno != EINTR) return Errno("waitpid");
    if (Clock::now() >= deadline) {
      return Status(ErrorCode::IoError, "child " + std::to_string(pid_) + " still runs");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

Result<int> RunToCompletion(const std::vector<std::string>& argv,
                            const std::filesystem::path& output_path,
                            std::chrono::milliseconds timeout) {
  if (argv.empty()) return Status(ErrorCode::UsageError, "no program to run");
  std::vector<char*> pointers = ArgvOf(argv);
  int output_fd = ::open(output_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (output_fd < 0) return Errno("open " + output_path.string());
  pid_t pid = ::fork();
  if (pid == 0) ExecChild(pointers, output_fd, output_fd);
  ::close(output_fd);
  if (pid < 0) return Errno("fork");
  ChildProcess child(pid, -1);
  auto code = child.Wait(timeout);
  if (!code.ok()) return code.status().WithContext(argv[0] + " timed out");  // killed on return
  return code;
}

}  // namespace crowdledger::reliability
