#include "extract/entities.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cctype>
#include <cstring>
#include <deque>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "base/utf8.h"
#include "extract/geocode.h"
#include "extract/utf8_fast.h"

namespace sitrep::extract {
namespace {

enum class MentionKind { kKnown, kPlace, kRun };

const std::vector<std::string> kNoVariants;

// What the scanner knows about one distinct word (surface bytes). Words repeat (Zipf), so each
// distinct word is transliterated, folded and looked up once per thread (DocCache): this
// is most of the stage's speed (issue 3, item 4).
struct WordInfo {
  std::string ascii;   // NameToken::ascii (empty: too long to be a name)
  std::string key;     // FoldAscii(ascii)
  bool upper_initial = false, all_caps = false, cyrillic = false, has_digit = false;
  uint8_t bits = 0;                      // EntityLexicon::WordBits
  bool name_word = false;                // IsNameWord: capitalised, not a stop word or title
  const std::string* demonym = nullptr;  // ISO country of a demonym
  // Case endings undone (Казахстане -> kazahstan): ASCII and folded. Filled on first use.
  bool variants_done = false;
  std::unique_ptr<std::vector<std::string>[]> variants;  // [0] ascii, [1] folded; null if none
  // The one-word lookup (MatchAt with len 1), filled on first use.
  bool single_done = false;
  bool single_found = false;
  MentionKind single_kind = MentionKind::kRun;
  int8_t single_variant = -1;  // key used: -1 `key`, else index into the folded variants
  uint32_t single_known = 0;
  std::span<const uint32_t> single_places;
  uint8_t single_stops_run = 0;  // StopsRun of the one-word match: 0 not asked, 1 no, 2 yes

  bool has(uint8_t bit) const { return (bits & bit) != 0; }
  const std::vector<std::string>& variants_ascii() const {
    return variants ? variants[0] : kNoVariants;
  }
  const std::vector<std::string>& variant_keys() const {
    return variants ? variants[1] : kNoVariants;
  }
};

// Per-token flags copied from a word's WordInfo into its slot and token, so that the scan reads
// most tokens (lower-case words) without touching their WordInfo (a cache miss each).
enum TokenFlags : uint8_t { kUpperInitial = 1, kHasAscii = 2, kNameWord = 4, kDemonym = 8 };

// Words by their surface bytes: open addressing over 32-byte slots that hold the first 16 bytes
// of the surface, its length, a hash tag, the word's flags and its entry. Entries live in a
// deque so that their addresses stay valid while words are added. A word of up to 16 bytes (most
// of them) is recognised from its slot alone: one cache miss per token, not two. (A
// std::unordered_map with a string_view hash did not keep hash codes and compared every key of a
// bucket chain: it was the largest cost of the stage on short articles.)
class WordTable {
 public:
  struct Entry {
    std::string surface;
    WordInfo info;
  };
  struct Slot {
    char head[16];          // first 16 bytes of the surface, zero-padded
    Entry* entry;           // null: empty slot
    uint32_t tag;           // hash >> 32
    uint16_t size;          // surface size, capped at 0xFFFF
    uint8_t bits, flags;    // EntityLexicon::WordBits and TokenFlags (set by the caller)
  };
  static_assert(sizeof(Slot) == 32);

  // What FindOrAdd wants for a surface: its first 16 bytes (zero-padded) and its hash.
  struct Key {
    char head[16];
    uint64_t hash;
  };
  // `limit`, when given, is the end of the buffer `surface` lies in: the 16 bytes from its
  // start may then be read at once.
  static Key KeyOf(std::string_view surface, const char* limit = nullptr) {
    Key k;
    Head(surface, k.head, limit);
    k.hash = Hash(k.head, surface);
    return k;
  }
  // Asks the CPU to load the slot where a word of hash `h` is looked for first: the scanner
  // hashes a zone's tokens ahead, so that the table's cache misses overlap instead of adding up.
  void Prefetch(uint64_t h) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[size_t(h) & mask_]);
  }
  // The word's slot, added (with `added` set, flags zero) when missing; key = KeyOf(surface).
  // Valid until the next FindOrAdd.
  Slot* FindOrAdd(std::string_view surface, const Key& key, bool* added) {
    if (2 * (count_ + 1) > slots_.size()) Grow();
    const char* const head = key.head;
    const uint64_t h = key.hash;
    uint64_t head_a, head_b;
    std::memcpy(&head_a, head, 8);
    std::memcpy(&head_b, head + 8, 8);
    const uint32_t tag = uint32_t(h >> 32);
    const uint16_t size = uint16_t(std::min<size_t>(surface.size(), 0xFFFF));
    for (size_t i = size_t(h) & mask_;; i = (i + 1) & mask_) {
      Slot& slot = slots_[i];
      if (slot.entry == nullptr) {
        entries_.emplace_back();
        ++count_;
        entries_.back().surface.assign(surface);
        std::memcpy(slot.head, head, sizeof slot.head);
        slot.entry = &entries_.back();
        slot.tag = tag;
        slot.size = size;
        slot.bits = slot.flags = 0;
        *added = true;
        return &slot;
      }
      if (slot.tag == tag && slot.size == size && SameHead(slot, head_a, head_b) &&
          (surface.size() <= sizeof slot.head || slot.entry->surface == surface)) {
        *added = false;
        return &slot;
      }
    }
  }
  size_t size() const { return count_; }
  void clear() {  // releases the memory (a hostile page may have grown the table far)
    entries_ = std::deque<Entry>();
    count_ = 0;
    slots_ = std::vector<Slot>();
    mask_ = 0;
  }

 private:
  // slot.head == the 16 bytes (a, b), as two loads instead of a call to memcmp.
  static bool SameHead(const Slot& slot, uint64_t a, uint64_t b) {
    uint64_t x, y;
    std::memcpy(&x, slot.head, 8);
    std::memcpy(&y, slot.head + 8, 8);
    return ((x ^ a) | (y ^ b)) == 0;
  }
  static void Head(std::string_view s, char head[16], const char* limit) {
    if (s.size() >= 16) {
      std::memcpy(head, s.data(), 16);
      return;
    }
    if constexpr (std::endian::native == std::endian::little) {
      // Most words are short: load 16 bytes of the buffer and clear those past the word,
      // instead of copying byte by byte.
      if (limit != nullptr && limit - s.data() >= 16) {
        uint64_t a, b;
        std::memcpy(&a, s.data(), 8);
        std::memcpy(&b, s.data() + 8, 8);
        const size_t n = s.size();  // 1..15: every shift below is 0..56 bits
        if (n >= 8) {
          b &= (uint64_t(1) << (8 * (n - 8))) - 1;
        } else {
          a &= (uint64_t(1) << (8 * n)) - 1;
          b = 0;
        }
        std::memcpy(head, &a, 8);
        std::memcpy(head + 8, &b, 8);
        return;
      }
    }
    std::memset(head, 0, 16);
    for (size_t k = 0; k < s.size(); ++k) head[k] = s[k];
  }
  // Mixes the 16 head bytes and the size (cheap: most words fit); longer words add the rest.
  static uint64_t Hash(const char head[16], std::string_view s) {
    uint64_t a, b;
    std::memcpy(&a, head, 8);
    std::memcpy(&b, head + 8, 8);
    uint64_t h = (a ^ 0x9E3779B97F4A7C15ull) * 0xBF58476D1CE4E5B9ull;
    h ^= (b + s.size()) * 0x94D049BB133111EBull;
    if (s.size() > 16) h ^= std::hash<std::string_view>{}(s.substr(16)) * 0x9E3779B97F4A7C15ull;
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 29;
    return h;
  }
  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(std::max<size_t>(1024, old.size() * 2), Slot{});
    mask_ = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.entry == nullptr) continue;
      size_t i = size_t(Hash(slot.head, slot.entry->surface)) & mask_;
      while (slots_[i].entry != nullptr) i = (i + 1) & mask_;
      slots_[i] = slot;
    }
  }
  std::deque<Entry> entries_;
  size_t count_ = 0;  // entries_.size(), which a deque computes (FindOrAdd asks every token)
  std::vector<Slot> slots_;
  size_t mask_ = 0;
};

// Distinct words by their surface bytes. Everything in a WordInfo depends on the word's bytes
// and the finder's tables only, never on the document, so EntityFinder::Run keeps one cache per
// thread across documents (news articles are short: a per-document cache describes most words
// afresh). WordInfo addresses stay valid while words are added (WordTable), so mentions keep
// string_views into them; it is only cleared between two FindEntities calls.
// Keys of word sequences (n-grams, titles) go through a small direct-mapped memo: most are
// seen once, so a slot is simply overwritten (no allocation once warm, nothing to free).
// One word token of a zone, as ZoneScanner sees it.
struct ScanToken {
  uint32_t begin, end;
  WordInfo* w;
  uint8_t bits, flags;  // w->bits and TokenFlags, read without touching *w
  bool has(uint8_t bit) const { return (bits & bit) != 0; }
  bool sentence_start;
  bool glued;      // joined to the previous token by one space, hyphen or apostrophe (Gap)
  bool glued_dot;  // the same, a dot allowed too ("M. X", "Gen. X": titles)
  bool newline_before;  // a line break between the previous token and this one
};

// A string grown at its front, in a buffer kept across calls: ZoneScanner::Finish reads a
// title right to left, and std::string::insert(0, ...) moved the whole string every word.
class FrontBuffer {
 public:
  std::string_view view() const { return {buf_.data() + start_, buf_.size() - start_}; }
  void assign(std::string_view s) {
    start_ = buf_.size();
    prepend(s);
  }
  void prepend(std::string_view s) {
    if (s.empty()) return;
    if (s.size() > start_) Grow(s.size());
    start_ -= s.size();
    std::memcpy(buf_.data() + start_, s.data(), s.size());
  }

 private:
  void Grow(size_t more) {
    const size_t used = buf_.size() - start_;
    std::string bigger(std::max(2 * buf_.size(), used + more + 64), '\0');
    std::memcpy(bigger.data() + bigger.size() - used, buf_.data() + start_, used);
    start_ = bigger.size() - used;
    buf_.swap(bigger);
  }
  std::string buf_;
  size_t start_ = 0;
};

struct DocCache {
  WordTable words;
  // ZoneScanner's buffers, kept so that their capacity serves the next zone.
  std::vector<WordBounds> bounds;
  std::vector<WordTable::Key> surface_keys;  // WordTable::KeyOf each token
  std::vector<ScanToken> tokens;
  std::vector<int8_t> matched;
  std::vector<uint8_t> title_case;
  // ZoneScanner's string scratch (MatchAt: n-gram ASCII and keys; Finish: titles).
  std::string joined, buf, keys;
  FrontBuffer title_ascii, title_key;
  static constexpr size_t kMaxWords = 1 << 16;  // kept between documents, at most (Run)
  struct FoldSlot {
    std::string ascii, key;
    bool used = false;
  };
  static constexpr size_t kFoldSlots = 1 << 12;
  std::vector<FoldSlot> folds;  // kFoldSlots once used
  // Drops the words when they grew past the bound (only between two FindEntities calls).
  void Trim() {
    if (words.size() > kMaxWords) words.clear();
    if (tokens.capacity() > (size_t(1) << 16)) {
      bounds = std::vector<WordBounds>();
      surface_keys = std::vector<WordTable::Key>();
      tokens = std::vector<ScanToken>();
      matched = std::vector<int8_t>();
      title_case = std::vector<uint8_t>();
    }
  }
};

// The word keys of a mention (at most kMaxNameWords), kept inline: no allocation per mention.
class WordKeys {
 public:
  void push_back(std::string_view k) {
    if (size_ < keys_.size()) keys_[size_++] = k;
  }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::string_view operator[](size_t i) const { return keys_[i]; }
  std::string_view front() const { return keys_[0]; }
  void set_front(std::string_view k) {
    if (size_ > 0) keys_[0] = k;
  }
  std::string_view back() const { return keys_[size_ - 1]; }
  const std::string_view* begin() const { return keys_.data(); }
  const std::string_view* end() const { return keys_.data() + size_; }
  void pop_front() {
    for (size_t i = 1; i < size_; ++i) keys_[i - 1] = keys_[i];
    --size_;
  }

 private:
  std::array<std::string_view, kMaxNameWords> keys_{};
  uint8_t size_ = 0;
};

struct Mention {
  ByteSpan span;
  ByteSpan last_word;  // the last word alone (a surname after a sentence-initial word)
  ByteSpan rest;       // the words after the first (a name after a sentence opener)
  MentionKind kind = MentionKind::kRun;
  uint32_t known = 0;                  // kKnown: index into lexicon.known
  std::span<const uint32_t> places;    // kPlace: gazetteer candidates
  std::string key;  // folded key of the whole form (known names and places; runs need none)
  WordKeys word_keys;  // folded key of each word (into the DocCache)
  const std::vector<std::string>* last_variants = &kNoVariants;  // last word, endings undone
  bool place_cue = false, honorific = false, sentence_start = false, org_head = false;
  bool followed_by_name = false;  // a capitalised word glued before or after (part of a name?)
  bool title_case = false;  // on a line in Title Case (a headline): weak evidence of a name
  bool latin = true;
  bool given_name = false;  // one word that is a given name ("Дарьи", "Мария"): see resolve
  // A run with initials ("Gilford T. Monrose", "A.J. Smith", "Е. Тургумбаев"): a person.
  bool initials = false;
  // A run opened by a given name (common/given_names.tsv: "Gérald Darmanin", "Вадима
  // Филашкина"): a person's full name even when named once.
  bool given_first = false;
  bool particles = false;  // name particles inside ("Ursula von der Leyen")
  // A run before a lower-case region word ("Херсонской области"): a region's name, no person
  // (a place only after a place cue: "в Джалал-Абадской области").
  bool before_region_head = false;
  bool region_word = false;  // a region's word next to it: before_region_head, or "région de X"
  // One word of nationality ("in Kazakh strikes", demonyms.tsv): no place even after a cue.
  bool demonym = false;
  // A run that opens an organisation's name written in lower case after its first word
  // ("Евразийского пакта безопасности", "Объединённом гражданском фронте"): no person or place.
  bool before_org_head = false;
};

