// sitrep show ID: one stored document, readable (zones marked) or as JSON.
#include <cstdio>

#include "cli/commands.h"
#include "document/document_json.h"
#include "sitrep/store.h"

namespace sitrep::cli {

std::unique_ptr<Store> OpenStoreOrSay(const std::string& db) {
  Result<std::unique_ptr<Store>> store = Store::Open(db);
  if (!store) {
    std::fprintf(stderr, "sitrep: cannot open store %s: %s\n", Store::DisplayName(db).c_str(),
                 store.error().ToString().c_str());
    return nullptr;
  }
  return std::move(*store);
}

namespace {

void PrintReadable(const Document& d) {
  auto opt = [](const std::optional<std::string>& s) { return s ? s->c_str() : "-"; };
  std::printf("id:        %s\n", d.id.c_str());
  std::printf("input:     %s [%s]", d.input.path.c_str(), std::string(Name(d.input.format)).c_str());
  if (d.input.record) std::printf(" record %lld", static_cast<long long>(*d.input.record));
  std::printf("\ntitle:     %s\n", opt(d.title));
  std::printf("outlet:    %s   domain: %s   url: %s\n", opt(d.outlet), opt(d.domain), opt(d.url));
  std::printf("language:  %s   published: %s (%s)\n", d.language.c_str(), opt(d.published.value),
              std::string(Name(d.published.source)).c_str());
  for (const Provenance& p : d.provenance) {
    std::printf("provenance: %s outlet=%s url=%s translator=%s\n",
                std::string(Name(p.relation)).c_str(), opt(p.outlet), opt(p.url),
                opt(p.translator));
  }
  for (const Warning& w : d.warnings) {
    std::printf("warning:   %s [%u,%u) %s\n", w.code.c_str(), w.span.begin, w.span.end,
                w.message.c_str());
  }
  std::printf("\n");
  for (const Zone& z : d.zones) {
    std::string label(Name(z.kind));
    if (z.comment) {
      label += " #" + (z.comment->index ? std::to_string(*z.comment->index) : std::string("?"));
      label += " depth " + std::to_string(z.comment->depth);
      if (z.comment->score) label += " score " + std::to_string(*z.comment->score);
      if (z.comment->posted) label += " " + *z.comment->posted;
      if (z.comment->quoted_author) label += " quoting " + *z.comment->quoted_author;
    }
    std::printf("--- %s [%u,%u)\n", label.c_str(), z.span.begin, z.span.end);
    std::string_view s = d.Slice(z.span);
    std::fwrite(s.data(), 1, s.size(), stdout);
    std::printf("\n");
  }
}

}  // namespace

CommandFn RegisterShow(CLI::App& app, const GlobalOptions& global) {
  struct Args {
    std::string id;
    std::string db = "sitrep.db";
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "show",
      "Show one stored document: metadata, provenance, warnings, then each zone.\n"
      "ID may be a unique prefix of at least 6 characters.\nExample: sitrep show d3f2a1");
  cmd->add_option("id", args->id, "document id or unique prefix")->required();
  cmd->add_option("--db", args->db, "store: SQLite file or postgresql:// URL")->capture_default_str();
  cmd->add_flag("--json", args->json, "print the sitrep.document/1 JSON");
  return [args]() {
    auto store = OpenStoreOrSay(args->db);
    if (!store) return kExitStore;
    Result<Document> doc = store->Get(args->id);
    if (!doc) {
      std::fprintf(stderr, "sitrep: %s\n", doc.error().ToString().c_str());
      return doc.error().code() == StatusCode::kInvalidArgument ? kExitUsage : kExitNothing;
    }
    if (args->json) {
      std::printf("%s\n", document::ToJson(*doc).c_str());
    } else {
      PrintReadable(*doc);
    }
    return kExitOk;
  };
}

}  // namespace sitrep::cli
