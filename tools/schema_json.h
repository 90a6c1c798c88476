// The schemas' JSON form at run time: a transaction written as JSON becomes the exact binary
// FlatBuffer that is signed, and any response or entry prints as JSON. Uses the schema text
// compiled into the tool (schemas/embed_schemas.cmake), so no .fbs file is needed at run time.
#pragma once

#include <string>
#include <string_view>

#include "crypto/status.h"

namespace crowdledger::tool {

// Parses `json` as the root table `root` and returns the FlatBuffer with `identifier`.
Result<std::string> JsonToFlatbuffer(std::string_view json, const std::string& root,
                                     const std::string& identifier);
// Prints the FlatBuffer `bytes` (already verified by the caller) of root table `root` as JSON.
Result<std::string> FlatbufferToJson(std::string_view bytes, const std::string& root);

}  // namespace crowdledger::tool
