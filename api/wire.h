// The wire format: 4-byte little-endian length frames holding one FlatBuffer each, and the
// checks every frame passes before anything reads it (docs/protocol.md).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "crypto/status.h"
#include "query_root_generated.h"
#include "request_root_generated.h"
#include "response_root_generated.h"

namespace crowdledger::api {

inline constexpr size_t kFrameHeaderBytes = 4;
// The largest response frame a client accepts: a server announcing more is not believed
// (nor is the memory for it allocated).
inline constexpr uint32_t kMaxResponseFrameBytes = 64 * 1024 * 1024;
// Verifier bounds: nesting depth and table count of one frame.
inline constexpr uint32_t kMaxFrameDepth = 32;
inline constexpr uint32_t kMaxFrameTables = 100'000;

// The payload length a frame header announces.
uint32_t DecodeFrameLength(const uint8_t header[kFrameHeaderBytes]);
// `body` with its length header in front.
std::string EncodeFrame(std::string_view body);

// Verify a frame body (which must be 8-byte aligned) and return its root table.
Result<const schema::Request*> VerifyRequest(std::string_view bytes);
Result<const schema::Response*> VerifyResponse(std::string_view bytes);
Result<const schema::Query*> VerifyQuery(std::string_view bytes);

// A response carrying only a status (and, for a refused transaction, the failing operation).
std::string ErrorResponse(uint64_t request_id, const Status& status, int32_t failed_operation = -1);

}  // namespace crowdledger::api