// Lower-cases Cyrillic and ASCII letters (the endings table is written in lower case).
std::string LowerCyrillic(std::string_view s) {
  std::string out;
  size_t pos = 0;
  while (pos < s.size()) {
    char32_t c = base::DecodeOne(s, &pos);
    if (c >= 0x410 && c <= 0x42F) c += 0x20;
    else if (c >= 0x400 && c <= 0x40F) c += 0x50;
    else if (c >= 'A' && c <= 'Z') c += 0x20;
    base::AppendUtf8(c, &out);
  }
  return out;
}

// Two letters or more, every one upper case, nothing else: "NFL", "ОДКБ".
bool IsAcronym(std::string_view s) {
  size_t letters = 0, pos = 0;
  while (pos < s.size()) {
    if (!IsUpperFast(base::DecodeOne(s, &pos))) return false;
    ++letters;
  }
  return letters >= 2;
}

// A digit after one space at `end` ("Week 14", "Gate 5").
bool NumberFollows(std::string_view text, uint32_t end) {
  return end + 1 < text.size() && text[end] == ' ' && text[end + 1] >= '0' && text[end + 1] <= '9';
}

bool IsAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// The letters and digits of `name` in lower-case ASCII ("Nur-Sultan" -> "nursultan",
// "Thessaloníki" -> "thessaloniki"), into `out` (replaced).
void LetterSkeleton(const NameFolder& folder, std::string_view name, std::string* out) {
  out->clear();
  folder.AppendAscii(name, out);
  size_t w = 0;
  for (char c : *out) {
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) (*out)[w++] = c;
  }
  out->resize(w);
}

// A first-level region (ISO 3166-2) does not count: its name is part of organisations' and
// persons' names far more often than a country's is ("Nevada Democratic Party", "Federal Reserve
// Bank of New York", "Tim Alberta").
bool NamesCountryOrRegion(const Gazetteer& gaz, std::span<const uint32_t> places) {
  for (uint32_t c : places) {
    const PlaceKind k = gaz.place(c).kind;
    if (k != PlaceKind::kCity && k != PlaceKind::kSite && k != PlaceKind::kRegion) return true;
  }
  return false;
}

// Whether one of the places is a first-level region (ISO 3166-2).
bool NamesRegion(const Gazetteer& gaz, std::span<const uint32_t> places) {
  for (uint32_t c : places) {
    if (gaz.place(c).kind == PlaceKind::kRegion) return true;
  }
  return false;
}

// Whether one of the places `key` names is a country, a region or a city of
// kProminentPopulation by its own name: a name that stays a place next to other names.
bool IsProminent(const Gazetteer& gaz, std::span<const uint32_t> places, std::string_view key) {
  for (uint32_t c : places) {
    const GazetteerPlace& p = gaz.place(c);
    if (p.kind == PlaceKind::kRegion) continue;  // see NamesCountryOrRegion
    if (p.kind != PlaceKind::kCity && p.kind != PlaceKind::kSite) return true;
    if (p.population >= kProminentPopulation && !gaz.IsAlternateKey(c, key)) return true;
  }
  return false;
}

class ZoneScanner {
 public:
  ZoneScanner(std::string_view text, const NameFolder& folder, const EntityLexicon& lex,
              const Gazetteer& gaz, size_t max_tokens, DocCache* cache)
      : text_(text),
        folder_(folder),
        lex_(lex),
        gaz_(gaz),
        cache_(*cache),
        joined_(cache->joined),
        buf_(cache->buf),
        keys_(cache->keys) {
    std::vector<WordBounds>& bounds = cache->bounds;
    folder.SplitWordsInto(text, max_tokens, &bounds);
    tokens_.swap(cache->tokens);
    matched_.swap(cache->matched);
    title_case_.swap(cache->title_case);
    // Sizes and element pointers in locals: the loops below store through pointers the compiler
    // cannot tell from the vectors' own fields, so size() and operator[] reloaded them (and
    // divided by the element size) on every trip.
    const size_t count = bounds.size();
    const WordBounds* const bound = bounds.data();
    // Every element is written below (ScanToken is a plain struct: resize zero-fills at most
    // once per growth of the zone's size, no check per token as push_back).
    tokens_.resize(count);
    ScanToken* const tok = tokens_.data();
    std::vector<WordTable::Key>& keys_vec = cache->surface_keys;
    // Only grown: shrinking and growing it again zero-filled the keys of every zone.
    if (keys_vec.size() < count) keys_vec.resize(count);
    WordTable::Key* const keys = keys_vec.data();
    const char* const text_end = text.data() + text.size();
    // Word bounds lie inside `text` (SplitWordsInto): views without substr's bound checks.
    auto surface_of = [&](const WordBounds& b) {
      return std::string_view(text.data() + b.begin, b.end - b.begin);
    };
    for (size_t k = 0; k < count; ++k) keys[k] = WordTable::KeyOf(surface_of(bound[k]), text_end);
    constexpr size_t kAhead = 8;  // tokens between a slot's prefetch and its use
    WordTable& words = cache->words;
    for (size_t k = 0; k < count && k < kAhead; ++k) words.Prefetch(keys[k].hash);
    for (size_t k = 0; k < count; ++k) {
      const WordBounds& b = bound[k];
      if (k + kAhead < count) words.Prefetch(keys[k + kAhead].hash);
      const std::string_view surface = surface_of(b);
      bool added = false;
      WordTable::Slot* slot = words.FindOrAdd(surface, keys[k], &added);
      WordInfo* w = &slot->entry->info;
      if (added) {
        Describe(surface, w);
        slot->bits = w->bits;
        slot->flags = uint8_t((w->upper_initial ? kUpperInitial : 0) |
                              (w->ascii.empty() ? 0 : kHasAscii) |
                              (w->name_word ? kNameWord : 0) | (w->demonym ? kDemonym : 0));
      }
      tok[k] = ScanToken{b.begin, b.end, w, slot->bits, slot->flags, b.sentence_start, false, false,
                         false};
    }
    const char* const chars = text_.data();
    for (size_t i = 1; i < count; ++i) {
      // Most gaps are one space: glued either way, no line break, without a call.
      const uint32_t a = tok[i - 1].end, b = tok[i].begin;
      ScanToken& t = tok[i];
      if (b - a == 1 && chars[a] == ' ') {
        t.glued = t.glued_dot = true;
        continue;
      }
      const uint8_t gap = Gap(i);
      t.glued = (gap & kGapGlued) != 0;
      t.glued_dot = (gap & kGapGluedDot) != 0;
      bool new_line = false;  // gaps are a byte or two: no call per token
      for (uint32_t p = a; p < b && !new_line; ++p) new_line = chars[p] == '\n';
      t.newline_before = new_line;
    }
    // Scan reads the WordInfo of each word that may start a name and of the words after it
    // (n-gram keys): ask for them all now, so that their cache misses overlap instead of
    // stalling the scan one at a time.
    size_t done = 0;
    for (size_t k = 0; k < count; ++k) {
      if (!CanStartName(tok[k])) continue;
      const size_t last = std::min(count, k + kMaxNameWords);
      for (size_t x = std::max(k, done); x < last; ++x) {
        const char* info = reinterpret_cast<const char*>(tok[x].w);
        for (size_t line = 0; line < sizeof(WordInfo); line += 64) __builtin_prefetch(info + line);
      }
      done = std::max(done, last);
    }
  }
  ~ZoneScanner() {
    cache_.tokens.swap(tokens_);
    cache_.matched.swap(matched_);
    cache_.title_case.swap(title_case_);
  }
  // The document's language as EntityLexicon::LanguageBits: which place cues count.
  void set_language_bits(uint32_t bits) { language_bits_ = bits; }
  ZoneScanner(const ZoneScanner&) = delete;
  ZoneScanner& operator=(const ZoneScanner&) = delete;
  size_t token_count() const { return tokens_.size(); }

  // Appends mentions (offsets relative to the zone), demonym countries and the places that
  // name newspapers (`press_title`: no mentions, but their country counts as context).
  void Scan(std::vector<Mention>* out, std::vector<std::string>* demonym_countries,
            std::vector<Mention>* press_cities, size_t max_mentions) {
    const size_t n = tokens_.size();
    matched_.assign(n, kUnknown);
    MarkTitleCaseLines();
    const ScanToken* const tok = tokens_.data();
    for (size_t i = 0; i < n && out->size() < max_mentions;) {
      // Most tokens (lower-case words) can neither start a known name (MatchAt) nor a run
      // (a name word is capitalised and has an ASCII form): skipped in a loop of their own (no
      // mention is added there, so the count tested above stays under the bound).
      while (i < n && !CanStartName(tok[i])) {
        if (tok[i].flags & kDemonym) demonym_countries->push_back(*tok[i].w->demonym);
        ++i;
      }
      if (i == n) break;
      const ScanToken& t = tok[i];
      if (t.flags & kDemonym) demonym_countries->push_back(*t.w->demonym);
      // Initials before a surname ("A.J. Smith", "Е. Тургумбаев", "А.Н. Коржов") open a
      // person's name, unless the surname is a known name of its own ("К. Токаев").
      if (const size_t k = LeadingInitials(i); k > 0) {
        const size_t plen = Match(i + k, &probe_);
        if (plen == 0 || probe_.kind != MentionKind::kKnown) {
          const size_t j = RunEnd(i + k, /*opened_by_place=*/true);
          // A direction before a street ("W. American Blvd", "E. Dahlia Ave") is an address.
          bool street = j < tokens_.size() && tokens_[j].glued && tokens_[j].has(EntityLexicon::kStreet);
          for (size_t x = i + k; x < j && !street; ++x) street = tokens_[x].has(EntityLexicon::kStreet);
          if (j - i <= kMaxRunWords && !street) {
            Mention r;
            r.kind = MentionKind::kRun;
            r.title_case = title_case_[i] != 0;
            r.initials = true;
            Finish(i, j - i, &r);
            out->push_back(std::move(r));
            i = j;
            continue;
          }
        }
      }
      Mention m;
      size_t len = Match(i, &m);
      if (len <= 1 && IsNameWord(i)) {
        if (const size_t title = TitleAt(i); title > 0) {
          i += title;  // "Police Chief": a title, not a name (Police is also a town)
          continue;
        }
      }
      // A place's name before a capitalised region word that ends the name ("Kherson Oblast",
      // "Hormozgan Province"): the region's name, the word no part of it, as before the
      // lower-case word. Not when more name words follow ("Kherson Oblast Council").
      if (len > 0 && m.kind == MentionKind::kPlace && CapitalRegionHeadAt(i + len)) {
        Finish(i, len, &m);
        m.before_region_head = m.region_word = true;
        out->push_back(std::move(m));
        i += len + 1;
        continue;
      }
      // A given name that is also a town's, right before a known person's name, is that
      // person's first name ("президента Украины Владимира Зеленского": no Vladimir, Russia).
      if (len == 1 && m.kind == MentionKind::kPlace && i + 1 < n && tokens_[i + 1].glued &&
          GivenName(i)) {
        const size_t plen = Match(i + 1, &probe_);
        if (plen > 0 && probe_.kind == MentionKind::kKnown &&
            lex_.known[probe_.known].type == EntityType::kPerson) {
          ++i;
          continue;
        }
      }
      // A place's name before a newspaper's title ("New York Times", "Washington Post"): one
      // organisation's name, no place.
      if (len > 0 && m.kind == MentionKind::kPlace && CapitalPressTitleAt(i + len)) {
        press_cities->push_back(m);
        Mention r;
        r.kind = MentionKind::kRun;
        Finish(i, len + 1, &r);
        r.org_head = true;
        out->push_back(std::move(r));
        i += len + 1;
        continue;
      }
      // A small town's name opening a name: the run, unless it grows too long to be a name
      // ("Troy Police Chief Charles Craft": the town stays a town).
      size_t run_end = 0;
      if (len == 1 && m.kind == MentionKind::kPlace && OpensName(i, m)) {
        run_end = RunEnd(i, true);
        if (run_end - i <= kMaxRunWords) len = 0;
      }
      // A given name and a capitalised particle that fold into a small town's name ("Paul Le
      // Quellec": "paulle" folds to Paule, Brittany) open a person's name going on past them.
      if (len >= 2 && m.kind == MentionKind::kPlace && !IsProminent(gaz_, m.places, m.key) &&
          ParticlesAt(i, i + 1) > 0) {
        const size_t e = RunEnd(i, true);
        if (e > i + len && e - i <= kMaxRunWords) {
          run_end = e;
          len = 0;
        }
      }
      if (len > 0 && m.kind == MentionKind::kPlace && StreetAdjacent(i, len)) {
        i += len;  // "boulevard Tchouï", "Chui Avenue": a street named after a place or person
        continue;
      }
      if (len > 0 && m.kind == MentionKind::kPlace && HyphenatedToWordBefore(i)) {
        i += len;  // "T-Mobile", "pro-Moscow": the second half of a compound word
        continue;
      }
      if (len > 0 && m.kind == MentionKind::kPlace && !IsProminent(gaz_, m.places, m.key) &&
          HyphenatedToUnknownName(i + len)) {
        i += len + 1;  // "Pont-Sondé": the first half of a name the gazetteer does not know
        continue;
      }
      if (len > 0) {
        Finish(i, len, &m);
        m.followed_by_name = (i + len < n && tokens_[i + len].glued && IsNameWord(i + len)) ||
                             (i > 0 && tokens_[i].glued && IsNameWord(i - 1) &&
                              !tokens_[i - 1].sentence_start);
        out->push_back(std::move(m));
        i += len;
        continue;
      }
      if (!IsNameWord(i)) {
        ++i;
        continue;
      }
      size_t j = run_end > 0 ? run_end : RunEnd(i, false);
      // An organisation's name goes on across a connector ("Central Committee of Sudanese
      // Doctors", "Kenya National Commission on Human Rights"), up to kMaxNameWords words.
      bool org_name = false;
      if (j - i <= kMaxRunWords && !lex_.org_connector.empty() && !title_case_[i]) {
        for (size_t x = i; x < j && !org_name; ++x) org_name = tokens_[x].has(EntityLexicon::kOrgHead);
        if (org_name) {
          const size_t e = OrgNameGoesOn(i, j);
          org_name = e > j;
          j = e;
        }
      }
      // Longer runs are Title Case headlines or noise (issue 3, bad input), not names.
      if (j - i <= kMaxRunWords || org_name) {
        // Words before a given name and a surname are no part of the name, unless one is a
        // given name itself: a role ("Apple CEO Tim Cook", "Senior Trooper William Hakim"), a
        // place's genitive the gazetteer does not know ("глава Дагестана Сергей Меликов") or
        // an opener. Not inside a hyphenated given name ("Eva-Marie Persson"), nor after a
        // town's name that opened the run ("Duncan Robert Rait": a first name, not a place).
        if (j - i >= 3 && run_end == 0 && !GivenName(i)) {
          for (size_t p = i + 1; p + 2 <= j; ++p) {
            const bool spaced = tokens_[p].begin > 0 && text_[tokens_[p].begin - 1] == ' ';
            if (!spaced || !GivenName(p)) continue;
            i = p;
            break;
          }
        }
        Mention r;
        r.kind = MentionKind::kRun;
        r.title_case = title_case_[i] != 0;
        for (size_t x = i + 1; x + 1 < j && !r.initials; ++x) r.initials = MiddleInitial(x);
        r.before_org_head = lex_.LowerCaseOrgNames(language_bits_) && OrgHeadFollows(j);
        Finish(i, j - i, &r);
        // The given name's own form keys the person ("Виктором Лемешко" and "Виктор Лемешко"
        // are one id).
        // Not a street, square or building named after someone ("place Jean-Jaurès",
        // "Marie Curie hospital", "проспекте Степана Бандеры"), nor one hyphenated word
        // ("Marie-Galante", "Jean-Pierre" alone): a full name has a space in it.
        bool spaced = false;
        for (size_t x = i + 1; x < j && !spaced; ++x) {
          spaced = tokens_[x].begin > 0 && text_[tokens_[x].begin - 1] == ' ';
        }
        if (const auto given = j - i >= 2 && spaced && !StreetAdjacent(i, j - i)
                                   ? GivenNameKey(i)
                                   : std::nullopt) {
          r.given_first = true;
          r.word_keys.set_front(*given);
        }
        for (size_t x = i + 1; x < j && r.given_first && !r.particles; ++x) {
          r.particles = !(tokens_[x].flags & kUpperInitial) || IsParticle(i, x);
        }
        out->push_back(std::move(r));
      }
      i = j;
    }
  }

