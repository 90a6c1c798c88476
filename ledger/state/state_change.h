// StateChange: one item of a state checkpoint's batch, as the store hands it to its backend:
// a put of the stored bytes (the item hash, then the value) or, with no value, a deletion.
// The bytes belong to the state store's checkpoint buffer and stay valid for the backend's
// Write call only.
#pragma once

#include <optional>
#include <string_view>

namespace crowdledger {

struct StateChange {
  std::string_view key;
  std::optional<std::string_view> value;
};

}  // namespace crowdledger
