#include "sitrep/engine.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <sys/stat.h>
#include <unistd.h>

#include "document/document_json.h"
#include "document/validate.h"
#include "extract/token_layer.h"
#include "lang/resources.h"
#include "pipeline/stages.h"

namespace sitrep {
namespace {
namespace fs = std::filesystem;

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sitrep_engine_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "sub" / "deeper");
    EngineOptions options;
    options.on_problem = [this](const Problem& p) { problems_.push_back(p); };
    auto engine = Engine::Create(options);
    ASSERT_TRUE(engine.has_value()) << engine.error().ToString();
    engine_ = std::move(*engine);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const fs::path& rel, const std::string& bytes) {
    std::ofstream(dir_ / rel, std::ios::binary) << bytes;
  }
  std::vector<Document> RunAll(const std::vector<std::string>& paths, IngestSummary* summary) {
    std::vector<Document> docs;
    Status st = engine_->Run(
        paths,
        [&](Document&& d) {
          docs.push_back(std::move(d));
          return Status::Ok();
        },
        summary);
    EXPECT_TRUE(st.ok()) << st.ToString();
    return docs;
  }

  // Each input run alone, in its own call: the documents as JSON, in order.
  std::vector<std::string> RunAloneJson(const std::vector<Engine::NamedBytes>& inputs) {
    std::vector<std::string> out;
    for (const Engine::NamedBytes& in : inputs) {
      Status st = engine_->RunBytes(in.path, in.bytes, [&](Document&& d) {
        out.push_back(document::ToJson(d));
        return Status::Ok();
      }, nullptr);
      EXPECT_TRUE(st.ok()) << st.ToString();
    }
    return out;
  }
  // All inputs in one call (the engine batches them): the documents as JSON, in order.
  std::vector<std::string> RunBatchedJson(const std::vector<Engine::NamedBytes>& inputs,
                                          IngestSummary* summary) {
    std::vector<std::string> out;
    Status st = engine_->RunBytes(inputs, [&](Document&& d) {
      out.push_back(document::ToJson(d));
      return Status::Ok();
    }, summary);
    EXPECT_TRUE(st.ok()) << st.ToString();
    return out;
  }

  fs::path dir_;
  std::unique_ptr<Engine> engine_;
  std::vector<Problem> problems_;
};

TEST_F(EngineTest, WalksFoldersRecursivelyInSortedOrder) {
  Write("b.txt", "Second title\n\nSecond body text.\n");
  Write("sub/deeper/a.txt", "Deep title\n\nDeep body text.\n");
  Write("sub/a.txt", "First title\n\nFirst body text.\n");
  IngestSummary summary;
  std::vector<Document> docs = RunAll({dir_.string()}, &summary);
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(summary.files, 3u);
  EXPECT_EQ(summary.read, 3u);
  EXPECT_EQ(summary.rejected, 0u);
  EXPECT_NE(docs[0].input.path.find("b.txt"), std::string::npos);
  EXPECT_NE(docs[1].input.path.find("sub/a.txt"), std::string::npos);
  EXPECT_NE(docs[2].input.path.find("sub/deeper/a.txt"), std::string::npos);
  for (const Document& d : docs) {
    EXPECT_TRUE(document::ValidateDocument(d).ok());
    EXPECT_EQ(d.id.size(), 33u);
  }
}

TEST_F(EngineTest, ProblemsAreReportedCountedAndTheRestIsRead) {
  Write("good.txt", "A title\n\nA body that is fine.\n");
  Write("empty.txt", "");
  IngestSummary summary;
  std::vector<Document> docs =
      RunAll({(dir_ / "good.txt").string(), (dir_ / "empty.txt").string(),
              (dir_ / "missing.txt").string()},
             &summary);
  EXPECT_EQ(docs.size(), 1u);
  EXPECT_EQ(summary.rejected, 2u);
  ASSERT_EQ(problems_.size(), 2u);
  EXPECT_NE(problems_[0].path.find("missing.txt"), std::string::npos);
  EXPECT_NE(problems_[1].path.find("empty.txt"), std::string::npos);
  EXPECT_NE(problems_[1].reason.find("empty"), std::string::npos) << problems_[1].reason;
}

