// PgConnection: one libpq connection of the PostgreSQL load generator, in pipeline mode for the
// run: statements are queued with Send, a transaction ends with Sync (its implicit
// transaction commits there), and ReadTransaction collects one transaction's results.
//
// Blocking I/O is safe here although libpq recommends non-blocking mode for pipelines: a
// connection keeps a bounded number of transactions in flight, and the server's answers are
// a few bytes a statement, so neither side can fill the other's socket buffer while waiting.
//
// Thread-safety: one thread per connection.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <vector>

#include "crypto/status.h"

namespace crowdledger::bench {

// A statement of a transaction: a prepared statement's name and its parameters as text.
struct PgStatement {
  const char* name = "";
  std::vector<std::string> parameters;
};

// How a transaction ended: committed, or the server's refusal or failure.
struct PgOutcome {
  bool committed = false;
  std::string sqlstate;  // of the first error
  std::string reason;    // the rule for a refusal (SQLSTATE P0001), else the constraint or message
};

class PgConnection {
 public:
  static Result<std::unique_ptr<PgConnection>> Connect(const std::string& conninfo);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Outside pipeline mode: runs SQL (one or more statements, no parameters).
  Status Execute(const std::string& sql);
  // Outside pipeline mode: runs a query and returns its first row's first value.
  Result<std::string> QueryValue(const std::string& sql);
  Status Prepare(const char* name, const char* sql, int parameters);
  Status EnterPipelineMode();

  // Pipeline mode: queues a statement; Sync ends the transaction and sends what is queued.
  Status Send(const PgStatement& statement);
  Status Sync();
  // Reads the results of the oldest transaction in flight that had `statements` statements,
  // through its Sync.
  Result<PgOutcome> ReadTransaction(size_t statements);

 private:
  explicit PgConnection(PGconn* connection) : connection_(connection) {}
  Status Failure(const std::string& what) const;

  PGconn* connection_;
};

}  // namespace crowdledger::bench
