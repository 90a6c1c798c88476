// Responder: where the answers to one request go. A request gets one final response; a
// subscription sends many and stays open until its connection closes. The server gives each
// request its own Responder; the request handler and the subscriptions use nothing else.
// Thread-safety: Send, unsent and closed may be called from any thread.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

namespace crowdledger::api {

class Responder {
 public:
  virtual ~Responder() = default;
  // Queues one response frame body. `final` ends the request; a stream's frames are not
  // final, and the first of them releases the request's in-flight slot.
  virtual void Send(std::string response, bool final) = 0;
  // The same, with the body built by `build` where it is sent from (the connection's thread)
  // rather than by the caller: the ledger thread hands over a result instead of encoding it.
  virtual void SendBuilt(std::function<std::string()> build, bool final) = 0;
  // Frames this connection has queued but not yet written: a stream waits while it is high.
  virtual size_t unsent() const = 0;
  // The connection is gone: nothing sent will arrive.
  virtual bool closed() const = 0;
};

}  // namespace crowdledger::api