 private:
  static constexpr int8_t kUnknown = -1;
  static constexpr size_t kMaxParticles = 2;  // "von der", "de la"
  static constexpr uint32_t kMaxParticleBytes = 8;

  void Describe(std::string_view surface, WordInfo* w) const {
    NameToken t;
    folder_.DescribeWord(surface, kMaxTokenBytes, &t);
    w->ascii = std::move(t.ascii);
    w->upper_initial = t.upper_initial;
    w->all_caps = t.all_caps;
    w->cyrillic = t.cyrillic;
    w->has_digit = t.has_digit;
    folder_.FoldAsciiInto(w->ascii, &w->key);
    if (auto c = lex_.word_class.find(w->key); c != lex_.word_class.end()) {
      w->bits = c->second.bits;
      w->demonym = c->second.demonym;
    }
    // A dotted initialism ("U.S", "A.B") is found only as a known name: initials alone are no
    // one's name ("A.B. Smith" is not the person "A.B").
    w->name_word = w->upper_initial && !w->ascii.empty() && w->key.size() >= 2 &&
                   !w->has(EntityLexicon::kStop) && !w->has(EntityLexicon::kHonorific) &&
                   surface.find('.') == std::string_view::npos;
  }

  // The key of the ASCII `joined`, valid until the next call.
  const std::string& Fold(std::string_view joined) {
    if (cache_.folds.empty()) cache_.folds.resize(DocCache::kFoldSlots);
    DocCache::FoldSlot& slot =
        cache_.folds[std::hash<std::string_view>{}(joined) & (DocCache::kFoldSlots - 1)];
    if (slot.used && slot.ascii == joined) return slot.key;
    slot.ascii.assign(joined);
    folder_.FoldAsciiInto(joined, &slot.key);
    slot.used = true;
    return slot.key;
  }

  // Keys of a word with each case ending of the tables undone (Казахстане -> Казахстан).
  const WordInfo& Variants(size_t i) const {
    WordInfo& w = *tokens_[i].w;
    if (w.variants_done) return w;
    w.variants_done = true;
    if (!w.cyrillic || lex_.endings.empty()) return w;
    std::string lower = LowerCyrillic(text_.substr(tokens_[i].begin, tokens_[i].end - tokens_[i].begin));
    std::vector<std::string> ascii_forms;
    for (const auto& [ending, replacement] : lex_.endings) {
      if (lower.size() <= ending.size() + 2 || !lower.ends_with(ending)) continue;
      std::string stem = lower.substr(0, lower.size() - ending.size()) + replacement;
      std::string ascii;
      folder_.AppendAscii(stem, &ascii);
      if (std::find(ascii_forms.begin(), ascii_forms.end(), ascii) == ascii_forms.end()) {
        ascii_forms.push_back(std::move(ascii));
      }
    }
    if (ascii_forms.empty()) return w;
    w.variants = std::make_unique<std::vector<std::string>[]>(2);
    for (const std::string& v : ascii_forms) w.variants[1].push_back(folder_.FoldAscii(v));
    w.variants[0] = std::move(ascii_forms);
    return w;
  }

  // Whether a known name or a run may start at the token: it has an ASCII form and is
  // capitalised or may start a lower-case organisation name (every name word passes).
  static bool CanStartName(const ScanToken& t) {
    return (t.flags & kHasAscii) &&
           ((t.flags & kUpperInitial) || t.has(EntityLexicon::kLowerStart));
  }

  bool IsNameWord(size_t i) const { return (tokens_[i].flags & kNameWord) != 0; }

  // Whether words [i, i + len) are glued to a street or square word on either side.
  bool StreetAdjacent(size_t i, size_t len) const {
    if (i > 0 && tokens_[i].glued && tokens_[i - 1].has(EntityLexicon::kStreet)) return true;
    const size_t after = i + len;
    return after < tokens_.size() && tokens_[after].glued &&
           tokens_[after].has(EntityLexicon::kStreet);
  }

  // The largest population among the places `key` names by their primary name (0: none).
  // A first-level region counts as a town of kProminentPopulation by any of its names (they are
  // official names and the names news uses: region_names.tsv), as ChoosePlace ranks it: "Чечне"
  // is Chechnya, not Chesnee (South Carolina, 899 people), which folds like it as written.
  uint32_t BestPrimaryPopulation(std::span<const uint32_t> places, std::string_view key) const {
    uint32_t best = 0;
    for (uint32_t c : places) {
      const GazetteerPlace& p = gaz_.place(c);
      if (p.kind == PlaceKind::kRegion) best = std::max(best, kProminentPopulation + 1);
      else if (!gaz_.IsAlternateKey(c, key)) best = std::max(best, p.population + 1);
    }
    return best;
  }

  // StopsRun for the match of `len` words at token i: a one-word match depends on the word
  // only, so its answer is kept in the word's WordInfo (it reads every candidate place).
  bool StopsRunAt(size_t i, size_t len, const Mention& m) const {
    if (len != 1) return StopsRun(m);
    WordInfo& w = *tokens_[i].w;
    if (w.single_stops_run == 0) w.single_stops_run = StopsRun(m) ? 2 : 1;
    return w.single_stops_run == 2;
  }

  // title_case_[k]: token k is on a line of kMinTitleCaseWords words or more, kTitleCaseShare
  // of them capitalised ("Lindsay Lohan Checks Into Rehab at Betty Ford").
  void MarkTitleCaseLines() {
    const size_t n = tokens_.size();
    title_case_.assign(n, 0);
    const ScanToken* const tok = tokens_.data();
    size_t line = 0, caps = 0;
    for (size_t k = 0; k <= n; ++k) {
      const bool new_line = k == n || (k > 0 && tok[k].newline_before);
      if (new_line && k > line) {
        const size_t words = k - line;
        if (words >= kMinTitleCaseWords && double(caps) >= kTitleCaseShare * double(words)) {
          std::fill(title_case_.begin() + long(line), title_case_.begin() + long(k), 1);
        }
        line = k;
        caps = 0;
      }
      if (k < n && (tok[k].flags & kUpperInitial)) ++caps;
    }
  }

  // Whether the word before token i is a place cue of the document's language.
  bool CueBefore(size_t i) const {
    return i > 0 && tokens_[i - 1].has(EntityLexicon::kPlaceCue) &&
           lex_.IsPlaceCueIn(tokens_[i - 1].w->key, language_bits_);
  }

  // The end of the unknown capitalised run from name word i: extends while words are
  // capitalised and not known names. `opened_by_place`: word i is a small town's name (OpensName).
  size_t RunEnd(size_t i, bool opened_by_place) {
    const size_t n = tokens_.size();
    size_t j = i + 1;
    while (j < n) {
      // "George W. Bush": a middle initial goes with the name word after it.
      // "Charles de Gaulle", "Bashar al-Assad", "Ursula von der Leyen": particles between
      // name words go with them.
      const size_t at = MiddleInitial(j) ? j + 1 : j + ParticlesAt(i, j);
      if (at == j && !(tokens_[j].glued && IsNameWord(j))) {
        if (CapitalStopEndsName(i, j)) ++j;
        break;
      }
      // A title of several words ends the run: the name after it is another ("Police Chief").
      if (TitleAt(at)) break;
      // A known name ends the run; a place only when it is a country or a city of a million:
      // a town's name inside a person's name ("Erlan Karine", "Samuel Paty") stays in it.
      // After a sentence opener alone ("Прокуратура Актау"), any place ends the run (an
      // opener that is itself a place opening a name is not one: "Bettie Page said").
      Mention& probe = probe_;  // reused: a probe's fields are all set by a match
      // A word joined to the opener by a hyphen alone is the second half of one name
      // ("Жан-Пьер Пик": "Пьер" is also a town, but no opener stands before it).
      const size_t plen = Match(at, &probe);
      if (plen > 0 && (StopsRunAt(at, plen, probe) ||
                       (at == i + 1 && tokens_[i].sentence_start && !opened_by_place &&
                        !JoinedByHyphen(at) &&
                        (probe.kind != MentionKind::kPlace ||
                         lex_.OpenerBeforePlace(language_bits_))))) {
        break;
      }
      j = at + std::max<size_t>(plen, 1);  // a place of several words inside the run: all of it
    }
    return j;
  }

  // Whether token j, a short capitalised stop word inside a sentence, ends the name of two
  // words or more before it ("Kim Jong Un": "un" is a French article, never capitalised there;
  // "Hun Sen"). Not when a capitalised word follows (a title: "Gone With The Wind").
  bool CapitalStopEndsName(size_t i, size_t j) const {
    const ScanToken& t = tokens_[j];
    if (j < i + 2 || !t.glued || t.sentence_start || !(t.flags & kUpperInitial) ||
        !t.has(EntityLexicon::kStop) || t.w->all_caps || t.w->ascii.size() > 3) {
      return false;
    }
    return j + 1 >= tokens_.size() || !tokens_[j + 1].glued ||
           !(tokens_[j + 1].flags & kUpperInitial);
  }

  // Whether token j or the one after it, each glued to the word before and in lower case, is a
  // word `is_head` accepts by its key, as written or with a case ending of name_endings.tsv
  // undone ("пакта", "фронте", "области").
  template <class IsHead>
  bool LowerHeadFollows(size_t j, IsHead is_head, size_t slots = 2) {
    for (size_t k = j; k < tokens_.size() && k < j + slots; ++k) {
      const ScanToken& t = tokens_[k];
      if (!t.glued || (t.flags & kUpperInitial) || !(t.flags & kHasAscii)) return false;
      if (is_head(t.w->key)) return true;
      for (const std::string& key : Variants(k).variant_keys()) {
        if (is_head(key)) return true;
      }
    }
    return false;
  }
  // A lower-case organisation's head word (`org_head`) follows: the capitalised words before j
  // open that organisation's name.
  bool OrgHeadFollows(size_t j) {
    return LowerHeadFollows(j, [&](const std::string& key) {
      const auto c = lex_.word_class.find(key);
      return c != lex_.word_class.end() && (c->second.bits & EntityLexicon::kOrgHead) != 0;
    });
  }
  // A region's word and a link word right before name word i ("la région de Manguistaou",
  // "l'oblast de Kherson", "the province of Helmand"): stopwords `region_head` + `region_link`.
  bool RegionWordBefore(size_t i) const {
    if (i < 2 || lex_.region_link.empty() || !tokens_[i].glued || !tokens_[i - 1].glued) return false;
    const ScanToken& link = tokens_[i - 1];
    return !(link.flags & kUpperInitial) && lex_.region_link.count(link.w->key) > 0 &&
           lex_.region_head.count(tokens_[i - 2].w->key) > 0;
  }
  // A region's head word (`region_head`: "области", "областной") follows: the capitalised
  // words before j name a region ("Херсонской области"), never a person.
  // Only the word right after the run: a verb or preposition between ("осмотрел район", "на
  // краю") leaves a person a person.
  bool RegionHeadFollows(size_t j) {
    if (j >= tokens_.size()) return false;
    return LowerHeadFollows(j, [&](const std::string& key) { return lex_.region_head.count(key) > 0; },
                            /*slots=*/1);
  }

