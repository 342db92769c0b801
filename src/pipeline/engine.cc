#include "sitrep/engine.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "clean/cleaner.h"
#include "document/validate.h"
#include "extract/token_layer.h"
#include "ingest/reader.h"
#include "lang/resources.h"
#include "pipeline/stages.h"

namespace sitrep {
namespace fs = std::filesystem;
namespace {

constexpr size_t kSniffBytes = 64 * 1024;

// Why a folder entry that is neither a file nor a folder is not read. Never silently skipped.
std::string NotRegularReason(const fs::directory_entry& e) {
  std::error_code ec;
  if (e.is_symlink(ec) && !fs::exists(e.path(), ec)) return "not a regular file (dangling symlink)";
  if (e.is_fifo(ec)) return "not a regular file (FIFO)";
  if (e.is_socket(ec)) return "not a regular file (socket)";
  if (e.is_block_file(ec) || e.is_character_file(ec)) return "not a regular file (device)";
  return "not a regular file";
}

// Why a file met while walking a folder is not news: hidden files, documentation and source or
// build files kept beside a corpus (a README, a script, a template). Named on the command line,
// the same file is read. Never silent: the caller reports the reason.
std::string NotNewsReason(const fs::path& path) {
  const std::string name = path.filename().string();
  if (!name.empty() && name[0] == '.') return "skipped in a folder: hidden file (name it to read it)";
  std::string ext = path.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static const char* const kNotNews[] = {".md", ".sh", ".in", ".py", ".js", ".mjs", ".c",
                                         ".cc", ".h", ".cmake", ".lock", ".sqlite", ".db",
                                         ".db-wal", ".db-shm"};
  for (const char* e : kNotNews) {
    if (ext == e) return "skipped in a folder: " + ext + " is documentation, code or a store, not news (name the file to read it)";
  }
  return "";
}

// Expands files and folders into a sorted list of files; folders are walked recursively
// (symlinked folders are not followed, so a loop cannot trap us). Unreadable folders are
// problems, not errors.
void ExpandPaths(const std::vector<std::string>& paths, std::vector<std::string>* files,
                 const std::function<void(Problem&&)>& problem) {
  for (const std::string& p : paths) {
    std::error_code ec;
    fs::file_status st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
      std::error_code lec;
      bool dangling = fs::is_symlink(fs::symlink_status(p, lec));
      problem({p, std::nullopt, dangling ? "not a regular file (dangling symlink)"
                                         : "no such file or folder", true});
      continue;
    }
    if (fs::is_regular_file(st)) {
      files->push_back(p);
      continue;
    }
    if (!fs::is_directory(st)) {
      problem({p, std::nullopt, NotRegularReason(fs::directory_entry(p, ec)), true});
      continue;
    }
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(p, fs::directory_options::none, ec), end;
    if (ec) {
      problem({p, std::nullopt, "cannot read folder: " + ec.message(), true});
      continue;
    }
    for (; it != end; it.increment(ec)) {
      if (ec) {
        problem({it->path().string(), std::nullopt, "cannot read folder: " + ec.message(), true});
        ec.clear();
        continue;
      }
      std::error_code fec;
      if (it->is_regular_file(fec)) {
        if (std::string why = NotNewsReason(it->path()); !why.empty()) {
          problem({it->path().string(), std::nullopt, why, true});
          continue;
        }
        found.push_back(it->path().string());
      } else if (!it->is_directory(fec)) {
        problem({it->path().string(), std::nullopt, NotRegularReason(*it), true});
      }
    }
    std::sort(found.begin(), found.end());
    files->insert(files->end(), found.begin(), found.end());
  }
}

// The kind of a reason, for the summary's "rejected by reason" table: the text before the first
// ':' or '(', after a leading "line N: " / "record N: " locator, with numbers replaced by "N" so
// "line 3: bad JSON" and "line 9: bad JSON" count together.
std::string ReasonKey(const std::string& reason) {
  std::string_view r = reason;
  for (std::string_view locator : {"line ", "record "}) {
    if (r.substr(0, locator.size()) != locator) continue;
    size_t i = locator.size();
    while (i < r.size() && r[i] >= '0' && r[i] <= '9') ++i;
    if (i > locator.size() && i + 1 < r.size() && r[i] == ':' && r[i + 1] == ' ') r.remove_prefix(i + 2);
    break;
  }
  r = r.substr(0, r.find_first_of(":("));
  std::string key;
  for (size_t i = 0; i < r.size(); ++i) {
    if (r[i] >= '0' && r[i] <= '9') {
      if (key.empty() || key.back() != 'N') key += 'N';
      while (i + 1 < r.size() && ((r[i + 1] >= '0' && r[i + 1] <= '9') || r[i + 1] == ',')) ++i;
    } else {
      key += r[i];
    }
  }
  while (!key.empty() && key.back() == ' ') key.pop_back();
  return key.empty() ? "unknown" : key;
}

}  // namespace

