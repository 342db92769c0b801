#include "report/markdown.h"

#include "report/escape.h"

namespace sitrep::report {
namespace {

std::string M(std::string_view s) { return MarkdownEscape(s); }

std::string Or(const std::optional<std::string>& s, std::string_view dflt) {
  return s ? *s : std::string(dflt);
}

std::string Entities(const std::vector<StoryEntity>& v) {
  std::string s;
  for (const StoryEntity& e : v) s += (s.empty() ? "" : ", ") + M(e.name) + " (" + std::to_string(e.documents) + ")";
  return s.empty() ? "-" : s;
}

}  // namespace

std::string RenderMarkdown(const ReportData& data, const std::string& title) {
  std::string out = "# " + M(title) + "\n";
  if (!data.others.empty()) {
    out += "\nThe " + std::to_string(data.stories.size()) + " largest stories in full; " +
           std::to_string(data.others.size()) + " more listed at the end.\n";
  }
  for (const StoryReport& sr : data.stories) {
    const Story& s = sr.story;
    out += "\n## " + M(s.title) + "\n\n";
    out += "- **Story:** `" + M(s.id) + "`\n";
    out += "- **Span:** " + M(Or(s.first_day, "?")) + " to " + M(Or(s.last_day, "?")) + "; " +
           std::to_string(s.documents.size()) + " documents from " +
           std::to_string(s.outlets.size()) + " outlets\n";
    out += "- **Places:** " + Entities(s.places) + "\n";
    out += "- **Actors:** " + Entities(s.actors) + "\n";
    if (!sr.events.empty()) {
      out += "\n### Events by day\n\n";
      for (const ReportEvent& e : sr.events) {
        std::string outlets;
        for (const auto& src : e.entry.sources) {
          outlets += (outlets.empty() ? "" : ", ") + M(src.outlet.value_or(src.doc.substr(0, 12))) +
                     (src.relay ? " (relay)" : "");
        }
        out += "- " + M(Or(e.entry.day, "undated")) + ": **" + M(Name(e.entry.type)) + "**" +
               (e.place_name ? " at " + M(*e.place_name) : "") + " \xE2\x80\x94 " + outlets + "\n";
      }
    }
    if (!sr.facts.empty()) {
      out += "\n### Figures\n\n| figure | status | estimate | reports |\n|---|---|---|---|\n";
      for (const connect::Fact& f : sr.facts) {
        std::string estimate = "-";
        if (auto e = f.estimate()) estimate = RangeText(e->min, e->max) + " " + connect::AsOfText(*e);
        out += "| " + M(std::string(Name(f.quantity)) + " / " + std::string(Name(f.group)) + " / " +
                        (f.place ? NameOf(data, f.place) : "(no place)")) +
               " | " + M(connect::Name(f.status)) + " | " + M(estimate) + " | " +
               std::to_string(f.reports.size()) + " |\n";
      }
    }
    if (!sr.outlets.empty()) {
      out += "\n### Sources\n\n";
      for (const OutletSummary& o : sr.outlets) {
        std::string line = o.name + ": " + std::to_string(o.documents) + " documents";
        for (const std::string& l : o.languages) line += ", " + l;
        if (!o.relays.empty()) {
          line += "; relays";
          for (const std::string& r : o.relays) line += " " + r;
        }
        for (const auto& [group, words] : o.labels) {
          line += "; " + group + ":";
          for (const std::string& w : words) line += " \"" + w + "\"";
        }
        out += "- " + M(line) + "\n";
      }
    }
    if (!sr.warnings.empty()) {
      out += "\n" + std::to_string(sr.warnings.size()) +
             " warnings (artefacts, unresolved dates): see the HTML report.\n";
    }
  }
  if (!data.others.empty()) {
    out += "\n## Other stories\n\n";
    for (const Story& s : data.others) {
      out += "- `" + M(s.id) + "` " + M(s.title) + " (" + M(Or(s.first_day, "?")) + " to " +
             M(Or(s.last_day, "?")) + ", " + std::to_string(s.documents.size()) + " documents)\n";
    }
  }
  return out;
}

}  // namespace sitrep::report