  // Token j is a capitalised region word (`region_title`: "Oblast", "Province") glued to the
  // name before it, and the name's last word: no name word glued after it.
  // A capitalised `press_title` word glued to the name before it, ending the run ("New York
  // Times"; not "Times Square", which no place opens).
  bool CapitalPressTitleAt(size_t j) const {
    if (lex_.press_title.empty() || j >= tokens_.size()) return false;
    const ScanToken& t = tokens_[j];
    if (!t.glued || !(t.flags & kUpperInitial) || lex_.press_title.count(t.w->key) == 0) return false;
    return j + 1 >= tokens_.size() || !tokens_[j + 1].glued || !IsNameWord(j + 1);
  }

  bool CapitalRegionHeadAt(size_t j) const {
    if (lex_.region_title.empty() || j >= tokens_.size()) return false;
    const ScanToken& t = tokens_[j];
    if (!t.glued || !(t.flags & kUpperInitial) || lex_.region_title.count(t.w->key) == 0) return false;
    return j + 1 >= tokens_.size() || !tokens_[j + 1].glued || !IsNameWord(j + 1);
  }

  // The end of an organisation's name run [i, j) that goes on across a connector word
  // (`org_connector`: "of", "for", "de", "des"), maybe with an article after it (`org_article`:
  // "the", "la"), to more capitalised words, when they are no
  // known name, country or large place ("Ministry of Interior of Kazakhstan" stops before
  // Kazakhstan) and the whole stays within kMaxNameWords words; else j.
  size_t OrgNameGoesOn(size_t i, size_t j) {
    auto lower = [&](size_t x) {
      return x < tokens_.size() && tokens_[x].glued && !(tokens_[x].flags & kUpperInitial);
    };
    if (!lower(j) || !lex_.org_connector.count(tokens_[j].w->key)) return j;
    size_t k = j + 1;
    if (lower(k) && lex_.org_article.count(tokens_[k].w->key)) ++k;
    if (!NameGoesOnAt(k)) return j;
    const size_t e = RunEnd(k, false);
    return e - i <= kMaxNameWords ? e : j;
  }

  // The number of lower-case name particles (stopwords.tsv `name_particle`: "de", "al", "von
  // der") glued from token j to a name word glued after them, or 0. Only inside a run opened
  // at token `first` by a given name: "de" joins many capitalised words that are no person
  // ("Échos de Moscou", "États d'Asie centrale").
  // The particles must be in the name's script (Russian "да" folds to "da"), the word after
  // them no acronym ("Olivier Faure du PS") and no known name, country or large place ("Martine
  // Aubry de Lille"), and the run no longer than kMaxRunWords with them ("Luiz Inácio Lula da
  // Silva" stays "Luiz Inácio Lula"). Right after the given name, particles may be capitalised
  // (`capital_particle`: "Robert De Niro", "Ursula Von Der Leyen").
  size_t ParticlesAt(size_t first, size_t j) {
    auto particle = [&](size_t k) { return IsParticle(first, k, j == first + 1); };
    if ((lex_.name_particle.empty() && lex_.capital_particle.empty()) || j >= tokens_.size() ||
        !particle(j) || !GivenName(first)) {
      return 0;
    }
    size_t k = j;
    while (k < tokens_.size() && k < j + kMaxParticles && particle(k)) ++k;
    if (k + 1 - first > kMaxRunWords) return 0;
    return NameGoesOnAt(k) || TitleWordAfterCapitalParticle(k) ? k - j : 0;
  }

  // Whether token k is a capitalised one-word title right after a capitalised particle: the
  // surname, not a title ("Bruno Le Maire": a mayor inside a sentence is "le maire").
  bool TitleWordAfterCapitalParticle(size_t k) const {
    if (k >= tokens_.size() || k == 0) return false;
    const ScanToken& t = tokens_[k];
    return t.glued && (t.flags & kUpperInitial) && !t.w->all_caps &&
           t.has(EntityLexicon::kHonorific) && (tokens_[k - 1].flags & kUpperInitial);
  }

  // Whether token k is a name particle of the name opened at token `first`: a lower-case one,
  // or a capitalised one in a row of particles right after the given name (`after_given`;
  // never at a sentence's start).
  bool IsParticle(size_t first, size_t k, bool after_given = true) const {
    const ScanToken& t = tokens_[k];
    if (!t.glued || t.end - t.begin > kMaxParticleBytes) return false;
    const bool capital = (t.flags & kUpperInitial) != 0;
    if (capital && (!after_given || t.sentence_start || k == first)) return false;
    const std::string word = LowerCyrillic(text_.substr(t.begin, t.end - t.begin));
    return capital ? lex_.capital_particle.count(word) > 0 : lex_.name_particle.count(word) > 0;
  }

  // Whether a name goes on at token k after lower-case connecting words (name particles, an
  // organisation's "of"): a capitalised word glued to them, no acronym ("Olivier Faure du PS",
  // "the Highland Center on ABC") and no known name, country or large place ("Martine Aubry de
  // Lille", "Ministry of Interior of Kazakhstan").
  bool NameGoesOnAt(size_t k) {
    if (k >= tokens_.size() || !tokens_[k].glued || !IsNameWord(k) || tokens_[k].w->all_caps) {
      return false;
    }
    Mention& probe = probe_;
    const size_t plen = Match(k, &probe);
    return !(plen > 0 && (probe.kind == MentionKind::kKnown ||
                          (probe.kind == MentionKind::kPlace &&
                           (NamesCountryOrRegion(gaz_, probe.places) ||
                            IsProminent(gaz_, probe.places, probe.key)))));
  }

  // The key under which token i is a given name (common/given_names.tsv), as written or with a
  // case ending undone ("Вадима" -> vadim), or nullopt. Views into the word cache.
  std::optional<std::string_view> GivenNameKey(size_t i) {
    if (lex_.IsGivenName(tokens_[i].w->key)) return std::string_view(tokens_[i].w->key);
    for (const std::string& key : Variants(i).variant_keys()) {
      if (lex_.IsGivenName(key)) return std::string_view(key);
    }
    return std::nullopt;
  }
  bool GivenName(size_t i) { return GivenNameKey(i).has_value(); }

  // The number of initials from token i before a name word: one-letter words (any script) or
  // dotted initialisms ("A.J"), each followed by a dot and at most one space, then a name word
  // that heads no organisation. 0 when token i opens none, or ends a capitalised name instead
  // ("Plan B. Officials said": a letter glued after a name word is no initial of the next; after
  // an acronym it is: "Глава МВД Е. Тургумбаев").
  size_t LeadingInitials(size_t i) {
    if (!IsInitial(i)) return 0;  // most words: one check
    const size_t n = tokens_.size();
    if (i > 0 && tokens_[i].glued && IsNameWord(i - 1) && !tokens_[i - 1].w->all_caps) return 0;
    if (tokens_[i].has(EntityLexicon::kHonorific)) return 0;  // "M. Abdoukadyrov": Monsieur
    // Only from the first initial: "U. S. Surgeon" left at "U" is not "S. Surgeon".
    if (i > 0 && IsInitial(i - 1) && tokens_[i].begin <= tokens_[i - 1].end + 2 &&
        text_[tokens_[i - 1].end] == '.') {
      return 0;
    }
    size_t k = i;
    std::string letters;  // the initials' letters ("U. S." -> "US")
    bool dotted = false;   // a dotted initialism among them ("A.J")
    bool cyrillic = false;  // a Cyrillic letter among them
    while (k + 1 < n && k - i < kMaxInitials && IsInitial(k)) {
      const uint32_t end = tokens_[k].end, next = tokens_[k + 1].begin;
      if (text_[end] != '.' || !(next == end + 1 || (next == end + 2 && text_[end + 1] == ' '))) {
        break;
      }
      for (char c : tokens_[k].w->ascii) {
        if (c != '.') letters.push_back(c);
      }
      cyrillic = cyrillic || tokens_[k].w->cyrillic;
      dotted = dotted || (end - tokens_[k].begin >= 3 && text_[tokens_[k].begin + 1] == '.');
      ++k;
    }
    if (k == i || k >= n || !IsNameWord(k) || tokens_[k].has(EntityLexicon::kOrgHead)) return 0;
    // Letters that spell a known name are that name ("U.S. Fish", "L.A. Times", "U. S. District").
    // One letter is no name to look up ("Ж." is "Zh" in ASCII, still one letter).
    const bool spelled = k - i >= 2 || dotted;
    if (spelled) {
      const std::string& key = Fold(letters);
      for (uint32_t c : gaz_.Find(key)) {
        if (gaz_.place(c).kind == PlaceKind::kCountry || gaz_.place(c).population >= 1000000) {
          return 0;  // "U. S. District", "N. Y. Daily News", "L. A. County"
        }
      }
      if (lex_.by_key.count(key)) return 0;
      // Latin letters that spell a word that is no name: "A. M." (ante meridiem), "P. M.";
      // Cyrillic "А. М." are a name's initials ("А. М. Тулеев").
      if (!cyrillic && lex_.not_initials.count(key)) return 0;
    }
    if (spelled && Match(i, &probe_) > 0) return 0;
    return k - i;
  }

  // Whether token k is one capital letter or a dotted initialism ("A.J").
  bool IsInitial(size_t k) const {
    const ScanToken& t = tokens_[k];
    if (!(t.flags & kUpperInitial)) return false;
    const uint32_t len = t.end - t.begin;
    const auto lead = static_cast<unsigned char>(text_[t.begin]);
    if (len == 1) return true;
    if (len == 2) return lead >= 0xC2 && lead < 0xE0;  // one two-byte letter ("Е")
    if (len == 3 && lead >= 0xE0 && lead < 0xF0) return true;  // one three-byte letter
    // A dotted initialism ("A.J"): a dot in its second byte, capitals only.
    return text_[t.begin + 1] == '.' && t.w->all_caps;
  }

  // Whether token j is a middle initial: one capital letter A-Z glued to the name word before it,
  // then a dot, one space and a name word ("George W. Bush", "Michael J. Fox"). The dot is no
  // sentence end there: a name word must follow at once, and not an organisation's head word
  // ("in Group A. Police said" ends a sentence).
  bool MiddleInitial(size_t j) const {
    if (j == 0 || j + 1 >= tokens_.size() || !tokens_[j].glued || !IsNameWord(j - 1) ||
        !IsNameWord(j + 1) || tokens_[j + 1].has(EntityLexicon::kOrgHead)) {
      return false;
    }
    const ScanToken& t = tokens_[j];
    if (t.end != t.begin + 1 || tokens_[j + 1].begin != t.end + 2) return false;
    const char letter = text_[t.begin];
    return letter >= 'A' && letter <= 'Z' && text_[t.end] == '.' && text_[t.end + 1] == ' ';
  }

  // The number of words glued from token i that spell a title of two words or more ("Police
  // Chief"; a one-word title is no name word already), or 0.
  size_t TitleAt(size_t i) {
    // Most words start no title: one bit of the word's class says so.
    if (!tokens_[i].has(EntityLexicon::kTitleStart) || i + 1 >= tokens_.size()) return 0;
    std::string& ascii = joined_;
    ascii.assign(tokens_[i].w->ascii);
    for (size_t words = 2; words <= lex_.max_honorific_words && i + words <= tokens_.size();
         ++words) {
      const size_t x = i + words - 1;
      if (!tokens_[x].glued || !(tokens_[x].flags & kHasAscii)) return 0;
      ascii += tokens_[x].w->ascii;  // joined as Finish joins a title's words
      const std::string& key = Fold(ascii);
      if (lex_.MaybeHonorific(key) && lex_.honorifics.count(key)) return words;
    }
    return 0;
  }

  // Whether the one-word place `m` at token i rather opens a name with the words after it
  // ("Bettie Page", "Richard Nixon": given names and surnames are also small towns). Only a
  // place no cue introduces ("in Nixon"), that is not prominent (a country, a region, a city of
  // kProminentPopulation by its own name) and that a capitalised word follows which is not
  // itself a place or name that ends runs.
  bool OpensName(size_t i, const Mention& m) {
    // The next name word, after a middle initial if there is one ("George W. Bush").
    // Or after particles ("Bashar al-Assad": Bassar, Togo, folds to "basar" too).
    const bool initial = MiddleInitial(i + 1);
    const size_t next = initial ? i + 2 : i + 1 + ParticlesAt(i, i + 1);
    if (next >= tokens_.size() || !IsNameWord(i) ||
        !(IsNameWord(next) || (next > i + 1 && TitleWordAfterCapitalParticle(next))) ||
        (next == i + 1 && !tokens_[next].glued)) {
      return false;
    }
    if (CueBefore(i)) return false;
    // A first-level region named in another script than Latin is the region ("глава Дагестана
    // Сергей Меликов": the head of Dagestan, then his name).
    if (tokens_[i].w->cyrillic && NamesRegion(gaz_, m.places)) return false;
    // A middle initial after it makes even a prominent place's name a given name ("George W.
    // Bush": George, South Africa, has 150 000 people; "Jordan B. Peterson").
    // So does a surname after a city's name that is also a given name ("Vladimir Kara-Murza",
    // "Eugene Rudd"): a word that names nothing, no thing, street, organisation or region word.
    if (!initial && IsProminent(gaz_, m.places, m.key) &&
        !(NamesOnlyCities(m.places) && GivenName(i) && SurnameAt(next))) {
      return false;
    }
    // Where the run would end right there (Scan's rules), the place stays a place: before a
    // known name, a country or a large city, and at a sentence start before a prominent place
    // ("Мэрия Бишкека").
    Mention& probe = probe_;
    const size_t len = Match(next, &probe);
    if (len == 0) return true;
    return !StopsRunAt(next, len, probe) &&
           !(!initial && tokens_[i].sentence_start && IsProminent(gaz_, probe.places, probe.key));
  }

  bool NamesOnlyCities(std::span<const uint32_t> places) const {
    for (uint32_t c : places) {
      if (gaz_.place(c).kind != PlaceKind::kCity) return false;
    }
    return true;
  }

