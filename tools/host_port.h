// HOST:PORT and --tls-ca arguments of the network commands, and connecting with them.
#pragma once

#include <memory>
#include <string>
#include <utility>

#include "api/client.h"
#include "crypto/status.h"

namespace CLI {
class App;
}

namespace crowdledger::tool {

// "127.0.0.1:7300" -> ("127.0.0.1", 7300); UsageError naming what is wrong.
Result<std::pair<std::string, uint16_t>> ParseHostPort(const std::string& text);

// Adds --tls-ca FILE to a command that connects to a server: with it the connection is TLS,
// and the server's certificate must chain to a CA in FILE and name the host; without it
// (`tls_ca` stays empty) plain TCP.
void AddTlsCaOption(CLI::App& command, std::string& tls_ca);

// Connects to HOST:PORT `server`: plain TCP, or TLS verified against the CA file `tls_ca`
// when one is given.
Result<std::unique_ptr<api::Client>> ConnectToServer(const std::string& server,
                                                     const std::string& tls_ca);

}  // namespace crowdledger::tool
