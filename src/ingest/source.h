// ByteSource: a stream of input bytes with a peekable head, from a file or from memory.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "sitrep/status.h"

namespace sitrep::ingest {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `n` bytes into `buf`; 0 means end of input.
  virtual Result<size_t> Read(char* buf, size_t n) = 0;
  // Total size when known (files), else 0.
  virtual uint64_t size_hint() const = 0;
  // Bytes handed out so far by Read (for progress).
  virtual uint64_t consumed() const = 0;
  const std::string& path() const { return path_; }

 protected:
  explicit ByteSource(std::string path) : path_(std::move(path)) {}

 private:
  std::string path_;
};

// Opens a file. NotFound / IoError with the path and the OS reason.
Result<std::unique_ptr<ByteSource>> OpenFile(const std::string& path);
// Wraps bytes owned elsewhere. REQUIRES: `bytes` outlives the source.
std::unique_ptr<ByteSource> MemorySource(std::string path, std::string_view bytes);

// Wraps `inner` so that its first bytes can be inspected before reading. Peek() returns up to
// `n` bytes from the start without consuming them; Read() then starts from the beginning.
class PeekableSource : public ByteSource {
 public:
  explicit PeekableSource(std::unique_ptr<ByteSource> inner);
  Result<std::string_view> Peek(size_t n);
  Result<size_t> Read(char* buf, size_t n) override;
  uint64_t size_hint() const override { return inner_->size_hint(); }
  uint64_t consumed() const override { return consumed_; }

 private:
  std::unique_ptr<ByteSource> inner_;
  std::string head_;
  size_t head_pos_ = 0;
  uint64_t consumed_ = 0;
};

// Reads everything left. TooLarge naming `limit_name` (e.g. "--max-file-bytes") when more than
// `limit` bytes remain.
Result<std::string> ReadAll(ByteSource& in, uint64_t limit, std::string_view limit_name);

}  // namespace sitrep::ingest
