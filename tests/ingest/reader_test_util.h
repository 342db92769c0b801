// Helpers for reader tests: run a reader over in-memory bytes and collect what it emits.
#pragma once

#include <zlib.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ingest/reader.h"

namespace sitrep::ingest::testing {

struct ReadResult {
  std::vector<RawRecord> records;
  std::vector<Problem> problems;
  Status status;
};

inline ReadResult ReadBytes(InputFormat format, std::string_view bytes,
                            const Limits& limits = Limits{}, std::string path = "input") {
  ReadResult out;
  std::unique_ptr<ByteSource> src = MemorySource(std::move(path), bytes);
  RecordSink sink;
  sink.on_record = [&](RawRecord&& r) { out.records.push_back(std::move(r)); };
  sink.on_problem = [&](Problem&& p) { out.problems.push_back(std::move(p)); };
  const Reader* reader = ReaderFor(format);
  if (reader == nullptr) {
    out.status = Internal("no reader");
    return out;
  }
  out.status = reader->Read(*src, limits, sink);
  return out;
}

// One gzip member holding `data`.
inline std::string Gzip(std::string_view data) {
  z_stream zs{};
  deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, data.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

inline std::string ReadFixture(const std::string& name) {
  std::ifstream f(std::string(SITREP_SOURCE_DIR) + "/tests/fixtures/ingest/" + name,
                  std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

}  // namespace sitrep::ingest::testing
