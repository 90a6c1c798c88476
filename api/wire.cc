// Frame headers and FlatBuffers verification of requests, responses and queries.
#include "api/wire.h"

#include "ledger/entry_format.h"

namespace crowdledger::api {
namespace {

template <typename Root>
Result<const Root*> VerifyRoot(std::string_view bytes, const char* identifier, const char* what) {
  if (reinterpret_cast<uintptr_t>(bytes.data()) % kFlatbufferAlignment != 0) {
    return Status(ErrorCode::Malformed, std::string(what) + " is not 8-byte aligned in memory");
  }
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  if (bytes.size() < 8 || !flatbuffers::BufferHasIdentifier(data, identifier)) {
    return Status(ErrorCode::Malformed,
                  std::string(what) + " does not carry the identifier " + identifier);
  }
  flatbuffers::Verifier verifier(data, bytes.size(), kMaxFrameDepth, kMaxFrameTables);
  if (!verifier.VerifyBuffer<Root>(identifier)) {
    return Status(ErrorCode::Malformed, std::string(what) + " fails the FlatBuffers verifier");
  }
  return flatbuffers::GetRoot<Root>(data);
}

}  // namespace

uint32_t DecodeFrameLength(const uint8_t header[kFrameHeaderBytes]) {
  return static_cast<uint32_t>(header[0]) | static_cast<uint32_t>(header[1]) << 8 |
         static_cast<uint32_t>(header[2]) << 16 | static_cast<uint32_t>(header[3]) << 24;
}

std::string EncodeFrame(std::string_view body) {
  std::string frame(kFrameHeaderBytes, '\0');
  auto length = static_cast<uint32_t>(body.size());
  for (size_t i = 0; i < kFrameHeaderBytes; ++i) frame[i] = static_cast<char>(length >> (8 * i));
  frame.append(body);
  return frame;
}

Result<const schema::Request*> VerifyRequest(std::string_view bytes) {
  ASSIGN_OR_RETURN(const schema::Request* request,
                   VerifyRoot<schema::Request>(bytes, schema::RequestIdentifier(), "request"));
  if (request->signature()->size() != kEd25519SignatureSize) {
    return Status(ErrorCode::Malformed, "request signature is not 64 bytes");
  }
  return request;
}

Result<const schema::Response*> VerifyResponse(std::string_view bytes) {
  return VerifyRoot<schema::Response>(bytes, schema::ResponseIdentifier(), "response");
}

Result<const schema::Query*> VerifyQuery(std::string_view bytes) {
  return VerifyRoot<schema::Query>(bytes, schema::QueryIdentifier(), "query");
}

std::string ErrorResponse(uint64_t request_id, const Status& status, int32_t failed_operation) {
  flatbuffers::FlatBufferBuilder builder(256);
  auto message = builder.CreateString(status.message());
  schema::ResponseBuilder response(builder);
  response.add_request_id(request_id);
  response.add_code(status.code());
  response.add_failed_operation(failed_operation);
  response.add_message(message);
  builder.Finish(response.Finish(), schema::ResponseIdentifier());
  return std::string(reinterpret_cast<const char*>(builder.GetBufferPointer()), builder.GetSize());
}

}  // namespace crowdledger::api