  // Whether token k may be a surname: a name word that starts no known name or place and is no
  // word of things', streets', organisations' or regions' names ("Eugene Avenue", "Vladimir
  // Oblast").
  bool SurnameAt(size_t k) {
    const ScanToken& t = tokens_[k];
    if (t.w->all_caps || t.has(EntityLexicon::kOrgHead) || t.has(EntityLexicon::kStreet) ||
        t.has(EntityLexicon::kPlaceCue) || lex_.thing_word.count(t.w->key) > 0 ||
        lex_.region_title.count(t.w->key) > 0) {
      return false;
    }
    return Match(k, &probe_) == 0;
  }

  bool StopsRun(const Mention& m) const {
    if (m.kind == MentionKind::kKnown) return true;
    for (uint32_t c : m.places) {
      const GazetteerPlace& p = gaz_.place(c);
      if (p.kind == PlaceKind::kCountry) return true;
      if (p.population >= 1000000 && !gaz_.IsAlternateKey(c, m.key)) return true;
    }
    return false;
  }

  // How token i is joined to token i-1: kGapGlued when by nothing but one space, hyphen or
  // apostrophe (at most one space); kGapGluedDot when so with dots allowed too. 0 for token 0.
  // An apostrophe after an s and before a space closes a possessive ("Williams' DUI arrest"):
  // no glue.
  static constexpr uint8_t kGapGlued = 1, kGapGluedDot = 2;
  uint8_t Gap(size_t i) const {
    if (i == 0) return 0;
    const uint32_t a = tokens_[i - 1].end, b = tokens_[i].begin;
    if (b - a > 4) return 0;
    if (b - a == 1 && static_cast<unsigned char>(text_[a]) < 0x80) {  // one ASCII byte: most gaps
      const char c = text_[a];
      if (c == '.') return kGapGluedDot;
      return c == ' ' || c == '-' || c == '\'' || (c != '\n' && base::IsSpace(char32_t(c)))
                 ? kGapGlued | kGapGluedDot
                 : 0;
    }
    size_t pos = a;
    int spaces = 0;
    bool dot = false, apostrophe = false;
    while (pos < b) {
      const size_t at = pos;
      char32_t c = static_cast<unsigned char>(text_[pos]) < 0x80
                       ? char32_t(static_cast<unsigned char>(text_[pos++]))
                       : base::DecodeOne(text_, &pos);
      if (c == '\n') return 0;
      if (base::IsSpace(c)) {
        if (++spaces > 1) return 0;
        // ... unless an organisation's head word follows ("Magistrates' Court", "Workers'
        // Party"): a rare gap, so the word's key is built here.
        if (apostrophe && !lex_.org_head.count(folder_.Key(text_.substr(b, tokens_[i].end - b)))) {
          return 0;
        }
        continue;
      }
      // A possessive ends in "s'" ("Williams' DUI"); "Vincent 'Chin' Gigante" is a nickname.
      apostrophe = (c == '\'' || c == 0x2019) && at > 0 &&
                   (text_[at - 1] == 's' || text_[at - 1] == 'S');
      if (c == '-' || c == '\'' || c == 0x2019 || c == 0x2010 || c == 0x2011) continue;
      if (c == '.') {
        dot = true;
        continue;
      }
      return 0;
    }
    return dot ? kGapGluedDot : kGapGlued | kGapGluedDot;
  }

  // Looks `key` (of KeyHash `key_hash`) up for the words [i, i + len); on success fills kind
  // and known or places.
  bool TryKey(std::string_view key, uint64_t key_hash, size_t i, size_t len, MentionKind* kind,
              uint32_t* known, std::span<const uint32_t>* places) const {
    const WordInfo& first = *tokens_[i].w;
    const WordInfo& last = *tokens_[i + len - 1].w;
    // Most keys are refused by the filter: no std::hash, no bucket walk.
    const auto it = lex_.MayHaveKeyHash(key_hash) ? lex_.by_key.find(key) : lex_.by_key.end();
    if (it != lex_.by_key.end()) {
      for (const LexiconEntry& e : it->second) {
        const KnownEntity& k = lex_.known[e.known];
        bool ok;
        if (e.acronym) {
          ok = true;
          size_t at = 0;  // letters of e.letters spelled so far
          for (size_t x = i; x < i + len && ok; ++x) {
            const std::string& a = tokens_[x].w->ascii;
            ok = (tokens_[x].w->all_caps || tokens_[x].w->has_digit) &&
                 std::string_view(e.letters).substr(at, a.size()) == a;
            at += a.size();
          }
          ok = ok && at == e.letters.size();
        } else if (k.type == EntityType::kPerson) {
          ok = first.upper_initial && last.upper_initial;
        } else if (len == 1) {
          ok = first.upper_initial;
        } else {
          ok = first.upper_initial || first.has(EntityLexicon::kLowerStart);
        }
        if (ok) {
          *kind = MentionKind::kKnown;
          *known = e.known;
          return true;
        }
      }
    }
    // Places: capitalised at both ends; never starting with a stop word or cue ("À Atyrau"
    // would fold to "atirau"); a short all-caps word is an acronym, not a town ("NOM"), unless
    // it names a country ("US", "UAE", "IRAN" in a headline).
    const bool short_caps = len == 1 && first.all_caps && first.ascii.size() <= 4;
    const bool stop_first = first.has(EntityLexicon::kStop);
    if (first.upper_initial && last.upper_initial && (!stop_first || len >= 2) &&
        !first.has(EntityLexicon::kPlaceCue)) {
      std::span<const uint32_t> c;
      if (!key.empty()) c = gaz_.FindHash(key_hash);
      if (stop_first && !c.empty() && !ArticleIsPartOfName(key, c, i, len)) c = {};
      if (short_caps && !NamesCountry(c)) c = {};
      if (!c.empty()) {
        *kind = MentionKind::kPlace;
        *places = c;
        return true;
      }
    }
    return false;
  }

  // A capitalised stop word opening a place's name of several words ("La Paz", "Le Caire",
  // "Des Moines", "The Hague") is part of the name, not an article or preposition before it,
  // when it is as short as an article (three letters at most: not "Four Corners"), the words
  // after it are name words of three letters or more, and one of the places is a town of
  // kArticleNamePopulation or more. Small places so named ("The City", "La Croix") are more
  // often a headline's words or a surname; short words run together fold into names of their
  // own ("Now I" -> "novi", "It To" -> "ito"). Never when the words after it fold to the same
  // key ("À Atyrau": "a" + "atirau" collapses to "atirau") or name a country or a prominent
  // place by themselves ("La France", "En Ukraine": the country, without the stop word).
  static constexpr uint32_t kArticleNamePopulation = 50000;
  bool ArticleIsPartOfName(std::string_view key, std::span<const uint32_t> places, size_t i,
                           size_t len) const {
    if (tokens_[i].w->ascii.size() > 3) return false;
    std::string rest_ascii;
    for (size_t x = i + 1; x < i + len; ++x) {
      if (!IsNameWord(x) || tokens_[x].w->ascii.size() < 3) return false;
      rest_ascii += tokens_[x].w->ascii;
    }
    bool large = false;
    for (uint32_t c : places) large = large || gaz_.place(c).population >= kArticleNamePopulation;
    if (!large) return false;
    std::string rest_key;
    folder_.FoldAsciiInto(rest_ascii, &rest_key);
    if (rest_key.empty() || rest_key == key) return false;
    return !IsProminent(gaz_, gaz_.Find(rest_key), rest_key);
  }

  // Whether word i is joined to word i - 1 by one ASCII hyphen and nothing else.
  bool JoinedByHyphen(size_t i) const {
    const uint32_t b = tokens_[i].begin;
    return i > 0 && b >= 1 && tokens_[i - 1].end == b - 1 && text_[b - 1] == '-';
  }

  // Whether word i is the second half of a compound: joined by a hyphen alone to a single
  // letter or a lower-case prefix before it ("T-Mobile", "E-Pace", "pro-Moscow", "anti-China"),
  // not to another name ("US-China", "Baghdad-Damascus").
  bool HyphenatedToWordBefore(size_t i) const {
    if (!JoinedByHyphen(i)) return false;
    const WordInfo& before = *tokens_[i - 1].w;
    return tokens_[i - 1].end - tokens_[i - 1].begin == 1 || !before.upper_initial;
  }

  // Whether token j is a capitalised word joined by a hyphen alone to the word before it that
  // starts no known name or place and is no acronym or demonym: a small town's name before it
  // is the first half of one name ("Pont-Sondé"). The caller keeps prominent places
  // ("Israel-Palestinian conflict", "Delhi-NCR"), and two places stay two ("Baghdad-Damascus").
  bool HyphenatedToUnknownName(size_t j) {
    if (j >= tokens_.size()) return false;
    if (!JoinedByHyphen(j) || !IsNameWord(j) || tokens_[j].w->all_caps ||
        (tokens_[j].flags & kDemonym)) {
      return false;
    }
    return Match(j, &probe_) == 0;
  }

  bool NamesCountry(std::span<const uint32_t> places) const {
    for (uint32_t c : places) {
      if (gaz_.place(c).kind == PlaceKind::kCountry) return true;
    }
    return false;
  }

  // Match with a per-position memo: the run loop probes positions that Scan visits again.
  size_t Match(size_t i, Mention* m) {
    if (matched_[i] == 0) return 0;
    size_t len = MatchAt(i, m);
    matched_[i] = int8_t(len);
    return len;
  }

  // Longest known name starting at word i; 0 if none.
  size_t MatchAt(size_t i, Mention* m) {
    const ScanToken& t = tokens_[i];
    if (!CanStartName(t)) return 0;
    WordInfo& w = *t.w;
    size_t max_len = 1;
    while (max_len < kMaxNameWords && i + max_len < tokens_.size() &&
           (tokens_[i + max_len].flags & kHasAscii) && tokens_[i + max_len].glued) {
      ++max_len;
    }
    // Skip n-grams that no table can hold: every place and person ends on a capital, and
    // the organisations ending in lower case are listed in lower_ends. Most capitalised words
    // (sentence openers) are followed by none that can end a name: nothing to build then.
    auto can_end = [&](size_t len) {
      const ScanToken& lt = tokens_[i + len - 1];
      return (lt.flags & kUpperInitial) || lt.has(EntityLexicon::kLowerEnd);
    };
    size_t top = max_len;
    while (top >= 2 && !can_end(top)) --top;
    if (top >= 2) {
      // The ASCII of words [i, i + top) joined; n-gram keys fold its prefixes.
      size_t offsets[kMaxNameWords + 1] = {0};
      std::string& joined = joined_;
      joined.clear();
      for (size_t x = 0; x < top; ++x) {
        joined += tokens_[i + x].w->ascii;
        offsets[x + 1] = joined.size();
      }
      // Keys of the prefixes up to `top` words, as [begin, end) in keys_: the word keys
      // appended while the joins are clean (most are), the joined ASCII folded otherwise (a new
      // run of keys_ starts there). A clean prefix's key is a prefix of the next one's.
      std::string& arena = keys_;
      arena.assign(w.key);
      size_t kb[kMaxNameWords + 1] = {0}, ke[kMaxNameWords + 1] = {0};
      ke[1] = arena.size();
      for (size_t len = 2; len <= top; ++len) {
        const WordInfo& nw = *tokens_[i + len - 1].w;
        const std::string_view prev(arena.data() + kb[len - 1], ke[len - 1] - kb[len - 1]);
        if (ke[len - 1] == arena.size() &&
            folder_.JoinsCleanly(std::string_view(joined).substr(0, offsets[len - 1]), prev,
                                 nw.ascii, nw.key)) {
          kb[len] = kb[len - 1];
        } else {
          const std::string& folded = Fold(std::string_view(joined).substr(0, offsets[len]));
          kb[len] = arena.size();
          arena += folded;
          ke[len] = arena.size();
          continue;
        }
        arena += nw.key;
        ke[len] = arena.size();
      }
      // The gazetteer's slots for every n-gram looked up below, loaded together.
      uint64_t hash[kMaxNameWords + 1] = {0};
      for (size_t len = top; len >= 2; --len) {
        if (!can_end(len)) continue;
        hash[len] = KeyHash(std::string_view(keys_).substr(kb[len], ke[len] - kb[len]));
        gaz_.Prefetch(hash[len]);
      }
      std::string& buf = buf_;
      for (size_t len = top; len >= 2; --len) {
        if (!can_end(len)) continue;
        const size_t last = i + len - 1;
        const WordInfo& lw = *tokens_[last].w;
        const std::string_view key(keys_.data() + kb[len], ke[len] - kb[len]);
        if (TryKey(key, hash[len], i, len, &m->kind, &m->known, &m->places)) {
          m->key.assign(key);
          return len;
        }
        if (lw.cyrillic && lw.upper_initial) {
          for (const std::string& v : Variants(last).variants_ascii()) {
            buf.assign(joined, 0, offsets[len - 1]);
            buf += v;
            const std::string& vkey = Fold(buf);
            if (TryKey(vkey, KeyHash(vkey), i, len, &m->kind, &m->known, &m->places)) {
              m->key = vkey;
              return len;
            }
          }
        }
      }
    }
    // One word: the same for every occurrence of the word, so looked up once.
    if (!w.single_done) {
      w.single_done = true;
      if (TryKey(w.key, KeyHash(w.key), i, 1, &w.single_kind, &w.single_known,
                 &w.single_places)) {
        w.single_found = true;
        // An inflected Cyrillic form can equal another place's name ("Оше", locative of Ош, folds
        // like "Ose" and like Aachen's dialect name "Oche"): when a form with the ending undone
        // is the primary name of a larger place, that form wins. Not when the word as written is
        // a given name: "Мария" is the given name (and a few small places named Maria), not
        // "Мари", Mary in Turkmenistan, with an ending undone; it then opens a person's name as
        // "Maria" does.
        if (w.cyrillic && w.upper_initial && w.single_kind == MentionKind::kPlace &&
            !lex_.IsGivenName(w.key)) {
          uint32_t best = BestPrimaryPopulation(w.single_places, w.key);
          const std::vector<std::string>& keys = Variants(i).variant_keys();
          for (size_t v = 0; v < keys.size(); ++v) {
            MentionKind kind;
            uint32_t known = 0;
            std::span<const uint32_t> places;
            if (!TryKey(keys[v], KeyHash(keys[v]), i, 1, &kind, &known, &places) ||
                kind != MentionKind::kPlace) {
              continue;
            }
            const uint32_t pop = BestPrimaryPopulation(places, keys[v]);
            if (pop > best) {
              best = pop;
              w.single_places = places;
              w.single_variant = int8_t(v);
            }
          }
        }
      } else if (w.cyrillic && w.upper_initial) {
        // The first form with its ending undone that names something, unless a later form
        // names a larger place ("Киеве": "Киева" is a Chinese hamlet's alternate name, "Киев"
        // is Kyiv's): places are compared by their largest population.
        const std::vector<std::string>& keys = Variants(i).variant_keys();
        int64_t best = -1;
        for (size_t v = 0; v < keys.size(); ++v) {
          MentionKind kind;
          uint32_t known = 0;
          std::span<const uint32_t> places;
          if (!TryKey(keys[v], KeyHash(keys[v]), i, 1, &kind, &known, &places)) continue;
          int64_t population = 0;
          for (uint32_t c : places) population = std::max<int64_t>(population, gaz_.place(c).population);
          if (w.single_found && (kind != MentionKind::kPlace || w.single_kind != MentionKind::kPlace ||
                                 population <= best)) {
            continue;
          }
          w.single_found = true;
          w.single_kind = kind;
          w.single_known = known;
          w.single_places = places;
          w.single_variant = int8_t(v);
          best = population;
          if (kind != MentionKind::kPlace) break;  // a known name of the lexicon: as before
        }
      }
    }
    if (!w.single_found) return 0;
    m->kind = w.single_kind;
    m->known = w.single_known;
    m->places = w.single_places;
    m->key = w.single_variant < 0 ? w.key : w.variant_keys()[size_t(w.single_variant)];
    return 1;
  }

