// Bounded file reads and atomic file replacement.
#include "tools/file_input.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace crowdledger::tool {

Result<std::string> ReadBoundedFile(const std::filesystem::path& path, size_t max_bytes) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return Status(ErrorCode::UsageError, "cannot read " + path.string());
  std::string text;
  char buffer[64 * 1024];
  while (file) {
    file.read(buffer, sizeof(buffer));
    text.append(buffer, static_cast<size_t>(file.gcount()));
    if (text.size() > max_bytes) {
      return Status(ErrorCode::LimitExceeded,
                    path.string() + " is larger than " + std::to_string(max_bytes) + " bytes");
    }
  }
  if (file.bad()) return Status(ErrorCode::IoError, "cannot read " + path.string());
  return text;
}

Status ReplaceFile(const std::filesystem::path& path, std::string_view contents) {
  std::filesystem::path partial = path;
  partial += ".partial";
  auto failed = [&](const std::string& what) {
    std::string message = what + " " + partial.string() + ": " + std::strerror(errno);
    ::unlink(partial.c_str());
    return Status(ErrorCode::IoError, message);
  };
  int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status(ErrorCode::IoError, "cannot create " + partial.string());
  size_t written = 0;
  while (written < contents.size()) {
    ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return failed("cannot write");
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    return failed("cannot sync");
  }
  if (::close(fd) != 0) return failed("cannot close");
  if (::rename(partial.c_str(), path.c_str()) != 0) return failed("cannot rename");
  // The rename itself is durable only once the directory is synced.
  std::filesystem::path directory = path.has_parent_path() ? path.parent_path() : ".";
  int directory_fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (directory_fd < 0 || ::fsync(directory_fd) != 0) {
    std::string message =
        "cannot sync the directory " + directory.string() + ": " + std::strerror(errno);
    if (directory_fd >= 0) ::close(directory_fd);
    return Status(ErrorCode::IoError, message);
  }
  ::close(directory_fd);
  return Status::Ok();
}

}  // namespace crowdledger::tool
