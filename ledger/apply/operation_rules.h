// OperationRules: every operation kind passes the same steps. `check` looks at the operation
// alone (sizes, handles, currencies, signs); `apply` reads state to check the operation
// against it, then changes state through the context. A transaction's changes are staged by
// the state store, so a failing `apply` leaves nothing behind even after partial writes.
// The registry (operation_registry.cc) names every kind and its rules.
#pragma once

#include "ledger/apply/apply_context.h"
#include "ledger/apply/prefetch_key_list.h"
#include "ledger_entry_generated.h"

namespace crowdledger {

struct OperationRules {
  const char* name;
  Status (*check)(const schema::OperationSlot& slot);
  Status (*apply)(ApplyContext& context, const schema::OperationSlot& slot);
  // Optional, for the kinds large transactions are made of: appends the keys of the state
  // items the operation reads that operations near it are unlikely to have read, which the
  // state machine prefetches (StateStore::Prefetch) a few operations before it applies.
  // Only a hint: it changes nothing that `apply` sees.
  void (*prefetch_keys)(ApplyContext& context, const schema::OperationSlot& slot,
                        PrefetchKeyList& keys) = nullptr;
};

// The rules of an operation kind; nullptr for NONE or a kind this build does not know.
const OperationRules* FindOperationRules(schema::Operation kind);

// Helpers for `check` steps: each returns InvalidArgument naming the field.
Status CheckHandle(const flatbuffers::String* handle, const char* field);
Status CheckCompoundId(const flatbuffers::String* id, size_t max_parts, const char* field);
Status CheckCurrency(const flatbuffers::String* currency, const char* field);
Status CheckPositive(int64_t amount, const char* field);
Status CheckBasisPoints(uint32_t basis_points, const char* field);
// Free text (names, references, memos): at most kMaxTextBytes.
inline constexpr size_t kMaxTextBytes = 256;
Status CheckTextLength(const flatbuffers::String* text, const char* field);

// The value of a checked computation, or Overflow naming it.
inline Result<Amount> NoOverflow(std::optional<Amount> value, std::string_view what) {
  if (!value) return Status(ErrorCode::Overflow, std::string(what) + " overflows");
  return *value;
}

inline std::string_view View(const flatbuffers::String* text) {
  return text == nullptr ? std::string_view() : std::string_view(text->data(), text->size());
}

}  // namespace crowdledger
