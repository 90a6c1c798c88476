// FileOutput: writes a new file atomically (temporary name, fsync, rename) and refuses to
// replace an existing one, so an interrupted export never leaves a half-written file behind
// under the real name.
// Thread-safety: one owner.
#pragma once

#include <cstdio>
#include <filesystem>
#include <string_view>

#include "crypto/status.h"

namespace crowdledger::tool {

class FileOutput {
 public:
  static Result<FileOutput> Create(const std::filesystem::path& path);
  FileOutput(FileOutput&& other) noexcept;
  FileOutput& operator=(FileOutput&&) = delete;
  FileOutput(const FileOutput&) = delete;
  ~FileOutput();

  Status Write(std::string_view bytes);
  // Flushes, syncs and moves the file to its final name.
  Status Commit();

 private:
  FileOutput(std::filesystem::path path, std::filesystem::path temporary, std::FILE* file)
      : path_(std::move(path)), temporary_(std::move(temporary)), file_(file) {}
  std::filesystem::path path_;
  std::filesystem::path temporary_;
  std::FILE* file_;
};

}  // namespace crowdledger::tool
