// Parsing HOST:PORT; the --tls-ca option; connecting.
#include "tools/host_port.h"

#include <CLI/CLI.hpp>
#include <charconv>

namespace crowdledger::tool {

Result<std::pair<std::string, uint16_t>> ParseHostPort(const std::string& text) {
  size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return Status(ErrorCode::UsageError, "'" + text + "' is not HOST:PORT");
  }
  std::string_view port_text = std::string_view(text).substr(colon + 1);
  uint16_t port = 0;
  auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || error != std::errc() || end != port_text.data() + port_text.size()) {
    return Status(ErrorCode::UsageError, "'" + std::string(port_text) + "' is not a port number");
  }
  return std::make_pair(text.substr(0, colon), port);
}

void AddTlsCaOption(CLI::App& command, std::string& tls_ca) {
  command.add_option("--tls-ca", tls_ca,
                     "PEM CA certificates: connect with TLS and verify the server against them");
}

Result<std::unique_ptr<api::Client>> ConnectToServer(const std::string& server,
                                                     const std::string& tls_ca) {
  ASSIGN_OR_RETURN(auto address, ParseHostPort(server));
  return api::Client::Connect(address.first, address.second,
                              api::ClientTlsOptions{.ca_file = tls_ca});
}

}  // namespace crowdledger::tool
