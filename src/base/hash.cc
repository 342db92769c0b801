#include "base/hash.h"

#include <openssl/evp.h>

namespace sitrep::base {

namespace {

// OpenSSL 3 looks EVP_sha256() up in its provider tables on every EVP_Digest call (locks, a hash
// lookup): several times the cost of hashing a 4 KB page with SHA-NI. Fetched once instead; the
// static is initialised thread-safely and never freed. EVP_sha256() remains the fallback.
const EVP_MD* Sha256() {
  static const EVP_MD* const md = [] {
    const EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return fetched != nullptr ? fetched : EVP_sha256();
  }();
  return md;
}

}  // namespace

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &len, Sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

std::string ContentId(std::string_view text) { return "d" + Sha256Hex(text).substr(0, 32); }

}  // namespace sitrep::base