// A web page in which the extractor found no article and the zoner no body or comment: storing
// it would add menus and cookie notices to the corpus, so it is reported instead.
bool IsFurnitureOnly(const Document& doc) {
  bool no_article = false;
  for (const Warning& w : doc.warnings) no_article = no_article || w.code == "no_article";
  if (!no_article) return false;
  for (const Zone& z : doc.zones) {
    if (z.kind == ZoneKind::kBody || z.kind == ZoneKind::kComment) return false;
  }
  return true;
}

// Cleaned documents waiting for the analysis stages. The stages run stage-major over a batch
// (every document through times, then every document through entities, ...): each stage's code
// and tables then stay warm in the caches and the branch predictor from one document to the
// next, instead of being evicted by the cleaner and the three other stages in between
// (docs/ARCHITECTURE.md, "stage-major batches"). Documents reach the sink in input order; only
// their interleaving with on_problem calls changes. Bounded by documents and by text bytes, so a
// batch of large pages holds little more memory than one page.
struct Batch {
  static constexpr size_t kMaxDocuments = 32;
  static constexpr size_t kMaxTextBytes = 4u << 20;
  std::vector<Document> docs;
  // docs[i]'s word tokens for the stages (extract/token_layer.h), built in Flush; kept between
  // batches for their buffers.
  std::vector<extract::TokenLayer> layers;
  size_t text_bytes = 0;
  bool Full() const { return docs.size() >= kMaxDocuments || text_bytes >= kMaxTextBytes; }
};

struct Engine::Impl {
  EngineOptions options;
  lang::Resources resources;
  std::unique_ptr<clean::Cleaner> cleaner;
  std::vector<std::unique_ptr<pipeline::Stage>> stages;

  Status RunSource(std::unique_ptr<ingest::ByteSource> raw, const DocumentSink& sink,
                   IngestSummary* summary, uint64_t* bytes_before, uint64_t bytes_total,
                   Batch* batch) const;
  // Runs the stages over the batch, stage by stage, then hands its documents to the sink in
  // order and empties it. Stops at the first sink error (returned).
  Status Flush(Batch* batch, const DocumentSink& sink, IngestSummary* summary) const;
  void Report(Problem&& p, IngestSummary* summary) const {
    ++summary->rejected;
    ++summary->rejected_by_reason[ReasonKey(p.reason)];
    if (options.on_problem) options.on_problem(p);
  }
};

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;
const EngineOptions& Engine::options() const { return impl_->options; }

Result<std::unique_ptr<Engine>> Engine::Create(const EngineOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  SITREP_ASSIGN_OR_RETURN(impl->resources, lang::Resources::Load(options.resources_dir));
  SITREP_ASSIGN_OR_RETURN(impl->cleaner, clean::Cleaner::Create(impl->resources, options.limits));
  if (options.analyze) {
    SITREP_ASSIGN_OR_RETURN(impl->stages, pipeline::CreateStages(impl->resources));
  }
  return std::unique_ptr<Engine>(new Engine(std::move(impl)));
}

Status Engine::Impl::Flush(Batch* batch, const DocumentSink& sink, IngestSummary* summary) const {
  // Each document tokenized once for the stages that read the claim tokenizer's tokens. The
  // layers of a batch cover at most TokenLayer::kMaxTextBytes of text in all (tokens take some
  // 50 bytes per byte of text at worst, a page of punctuation): the documents past that budget
  // get none, and their stages tokenize sentence by sentence as without a layer.
  if (batch->layers.size() < batch->docs.size()) batch->layers.resize(batch->docs.size());
  size_t layered_bytes = 0;
  for (size_t i = 0; i < batch->docs.size(); ++i) {
    const size_t bytes = batch->docs[i].text.size();
    if (stages.empty() || layered_bytes + bytes > extract::TokenLayer::kMaxTextBytes) {
      batch->layers[i].Clear();
    } else {
      batch->layers[i].Build(batch->docs[i]);
      layered_bytes += bytes;
    }
  }
  for (const auto& stage : stages) {
    for (size_t i = 0; i < batch->docs.size(); ++i) {
      Document& doc = batch->docs[i];
      stage->RunWithLayer(doc, batch->layers[i]);
#ifndef NDEBUG
      Status valid = document::ValidateDocument(doc);
      if (!valid.ok()) {
        std::fprintf(stderr, "sitrep: stage %s broke an invariant on %s: %s\n",
                     std::string(stage->name()).c_str(), doc.input.path.c_str(),
                     valid.ToString().c_str());
        std::abort();
      }
#endif
    }
  }
  Status status;
  for (Document& doc : batch->docs) {
    ++summary->read;
    summary->warnings += doc.warnings.size();
    status = sink(std::move(doc));
    if (!status.ok()) break;
  }
  batch->docs.clear();
  batch->text_bytes = 0;
  return status;
}

