// Subscriptions: one EntryResult frame per entry, within each connection's unsent budget.
#include "api/subscriptions.h"

#include "api/wire.h"

namespace crowdledger::api {
namespace {

std::string EntryFrame(uint64_t request_id, std::string_view entry) {
  flatbuffers::FlatBufferBuilder builder(entry.size() + 128);
  auto bytes = builder.CreateVector(reinterpret_cast<const uint8_t*>(entry.data()), entry.size());
  builder.Finish(schema::CreateResponse(builder, request_id, ErrorCode::Ok, -1, 0,
                                        schema::ResponseBody::EntryResult,
                                        schema::CreateEntryResult(builder, bytes).Union()),
                 schema::ResponseIdentifier());
  return std::string(reinterpret_cast<const char*>(builder.GetBufferPointer()), builder.GetSize());
}

}  // namespace

Status Subscriptions::Add(Ledger& ledger, std::shared_ptr<Responder> responder, uint64_t request_id,
                          uint64_t from) {
  if (streams_.size() >= kMaxSubscriptions) {
    return Status(ErrorCode::LimitExceeded,
                  "the server already serves " + std::to_string(streams_.size()) + " streams");
  }
  if (from > ledger.log().size()) {
    return Status(ErrorCode::NotFound, "the log holds " + std::to_string(ledger.log().size()) +
                                           " entries; cannot stream from " + std::to_string(from));
  }
  streams_.push_back(Stream{std::move(responder), request_id, from});
  return Status::Ok();
}

void Subscriptions::Pump(Ledger& ledger) {
  uint64_t size = ledger.log().size();
  std::erase_if(streams_, [](const Stream& stream) { return stream.responder->closed(); });
  for (Stream& stream : streams_) {
    size_t room = kMaxUnsent - std::min(kMaxUnsent, stream.responder->unsent());
    if (room == 0 || stream.next >= size) continue;
    uint64_t end = std::min<uint64_t>(size, stream.next + room);
    Status read = ledger.log().ForEachEntry(
        stream.next, end, [&stream](uint64_t sequence, std::string_view entry) {
          stream.responder->Send(EntryFrame(stream.request_id, entry), false);
          stream.next = sequence + 1;
          return Status::Ok();
        });
    if (!read.ok()) {
      stream.responder->Send(ErrorResponse(stream.request_id, read), true);
      stream.next = UINT64_MAX;  // ended; dropped once its connection closes
    }
  }
}

}  // namespace crowdledger::api