TEST_F(EngineTest, RejectReasonsAreGroupedByKindNotByLine) {
  Write("feed.jsonl",
        "{\"title\":\"One\",\"text\":\"First good line of text.\"}\n"
        "{not json at all\n"
        "{\"title\":\"Two\",\"text\":\"Second good line of text.\"}\n"
        "[1, 2\n"
        "{\"title\":\"Three\",\"text\":\"Third good line of text.\"}\n");
  IngestSummary summary;
  std::vector<Document> docs = RunAll({(dir_ / "feed.jsonl").string()}, &summary);
  EXPECT_EQ(docs.size(), 3u);
  EXPECT_EQ(summary.rejected, 2u);
  ASSERT_EQ(problems_.size(), 2u);
  EXPECT_NE(problems_[0].reason.find("line 2"), std::string::npos) << problems_[0].reason;
  EXPECT_NE(problems_[1].reason.find("line 4"), std::string::npos) << problems_[1].reason;
  // Both bad lines count under one key, which names neither line.
  ASSERT_EQ(summary.rejected_by_reason.size(), 1u);
  EXPECT_EQ(summary.rejected_by_reason.begin()->second, 2u);
  EXPECT_EQ(summary.rejected_by_reason.begin()->first.find("line"), std::string::npos)
      << summary.rejected_by_reason.begin()->first;
}

TEST_F(EngineTest, SameTextGivesSameIdAcrossFiles) {
  Write("one.txt", "Same title\n\nSame body.\n");
  Write("two.txt", "Same title\n\nSame body.\n");
  IngestSummary summary;
  std::vector<Document> docs = RunAll({dir_.string()}, &summary);
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].id, docs[1].id);
}

// A one-sentence Russian post that CLD2 alone calls Bulgarian is still read: the cleaner gives
// the language detector the packs' languages, and the claim is found.
TEST_F(EngineTest, ShortRussianPostIsNotLostToACloseLanguage) {
  EngineOptions options;
  options.analyze = true;
  auto engine = Engine::Create(options);
  ASSERT_TRUE(engine.has_value()) << engine.error().ToString();
  std::vector<Document> docs;
  Status st = (*engine)->RunBytes(
      "post.txt", "Министерство здравоохранения объявило о 4 300 пострадавших.\n",
      [&](Document&& d) {
        docs.push_back(std::move(d));
        return Status::Ok();
      },
      nullptr);
  ASSERT_TRUE(st.ok()) << st.ToString();
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_NE(docs[0].language, "bg");
  ASSERT_EQ(docs[0].claims.size(), 1u) << docs[0].language;
  ASSERT_TRUE(docs[0].claims[0].value.has_value());
  EXPECT_EQ(docs[0].claims[0].value->min, 4300);
}

TEST_F(EngineTest, OversizedPageIsRejectedWithTheLimitNamed) {
  EngineOptions options;
  options.limits.max_document_bytes = 1000;
  options.on_problem = [this](const Problem& p) { problems_.push_back(p); };
  auto engine = Engine::Create(options);
  ASSERT_TRUE(engine.has_value());
  Write("big.txt", std::string(5000, 'a'));
  IngestSummary summary;
  Status st = (*engine)->Run({(dir_ / "big.txt").string()},
                             [](Document&&) { return Status::Ok(); }, &summary);
  EXPECT_TRUE(st.ok());
  EXPECT_EQ(summary.rejected, 1u);
  ASSERT_EQ(problems_.size(), 1u);
  EXPECT_NE(problems_[0].reason.find("--max-document-bytes"), std::string::npos)
      << problems_[0].reason;
}

TEST_F(EngineTest, SinkErrorStopsTheRun) {
  Write("a.txt", "T\n\nBody a.\n");
  Write("b.txt", "T\n\nBody b.\n");
  int calls = 0;
  Status st = engine_->Run({dir_.string()},
                           [&](Document&&) {
                             ++calls;
                             return IoError("disk full");
                           },
                           nullptr);
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(calls, 1);
}

