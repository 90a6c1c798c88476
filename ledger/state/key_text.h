// KeyText: a state key built where it is looked up, in place. The keys a pledge reads (its
// investor's party, pledge and cash account, "cp/<campaign>/<investor>") are longer than a
// std::string holds without the heap, and building each as a std::string cost an allocation
// and a free, about a dozen per pledge (`perf` put key building at a tenth of the ledger
// thread; the apply benchmark did not move measurably once they were gone: jemalloc's thread
// cache made them cheap. docs/BENCHMARKS.md). A KeyText holds keys of two handles inline; a
// longer one goes on the heap.
// It is neither copied nor moved (it points into itself): key builders return it by value,
// which C++17 constructs in the caller's place, and callers pass it on as a string_view, or
// take str() to keep it.
// Thread-safety: plain value.
#pragma once

#include <cstring>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>

namespace crowdledger {

class KeyText {
 public:
  // The concatenation of `parts`.
  KeyText(std::initializer_list<std::string_view> parts) {
    for (std::string_view part : parts) size_ += part.size();
    char* out = inline_;
    if (size_ > kInline) {
      heap_ = std::make_unique<char[]>(size_);
      out = heap_.get();
    }
    data_ = out;
    for (std::string_view part : parts) {
      if (part.empty()) continue;  // an empty view may have no data to copy from
      std::memcpy(out, part.data(), part.size());
      out += part.size();
    }
  }
  KeyText(const KeyText&) = delete;
  KeyText& operator=(const KeyText&) = delete;

  std::string_view view() const { return {data_, size_}; }
  operator std::string_view() const { return view(); }  // NOLINT: used as the key it holds
  std::string str() const { return std::string(view()); }
  size_t size() const { return size_; }

  friend bool operator==(const KeyText& key, std::string_view other) { return key.view() == other; }

 private:
  // Two handles of 64 characters, a prefix and separators.
  static constexpr size_t kInline = 144;
  const char* data_ = nullptr;
  size_t size_ = 0;
  std::unique_ptr<char[]> heap_;
  char inline_[kInline];
};

}  // namespace crowdledger
