// The ledger's side of the witness protocol on the wire: a witness's URL, and one
// add-checkpoint POST over plain HTTP/1.1 with a deadline covering name resolution, connect,
// write and read. One connection per request (a witness is asked at most once per checkpoint
// round, see WitnessPool), answers up to kMaxWitnessAnswerBytes.
// Thread-safety: PostAddCheckpoint runs on the given io_context; `done` is called there once.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "api/asio.h"
#include "crypto/status.h"

namespace crowdledger::api {

// An answer is a few cosignature lines, or a size: 64 KiB is far more than any honest one.
inline constexpr size_t kMaxWitnessAnswerBytes = size_t{64} * 1024;

struct WitnessEndpoint {
  std::string host;
  uint16_t port = 80;
  std::string target;  // the submission prefix's path + "/add-checkpoint"
};

// "http://HOST[:PORT][/PREFIX]" (HOST may be a bracketed IPv6 address). UsageError naming what is
// wrong; https is not supported (put a TLS-terminating proxy in front of the witness instead).
Result<WitnessEndpoint> ParseWitnessUrl(std::string_view url);

struct WitnessHttpAnswer {
  unsigned status = 0;
  std::string content_type;
  std::string body;
};

using WitnessAnswerCallback = std::function<void(Result<WitnessHttpAnswer>)>;

// POSTs `body` to the endpoint; `done` gets the answer (any status), or IoError naming the step
// that failed (resolve, connect, write, read; a timeout in any of them).
void PostAddCheckpoint(boost::asio::io_context& io, const WitnessEndpoint& endpoint,
                       std::string body, std::chrono::milliseconds timeout,
                       WitnessAnswerCallback done);

}  // namespace crowdledger::api
