// Status and Result<T>: how sitrep reports operational failures.
//
// sitrep never throws across its library boundary. A function that can fail for reasons outside
// the program (a missing file, a malformed resource, a SQLite error, a bad option) returns a
// Status, or a Result<T> when it also produces a value. Problems *inside a document's content*
// (bad encoding, a garbled number) are not errors at all: they become Warning annotations on the
// Document (see document.h).
//
// Thread safety: Status and Result are values; distinct objects may be used from distinct threads.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace sitrep {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // a bad option or parameter given by the caller
  kNotFound,         // a file, document or resource that does not exist
  kIoError,          // reading or writing failed
  kCorrupt,          // input or stored data that cannot be parsed
  kTooLarge,         // a configured size or nesting limit was hit; the message names the limit
  kUnsupported,      // a format or feature sitrep does not handle
  kInternal,         // a bug: please report it
};

// Name of a code as printed in messages ("invalid argument", ...).
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "not found: resources/fr/months.tsv" or "ok".
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
inline Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
inline Status Corrupt(std::string m) { return {StatusCode::kCorrupt, std::move(m)}; }
inline Status TooLarge(std::string m) { return {StatusCode::kTooLarge, std::move(m)}; }
inline Status Unsupported(std::string m) { return {StatusCode::kUnsupported, std::move(m)}; }
inline Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

// Result<T>: a T or a non-OK Status. Shaped like C++23 std::expected so a later move is a rename.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT: implicit on purpose
  Result(Status status) : v_(std::move(status)) {}   // NOLINT: REQUIRES: !status.ok()

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  // The error; OK when a value is held.
  Status error() const { return has_value() ? Status() : std::get<1>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace sitrep

#define SITREP_CONCAT_INNER_(a, b) a##b
#define SITREP_CONCAT_(a, b) SITREP_CONCAT_INNER_(a, b)

#define SITREP_RETURN_IF_ERROR(expr)             \
  do {                                           \
    ::sitrep::Status sitrep_status_ = (expr);    \
    if (!sitrep_status_.ok()) return sitrep_status_; \
  } while (0)

#define SITREP_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.has_value()) return tmp.error();           \
  lhs = std::move(tmp).value()

#define SITREP_ASSIGN_OR_RETURN(lhs, expr) \
  SITREP_ASSIGN_OR_RETURN_IMPL_(SITREP_CONCAT_(sitrep_result_, __LINE__), lhs, expr)

// Bugs only: never for anything input can trigger.
#define SITREP_CHECK(cond, msg)                                            \
  do {                                                                     \
    if (!(cond)) ::sitrep::internal::CheckFailed(__FILE__, __LINE__, #cond, msg); \
  } while (0)

namespace sitrep::internal {
[[noreturn]] void CheckFailed(const char* file, int line, const char* cond, const char* msg);
}
