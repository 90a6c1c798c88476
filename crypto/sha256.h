// SHA-256 through OpenSSL 3. One-shot and incremental forms.
// Thread-safety: Sha256 objects are not shared; the free function is thread-safe.
#pragma once

#include <memory>

#include "crypto/bytes.h"

struct evp_md_ctx_st;

namespace crowdledger {

Hash Sha256(ByteView data);

class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;

  Sha256Hasher& Update(ByteView data);
  Sha256Hasher& Update(uint8_t byte) { return Update(ByteView(&byte, 1)); }
  // Returns the digest and resets the hasher for reuse.
  Hash Finish();

 private:
  evp_md_ctx_st* context_;
};

}  // namespace crowdledger
