// Atomic file creation for exports.
#include "tools/file_output.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace crowdledger::tool {

Result<FileOutput> FileOutput::Create(const std::filesystem::path& path) {
  if (std::filesystem::exists(path)) {
    return Status(ErrorCode::AlreadyExists, path.string() + " already exists");
  }
  std::filesystem::path temporary = path;
  temporary += ".partial";
  std::FILE* file = std::fopen(temporary.c_str(), "wb");
  if (file == nullptr) {
    return Status(ErrorCode::IoError,
                  "cannot create " + temporary.string() + ": " + std::strerror(errno));
  }
  return FileOutput(path, temporary, file);
}

FileOutput::FileOutput(FileOutput&& other) noexcept
    : path_(std::move(other.path_)), temporary_(std::move(other.temporary_)), file_(other.file_) {
  other.file_ = nullptr;
}

FileOutput::~FileOutput() {
  if (file_ != nullptr) {
    std::fclose(file_);
    std::error_code ignored;
    std::filesystem::remove(temporary_, ignored);
  }
}

Status FileOutput::Write(std::string_view bytes) {
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
    return Status(ErrorCode::IoError,
                  "cannot write " + temporary_.string() + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

Status FileOutput::Commit() {
  bool synced = std::fflush(file_) == 0 && ::fsync(fileno(file_)) == 0;
  bool closed = std::fclose(file_) == 0;
  file_ = nullptr;
  if (!synced || !closed) return Status(ErrorCode::IoError, "cannot sync " + temporary_.string());
  std::error_code error;
  std::filesystem::rename(temporary_, path_, error);
  if (error)
    return Status(ErrorCode::IoError,
                  "cannot rename to " + path_.string() + ": " + error.message());
  return Status::Ok();
}

}  // namespace crowdledger::tool