// The engine runs the analysis stages stage-major over batches of documents. A document must
// come out exactly as when it is run alone, in input order, across batch boundaries (70
// documents: three batches), with a rejected record in the middle counted and skipped.
TEST_F(EngineTest, BatchedDocumentsMatchDocumentsRunAlone) {
  const char* const kCities[] = {"Almaty", "Lyon", "Bishkek", "Montréal", "Osaka"};
  std::vector<std::string> texts;
  for (int i = 0; i < 70; ++i) {
    std::string t = "Report " + std::to_string(i) + " from " + kCities[i % 5] + "\n\n";
    t += "Police said " + std::to_string(10 + i) + " protesters were detained in " +
         kCities[(i + 2) % 5] + " on March " + std::to_string(1 + i % 28) +
         ", 2025, and at least " + std::to_string(i % 7 + 2) + " officers were injured.\n";
    texts.push_back(std::move(t));
  }
  texts[33] = "";  // an empty input: a problem, not a document
  std::vector<Engine::NamedBytes> inputs;
  std::vector<std::string> names;
  for (size_t i = 0; i < texts.size(); ++i) names.push_back("doc" + std::to_string(i) + ".txt");
  for (size_t i = 0; i < texts.size(); ++i) inputs.push_back({names[i], texts[i]});

  std::vector<std::string> alone = RunAloneJson(inputs);
  problems_.clear();
  IngestSummary summary;
  std::vector<std::string> batched = RunBatchedJson(inputs, &summary);
  ASSERT_EQ(alone.size(), 69u);
  EXPECT_EQ(summary.read, 69u);
  EXPECT_EQ(summary.rejected, 1u);
  ASSERT_EQ(problems_.size(), 1u);
  EXPECT_EQ(problems_[0].path, "doc33.txt");
  ASSERT_EQ(batched.size(), alone.size());
  for (size_t i = 0; i < alone.size(); ++i) EXPECT_EQ(batched[i], alone[i]) << "document " << i;
  // Each document went through the stages: claims and places are there.
  EXPECT_NE(batched[40].find("\"claims\":[{"), std::string::npos) << batched[40].substr(0, 400);
}

// A sink error in the middle of a batch stops the run there: no document after it is handed
// over.
TEST_F(EngineTest, SinkErrorInsideABatchStopsThere) {
  std::vector<std::string> texts;
  for (int i = 0; i < 10; ++i) texts.push_back("Title " + std::to_string(i) + "\n\nBody.\n");
  std::vector<Engine::NamedBytes> inputs;
  for (const std::string& t : texts) inputs.push_back({"x.txt", t});
  int calls = 0;
  IngestSummary summary;
  Status st = engine_->RunBytes(inputs, [&](Document&&) {
    return ++calls == 4 ? IoError("disk full") : Status::Ok();
  }, &summary);
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(calls, 4);
}

}  // namespace
}  // namespace sitrep