Status Engine::Impl::RunSource(std::unique_ptr<ingest::ByteSource> raw, const DocumentSink& sink,
                               IngestSummary* summary, uint64_t* bytes_before,
                               uint64_t bytes_total, Batch* batch) const {
  const std::string path = raw->path();
  ++summary->files;
  ingest::PeekableSource in(std::move(raw));
  Result<std::string_view> head = in.Peek(kSniffBytes);
  if (!head) {
    Report({path, std::nullopt, head.error().message(), true}, summary);
    return Status::Ok();
  }
  Result<InputFormat> format = ingest::SniffFormat(path, *head);
  if (!format) {
    Report({path, std::nullopt, format.error().message(), true}, summary);
    return Status::Ok();
  }
  const ingest::Reader* reader = ingest::ReaderFor(*format);
  if (reader == nullptr) {
    Report({path, std::nullopt,
            "unsupported: no reader for format " + std::string(Name(*format)), true},
           summary);
    return Status::Ok();
  }
  Status sink_status;
  uint64_t docs_here = 0;
  ingest::RecordSink rs;
  rs.on_record = [&](ingest::RawRecord&& rec) {
    if (!sink_status.ok()) return;
    Document doc = cleaner->Run(std::move(rec), path);
    SITREP_CHECK(document::ValidateDocument(doc).ok(), "cleaner produced an invalid document");
    if (IsFurnitureOnly(doc)) {
      Report(Problem{path, doc.input.record,
                     "no article text (the page holds only navigation, notices and links)",
                     false},
             summary);
      return;
    }
    ++docs_here;
    batch->text_bytes += doc.text.size();
    batch->docs.push_back(std::move(doc));
    if (stages.empty() || batch->Full()) sink_status = Flush(batch, sink, summary);
    if (options.on_progress && (docs_here % 64 == 0)) {
      options.on_progress({*bytes_before + in.consumed(), bytes_total, summary->read, path});
    }
  };
  rs.on_problem = [&](Problem&& p) {
    if (p.path.empty()) p.path = path;
    Report(std::move(p), summary);
  };
  Status st = reader->Read(in, options.limits, rs);
  if (!sink_status.ok()) return sink_status;
  if (!st.ok()) {
    std::string reason = st.message();
    // Messages from sources start with the path already; do not repeat it.
    if (reason.rfind(path + ": ", 0) == 0) reason = reason.substr(path.size() + 2);
    Report({path, std::nullopt, reason, true}, summary);
  }
  *bytes_before += in.size_hint() ? in.size_hint() : in.consumed();
  if (options.on_progress) options.on_progress({*bytes_before, bytes_total, summary->read, path});
  return Status::Ok();
}

Status Engine::Run(const std::vector<std::string>& paths, const DocumentSink& sink,
                   IngestSummary* summary) const {
  IngestSummary local;
  if (summary == nullptr) summary = &local;
  std::vector<std::string> files;
  ExpandPaths(paths, &files, [&](Problem&& p) { impl_->Report(std::move(p), summary); });
  uint64_t total = 0;
  for (const std::string& f : files) {
    std::error_code ec;
    uint64_t sz = fs::file_size(f, ec);
    if (!ec) total += sz;
  }
  uint64_t done = 0;
  Batch batch;
  for (const std::string& f : files) {
    Result<std::unique_ptr<ingest::ByteSource>> src = ingest::OpenFile(f);
    if (!src) {
      std::string reason = src.error().message();
      if (reason.rfind(f + ": ", 0) == 0) reason = reason.substr(f.size() + 2);
      ++summary->files;
      impl_->Report({f, std::nullopt, reason, true}, summary);
      continue;
    }
    SITREP_RETURN_IF_ERROR(impl_->RunSource(std::move(*src), sink, summary, &done, total, &batch));
  }
  return impl_->Flush(&batch, sink, summary);
}

Status Engine::RunBytes(std::string_view path, std::string_view bytes, const DocumentSink& sink,
                        IngestSummary* summary) const {
  return RunBytes(std::vector<NamedBytes>{{path, bytes}}, sink, summary);
}

Status Engine::RunBytes(const std::vector<NamedBytes>& inputs, const DocumentSink& sink,
                        IngestSummary* summary) const {
  IngestSummary local;
  if (summary == nullptr) summary = &local;
  uint64_t total = 0, done = 0;
  for (const NamedBytes& in : inputs) total += in.bytes.size();
  Batch batch;
  for (const NamedBytes& in : inputs) {
    SITREP_RETURN_IF_ERROR(impl_->RunSource(ingest::MemorySource(std::string(in.path), in.bytes),
                                            sink, summary, &done, total, &batch));
  }
  return impl_->Flush(&batch, sink, summary);
}

}  // namespace sitrep
