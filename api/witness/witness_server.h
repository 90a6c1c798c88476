// WitnessServer: a C2SP tlog-witness (https://c2sp.org/tlog-witness) over HTTP/1.1 on an
// HttpListener: POST /add-checkpoint is answered by a Witness with the spec's statuses (200 with
// the cosignature line, 400, 403, 404, 409 with the witness's size as text/x.tlog.size, 422),
// 500 when the state could not be saved; GET /healthz answers 200. The listener's limits
// apply, with request bodies up to kMaxAddCheckpointBytes.
// Thread-safety: Run blocks on the listener's threads; Stop may be called from any thread.
// The Witness must outlive the server.
#pragma once

#include "api/http/http_listener.h"
#include "ledger/witness/witness.h"

namespace crowdledger::api {

class WitnessServer {
 public:
  // options.max_body_bytes is set to kMaxAddCheckpointBytes.
  WitnessServer(Witness& witness, http::HttpOptions options);

  Status Listen() { return listener_.Listen(); }
  uint16_t port() const { return listener_.port(); }
  void Run() { listener_.Run(); }
  void Stop() { listener_.Stop(); }

 private:
  http::HttpResponse Answer(const http::HttpRequest& request) const;

  Witness& witness_;
  http::HttpListener listener_;
};

// The HTTP answer to a witness's decision (exposed for tests and the docs).
http::HttpResponse ToHttpResponse(WitnessAnswer answer);

}  // namespace crowdledger::api
