#include "lang/language_id.h"

#include <gtest/gtest.h>

#include <string>

namespace sitrep::lang {
namespace {

// Invented paragraphs, longer than the first half kilobyte CLD2 reads.
std::string FrenchProse() {
  return "Les habitants du quartier nord ont passé la nuit dehors après la coupure du gaz, "
         "et la mairie a ouvert deux gymnases pour accueillir les familles avec des enfants. "
         "Selon les pompiers, la fuite venait d'une conduite ancienne que personne n'avait "
         "inspectée depuis des années. Le maire a promis une enquête et des indemnités, mais "
         "beaucoup de voisins doutent que les travaux commencent avant l'hiver prochain.\n"
         "Au marché couvert, les commerçants racontent une journée étrange : peu de clients, "
         "des rumeurs sur une explosion, puis le retour progressif du calme dans l'après-midi. "
         "Une boulangère explique qu'elle a fermé plus tôt pour aller chercher sa mère, qui "
         "habite à deux rues de la conduite endommagée. Les écoles resteront fermées demain.\n"
         "La préfecture indique que les contrôles se poursuivront toute la semaine dans les "
         "immeubles voisins, et qu'aucun blessé grave n'a été signalé jusqu'à présent. Les "
         "associations de locataires demandent depuis longtemps la rénovation du réseau et "
         "rappellent qu'une pétition avait réuni plusieurs centaines de signatures l'an dernier. "
         "Le conseil municipal doit se réunir jeudi soir pour voter un budget d'urgence.\n"
         "Dans les cafés, on parle surtout de la facture : qui paiera les nuits d'hôtel, les "
         "repas, les journées de travail perdues ? Un avocat du quartier propose une réunion "
         "publique samedi matin pour expliquer les démarches aux habitants concernés. Les plus "
         "âgés se souviennent d'un accident semblable, il y a trente ans, sur la même avenue.\n"
         "Les techniciens de la compagnie du gaz travaillent par équipes de quatre, jour et "
         "nuit, pour remplacer la section de tuyau fissurée. Ils espèrent rétablir le service "
         "dans les trois jours si la météo reste clémente et si aucune autre fuite n'apparaît.\n";
}

std::string RussianProse() {
  return "Жители северного района провели ночь на улице после отключения газа, и мэрия "
         "открыла два спортивных зала для семей с детьми. По словам пожарных, утечка "
         "произошла из старой трубы, которую никто не проверял много лет. Мэр пообещал "
         "расследование и компенсации, но многие соседи сомневаются, что ремонт начнётся "
         "до следующей зимы.\n"
         "На крытом рынке торговцы рассказывают о странном дне: мало покупателей, слухи о "
         "взрыве, а потом постепенное возвращение спокойствия во второй половине дня. "
         "Продавщица хлеба объясняет, что закрылась раньше, чтобы забрать мать, которая "
         "живёт в двух улицах от повреждённой трубы. Школы завтра будут закрыты.\n"
         "Префектура сообщает, что проверки в соседних домах продолжатся всю неделю и что "
         "о тяжело пострадавших пока не известно. Объединения жильцов давно требуют "
         "обновления сети и напоминают, что в прошлом году петицию подписали несколько "
         "сотен человек.\n";
}

Document BodyDocument(const std::string& body) {
  Document doc;
  doc.text = body;
  doc.zones.push_back({ZoneKind::kBody, {0, static_cast<uint32_t>(body.size())}, std::nullopt});
  return doc;
}

TEST(DetectLanguageTest, LongSingleLanguagePages) {
  ASSERT_GT(FrenchProse().size(), 1024u);
  ASSERT_GT(RussianProse().size(), 1024u);
  EXPECT_EQ(DetectDocumentLanguage(BodyDocument(FrenchProse())), "fr");
  EXPECT_EQ(DetectDocumentLanguage(BodyDocument(RussianProse())), "ru");
  EXPECT_EQ(DetectLanguage(FrenchProse()), "fr");
}

TEST(DetectLanguageTest, EmptyAndLetterlessTextIsUnknown) {
  EXPECT_EQ(DetectLanguage(""), "und");
  EXPECT_EQ(DetectLanguage("12 345 | 678 -- 2025-03-14 10:20"), "und");
}

// CLD2 first reads about half a kilobyte. When that says nothing reliable (here: a table of
// figures and codes with no words), the longer sample decides, as it did before the short read.
TEST(DetectLanguageTest, UnreliableStartFallsBackToTheLongerSample) {
  std::string figures;
  for (int i = 0; figures.size() < 1300; ++i) {
    figures += std::to_string(1000 + i * 37) + " | " + std::to_string(i % 7) + "." +
               std::to_string(i % 10) + " | " + std::to_string(20 + i) + "/03\n";
  }
  std::string body = figures + FrenchProse();
  EXPECT_EQ(DetectLanguage(figures), "und");
  EXPECT_EQ(DetectDocumentLanguage(BodyDocument(body)), "fr");
}

// The glance (the first and last eighth of a kilobyte of the half kilobyte) decides alone only
// when it is nearly all one language: an English quote of 200 bytes opening a French article
// leaves the call to the half kilobyte, which is mostly French. A glance at the first quarter
// kilobyte said English here.
TEST(DetectLanguageTest, AMixedOpeningIsNotDecidedByTheGlance) {
  const std::string quote =
      "\"We are not going to leave this square until every one of our demands has been met by "
      "the government, whatever the weather and however many police officers they send,\" one "
      "of the organisers said.\n";
  ASSERT_GT(quote.size(), 180u);
  ASSERT_LT(quote.size(), 256u);
  const std::vector<std::string> kRead = {"fr", "en", "ru"};
  EXPECT_EQ(DetectLanguage(quote, {}, kRead), "en");
  EXPECT_EQ(DetectDocumentLanguage(BodyDocument(quote + FrenchProse()), {}, kRead), "fr");
  EXPECT_EQ(DetectDocumentLanguage(BodyDocument(FrenchProse()), {}, kRead), "fr");
  EXPECT_EQ(DetectDocumentLanguage(BodyDocument(RussianProse()), {}, kRead), "ru");
}

// Only body zones are read; the title only when the body is too short to say anything.
TEST(DetectLanguageTest, ReadsBodyZonesNotComments) {
  std::string french = FrenchProse();
  std::string russian = RussianProse();
  Document doc;
  doc.text = russian + "\n\n" + french;
  doc.zones.push_back({ZoneKind::kComment, {0, static_cast<uint32_t>(russian.size())},
                       CommentInfo{}});
  doc.zones.push_back({ZoneKind::kBody,
                       {static_cast<uint32_t>(russian.size() + 2),
                        static_cast<uint32_t>(doc.text.size())},
                       std::nullopt});
  EXPECT_EQ(DetectDocumentLanguage(doc), "fr");
}

// A short Russian sentence that CLD2 alone takes for Bulgarian is asked again with the packs'
// languages as a prior: no longer Bulgarian (so every pack reads it). A real Bulgarian or
// Serbian sentence keeps its language, and so does a read language's text.
TEST(DetectLanguageTest, ShortTextOfAReadLanguageIsNotTakenForACloseOne) {
  const std::vector<std::string> kRead = {"fr", "en", "ru"};
  const std::string russian = "Министерство здравоохранения объявило о 4 300 пострадавших.";
  ASSERT_EQ(DetectLanguage(russian), "bg");  // what CLD2 says alone: the case this is for
  const std::string again = DetectLanguage(russian, {}, kRead);
  EXPECT_TRUE(again == "ru" || again == "und") << again;
  EXPECT_EQ(DetectLanguage("Полицията задържа 40 души в София.", {}, kRead), "bg");
  EXPECT_EQ(DetectLanguage("Влада је прогласила ванредно стање.", {}, kRead), "sr");
  EXPECT_EQ(DetectLanguage("Полиция задержала 40 человек.", {}, kRead), "ru");
  EXPECT_EQ(DetectLanguage(FrenchProse(), {}, kRead), "fr");
}

}  // namespace
}  // namespace sitrep::lang