  void Finish(size_t i, size_t len, Mention* m) {
    m->span = ByteSpan{tokens_[i].begin, tokens_[i + len - 1].end};
    m->last_word = ByteSpan{tokens_[i + len - 1].begin, tokens_[i + len - 1].end};
    m->rest = len >= 2 ? ByteSpan{tokens_[i + 1].begin, tokens_[i + len - 1].end} : m->span;
    m->sentence_start = tokens_[i].sentence_start;
    for (size_t x = i; x < i + len; ++x) {
      const WordInfo& w = *tokens_[x].w;
      // A one-letter initial before the last word keeps one letter of its key ("Ж." folds to
      // "zh"): FirstNamesCompatible reads a one-letter key as an initial.
      const uint32_t bytes = tokens_[x].end - tokens_[x].begin;
      const bool initial = x + 1 < i + len && bytes <= 3 && w.key.size() > 1 && IsInitial(x) &&
                           !(bytes == 3 && text_[tokens_[x].begin + 1] == '.');
      m->word_keys.push_back(initial ? std::string_view(w.key).substr(0, 1) : std::string_view(w.key));
      if (w.has(EntityLexicon::kOrgHead)) m->org_head = true;
      if (w.cyrillic) m->latin = false;
    }
    m->last_variants = &Variants(i + len - 1).variant_keys();
    m->given_name = len == 1 && m->kind == MentionKind::kPlace && !m->latin && GivenName(i);
    m->before_region_head = !lex_.region_head.empty() && RegionHeadFollows(i + len);
    m->region_word = m->before_region_head || RegionWordBefore(i);
    m->demonym = len == 1 && (tokens_[i].flags & kDemonym) != 0;
    if (CueBefore(i)) {
      // A cue must be the word right before, separated by a space and at most one opening
      // quote ("в «Манас»", "à « Manas »": airports and venues are often quoted).
      const uint32_t a = tokens_[i - 1].end, b = tokens_[i].begin;
      bool cue = a < b && b - a <= 8;
      int quotes = 0;
      for (size_t p = a; p < b && cue;) {
        const char32_t c = base::DecodeOne(text_, &p);
        if (c == U'«' || c == U'"' || c == U'“' || c == U'„') {
          cue = ++quotes <= 1;
        } else {
          cue = c == U' ' || c == 0xA0 || c == 0x202F;
        }
      }
      // A quoted place is the whole quote ("в «Манас»"); a quote holding more is a title of a
      // work ("in "World War Z"", "в «Аризонской мечте»").
      if (cue && quotes > 0) {
        size_t p = tokens_[i + len - 1].end;
        char32_t close = 0;
        for (int spaces = 0; p < text_.size() && spaces <= 1;) {  // "à « Manas »"
          close = base::DecodeOne(text_, &p);
          if (close != U' ' && close != 0xA0 && close != 0x202F) break;
          ++spaces;
        }
        cue = close == U'»' || close == U'"' || close == U'”' || close == U'“';
      }
      m->place_cue = cue;
    }
    // A title only matters to a name found by no table (a run, or a place that is not one).
    if (m->kind == MentionKind::kKnown) return;
    // Title before the name, maybe with a demonym between ("le président kazakh Tokaïev").
    size_t end = i;  // words [start, end) precede the name
    if (end > 0 && (tokens_[end - 1].flags & kDemonym) && tokens_[end].glued_dot) --end;
    // Words [start, end): their ASCII joined and its key, grown to the left (word keys put in
    // front while the join is clean, the ASCII folded otherwise).
    FrontBuffer& ascii = cache_.title_ascii;
    FrontBuffer& key = cache_.title_key;
    for (size_t words = 1; words <= lex_.max_honorific_words && words <= end; ++words) {
      const size_t start = end - words;
      if (!tokens_[start + 1].glued_dot) break;  // every word of the title glued to the next
      const WordInfo& sw = *tokens_[start].w;
      if (words == 1) {
        if (sw.has(EntityLexicon::kHonorific)) {
          m->honorific = true;
          break;
        }
        ascii.assign(sw.ascii);
        key.assign(sw.key);
        continue;
      }
      if (folder_.JoinsCleanly(sw.ascii, sw.key, ascii.view(), key.view())) {
        key.prepend(sw.key);
        ascii.prepend(sw.ascii);
      } else {
        ascii.prepend(sw.ascii);
        key.assign(Fold(ascii.view()));
      }
      if (lex_.MaybeHonorific(key.view()) && lex_.honorifics.count(std::string(key.view()))) {
        m->honorific = true;
        break;
      }
    }
  }

  static constexpr size_t kMaxTokenBytes = 64;  // NameFolder::Tokenize's default
  std::string_view text_;
  const NameFolder& folder_;
  const EntityLexicon& lex_;
  const Gazetteer& gaz_;
  std::vector<ScanToken> tokens_;
  DocCache& cache_;
  std::vector<int8_t> matched_;  // Match memo: kUnknown, or the length found (0 = none)
  std::string& joined_;  // reused buffers (the DocCache's, so their capacity is kept)
  std::string& buf_;
  std::string& keys_;    // MatchAt: the keys of the n-gram prefixes
  Mention probe_;        // Scan: the match probed inside a run
  uint32_t language_bits_ = ~uint32_t(0);
  std::vector<uint8_t> title_case_;  // MarkTitleCaseLines
  static constexpr size_t kMinTitleCaseWords = 4;
  static constexpr double kTitleCaseShare = 0.7;
};

struct PersonCluster {
  std::string id;         // known id, or empty: built from the best mention
  std::string name;       // known canonical name, or empty
  std::string surname;    // key
  WordKeys best_words;  // word keys of the longest mention (DocCache)
  std::string best_surface;
  bool best_latin = false;
  std::vector<ByteSpan> mentions;
};

// The capital initials of a name's words, upper-cased ("Rapid Support Forces" -> "RSF",
// "Central Committee of Sudanese Doctors" -> "CCSD"; lower-case words are skipped).
std::u32string Initials(std::string_view name) {
  std::u32string out;
  bool at_word = true;
  for (size_t pos = 0; pos < name.size();) {
    const char32_t c = base::DecodeOne(name, &pos);
    if (c == U' ' || c == U'-' || c == 0xA0) {
      at_word = true;
      continue;
    }
    if (at_word && u_isupper(UChar32(c))) out.push_back(c);
    at_word = false;
  }
  return out;
}

// An acronym means, in one document, the organisation the document gives it to, whatever a
// curated row says (RSF is also Reporters Without Borders): the one it follows in brackets
// ("the Rapid Support Forces (RSF)", "les Forces de soutien rapide (RSF)"), or, when the
// acronym is all the document says of the curated one, the only other organisation of the
// document whose initials it spells. Every mention of the acronym then moves to that name's entity.
void RebindDefinedAcronyms(std::string_view text, std::map<std::string, Entity>* entities) {
  struct Move {
    std::string from, to;
    std::string acronym;
  };
  // Built once, so that the work grows with the mentions, not with their square (a 2 MB page of
  // repeated names took seconds): the organisations whose mentions spell each set of initials,
  // and those with a mention ending at each offset (in map order: the last one found wins, as
  // a definition closest in the map's order did before).
  std::map<std::u32string, std::vector<const std::string*>> spelling;
  std::unordered_map<uint32_t, std::vector<const std::string*>> ending_at;
  for (const auto& [id, b] : *entities) {
    if (b.type != EntityType::kOrganization) continue;
    std::unordered_set<std::string_view> surfaces;
    std::set<std::u32string> own;
    for (const ByteSpan& n : b.mentions) {
      if (n.end > text.size()) continue;
      std::vector<const std::string*>& at = ending_at[n.end];
      if (at.empty() || at.back() != &id) at.push_back(&id);
      if (surfaces.insert(text.substr(n.begin, n.size())).second) {
        own.insert(Initials(text.substr(n.begin, n.size())));
      }
    }
    for (const std::u32string& letters : own) spelling[letters].push_back(&id);
  }
  std::vector<Move> moves;
  for (const auto& [id, a] : *entities) {
    if (a.type != EntityType::kOrganization) continue;
    std::string_view first;
    bool only_acronym = true;
    for (const ByteSpan& n : a.mentions) {
      if (n.end > text.size()) {
        only_acronym = false;
        continue;
      }
      const std::string_view s = text.substr(n.begin, n.size());
      if (first.data() == nullptr) first = s;
      only_acronym = only_acronym && s == first;
    }
    bool unbracketed_tried = false;  // every unbracketed mention asks the same question
    for (const ByteSpan& m : a.mentions) {
      if (m.end > text.size() || m.size() < 2) continue;
      const std::string_view acronym = text.substr(m.begin, m.size());
      const bool bracketed = m.begin >= 3 && m.end < text.size() && text[m.begin - 1] == '(' &&
                             text[m.end] == ')';
      if (!bracketed && (!only_acronym || unbracketed_tried)) continue;
      if (!bracketed) unbracketed_tried = true;
      if (!IsAcronym(acronym)) continue;
      std::u32string letters;
      for (size_t pos = 0; pos < acronym.size();) letters.push_back(base::DecodeOne(acronym, &pos));
      if (letters.size() > 8) continue;
      uint32_t before = bracketed ? m.begin - 1 : 0;  // the bracket
      while (before > 0 && text[before - 1] == ' ') --before;
      // A definition in brackets holds whatever the initials: a name translated before the
      // original acronym ("les Forces de soutien rapide (RSF)").
      const std::string* defined = nullptr;
      if (bracketed) {
        if (auto at = ending_at.find(before); at != ending_at.end()) {
          for (const std::string* other : at->second) {
            if (*other != id) defined = other;
          }
        }
      }
      const std::string* spelled = nullptr;  // the one other organisation with these initials
      int spelled_count = 0;
      if (auto sp = spelling.find(letters); sp != spelling.end()) {
        for (const std::string* other : sp->second) {
          if (*other == id) continue;
          spelled = other;
          ++spelled_count;
        }
      }
      // A curated organisation whose own name those initials spell is the one named in full
      // ("OSCE" and "Organization for Security and Co-operation in Europe").
      const bool own_initials = Initials(a.name) == letters;
      const std::string* to =
          defined ? defined
                  : (only_acronym && spelled_count == 1 && !own_initials ? spelled : nullptr);
      if (to) {
        moves.push_back({id, *to, std::string(acronym)});
        break;
      }
    }
  }
  for (const Move& mv : moves) {
    auto from = entities->find(mv.from);
    auto to = entities->find(mv.to);
    if (from == entities->end() || to == entities->end()) continue;
    std::vector<ByteSpan> kept;
    for (const ByteSpan& m : from->second.mentions) {
      if (text.substr(m.begin, m.size()) == mv.acronym) {
        to->second.mentions.push_back(m);
      } else {
        kept.push_back(m);
      }
    }
    from->second.mentions = std::move(kept);
    if (from->second.mentions.empty()) entities->erase(from);
  }
}

// `inflected`: a name in a script whose names take case endings (Cyrillic): a given name is also
// compatible with itself plus an ending of up to two letters ("Вадима", "Вадимом" and "Вадим").
bool FirstNamesCompatible(const WordKeys& a, const WordKeys& b, bool inflected) {
  if (a.size() < 2 || b.size() < 2) return true;
  if (inflected) {
    const std::string_view x = a.front().size() <= b.front().size() ? a.front() : b.front();
    const std::string_view y = a.front().size() <= b.front().size() ? b.front() : a.front();
    if (x.size() >= 3 && y.size() <= x.size() + 2 && y.starts_with(x)) return true;
  }
  // Initials (one-letter keys) stand for given names with those letters: the first given names
  // written in full are compared when both have one ("W. Mark Felt", "Mark Felt"), else the
  // first letters ("Е. Тургумбаев", "Ерлан Тургумбаев").
  auto first_full = [](const WordKeys& k) -> std::string_view {
    for (size_t x = 0; x + 1 < k.size(); ++x) {
      if (k[x].size() > 1) return k[x];
    }
    return {};
  };
  const std::string_view fa = first_full(a), fb = first_full(b);
  if (a.front().size() == 1 || b.front().size() == 1) {
    if (!fa.empty() && !fb.empty()) return SameNameKey(fa, fb, kMergeSimilarity);
    return !a.front().empty() && !b.front().empty() && a.front()[0] == b.front()[0];
  }
  return SameNameKey(a.front(), b.front(), kMergeSimilarity);
}

