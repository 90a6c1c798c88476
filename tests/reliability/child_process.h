// ChildProcess: a program run by the reliability harnesses (the real `crowdledger serve`, the
// auditor), started with fork and exec, its stdout on a pipe the parent reads line by line and
// its stderr in a file. It dies with the harness (PR_SET_PDEATHSIG), so a harness that is
// itself killed leaves no server behind.
// Thread-safety: one thread per ChildProcess.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "crypto/status.h"

namespace crowdledger::reliability {

// Runs a program to its end with stdout and stderr appended to `output_path`: its exit code,
// or 128 + its signal. IoError if it cannot start or runs longer than `timeout` (then killed).
Result<int> RunToCompletion(const std::vector<std::string>& argv,
                            const std::filesystem::path& output_path,
                            std::chrono::milliseconds timeout);

class ChildProcess {
 public:
  // Starts `argv[0]` (a path) with `argv`; stdout to a pipe, stderr appended to `stderr_path`.
  static Result<ChildProcess> Start(const std::vector<std::string>& argv,
                                    const std::filesystem::path& stderr_path);
  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) = delete;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess();  // SIGKILLs and reaps a child still running

  pid_t pid() const { return pid_; }
  // The next line of the child's stdout (without its newline); IoError once it closes its
  // stdout or if no line comes within `timeout`.
  Result<std::string> ReadLine(std::chrono::milliseconds timeout);
  // Sends `signal` (no effect once reaped).
  void Signal(int signal);
  // Waits for the child to end: its exit code, or 128 + the signal that ended it. IoError if
  // it is still running after `timeout` (it is not killed).
  Result<int> Wait(std::chrono::milliseconds timeout);

 private:
  friend Result<int> RunToCompletion(const std::vector<std::string>& argv,
                                     const std::filesystem::path& output_path,
                                     std::chrono::milliseconds timeout);
  ChildProcess(pid_t pid, int stdout_fd) : pid_(pid), stdout_fd_(stdout_fd) {}

  pid_t pid_ = -1;  // -1 once reaped
  int stdout_fd_ = -1;
  std::string buffered_;  // stdout read past the last line returned
};

}  // namespace crowdledger::reliability
