#include "ingest/gzip.h"

#include <array>
#include <cstring>

namespace sitrep::ingest {

InflatingSource::InflatingSource(ByteSource& inner, std::string prefix)
    : ByteSource(inner.path()), inner_(inner), in_(std::move(prefix)) {
  // 16 + MAX_WBITS: gzip wrapper only, so a member's trailer is checked (CRC, length).
  zs_ready_ = inflateInit2(&zs_, 16 + MAX_WBITS) == Z_OK;
  zs_.next_in = reinterpret_cast<Bytef*>(in_.data());
  zs_.avail_in = static_cast<uInt>(in_.size());
}

InflatingSource::~InflatingSource() {
  if (zs_ready_) inflateEnd(&zs_);
}

Status InflatingSource::Fill() {
  // Keep the unconsumed tail, then append a fresh chunk from the inner source.
  std::string rest(reinterpret_cast<const char*>(zs_.next_in), zs_.avail_in);
  in_ = std::move(rest);
  size_t old = in_.size();
  in_.resize(old + (1 << 16));
  Result<size_t> got = inner_.Read(in_.data() + old, 1 << 16);
  if (!got) {
    in_.resize(old);
    return got.error();
  }
  in_.resize(old + *got);
  if (*got == 0) inner_eof_ = true;
  zs_.next_in = reinterpret_cast<Bytef*>(in_.data());
  zs_.avail_in = static_cast<uInt>(in_.size());
  return Status::Ok();
}

Result<size_t> InflatingSource::Read(char* buf, size_t n) {
  if (!zs_ready_) return Internal("zlib init failed");
  if (done_ || n == 0) return size_t{0};
  zs_.next_out = reinterpret_cast<Bytef*>(buf);
  zs_.avail_out = static_cast<uInt>(std::min(n, size_t{1} << 30));
  const uInt want = zs_.avail_out;
  while (zs_.avail_out == want) {
    if (zs_.avail_in == 0) {
      if (inner_eof_) {
        if (in_member_) return Corrupt("truncated gzip stream");
        done_ = true;
        return size_t{0};
      }
      SITREP_RETURN_IF_ERROR(Fill());
      continue;
    }
    if (!in_member_) {
      // Between members: skip zero padding some writers leave, then expect a new header.
      if (zs_.next_in[0] == 0) {
        ++zs_.next_in;
        --zs_.avail_in;
        continue;
      }
      in_member_ = true;
    }
    int rc = inflate(&zs_, Z_NO_FLUSH);
    if (rc == Z_STREAM_END) {
      in_member_ = false;
      inflateReset(&zs_);
      continue;
    }
    if (rc == Z_BUF_ERROR) {
      if (zs_.avail_in == 0) continue;  // needs more input
      break;
    }
    if (rc != Z_OK) {
      return Corrupt(std::string("corrupt gzip data: ") + (zs_.msg ? zs_.msg : "inflate error"));
    }
  }
  size_t got = want - zs_.avail_out;
  produced_ += got;
  return got;
}

Result<std::string> InflateBounded(std::string_view data, size_t max_out, bool best_effort,
                                   std::string_view limit_name) {
  z_stream zs{};
  // 32 + MAX_WBITS detects gzip or zlib headers; raw deflate ("deflate" as many servers send
  // it) is retried with negative window bits.
  int bits = 32 + MAX_WBITS;
  if (!HasGzipMagic(data) && !(data.size() >= 2 && (static_cast<unsigned char>(data[0]) & 0x0F) == 8 &&
                               ((static_cast<unsigned char>(data[0]) << 8) |
                                static_cast<unsigned char>(data[1])) % 31 == 0)) {
    bits = -MAX_WBITS;
  }
  if (inflateInit2(&zs, bits) != Z_OK) return Internal("zlib init failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(std::min(data.size(), size_t{UINT32_MAX}));
  std::string out;
  std::array<char, 1 << 15> buf;
  Status status;
  while (true) {
    zs.next_out = reinterpret_cast<Bytef*>(buf.data());
    zs.avail_out = buf.size();
    int rc = inflate(&zs, Z_NO_FLUSH);
    size_t got = buf.size() - zs.avail_out;
    if (out.size() + got > max_out) {
      if (best_effort) {
        out.append(buf.data(), max_out - out.size());
      } else {
        status = TooLarge("inflates to more than " + std::to_string(max_out) + " bytes (raise " +
                          std::string(limit_name) + ")");
      }
      break;
    }
    out.append(buf.data(), got);
    if (rc == Z_STREAM_END) {
      // Another gzip member may follow.
      if (zs.avail_in > 0 && bits != -MAX_WBITS) {
        inflateReset(&zs);
        continue;
      }
      break;
    }
    if (rc == Z_OK) continue;
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) {
      if (!best_effort) status = Corrupt("truncated compressed data");
      break;
    }
    if (!best_effort) {
      status = Corrupt(std::string("corrupt compressed data: ") + (zs.msg ? zs.msg : "error"));
    }
    break;
  }
  inflateEnd(&zs);
  if (!status.ok()) return status;
  return out;
}

}  // namespace sitrep::ingest
