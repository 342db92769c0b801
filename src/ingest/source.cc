#include "ingest/source.h"

#include <cerrno>
#include <cstring>
#include <sys/stat.h>

namespace sitrep::ingest {
namespace {

class FileSource : public ByteSource {
 public:
  FileSource(std::string path, FILE* f, uint64_t size)
      : ByteSource(std::move(path)), f_(f), size_(size) {}
  ~FileSource() override { std::fclose(f_); }
  Result<size_t> Read(char* buf, size_t n) override {
    size_t got = std::fread(buf, 1, n, f_);
    if (got == 0 && std::ferror(f_)) {
      return IoError(path() + ": read failed: " + std::strerror(errno));
    }
    consumed_ += got;
    return got;
  }
  uint64_t size_hint() const override { return size_; }
  uint64_t consumed() const override { return consumed_; }

 private:
  FILE* f_;
  uint64_t size_;
  uint64_t consumed_ = 0;
};

class MemSource : public ByteSource {
 public:
  MemSource(std::string path, std::string_view bytes)
      : ByteSource(std::move(path)), bytes_(bytes) {}
  Result<size_t> Read(char* buf, size_t n) override {
    size_t k = std::min(n, bytes_.size() - pos_);
    std::memcpy(buf, bytes_.data() + pos_, k);
    pos_ += k;
    return k;
  }
  uint64_t size_hint() const override { return bytes_.size(); }
  uint64_t consumed() const override { return pos_; }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
};

}  // namespace

Result<std::unique_ptr<ByteSource>> OpenFile(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    return errno == ENOENT ? NotFound(path + ": no such file")
                           : IoError(path + ": " + std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) return InvalidArgument(path + ": is a directory");
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return IoError(path + ": cannot open: " + std::strerror(errno));
  return std::unique_ptr<ByteSource>(
      new FileSource(path, f, static_cast<uint64_t>(st.st_size)));
}

std::unique_ptr<ByteSource> MemorySource(std::string path, std::string_view bytes) {
  return std::make_unique<MemSource>(std::move(path), bytes);
}

PeekableSource::PeekableSource(std::unique_ptr<ByteSource> inner)
    : ByteSource(inner->path()), inner_(std::move(inner)) {}

Result<std::string_view> PeekableSource::Peek(size_t n) {
  while (head_.size() < n) {
    size_t old = head_.size();
    // Grow by what the source says is left, or 4 KB at a time when it does not know: resize
    // zero-fills, and a 4 KB page should not pay for a 64 KB buffer.
    uint64_t hint = inner_->size_hint();
    size_t step = hint > old ? static_cast<size_t>(std::min<uint64_t>(hint - old, n)) : 4096;
    size_t want = std::min(n, old + step);
    head_.resize(want);
    Result<size_t> got = inner_->Read(head_.data() + old, want - old);
    if (!got) {
      head_.resize(old);
      return got.error();
    }
    head_.resize(old + *got);
    if (*got == 0) break;
  }
  return std::string_view(head_).substr(0, std::min(n, head_.size()));
}

Result<size_t> PeekableSource::Read(char* buf, size_t n) {
  if (head_pos_ < head_.size()) {
    size_t k = std::min(n, head_.size() - head_pos_);
    std::memcpy(buf, head_.data() + head_pos_, k);
    head_pos_ += k;
    consumed_ += k;
    return k;
  }
  Result<size_t> got = inner_->Read(buf, n);
  if (got) consumed_ += *got;
  return got;
}

Result<std::string> ReadAll(ByteSource& in, uint64_t limit, std::string_view limit_name) {
  std::string out;
  char buf[1 << 16];
  while (true) {
    SITREP_ASSIGN_OR_RETURN(size_t got, in.Read(buf, sizeof buf));
    if (got == 0) break;
    if (out.size() + got > limit) {
      return TooLarge(in.path() + ": larger than " + std::to_string(limit) + " bytes (raise " +
                      std::string(limit_name) + ")");
    }
    out.append(buf, got);
  }
  return out;
}

}  // namespace sitrep::ingest
