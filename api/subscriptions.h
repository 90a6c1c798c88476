// Subscriptions: streams of entries to auditors and mirrors. Each sends every entry from its
// starting sequence number on, one response frame per entry (EntryResult, same request id),
// and keeps sending new ones as they are committed. A stream never buffers without bound: it
// sends only while its connection has fewer than kMaxUnsent frames waiting, and catches up
// on later pumps. A subscriber that reconnects resumes with the next sequence it needs.
// Thread-safety: the ledger service's thread only (Pump is its hook).
#pragma once

#include <memory>
#include <vector>

#include "api/responder.h"
#include "ledger/ledger.h"

namespace crowdledger::api {

class Subscriptions {
 public:
  static constexpr size_t kMaxUnsent = 256;
  static constexpr size_t kMaxSubscriptions = 1'024;

  // LimitExceeded beyond kMaxSubscriptions; NotFound if `from` is beyond the log's end.
  Status Add(Ledger& ledger, std::shared_ptr<Responder> responder, uint64_t request_id,
             uint64_t from);
  // Sends what each subscriber may take now; drops subscribers whose connection closed.
  void Pump(Ledger& ledger);
  size_t size() const { return streams_.size(); }

 private:
  struct Stream {
    std::shared_ptr<Responder> responder;
    uint64_t request_id = 0;
    uint64_t next = 0;
  };
  std::vector<Stream> streams_;
};

}  // namespace crowdledger::api
