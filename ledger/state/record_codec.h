// A small binary codec for state records: little-endian fixed-width integers and
// length-prefixed strings, read back with bounds checks. Every record starts with a one-byte
// format version, so a record can gain fields at its end.
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "crypto/status.h"

namespace crowdledger {

class RecordWriter {
 public:
  // `expected_size`: the record's size if known, so that its bytes are allocated once.
  explicit RecordWriter(uint8_t version, size_t expected_size = 0) {
    bytes_.reserve(expected_size);
    bytes_.push_back(static_cast<char>(version));
  }

  RecordWriter& U8(uint8_t value) {
    bytes_.push_back(static_cast<char>(value));
    return *this;
  }
  RecordWriter& Bool(bool value) { return U8(value ? 1 : 0); }
  RecordWriter& U32(uint32_t value) { return Fixed(value); }
  RecordWriter& U64(uint64_t value) { return Fixed(value); }
  RecordWriter& I64(int64_t value) { return Fixed(static_cast<uint64_t>(value)); }
  RecordWriter& Text(std::string_view text) {
    U32(static_cast<uint32_t>(text.size()));
    bytes_.append(text);
    return *this;
  }
  // Hands the bytes over; the writer is empty afterwards.
  std::string Finish() { return std::move(bytes_); }

 private:
  template <typename T>
  RecordWriter& Fixed(T value) {
    // Little-endian, appended at once: a push_back per byte was most of a campaign record's
    // encoding, which happens on every pledge.
    char little_endian[sizeof(T)];
    for (size_t i = 0; i < sizeof(T); ++i) little_endian[i] = static_cast<char>(value >> (8 * i));
    bytes_.append(little_endian, sizeof(T));
    return *this;
  }
  std::string bytes_;
};

// Reads fields in order; after the first failure every read is a no-op and status() says
// which field was missing.
class RecordReader {
 public:
  RecordReader(std::string_view bytes, std::string_view what) : bytes_(bytes), what_(what) {
    version_ = U8();
  }

  uint8_t version() const { return version_; }
  uint8_t U8() { return static_cast<uint8_t>(Fixed<uint8_t>()); }
  bool Bool() { return U8() != 0; }
  uint32_t U32() { return Fixed<uint32_t>(); }
  uint64_t U64() { return Fixed<uint64_t>(); }
  int64_t I64() { return static_cast<int64_t>(Fixed<uint64_t>()); }
  std::string Text() {
    uint32_t length = U32();
    if (!Take(length)) return {};
    std::string text(bytes_.substr(position_ - length, length));
    return text;
  }
  bool at_end() const { return position_ == bytes_.size(); }
  Status status() const {
    if (ok_) return Status::Ok();
    return Status(ErrorCode::Corruption, std::string(what_) + " record is truncated");
  }

 private:
  bool Take(size_t count) {
    if (!ok_ || bytes_.size() - position_ < count) {
      ok_ = false;
      return false;
    }
    position_ += count;
    return true;
  }
  template <typename T>
  T Fixed() {
    if (!Take(sizeof(T))) return 0;
    T value = 0;
    for (size_t i = 0; i < sizeof(T); ++i) {
      value = static_cast<T>(
          value |
          static_cast<T>(static_cast<T>(static_cast<uint8_t>(bytes_[position_ - sizeof(T) + i]))
                         << (8 * i)));
    }
    return value;
  }
  std::string_view bytes_;
  std::string_view what_;
  size_t position_ = 0;
  bool ok_ = true;
  uint8_t version_ = 0;
};

// The version every record of this build writes; a record can gain fields at its end.
inline constexpr uint8_t kRecordVersion = 1;

// Returns `record` if the reader consumed a whole, known-version record without error.
template <typename Record>
Result<Record> FinishRecord(const RecordReader& reader, Record record) {
  RETURN_IF_ERROR(reader.status());
  if (reader.version() != kRecordVersion || !reader.at_end()) {
    return Status(ErrorCode::Corruption, "state record has an unknown layout");
  }
  return record;
}

}  // namespace crowdledger