// The start of the first of `spans` in the text (UINT32_MAX: none).
uint32_t FirstBegin(const std::vector<ByteSpan>& spans) {
  uint32_t first = UINT32_MAX;
  for (const ByteSpan& s : spans) first = std::min(first, s.begin);
  return first;
}

bool SurnameMatches(const Mention& m, const std::string& surname) {
  if (m.word_keys.empty()) return false;
  if (SameNameKey(m.word_keys.back(), surname, kMergeSimilarity)) return true;
  for (const std::string& v : *m.last_variants) {
    if (v == surname) return true;
  }
  return false;
}

std::string JoinKeys(const WordKeys& keys) {
  std::string out;
  for (std::string_view k : keys) {
    if (k.empty()) continue;
    if (!out.empty()) out.push_back('-');
    out += k;
  }
  return out;
}

// FindEntities with the word cache of the caller (`cache` outlives every Mention: they point
// into it; it must have been filled with the same folder, lexicon and gazetteer only).
EntityResult FindEntitiesCached(std::string_view text, std::span<const ByteSpan> spans,
                                std::string_view domain, const NameFolder& folder,
                                const EntityLexicon& lexicon, const Gazetteer& gazetteer,
                                const EntityLimits& limits, DocCache& cache,
                                std::string_view language) {
  const uint32_t language_bits = lexicon.LanguageBits(language);
  EntityResult result;
  std::vector<Mention> mentions;
  // About one mention per 60 bytes of news text: grown once, not copied at every doubling.
  mentions.reserve(std::min<size_t>(text.size() / 60 + 8, limits.max_mentions));
  std::vector<std::string> demonym_countries;
  std::vector<Mention> press_cities;  // "New York" of "New York Times": context, no place
  size_t tokens_left = limits.max_tokens;
  for (const ByteSpan& span : spans) {
    if (span.end > text.size() || span.begin >= span.end || tokens_left == 0) continue;
    std::string_view zone = text.substr(span.begin, span.end - span.begin);
    ZoneScanner scanner(zone, folder, lexicon, gazetteer, tokens_left, &cache);
    scanner.set_language_bits(language_bits);
    tokens_left -= std::min(tokens_left, scanner.token_count());
    if (tokens_left == 0) result.truncated = true;
    size_t before = mentions.size();
    scanner.Scan(&mentions, &demonym_countries, &press_cities, limits.max_mentions);
    for (size_t k = before; k < mentions.size(); ++k) {
      mentions[k].span.begin += span.begin;
      mentions[k].span.end += span.begin;
      mentions[k].last_word.begin += span.begin;  // read by the surname rule (pass 3)
      mentions[k].last_word.end += span.begin;
      mentions[k].rest.begin += span.begin;
      mentions[k].rest.end += span.begin;
    }
    if (mentions.size() >= limits.max_mentions) {
      result.truncated = true;
      break;
    }
  }
  auto by_begin = [](const Mention& a, const Mention& b) { return a.span.begin < b.span.begin; };
  // Zones come sorted, so the mentions usually are: moving them is not free.
  if (!std::is_sorted(mentions.begin(), mentions.end(), by_begin)) {
    std::sort(mentions.begin(), mentions.end(), by_begin);
  }

  // Country context: countries named, demonyms, the domain's country code (DESIGN-NOTES 4).
  std::map<std::string, double> weights;
  for (const Mention& m : mentions) {
    if (m.kind != MentionKind::kPlace) continue;
    for (uint32_t c : m.places) {
      if (gazetteer.place(c).kind == PlaceKind::kCountry) weights[gazetteer.place(c).country] += 1.0;
    }
  }
  for (const std::string& c : demonym_countries) weights[c] += 0.5;
  if (size_t dot = domain.rfind('.'); dot != std::string_view::npos && domain.size() - dot == 3) {
    std::string cc(domain.substr(dot + 1));
    for (char& ch : cc) ch = char(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch);
    if (gazetteer.CountryIndex(cc) >= 0) weights[cc] += 0.5;
  }
  // Cities that can only be one place give their country too ("Bishkek" says Kyrgyzstan, so
  // "Jalal-Abad" next to it is not the Afghan Jalalabad): a capital or a city of 300 000 people,
  // named by its primary name, with no other candidate of that size. So does a newspaper's
  // city ("the Washington Post" says the story is American).
  for (const std::vector<Mention>* list : {&mentions, &press_cities}) for (const Mention& m : *list) {
    if (m.kind != MentionKind::kPlace || m.places.empty()) continue;
    int64_t only = -1;
    bool clear = true;
    for (uint32_t c : m.places) {
      const GazetteerPlace& p = gazetteer.place(c);
      if (p.kind == PlaceKind::kCountry) {
        clear = false;
        break;
      }
      if (p.feature_rank < 3 && p.population < 300000) continue;
      if (only >= 0 || gazetteer.IsAlternateKey(c, m.key)) {
        clear = false;
        break;
      }
      only = c;
    }
    if (clear && only >= 0) weights[gazetteer.place(uint32_t(only)).country] += 0.25;
  }
  CountryContext context;
  double max_weight = 0;
  for (const auto& [c, w] : weights) max_weight = std::max(max_weight, w);
  for (const auto& [c, w] : weights) context.emplace_back(c, w / max_weight);

  std::map<std::string, Entity> entities;
  std::map<std::string, Place> places;
  auto add = [&](const std::string& id, EntityType type, const std::string& name, ByteSpan span) {
    auto it = entities.find(id);
    if (it == entities.end()) {
      if (entities.size() >= limits.max_entities) {
        result.truncated = true;
        return false;
      }
      it = entities.emplace(id, Entity{id, type, name, {}}).first;
    }
    it->second.mentions.push_back(span);
    return true;
  };

  // Places: one sense per key per document. A mention in a weak position (one word at a
  // sentence start or glued to another capitalised word) takes the sense its key has elsewhere in
  // the document when it has one: "Noursoultan" opening a sentence is the city named later "à
  // Noursoultan". Strong positions are resolved first for that.
  std::unordered_map<std::string, int64_t> sense;  // key -> gazetteer index, -1 unresolved
  std::vector<GeoCandidate> candidates;  // resolve's, kept for its capacity
  std::string surface_letters, name_letters;  // resolve's too
  const bool respells = lexicon.RespellsPlaceNames(language_bits);
  auto is_weak = [](const Mention& m) {
    return m.word_keys.size() == 1 && !m.place_cue && (m.sentence_start || m.followed_by_name);
  };
  auto resolve = [&](const Mention& m) -> std::unordered_map<std::string, int64_t>::iterator {
    const bool weak = is_weak(m);
    const std::string sense_key = m.key + (weak ? "/w" : "") + (m.place_cue ? "/c" : "") +
                                  (m.region_word ? "/r" : "");
    auto it = sense.find(sense_key);
    if (it != sense.end()) return it;
    if (weak) {
      for (const char* strong : {"", "/c"}) {
        auto s = sense.find(m.key + strong);
        if (s != sense.end() && s->second >= 0) return sense.emplace(sense_key, s->second).first;
      }
    }
    std::vector<GeoCandidate>& cands = candidates;
    cands.clear();
    // One word glued to a capitalised word after it ("Central Asia", "Juan Guaido") is part of
    // a longer name: an alternate name does not make it a town, even after a cue ("in").
    const bool glued_to_name = m.word_keys.size() == 1 && m.followed_by_name;
    for (uint32_t c : m.places) gazetteer.PrefetchPlace(c);
    const uint64_t key_hash = KeyHash(m.key);
    // Plain ASCII that reaches a name written with other letters only through folding ("Bush"
    // and the Egyptian town Būsh) counts as an alternate name: a word that happens to fold so.
    const std::string_view surface = text.substr(m.span.begin, m.span.size());
    const bool ascii_surface = IsAscii(surface);
    // In a language whose press spells foreign places as the gazetteer does (English), a
    // plain ASCII word that reaches a place's name only through the folding rules, with other
    // letters ("Yida" and Iida, "Josh" and Jos, "Buchan" and Busan), is another word until the
    // story's country or a cue says otherwise: the rules are there for transliterations.
    const bool check_letters = m.latin && ascii_surface && !respells;
    // A word in another script is a real name of the place in that language ("в Киеве").
    bool own_letters = !m.latin || (ascii_surface && surface.size() == m.key.size());
    for (size_t k = 0; m.latin && own_letters && k < surface.size(); ++k) {
      own_letters = char(std::tolower(static_cast<unsigned char>(surface[k]))) == m.key[k];
    }
    if (check_letters) LetterSkeleton(folder, surface, &surface_letters);
    cands.reserve(m.places.size());
    for (uint32_t c : m.places) {
      const GazetteerPlace& p = gazetteer.place(c);
      const bool alternate = gazetteer.IsAlternateKeyHash(c, key_hash) &&
                             !lexicon.IsExonym(m.key, p.geonames_id, language_bits);
      bool folded =
          ascii_surface && p.kind != PlaceKind::kCountry && !IsAscii(gazetteer.name(c));
      if (check_letters && !alternate && !folded && p.kind != PlaceKind::kCountry) {
        LetterSkeleton(folder, gazetteer.name(c), &name_letters);
        folded = name_letters != surface_letters;
      }
      GeoCandidate g{p.kind, p.population, p.feature_rank, p.country, alternate || folded};
      g.folded_only = folded && !alternate;
      g.several_words = m.word_keys.size() >= 2;
      g.key_letters = uint32_t(m.key.size());
      g.own_letters = own_letters;
      g.excluded = glued_to_name && alternate && p.kind != PlaceKind::kCountry;
      // A region's name in another script needs less support than a Latin one (ChoosePlace),
      // unless the word is a given name too ("Дарьи Калугиной" is no Syrian governorate).
      g.latin = m.latin || m.given_name;
      g.region_word = m.region_word;
      cands.push_back(std::move(g));
    }
    int choice = ChoosePlace(cands, context, m.place_cue, weak);
    return sense.emplace(sense_key, choice < 0 ? -1 : int64_t(m.places[choice])).first;
  };
  // A one-word place that is the last word of a longer or titled unknown name of the document
  // is that name's bearer referred to by surname ("Bettie Page ... Page said"), unless a cue
  // introduces it ("in Page") or it is prominent.
  // After a title a town's name is a person's ("Dr. Benjamin", "President Jackson"); a country
  // stays one ("президент Кыргызстана"), and so does a first-level region named in another
  // script than Latin ("глава Чечни": a Latin region name may be a surname, "Tim Alberta").
  for (Mention& m : mentions) {
    if (m.kind == MentionKind::kPlace && m.word_keys.size() == 1 && !m.place_cue &&
        m.honorific && !m.before_region_head && !NamesCountryOrRegion(gazetteer, m.places) &&
        !(!m.latin && NamesRegion(gazetteer, m.places))) {
      m.kind = MentionKind::kRun;
    }
    // An organisation's head word alone is that word ("l'Union soviétique", "the Police"), not
    // a town of that name (Union, New Jersey; Police, Poland), unless prominent.
    if (m.kind == MentionKind::kPlace && m.word_keys.size() == 1 && m.org_head &&
        !IsProminent(gazetteer, m.places, m.key)) {
      m.kind = MentionKind::kRun;
    }
  }
  std::unordered_set<std::string_view> surnames;
  for (const Mention& m : mentions) {
    if (m.kind == MentionKind::kRun && !m.org_head && m.word_keys.size() <= 3 &&
        (m.word_keys.size() >= 2 || m.honorific)) {  // "President Bush ... Bush said" too
      surnames.insert(m.word_keys.back());
    }
  }
  for (Mention& m : mentions) {
    if (m.kind == MentionKind::kPlace && m.word_keys.size() == 1 && !m.place_cue &&
        surnames.count(m.word_keys[0]) && !IsProminent(gazetteer, m.places, m.key)) {
      m.kind = MentionKind::kRun;
    }
  }
  // The strong mentions' senses, kept for the loop below (resolving them again would find the
  // same entry, after building and hashing its key again).
  std::vector<int64_t> strong_sense(mentions.size(), -1);
  for (size_t k = 0; k < mentions.size(); ++k) {
    const Mention& m = mentions[k];
    if (m.kind == MentionKind::kPlace && !is_weak(m)) strong_sense[k] = resolve(m)->second;
  }
  for (size_t k = 0; k < mentions.size(); ++k) {
    Mention& m = mentions[k];
    if (m.kind != MentionKind::kPlace) continue;
    const int64_t chosen = is_weak(m) ? resolve(m)->second : strong_sense[k];
    if (chosen < 0) {
      m.kind = MentionKind::kRun;  // not supported as a place: maybe a name, see below
      continue;
    }
    const uint32_t idx = uint32_t(chosen);
    const std::string id = gazetteer.Id(idx);
    if (!add(id, EntityType::kLocation, std::string(gazetteer.name(idx)), m.span)) continue;
    if (!places.count(id)) {
      const GazetteerPlace& p = gazetteer.place(idx);
      Place pl;
      pl.entity = id;
      pl.name = std::string(gazetteer.name(idx));
      pl.country = std::string(p.country);
      if (p.has_point) {
        pl.lat = p.lat;
        pl.lon = p.lon;
      }
      pl.kind = p.kind;
      places.emplace(id, std::move(pl));
    }
  }

  // Persons and organisations.
  std::vector<PersonCluster> persons;
  // Persons by the consonant skeleton of their surname key: a surname matches only persons with
  // its skeleton (SameNameKey requires it) or one of its variants', so a page naming thousands of
  // people compares each mention with a few, not with all of them.
  std::unordered_map<std::string, std::vector<uint32_t>> by_skeleton;
  std::unordered_map<std::string_view, uint32_t> by_known_id;
  auto index_person = [&]() {
    by_skeleton[Skeleton(persons.back().surname)].push_back(uint32_t(persons.size() - 1));
  };
  std::vector<uint32_t> matching;  // find_person's candidates
  auto find_person = [&](const Mention& m, bool full) -> PersonCluster* {
    PersonCluster* found = nullptr;
    matching.clear();
    if (m.word_keys.empty()) return nullptr;  // SurnameMatches needs a last word
    auto gather = [&](std::string_view key) {
      auto it = by_skeleton.find(Skeleton(key));
      if (it != by_skeleton.end()) {
        matching.insert(matching.end(), it->second.begin(), it->second.end());
      }
    };
    gather(m.word_keys.back());
    for (const std::string& v : *m.last_variants) gather(v);
    // In the order persons were found: ties go as they did when every person was compared.
    std::sort(matching.begin(), matching.end());
    matching.erase(std::unique(matching.begin(), matching.end()), matching.end());
    for (uint32_t index : matching) {
      PersonCluster& p = persons[index];
      if (!SurnameMatches(m, p.surname)) continue;
      if (full && !FirstNamesCompatible(m.word_keys, p.best_words, !m.latin)) continue;
      // A surname alone goes to the person named most often in the passes before, then to the one named
      // first (the story's subject, not a relative named once: "his nephew William T. LaRue").
      // A full name goes to the most recent compatible one.
      if (!full && found &&
          (found->mentions.size() != p.mentions.size()
               ? found->mentions.size() > p.mentions.size()
               : FirstBegin(found->mentions) < FirstBegin(p.mentions))) {
        continue;
      }
      found = &p;
    }
    return found;
  };
  auto add_person_mention = [&](PersonCluster* p, const Mention& m) {
    p->mentions.push_back(m.span);
    const bool longer = m.word_keys.size() > p->best_words.size() ||
                        (m.word_keys.size() == p->best_words.size() && m.latin && !p->best_latin);
    if (longer) {
      p->best_words = m.word_keys;
      p->best_surface = std::string(text.substr(m.span.begin, m.span.size()));
      p->best_latin = m.latin;
    }
  };
  auto new_person = [&](const Mention& m) {
    PersonCluster p;
    p.surname = m.word_keys.empty() ? m.key : std::string(m.word_keys.back());
    persons.push_back(std::move(p));
    index_person();
    add_person_mention(&persons.back(), m);
  };

  // Pass 1: known entities, titled persons, organisations by head word.
  std::vector<const Mention*> pending;
  for (const Mention& m : mentions) {
    if (m.kind == MentionKind::kKnown) {
      const KnownEntity& k = lexicon.known[m.known];
      if (k.type != EntityType::kPerson) {
        add(k.id, k.type, k.name, m.span);
        continue;
      }
      PersonCluster* p = nullptr;
      if (auto it = by_known_id.find(k.id); it != by_known_id.end()) p = &persons[it->second];
      if (!p) {
        persons.push_back(PersonCluster{k.id, k.name, k.surname_key, {}, {}, false, {}});
        index_person();
        by_known_id.emplace(k.id, uint32_t(persons.size() - 1));
        p = &persons.back();
      }
      p->mentions.push_back(m.span);
      continue;
    }
    if (m.kind != MentionKind::kRun || m.before_org_head) continue;
    if (m.org_head && m.word_keys.size() >= 2) {
      add("org:" + JoinKeys(m.word_keys), EntityType::kOrganization,
          std::string(text.substr(m.span.begin, m.span.size())), m.span);
      continue;
    }
    // A titled name of several words; a titled surname alone waits for the full names (pass
    // 2b): "Mr. Gigante" is the Vincent Gigante the text names, not "the Rev. Louis Gigante".
    if (m.honorific && !m.title_case && m.word_keys.size() >= 2 && !m.before_region_head) {
      PersonCluster* p = find_person(m, true);
      if (p) add_person_mention(p, m);
      else new_person(m);
      continue;
    }
    pending.push_back(&m);
  }
  // Pass 2: full names whose surname recurs alone (a strong person cue without a title), or
  // with a middle initial ("Gilford T. Monrose"), in the order of the text.
  std::unordered_map<std::string, int> single_counts;
  for (const Mention* m : pending) {
    if (m->word_keys.size() == 1) {
      ++single_counts[std::string(m->word_keys[0])];
      for (const std::string& v : *m->last_variants) ++single_counts[v];
    }
  }
  // A capitalised sentence opener glued to a full name the text gives elsewhere ("Notorious
  // Bettie Page", "Polygamist Warren Jeffs") is that name after a word of the sentence: read as
  // the name alone in pass 3, never a person of its own. Two words stay a name ("Mark Felt" at a
  // sentence start is no opener before "Felt").
  std::unordered_set<std::string> full_names;
  for (const Mention* m : pending) {
    if (m->word_keys.size() < 2 || m->word_keys.size() > 3 || m->sentence_start || m->title_case) {
      continue;
    }
    full_names.insert(JoinKeys(m->word_keys));
  }
  auto after_opener = [&](const Mention& m) {
    if (!(m.sentence_start || m.title_case) || m.word_keys.size() < 3 || m.word_keys.size() > 4 ||
        full_names.empty() || full_names.count(JoinKeys(m.word_keys))) {
      return false;
    }
    WordKeys rest = m.word_keys;
    rest.pop_front();
    return full_names.count(JoinKeys(rest)) > 0;
  };
  for (const Mention* m : pending) {
    // Four words only with a given name first and a particle ("Ursula von der Leyen").
    if (m->word_keys.size() < 2 || m->word_keys.size() > (m->particles ? 4u : 3u) ||
        after_opener(*m) || m->before_region_head) {
      continue;
    }
    // A given name opens a name, unless the run ends on a word of things' and places' names
    // ("Bruce Township", "Tony Awards", "Alexander Valley", "Uhuru Park", "Hamad International
    // Airport").
    // (A run with an organisation's head word was made an organisation in pass 1.)
    const std::string last(m->word_keys.back());
    // Nor is a run on such a word a person's for its last word recurring alone ("the Old Mat
    // Maid Warehouse ... the Warehouse was").
    const bool thing = lexicon.thing_word.count(last) > 0 || lexicon.street.count(last) > 0;
    const bool given = m->given_first && !thing;
    bool recurs = given || (!thing && (m->initials || single_counts.count(last) > 0));
    PersonCluster* p = find_person(*m, true);
    if (p) add_person_mention(p, *m);
    // A headline's capitalised words are no name by themselves ("Choosing DeGeneres").
    else if (recurs && !m->title_case) new_person(*m);
  }
  // Pass 2b: titled surnames alone, in the order of the text: a person's, named in full or not.
  // An acronym after a title is an organisation's ("Глава МВД"), not a person's surname.
  auto titled_surname = [&](const Mention& m) {
    return m.honorific && !m.title_case && m.word_keys.size() == 1 && !m.before_region_head &&
           !IsAcronym(text.substr(m.span.begin, m.span.size()));
  };
  for (const Mention* m : pending) {
    if (!titled_surname(*m)) continue;
    if (PersonCluster* p = find_person(*m, false)) add_person_mention(p, *m);
    else new_person(*m);
  }
  // Pass 3: single words referring back to a person; unresolved places after a cue.
  for (const Mention* m : pending) {
    if (titled_surname(*m)) continue;
    if (after_opener(*m)) {
      Mention rest = *m;
      rest.span = m->rest;
      rest.word_keys.pop_front();
      if (PersonCluster* p = find_person(rest, rest.word_keys.size() >= 2)) add_person_mention(p, rest);
      continue;
    }
    bool multi_done = m->word_keys.size() >= 2 && m->word_keys.size() <= 3 && find_person(*m, true);
    if (multi_done) continue;
    if (m->before_region_head) {
      // a region's name: a place after a cue (below), never a person's
    } else if (m->word_keys.size() == 1) {
      if (PersonCluster* p = find_person(*m, false)) {
        add_person_mention(p, *m);
        continue;
      }
    } else if ((m->sentence_start || m->title_case) && m->word_keys.size() == 2) {
      // "Позже Султанова ...": a capitalised sentence opener glued to a surname.
      Mention tail = *m;
      tail.span = m->last_word;
      tail.word_keys.pop_front();
      if (PersonCluster* p = find_person(tail, false)) {
        add_person_mention(p, tail);
        continue;
      }
    }
    if (m->place_cue && m->word_keys.size() <= 2 && !m->sentence_start && !m->title_case &&
        !m->org_head && !m->demonym) {  // "au Pacte eurasien": an organisation's head word is no place
      // "in NFL", "au МВД": an acronym the gazetteer does not know is an organisation or a
      // thing; "in Week 14", "at Gate 5": a numbered thing. Neither is a place.
      const std::string_view surface = text.substr(m->span.begin, m->span.size());
      // A word with digits is a product or a code ("at IE8"), not a place either.
      if (IsAcronym(surface) || NumberFollows(text, m->span.end) ||
          surface.find_first_of("0123456789") != std::string_view::npos) {
        continue;
      }
      const std::string id = "loc:" + JoinKeys(m->word_keys);
      if (!add(id, EntityType::kLocation, std::string(text.substr(m->span.begin, m->span.size())),
               m->span)) {
        continue;
      }
      if (!places.count(id)) {
        Place pl;
        pl.entity = id;
        pl.name = entities[id].name;
        // pl.kind stays null: nothing says whether this unknown place is a town, a region or a
        // site.
        places.emplace(id, std::move(pl));
      }
    }
  }
  for (PersonCluster& p : persons) {
    std::string id = p.id.empty() ? "per:" + JoinKeys(p.best_words) : p.id;
    std::string name = p.name.empty() ? p.best_surface : p.name;
    for (const ByteSpan& s : p.mentions) add(id, EntityType::kPerson, name, s);
  }

  RebindDefinedAcronyms(text, &entities);
  for (auto& [id, e] : entities) {
    std::sort(e.mentions.begin(), e.mentions.end(),
              [](const ByteSpan& a, const ByteSpan& b) { return a.begin < b.begin; });
    e.mentions.erase(std::unique(e.mentions.begin(), e.mentions.end()), e.mentions.end());
    result.entities.push_back(std::move(e));
  }
  for (auto& [id, p] : places) result.places.push_back(std::move(p));
  return result;
}

