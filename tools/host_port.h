// HOST:PORT arguments of the network commands.
#pragma once

#include <string>
#include <utility>

#include "crypto/status.h"

namespace crowdledger::tool {

// "127.0.0.1:7300" -> ("127.0.0.1", 7300); UsageError naming what is wrong.
Result<std::pair<std::string, uint16_t>> ParseHostPort(const std::string& text);

}  // namespace crowdledger::tool
