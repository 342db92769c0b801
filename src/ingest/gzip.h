// gzip / zlib helpers for the readers: a streaming multi-member gunzip source, and bounded
// one-shot inflation for HTTP bodies and format sniffing.
//
// Thread safety: InflatingSource is a stream (one thread at a time); the functions are pure.
#pragma once

#include <zlib.h>

#include <memory>
#include <string>
#include <string_view>

#include "ingest/source.h"
#include "sitrep/status.h"

namespace sitrep::ingest {

// True if `bytes` starts with the gzip magic 1F 8B.
inline bool HasGzipMagic(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1F &&
         static_cast<unsigned char>(bytes[1]) == 0x8B;
}

// Decompresses a gzip stream of one or more concatenated members (as WARC.gz writes one member
// per record). Read() returns decompressed bytes; 0 at the clean end of the last member.
// Errors: Corrupt("truncated gzip stream") when the input ends inside a member, Corrupt("corrupt
// gzip data: ...") on bad data. `prefix` holds bytes already read from `inner` (they come first).
// REQUIRES: `inner` outlives this source.
class InflatingSource : public ByteSource {
 public:
  InflatingSource(ByteSource& inner, std::string prefix);
  ~InflatingSource() override;
  InflatingSource(const InflatingSource&) = delete;  // owns a z_stream
  InflatingSource& operator=(const InflatingSource&) = delete;

  Result<size_t> Read(char* buf, size_t n) override;
  uint64_t size_hint() const override { return 0; }
  uint64_t consumed() const override { return produced_; }

 private:
  Status Fill();  // refills in_ from inner_

  ByteSource& inner_;
  z_stream zs_{};
  bool zs_ready_ = false;
  std::string in_;        // compressed bytes not yet consumed by zlib live at in_[zs_.next_in..]
  bool inner_eof_ = false;
  bool in_member_ = false;  // inside a member (started but not ended)
  bool done_ = false;
  uint64_t produced_ = 0;
};

// Inflates `data` (gzip, zlib or raw deflate, detected) producing at most `max_out` bytes.
// Truncated or corrupt input yields what could be inflated when `best_effort`, else Corrupt.
// More than `max_out` bytes: TooLarge naming `limit_name`.
Result<std::string> InflateBounded(std::string_view data, size_t max_out, bool best_effort,
                                   std::string_view limit_name);

}  // namespace sitrep::ingest
