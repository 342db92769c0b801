// sitrep engine: the one entry point of libsitrep.
//
// Usage:
//
//   sitrep::EngineOptions options;                    // defaults are sensible
//   auto engine = sitrep::Engine::Create(options);   // loads resources/; may fail
//   if (!engine) { report(engine.error()); return; }
//
//   sitrep::IngestSummary summary;
//   sitrep::Status s = (*engine)->Run(
//       {"news/", "feed.rss", "crawl.warc.gz"},
//       [&](sitrep::Document&& doc) { /* store it, print it */ return sitrep::Status::Ok(); },
//       &summary);
//   // summary.read, summary.rejected ... ; each rejected input also reached options.on_problem.
//
// Inputs are files or folders (walked recursively). Each file is sniffed for its format (text,
// HTML, JSON Lines, WARC / WARC.gz, RSS / Atom, Telegram export) and streamed record by record; a
// bad file or record is reported through `on_problem`, counted in the summary, and the run carries
// on. Run() returns a non-OK Status only when it cannot go on at all (the sink failed).
//
// Thread safety: an Engine is immutable after Create(); Run() and Analyze() may be called from
// several threads at once.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sitrep/document.h"
#include "sitrep/status.h"

namespace sitrep {

// Bounds on what hostile input may cost. Each limit is named in the message when hit.
struct Limits {
  uint64_t max_file_bytes = 512ull << 20;      // a single non-archive file (text, HTML, RSS, JSON)
  uint64_t max_document_bytes = 8ull << 20;    // one document's raw bytes (a page, a record body)
  uint64_t max_line_bytes = 16ull << 20;       // one JSON Lines line
  uint32_t max_html_depth = 512;               // deeper elements are flattened into their parent
  uint32_t max_json_depth = 128;               // JSON nesting
  uint64_t max_warc_record_bytes = 64ull << 20;  // one WARC record (decompressed)
  uint32_t max_zones = 20000;                  // zones per document
};

// One input (or record of an input) that could not be turned into a document.
struct Problem {
  std::string path;
  std::optional<int64_t> record;
  std::string reason;  // one line, human readable: "truncated gzip stream after 3 records"
  bool fatal_for_input = false;  // true when the rest of the file was skipped
};

struct Progress {
  uint64_t bytes_done = 0;
  uint64_t bytes_total = 0;  // 0 when unknown
  uint64_t documents = 0;
  std::string current;        // path being read
};

struct EngineOptions {
  // Folder holding resources/<lang>/; empty = search next to the binary and the source tree
  // (see docs/resources.md), or $SITREP_RESOURCES.
  std::string resources_dir;
  Limits limits;
  // false: stop after cleaning. Documents then carry text, zones, provenance, language and
  // published, and empty entities, places, times, events and claims (the cleaning path alone,
  // as measured by bench/html_bench and bench/text_bench).
  bool analyze = true;
  // Called for every rejected input or record, in order. May be empty.
  std::function<void(const Problem&)> on_problem;
  // Called now and then during Run(). May be empty. The library never writes to stdout.
  std::function<void(const Progress&)> on_progress;
};

struct IngestSummary {
  uint64_t files = 0;       // files opened
  uint64_t read = 0;        // documents produced by the readers
  uint64_t stored = 0;      // filled by the caller's sink (e.g. the store)
  uint64_t duplicates = 0;  // filled by the caller's sink
  uint64_t rejected = 0;    // inputs or records that produced no document
  uint64_t warnings = 0;    // warnings on produced documents
  std::map<std::string, uint64_t> rejected_by_reason;  // short reason key -> count
};

using DocumentSink = std::function<Status(Document&&)>;

class Engine {
 public:
  static Result<std::unique_ptr<Engine>> Create(const EngineOptions& options);
  ~Engine();
  Engine(const Engine&) = delete;             // owns compiled resources: never copied
  Engine& operator=(const Engine&) = delete;

  // Reads every path (files or folders, recursively), turns each record into a Document and
  // passes it to `sink`, in input order. Problems go to options.on_problem and into `summary`.
  // The analysis stages run over batches of up to 32 cleaned documents, stage by stage, so a
  // document reaches the sink after the problems of up to 31 records read after it.
  // Returns OK unless the sink returned an error (that error is returned, the run stops).
  Status Run(const std::vector<std::string>& paths, const DocumentSink& sink,
             IngestSummary* summary) const;

  // Cleans one in-memory input as if read from `path` (format sniffed from the bytes).
  // Used by tests, fuzzers and benchmarks.
  Status RunBytes(std::string_view path, std::string_view bytes, const DocumentSink& sink,
                  IngestSummary* summary) const;

  // Several in-memory inputs in one run, as Run() reads several files: the analysis stages then
  // run over batches of documents (see Run). Used by benchmarks and tests.
  struct NamedBytes {
    std::string_view path;
    std::string_view bytes;
  };
  Status RunBytes(const std::vector<NamedBytes>& inputs, const DocumentSink& sink,
                  IngestSummary* summary) const;

  const EngineOptions& options() const;

 private:
  struct Impl;
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sitrep