namespace sitrep {
namespace {

TEST_F(EngineTest, FifosAndDanglingSymlinksAreReportedNotSkipped) {
  Write("ok.txt", "T\n\nA body.\n");
  ASSERT_EQ(::mkfifo((dir_ / "pipe").c_str(), 0600), 0);
  fs::create_symlink(dir_ / "nowhere.txt", dir_ / "dangling.txt");
  IngestSummary summary;
  std::vector<Document> docs = RunAll({dir_.string()}, &summary);
  EXPECT_EQ(docs.size(), 1u);
  EXPECT_EQ(summary.rejected, 2u);
  std::string reasons;
  for (const Problem& p : problems_) reasons += p.path + ": " + p.reason + "\n";
  EXPECT_NE(reasons.find("pipe: not a regular file (FIFO)"), std::string::npos) << reasons;
  EXPECT_NE(reasons.find("dangling.txt: not a regular file (dangling symlink)"), std::string::npos)
      << reasons;
}


// The engine hands each stage the document's token layer (extract/token_layer.h). A stage run
// with it must give what it gives alone, tokenizing every sentence itself: the sample articles
// and made-up pages of comments, related teasers and quotes, cleaned by the engine, then run
// through the stages both ways.
TEST_F(EngineTest, StagesGiveTheSameWithTheTokenLayer) {
  EngineOptions options;
  options.analyze = false;
  auto cleaner = Engine::Create(options);
  ASSERT_TRUE(cleaner.has_value()) << cleaner.error().ToString();
  std::vector<std::string> paths;
  for (const auto& e : fs::directory_iterator(fs::path(SITREP_SOURCE_DIR) / "examples/text")) {
    paths.push_back(e.path().string());
  }
  std::sort(paths.begin(), paths.end());
  Write("page.html",
        "<html><head><title>Clashes in Velmora</title></head><body><article><h1>Clashes in "
        "Velmora</h1><p>« Au moins 12 manifestants ont été interpellés », a déclaré jeudi le "
        "porte-parole de la police d’Aktobe ; 3 policiers ont été blessés.</p><p>Police said "
        "40 people were detained and two officers injured, according to the ministry.</p>"
        "</article><aside><h2>Related</h2><p>Around 300 protesters rallied in Tarn.</p></aside>"
        "<section class=\"comments\"><div class=\"comment\"><p>Ещё 5 человек задержаны "
        "— сообщил МВД.</p></div></section></body></html>");
  paths.push_back((dir_ / "page.html").string());
  std::vector<Document> docs;
  Status st = (*cleaner)->Run(paths, [&](Document&& d) {
    docs.push_back(std::move(d));
    return Status::Ok();
  }, nullptr);
  ASSERT_TRUE(st.ok()) << st.ToString();
  ASSERT_GE(docs.size(), 4u);
  auto resources = lang::Resources::Load("");
  ASSERT_TRUE(resources.has_value()) << resources.error().ToString();
  auto stages = pipeline::CreateStages(*resources);
  ASSERT_TRUE(stages.has_value()) << stages.error().ToString();
  extract::TokenLayer layer;
  size_t claims = 0, events = 0;
  for (const Document& cleaned : docs) {
    Document alone = cleaned, with_layer = cleaned;
    layer.Build(with_layer);
    EXPECT_FALSE(layer.empty()) << cleaned.input.path;
    for (const auto& stage : *stages) {
      stage->Run(alone);
      stage->RunWithLayer(with_layer, layer);
    }
    EXPECT_EQ(document::ToJson(with_layer), document::ToJson(alone)) << cleaned.input.path;
    claims += alone.claims.size();
    events += alone.events.size();
  }
  // The documents hold what the layer is read for.
  EXPECT_GT(claims, 20u);
  EXPECT_GT(events, 20u);
}


// The layers of one batch cover at most TokenLayer::kMaxTextBytes of text: larger documents and
// those past the budget are read without one. Their outputs are those of each document run alone.
TEST_F(EngineTest, DocumentsPastTheTokenLayerBudgetReadTheSame) {
  std::vector<std::string> texts;
  for (int d = 0; d < 3; ++d) {
    std::string t = "Long report " + std::to_string(d) + "\n\n";
    for (int i = 0; t.size() < extract::TokenLayer::kMaxTextBytes * 2 / 5; ++i) {
      t += "On March " + std::to_string(1 + i % 28) + ", police said " + std::to_string(i % 90 + 3) +
           " protesters were detained in Velmora, according to the ministry. ";
      if (i % 8 == 7) t += "\n\n";
    }
    texts.push_back(std::move(t));
  }
  const std::vector<std::string> names = {"long0.txt", "long1.txt", "long2.txt"};
  std::vector<Engine::NamedBytes> inputs;
  for (size_t i = 0; i < texts.size(); ++i) inputs.push_back({names[i], texts[i]});
  const std::vector<std::string> alone = RunAloneJson(inputs);
  const std::vector<std::string> batched = RunBatchedJson(inputs, nullptr);
  ASSERT_EQ(alone.size(), 3u);
  ASSERT_EQ(batched.size(), 3u);
  for (size_t i = 0; i < batched.size(); ++i) EXPECT_EQ(batched[i], alone[i]) << "document " << i;
  EXPECT_NE(batched[2].find("\"claims\":[{"), std::string::npos);
}

}  // namespace
}  // namespace sitrep
