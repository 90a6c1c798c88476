// UnwrittenPartyIndex: see unwritten_party_index.h.
#include "ledger/unwritten_party_index.h"

#include <algorithm>

#include "absl/strings/string_view.h"
#include "ledger/log_keys.h"

namespace crowdledger {
namespace {

// Debian's Abseil has its own string_view type, which its maps look keys up with.
absl::string_view AbslView(std::string_view text) { return {text.data(), text.size()}; }

}  // namespace

std::string PartyEntryIndexPrefix(std::string_view party) {
  std::string prefix;
  prefix.reserve(party.size() + 3);
  prefix += "p/";
  prefix += party;
  prefix += '/';
  return prefix;
}

std::string PartyEntryIndexKey(std::string_view party, uint64_t sequence) {
  return PartyEntryIndexPrefix(party) + log_keys::EncodeUint64(sequence);
}

void UnwrittenPartyIndex::Add(std::string_view party, uint64_t sequence) {
  std::vector<uint64_t>& sequences = by_party_[AbslView(party)];
  // An entry names a party once in its outcome, but a repeated record would be harmless.
  if (!sequences.empty() && sequences.back() >= sequence) return;
  sequences.push_back(sequence);
  ++records_;
}

void UnwrittenPartyIndex::AddEntry(std::span<const std::string> parties, uint64_t sequence) {
  for (const std::string& party : parties) Add(party, sequence);
}

void UnwrittenPartyIndex::Append(UnwrittenPartyIndex&& later) {
  for (auto& [party, sequences] : later.by_party_) {
    for (uint64_t sequence : sequences) Add(party, sequence);
  }
  later.Clear();
}

void UnwrittenPartyIndex::Clear() {
  by_party_.clear();
  records_ = 0;
}

bool UnwrittenPartyIndex::Contains(std::string_view party, uint64_t sequence) const {
  auto found = by_party_.find(AbslView(party));
  return found != by_party_.end() &&
         std::binary_search(found->second.begin(), found->second.end(), sequence);
}

void UnwrittenPartyIndex::EntriesOf(std::string_view party, uint64_t from_sequence, size_t limit,
                                    std::vector<uint64_t>& out) const {
  auto found = by_party_.find(AbslView(party));
  if (found == by_party_.end()) return;
  const std::vector<uint64_t>& sequences = found->second;
  auto first = std::lower_bound(sequences.begin(), sequences.end(), from_sequence);
  size_t count = std::min<size_t>(limit, static_cast<size_t>(sequences.end() - first));
  out.insert(out.end(), first, first + static_cast<std::ptrdiff_t>(count));
}

std::vector<std::string> UnwrittenPartyIndex::SortedKeys() const {
  std::vector<std::string> keys;
  keys.reserve(records_);
  for (const auto& [party, sequences] : by_party_) {
    for (uint64_t sequence : sequences) keys.push_back(PartyEntryIndexKey(party, sequence));
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

}  // namespace crowdledger