// A serial per EntityFinder, never reused (an address can be): names the owner of the thread's
// word cache.
std::atomic<uint64_t> next_finder_serial{1};

}  // namespace

EntityResult FindEntities(std::string_view text, std::span<const ByteSpan> spans,
                          std::string_view domain, const NameFolder& folder,
                          const EntityLexicon& lexicon, const Gazetteer& gazetteer,
                          const EntityLimits& limits, std::string_view language) {
  DocCache cache;
  return FindEntitiesCached(text, spans, domain, folder, lexicon, gazetteer, limits, cache,
                            language);
}

EntityFinder::EntityFinder(std::unique_ptr<NameFolder> folder,
                           std::unique_ptr<EntityLexicon> lexicon,
                           std::unique_ptr<Gazetteer> gazetteer)
    : folder_(std::move(folder)),
      lexicon_(std::move(lexicon)),
      gazetteer_(std::move(gazetteer)),
      serial_(next_finder_serial.fetch_add(1, std::memory_order_relaxed)) {}

Result<std::unique_ptr<EntityFinder>> EntityFinder::Create(const lang::Resources& resources) {
  SITREP_ASSIGN_OR_RETURN(std::unique_ptr<NameFolder> folder, NameFolder::Create(resources));
  SITREP_ASSIGN_OR_RETURN(std::unique_ptr<EntityLexicon> lexicon,
                          EntityLexicon::Create(resources, *folder));
  // Country spellings the press uses beside ICU's names (resources/<lang>/country_names.tsv).
  std::multimap<std::string, std::string> country_names;
  SITREP_ASSIGN_OR_RETURN(std::vector<base::TsvTable> name_tables,
                          resources.TableFromEveryPack("country_names.tsv", {"name", "country"}));
  for (const base::TsvTable& t : name_tables) {
    int n = t.Column("name"), c = t.Column("country");
    for (const base::TsvRow& row : t.rows) country_names.emplace(row.fields[c], row.fields[n]);
  }
  SITREP_ASSIGN_OR_RETURN(std::unique_ptr<Gazetteer> gazetteer,
                          Gazetteer::Load(*folder, resources.languages(),
                                          Gazetteer::FindCompiled(resources), country_names));
  return std::make_unique<EntityFinder>(std::move(folder), std::move(lexicon),
                                        std::move(gazetteer));
}

void EntityFinder::Run(Document& doc) const {
  std::vector<ByteSpan> spans;
  for (const Zone& z : doc.zones) {
    // Boilerplate (menus, footers) names places and outlets that are not the story's.
    if (z.kind != ZoneKind::kBoilerplate) spans.push_back(z.span);
  }
  if (doc.zones.empty()) spans.push_back(ByteSpan{0, uint32_t(doc.text.size())});
  // One word cache per thread, shared by the documents this finder reads on that thread (Run
  // stays const and thread-safe); another finder's cache is dropped, a large one too.
  struct ThreadCache {
    uint64_t owner = 0;
    DocCache cache;
  };
  thread_local ThreadCache local;
  if (local.owner != serial_) {
    local.cache.words.clear();
    local.cache.folds.clear();
    local.owner = serial_;
  }
  EntityResult r = FindEntitiesCached(doc.text, spans, doc.domain.value_or(""), *folder_,
                                      *lexicon_, *gazetteer_, EntityLimits{}, local.cache,
                                      doc.language);
  local.cache.Trim();  // bounded memory between documents
  doc.entities = std::move(r.entities);
  doc.places = std::move(r.places);
  if (r.truncated) {
    doc.warnings.push_back(Warning{"too_many_entities", ByteSpan{},
                                   "entity extraction stopped at a size limit"});
  }
}

}  // namespace sitrep::extract
