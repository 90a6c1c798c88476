// libpq calls of the PostgreSQL load generator, turned into Status values.
#include "tools/bench/pg_connection.h"

#include <optional>

namespace crowdledger::bench {
namespace {

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

std::string Field(const PGresult* result, int field) {
  const char* value = PQresultErrorField(result, field);
  return value == nullptr ? std::string() : std::string(value);
}

// The refusal's rule ("PledgeRefused: ..." raised by the schema's refuse()), the violated
// constraint, or the message's first line.
PgOutcome Refusal(const PGresult* result) {
  PgOutcome outcome;
  outcome.sqlstate = Field(result, PG_DIAG_SQLSTATE);
  std::string message = Field(result, PG_DIAG_MESSAGE_PRIMARY);
  std::string constraint = Field(result, PG_DIAG_CONSTRAINT_NAME);
  if (outcome.sqlstate == "P0001") {
    outcome.reason = message.substr(0, message.find(':'));
  } else if (!constraint.empty()) {
    outcome.reason = constraint;
  } else {
    outcome.reason = message.substr(0, message.find('\n'));
  }
  return outcome;
}

}  // namespace

Result<std::unique_ptr<PgConnection>> PgConnection::Connect(const std::string& conninfo) {
  PGconn* connection = PQconnectdb(conninfo.c_str());
  if (connection == nullptr) return Status(ErrorCode::IoError, "libpq could not allocate");
  std::unique_ptr<PgConnection> wrapped(new PgConnection(connection));
  if (PQstatus(connection) != CONNECTION_OK) return wrapped->Failure("connecting");
  return wrapped;
}

PgConnection::~PgConnection() { PQfinish(connection_); }

Status PgConnection::Failure(const std::string& what) const {
  std::string message = PQerrorMessage(connection_);
  while (!message.empty() && message.back() == '\n') message.pop_back();
  return Status(ErrorCode::IoError, "PostgreSQL, " + what + ": " + message);
}

Status PgConnection::Execute(const std::string& sql) {
  ResultPtr result(PQexec(connection_, sql.c_str()));
  ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return Failure("running " + sql.substr(0, 80));
  }
  return Status::Ok();
}

Result<std::string> PgConnection::QueryValue(const std::string& sql) {
  ResultPtr result(PQexec(connection_, sql.c_str()));
  if (PQresultStatus(result.get()) != PGRES_TUPLES_OK || PQntuples(result.get()) < 1 ||
      PQnfields(result.get()) < 1) {
    return Failure("running " + sql.substr(0, 80));
  }
  return std::string(PQgetvalue(result.get(), 0, 0));
}

Status PgConnection::Prepare(const char* name, const char* sql, int parameters) {
  ResultPtr result(PQprepare(connection_, name, sql, parameters, nullptr));
  if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
    return Failure(std::string("preparing ") + name);
  }
  return Status::Ok();
}

Status PgConnection::EnterPipelineMode() {
  if (PQenterPipelineMode(connection_) != 1) return Failure("entering pipeline mode");
  return Status::Ok();
}

Status PgConnection::Send(const PgStatement& statement) {
  std::vector<const char*> values;
  values.reserve(statement.parameters.size());
  for (const std::string& parameter : statement.parameters) values.push_back(parameter.c_str());
  if (PQsendQueryPrepared(connection_, statement.name, static_cast<int>(values.size()),
                          values.data(), nullptr, nullptr, 0) != 1) {
    return Failure(std::string("sending ") + statement.name);
  }
  return Status::Ok();
}

Status PgConnection::Sync() {
  if (PQpipelineSync(connection_) != 1) return Failure("sending a pipeline sync");
  return Status::Ok();
}

// Each statement's results end with a null; the transaction's end is its PIPELINE_SYNC
// result. More nulls than statements mean the connection is gone.
Result<PgOutcome> PgConnection::ReadTransaction(size_t statements) {
  std::optional<PgOutcome> refusal;
  size_t nulls = 0;
  while (true) {
    ResultPtr result(PQgetResult(connection_));
    if (result == nullptr) {
      if (++nulls > statements || PQstatus(connection_) != CONNECTION_OK) {
        return Failure("reading a transaction's results");
      }
      continue;
    }
    switch (PQresultStatus(result.get())) {
      case PGRES_PIPELINE_SYNC:
        if (refusal) return *refusal;
        return PgOutcome{true, {}, {}};
      case PGRES_FATAL_ERROR:
        if (!refusal) refusal = Refusal(result.get());
        break;
      case PGRES_PIPELINE_ABORTED:  // a statement after the one that failed
      case PGRES_TUPLES_OK:
      case PGRES_COMMAND_OK:
        break;
      default:
        return Failure(std::string("unexpected result ") +
                       PQresStatus(PQresultStatus(result.get())));
    }
  }
}

}  // namespace crowdledger::bench
