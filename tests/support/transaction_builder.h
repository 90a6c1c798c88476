// Tests build transactions with the client library's builder.
#pragma once

#include "api/transaction_builder.h"

namespace crowdledger::test {

using TransactionBuilder = api::TransactionBuilder;

}  // namespace crowdledger::test
