// The extern "C" API of cxapian.h over Xapian 1.4. No exception leaves this file: every export runs
// its body through `guarded`, which turns an exception into a status and a message (see cxapian.h).
#include "cxapian.h"
#include "facet_columns.h"
#include "match_set.h"

#include <xapian.h>

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <memory>
#include <sstream>
#include <new>
#include <queue>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

/// What a reader looked up in the revision it reads, kept for as long as it reads that revision
/// (`refresh` empties it when the reader moves on), so a long-lived reader (`serve`) asks the
/// B-trees once per commit rather than once per query: term frequencies (feedback looks up
/// hundreds a query) and spelling suggestions (of a word and an edit distance). A writer keeps
/// none: what it reads changes with every edit.
struct RevisionCache {
    /// How many answers of each kind are kept (about 64 bytes each): past it, they are all
    /// dropped and looked up again.
    static constexpr size_t kept = 1 << 18;
    std::unordered_map<std::string, Xapian::doccount> termfreqs;
    std::unordered_map<std::string, std::string> spellings;

    void clear() {
        termfreqs.clear();
        spellings.clear();
    }
};

struct qx_db {
    Xapian::WritableDatabase writable;
    Xapian::Database readonly;
    bool is_writable = false;
    /// The facet columns in use (qx_db_use_facet_columns), or none: count from the value slots;
    /// and the file they come from, mapped again when a refresh finds them stale.
    std::unique_ptr<quarry::FacetColumns> columns;
    std::string columns_path;
    /// The folder it was opened from, and that folder's device and inode at the time: a folder
    /// swapped in by compaction has another inode, and must be opened anew, not reopened.
    std::string path;
    dev_t device = 0;
    ino_t inode = 0;
    RevisionCache cache;
    Xapian::Database &reader() { return is_writable ? writable : readonly; }
};

struct qx_doc {
    Xapian::Document doc;
};

struct qx_query {
    Xapian::Query query;
};

struct qx_results {
    uint32_t total = 0;
    std::vector<std::pair<double, std::string>> hits;
    std::vector<std::vector<std::pair<std::string, uint32_t>>> facets;
    /// Per facet, how many distinct values were counted (before the limit).
    std::vector<size_t> distinct;
};

namespace {

// MARK: - The exception firewall

/// The status of a Xapian error. Xapian::Error is not polymorphic (no dynamic_cast), but
/// get_type() names the class that was thrown.
qx_status status_of(const Xapian::Error &e) noexcept {
    static const struct {
        const char *type;
        qx_status status;
    } table[] = {
        {"DatabaseLockError", QX_LOCKED},         {"DatabaseNotFoundError", QX_NOT_FOUND},
        {"DatabaseOpeningError", QX_NOT_FOUND},
        {"DatabaseCorruptError", QX_CORRUPT},     {"DatabaseModifiedError", QX_MODIFIED},
        {"InvalidArgumentError", QX_INVALID_ARGUMENT},
    };
    const char *type = e.get_type();
    for (const auto &row : table) {
        if (std::strcmp(type, row.type) == 0) return row.status;
    }
    return QX_ERROR;
}

/// A malloc'ed, NUL-terminated copy of `length` bytes (nullptr when out of memory).
char *copy_bytes(const char *bytes, size_t length) noexcept {
    char *copy = static_cast<char *>(std::malloc(length + 1));
    if (copy == nullptr) return nullptr;
    if (length > 0) std::memcpy(copy, bytes, length);
    copy[length] = '\0';
    return copy;
}

/// Stores "first: second" in *error without allocating through C++ (so it cannot throw).
qx_status fail(char **error, qx_status status, const char *first, const char *second) noexcept {
    if (error == nullptr) return status;
    const size_t a = std::strlen(first), b = std::strlen(second);
    char *message = static_cast<char *>(std::malloc(a + 2 + b + 1));
    if (message != nullptr) {
        std::memcpy(message, first, a);
        std::memcpy(message + a, ": ", 2);
        std::memcpy(message + a + 2, second, b);
        message[a + 2 + b] = '\0';
    }
    *error = message;
    return status;
}

/// Runs `body`, turning every exception into a status and a message.
template <typename Body> qx_status guarded(char **error, Body body) noexcept {
    if (error != nullptr) *error = nullptr;
    try {
        body();
        return QX_OK;
    } catch (const Xapian::Error &e) {
        return fail(error, status_of(e), e.get_type(), e.get_msg().c_str());
    } catch (const std::exception &e) {
        return fail(error, QX_ERROR, "c++ exception", e.what());
    } catch (...) {
        return fail(error, QX_ERROR, "c++ exception", "unknown");
    }
}

/// Throws InvalidArgumentError when a handle or pointer argument is NULL.
template <typename Pointer> Pointer *require(Pointer *pointer, const char *name) {
    if (pointer == nullptr) throw Xapian::InvalidArgumentError(std::string(name) + " is NULL");
    return pointer;
}

/// items[index], or InvalidArgumentError when the index is out of range.
template <typename T> const T &element(const std::vector<T> &items, size_t index, const char *what) {
    if (index >= items.size()) throw Xapian::InvalidArgumentError(std::string(what) + " index out of range");
    return items[index];
}

/// Remembers which folder `db` was opened from (device and inode of `db->path`).
void note_identity(qx_db *db) {
    struct stat info;
    if (::stat(db->path.c_str(), &info) == 0) {
        db->device = info.st_dev;
        db->inode = info.st_ino;
    }
}

/// Moves a reader to the newest revision: reopen(), or a fresh open when the folder was swapped;
/// facet columns that no longer match the revision are mapped again from their file (the writer
/// rewrites it after its commits).
void refresh(qx_db *db) {
    if (db->is_writable) return;
    try {
        struct stat info;
        const Xapian::rev revision = db->readonly.get_revision();
        if (::stat(db->path.c_str(), &info) == 0 && (info.st_dev != db->device || info.st_ino != db->inode)) {
            db->cache.clear();
            db->readonly = Xapian::Database(db->path);
            db->device = info.st_dev;
            db->inode = info.st_ino;
        } else if (db->readonly.reopen() || db->readonly.get_revision() != revision) {
            db->cache.clear();
        }
    } catch (...) {
        // A reopen that failed half-way: nothing remembered is trusted.
        db->cache.clear();
        throw;
    }
    if (!db->columns_path.empty() && (db->columns == nullptr || !db->columns->matches(db->readonly))) {
        db->columns = quarry::FacetColumns::open(db->columns_path);
    }
}

/// `lookup()` for `key`, remembered in a reader's `answers` (see `RevisionCache`).
template <typename Value, typename Lookup>
Value remembered(qx_db *db, std::unordered_map<std::string, Value> &answers, const std::string &key, Lookup lookup) {
    if (db->is_writable) return lookup();
    auto found = answers.find(key);
    if (found != answers.end()) return found->second;
    Value value = lookup();
    if (answers.size() >= RevisionCache::kept) answers.clear();
    answers.emplace(key, value);
    return value;
}

/// The number of documents holding `term` in the revision `db` reads.
Xapian::doccount term_frequency(qx_db *db, const std::string &term) {
    return remembered(db, db->cache.termfreqs, term, [&] { return db->reader().get_termfreq(term); });
}

/// Sleeps `milliseconds` (a reader waiting for a writer to finish its commit).
void pause_milliseconds(int milliseconds) {
    struct timespec wait = {milliseconds / 1000, static_cast<long>(milliseconds % 1000) * 1000000L};
    nanosleep(&wait, nullptr);
}

/// Runs a read of `db`; when a writer committed meanwhile (DatabaseModifiedError, or a document
/// the read found gone: DocNotFoundError), moves to the newest revision (`refresh`) and runs it
/// again, at most QX_READ_ATTEMPTS times in all.
///
/// A block read while a writer was rewriting it can also look damaged (a torn read), which Xapian
/// reports as DatabaseCorruptError; the refresh itself can meet either error while the writer
/// commits. Both are retried the same way, the damaged read after a pause that grows with each
/// attempt (1 ms, 2 ms, …), so a writer in the middle of a commit can finish it; damage that
/// stays through every attempt is real and is reported (after about 0.2 s).
/// `body` must set its outputs only once it has read everything; `refresh_first` moves to the
/// newest revision before the first attempt.
template <typename Body> void reading(qx_db *db, Body body, bool refresh_first = false) {
    require(db, "database");
    bool stale = refresh_first;
    for (int attempt = 1;; ++attempt) {
        try {
            if (stale) refresh(db);
            stale = false;
            body(db->reader());
            return;
        } catch (const Xapian::DatabaseModifiedError &) {
            if (attempt >= QX_READ_ATTEMPTS || db->is_writable) throw;
            stale = true;
        } catch (const Xapian::DocNotFoundError &) {
            // A document the read itself found (a match, a feedback document) missing a moment
            // later, met once by a search while `quarry index` committed: retried as a modified
            // database is. A document asked for by number is answered in its body (qx_db_document).
            if (attempt >= QX_READ_ATTEMPTS || db->is_writable) throw;
            stale = true;
        } catch (const Xapian::DatabaseCorruptError &) {
            if (attempt >= QX_READ_ATTEMPTS || db->is_writable) throw;
            stale = true;
            pause_milliseconds(attempt);
        }
    }
}

/// The database's writable side, or InvalidArgumentError for a read-only one.
Xapian::WritableDatabase &writer(qx_db *db) {
    if (!require(db, "database")->is_writable) throw Xapian::InvalidArgumentError("the database is read-only");
    return db->writable;
}

// MARK: - Term buffers

/// Calls visit(i, term) for each term of a qx_terms buffer; InvalidArgumentError when the buffer
/// holds fewer NUL-ended terms than its count (nothing past `length` is read).
template <typename Visit> void each_term(const qx_terms &terms, Visit visit) {
    if (terms.count > 0 && terms.bytes == nullptr) throw Xapian::InvalidArgumentError("term buffer is NULL");
    std::string term;
    size_t offset = 0;
    for (size_t i = 0; i < terms.count; ++i) {
        const void *end = offset < terms.length ? std::memchr(terms.bytes + offset, '\0', terms.length - offset)
                                                : nullptr;
        if (end == nullptr) throw Xapian::InvalidArgumentError("term buffer holds fewer terms than its count");
        const size_t length = static_cast<const char *>(end) - (terms.bytes + offset);
        term.assign(terms.bytes + offset, length);
        visit(i, term);
        offset += length + 1;
    }
}

/// Hands a list of terms to C as one malloc'ed buffer, each term ended by a NUL byte.
template <typename Iterator> void copy_terms(Iterator begin, Iterator end, char **terms, size_t *terms_len) {
    std::string joined;
    for (Iterator it = begin; it != end; ++it) {
        joined += *it;
        joined.push_back('\0');
    }
    char *copy = copy_bytes(joined.data(), joined.size());
    if (copy == nullptr) throw std::bad_alloc();
    *terms = copy;
    *terms_len = joined.size();
}

/// A malloc'ed copy of a string for an out-parameter.
void copy_out(const std::string &value, char **out, size_t *out_len) {
    char *copy = copy_bytes(value.data(), value.size());
    if (copy == nullptr) throw std::bad_alloc();
    *out = copy;
    *out_len = value.size();
}

/// A malloc'ed copy of numbers for an out-parameter (freed with qx_numbers_free).
void copy_numbers(const std::vector<uint32_t> &numbers, uint32_t **out, size_t *count) {
    void *copy = std::malloc(std::max<size_t>(1, numbers.size()) * sizeof(uint32_t));
    if (copy == nullptr) throw std::bad_alloc();
    if (!numbers.empty()) std::memcpy(copy, numbers.data(), numbers.size() * sizeof(uint32_t));
    *out = static_cast<uint32_t *>(copy);
    *count = numbers.size();
}

// MARK: - Search pieces

/// Counts every value of a slot that may hold several values joined by a separator,
/// each distinct value once per document (so a paper counts once per author).
class MultiValueCounter : public Xapian::MatchSpy {
  public:
    MultiValueCounter(Xapian::valueno slot, char separator) : slot_(slot), separator_(separator) {}

    void operator()(const Xapian::Document &doc, double) override {
        const std::string value = doc.get_value(slot_);
        if (value.empty()) return;
        seen_.clear();
        size_t start = 0;
        while (start <= value.size()) {
            size_t end = value.find(separator_, start);
            if (end == std::string::npos) end = value.size();
            if (end > start) {
                std::string item = value.substr(start, end - start);
                if (seen_.insert(item).second) ++counts_[item];
            }
            start = end + 1;
        }
    }

    std::string name() const override { return "Quarry::MultiValueCounter"; }

    /// How many distinct values were counted.
    size_t distinct() const { return counts_.size(); }

    /// The counted values, by count (high first) then value; the first `limit` (0: all).
    std::vector<std::pair<std::string, uint32_t>> sorted(size_t limit) const {
        std::vector<std::pair<std::string, uint32_t>> items(counts_.begin(), counts_.end());
        quarry::sort_counts(items, limit);
        return items;
    }

  private:
    Xapian::valueno slot_;
    char separator_;
    std::unordered_map<std::string, uint32_t> counts_;
    std::unordered_set<std::string> seen_;
};

/// Documents chosen by an earlier match pass, each at the weight that pass gave it: the left side
/// of an OP_AND_MAYBE that adds a query's weights to those hits only (qx_search's re-ranking).
class WeightedDocumentSource : public Xapian::PostingSource {
  public:
    /// `hits` sorted by document id.
    explicit WeightedDocumentSource(std::vector<std::pair<Xapian::docid, double>> hits) : hits_(std::move(hits)) {
        double most = 0;
        for (const auto &hit : hits_) most = std::max(most, hit.second);
        set_maxweight(most);
    }

    Xapian::doccount get_termfreq_min() const override { return static_cast<Xapian::doccount>(hits_.size()); }
    Xapian::doccount get_termfreq_est() const override { return static_cast<Xapian::doccount>(hits_.size()); }
    Xapian::doccount get_termfreq_max() const override { return static_cast<Xapian::doccount>(hits_.size()); }

    void init(const Xapian::Database &) override {
        position_ = 0;
        started_ = false;
    }

    void next(double) override {
        if (started_) {
            ++position_;
        } else {
            started_ = true;
        }
    }

    void skip_to(Xapian::docid id, double) override {
        started_ = true;
        position_ = static_cast<size_t>(
            std::lower_bound(hits_.begin() + position_, hits_.end(), id,
                             [](const std::pair<Xapian::docid, double> &hit, Xapian::docid wanted) {
                                 return hit.first < wanted;
                             }) -
            hits_.begin());
    }

    bool at_end() const override { return started_ && position_ >= hits_.size(); }
    Xapian::docid get_docid() const override { return hits_[position_].first; }
    double get_weight() const override { return hits_[position_].second; }
    PostingSource *clone() const override { return new WeightedDocumentSource(hits_); }
    std::string name() const override { return "Quarry::WeightedDocumentSource"; }

  private:
    std::vector<std::pair<Xapian::docid, double>> hits_;
    size_t position_ = 0;
    bool started_ = false;
};

/// The spelling word one edit from `word` (a letter left out, two neighbours swapped, a letter
/// replaced or inserted) that most documents hold, the first in byte order among equals; empty
/// when there is none or `word` itself is in at least as many documents as it. `word` is ASCII
/// lower-case letters, and so are the edits: every candidate of the neighbourhood is looked up, in
/// byte order along one spelling-list cursor. Xapian's own suggestion (trigram candidates) misses
/// some one-edit neighbours (`send` → `wend`, `slabs` → `stabs`) and reads several times more.
std::string one_edit_neighbour(const Xapian::Database &reader, const std::string &word) {
    std::vector<std::string> candidates;
    candidates.reserve(54 * word.size() + 27);
    candidates.push_back(word);
    std::string edited;
    for (size_t i = 0; i < word.size(); ++i) {
        edited = word;
        edited.erase(i, 1);
        candidates.push_back(edited);
        if (i + 1 < word.size() && word[i] != word[i + 1]) {
            edited = word;
            std::swap(edited[i], edited[i + 1]);
            candidates.push_back(edited);
        }
        for (char letter = 'a'; letter <= 'z'; ++letter) {
            if (letter == word[i]) continue;
            edited = word;
            edited[i] = letter;
            candidates.push_back(edited);
        }
    }
    for (size_t i = 0; i <= word.size(); ++i) {
        for (char letter = 'a'; letter <= 'z'; ++letter) {
            edited = word;
            edited.insert(edited.begin() + static_cast<std::ptrdiff_t>(i), letter);
            candidates.push_back(edited);
        }
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    std::string best;
    Xapian::doccount best_frequency = 0;
    Xapian::doccount typed_frequency = 0;
    Xapian::TermIterator it = reader.spellings_begin();
    const Xapian::TermIterator end = reader.spellings_end();
    for (const std::string &candidate : candidates) {
        it.skip_to(candidate);
        if (it == end) break;
        if (*it != candidate) continue;
        const Xapian::doccount frequency = it.get_termfreq();
        if (candidate == word) {
            typed_frequency = frequency;
        } else if (frequency > best_frequency) {
            best_frequency = frequency;
            best = candidate;
        }
    }
    return best_frequency < typed_frequency ? std::string() : best;
}

/// The longest word whose neighbourhood `one_edit_neighbour` enumerates (54 candidates a letter,
/// each as long as the word): longer ones (no dictionary word is within one edit of a pasted
/// 10,000-letter run) go to Xapian's own suggestion.
constexpr size_t longest_neighbourhood_word = 64;

/// Whether `word` is ASCII lower-case letters only (what `one_edit_neighbour` edits).
bool lower_ascii_letters(const std::string &word) {
    return !word.empty() && std::all_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

/// Accepts the expansion terms qx_expand_options allows: no excluded prefix, long enough.
class ExpansionFilter {
  public:
    explicit ExpansionFilter(const qx_expand_options &options) : min_length_(options.min_length) {
        each_term(options.excluded_prefixes, [&](size_t, const std::string &prefix) {
            if (prefix.empty()) return;
            prefixes_.push_back(prefix);
            leads_[static_cast<unsigned char>(prefix[0])] = true;
        });
    }

    // Called for every term of every feedback document (a body word and its exact `XE` twin, the
    // title, author and key terms), so it decides on bytes before it compares strings: a term whose
    // first byte starts no excluded prefix (every body word) is kept at once, and a prefix is
    // compared whole only when its first two bytes are the term's.
    bool operator()(const std::string &term) const {
        if (term.size() < min_length_) return false;
        if (!leads_[static_cast<unsigned char>(term[0])]) return true;
        for (const std::string &prefix : prefixes_) {
            if (prefix[0] != term[0]) continue;
            if (prefix.size() > 1 && (term.size() < 2 || prefix[1] != term[1])) continue;
            if (term.compare(0, prefix.size(), prefix) == 0) return false;
        }
        return true;
    }

  private:
    std::vector<std::string> prefixes_;
    std::array<bool, 256> leads_{};
    size_t min_length_;
};

Xapian::BM25Weight bm25_weight(const qx_bm25 &p) { return Xapian::BM25Weight(p.k1, p.k2, p.k3, p.b, p.min_normlen); }

/// The document id holding a unique term, or 0.
Xapian::docid docid_for(Xapian::Database &reader, const std::string &term) {
    Xapian::PostingIterator it = reader.postlist_begin(term);
    return it == reader.postlist_end(term) ? 0 : *it;
}

/// The `count` best expansion terms of `documents` (the relevant set) that `expand` allows, excluding the
/// terms of `query`: what `Enquire::get_eset` returns with its default scheme (TradEWeight, k 1),
/// the same terms in the same order, computed with fewer term frequency lookups.
///
/// Xapian's get_eset looks up the term frequency of every candidate term of every relevant document
/// (about 1,800 B-tree lookups for 15 abstracts). A term's weight is its `multiplier` (a sum over the
/// relevant documents holding it, known from their term lists alone) times
/// log((r + ½)(N − n − (R − r) + ½) / ((n − r + ½)(R − r + ½))), which falls as its frequency n
/// grows; n is at least r, so the weight at n = r bounds it from above. Candidates are visited by
/// that bound, highest first, and the lookups stop once the bound is below the `count`-th best
/// weight found: no later term can enter the list. The list is then chosen and ordered as
/// Xapian's expand does (equal weights included).
void copy_expansion_terms(qx_db *db, const Xapian::Query &query, std::vector<Xapian::docid> documents,
                          uint32_t count, const qx_expand_options &expand, char **terms, size_t *terms_len,
                          Xapian::doccount min_frequency = 0) {
    Xapian::Database &reader = db->reader();
    std::sort(documents.begin(), documents.end());
    documents.erase(std::unique(documents.begin(), documents.end()), documents.end());
    std::vector<std::string> best;
    if (!documents.empty() && count > 0) {
        const ExpansionFilter filter(expand);
        const std::unordered_set<std::string> excluded(query.get_unique_terms_begin(),
                                                       query.get_unique_terms_end());
        struct Candidate {
            std::string term;
            double multiplier = 0;
            Xapian::doccount relevant = 0;
        };
        std::vector<Candidate> candidates;
        std::unordered_map<std::string, uint32_t> index;
        index.reserve(4096);
        const double average = reader.get_avlength();
        const double k = 1.0;  // Xapian's default expand_k
        for (Xapian::docid document : documents) {
            const double length = reader.get_doclength(document);
            for (auto it = reader.termlist_begin(document); it != reader.termlist_end(document); ++it) {
                const std::string &term = *it;
                if (!filter(term) || excluded.count(term) != 0) continue;
                auto [at, added] = index.try_emplace(term, static_cast<uint32_t>(candidates.size()));
                if (added) candidates.push_back(Candidate{term});
                Candidate &candidate = candidates[at->second];
                double wdf = it.get_wdf();
                if (wdf == 0) wdf = 1;  // as Xapian: a boolean term still weighs
                candidate.multiplier += (k + 1) * wdf / (k * length / average + wdf);
                ++candidate.relevant;
            }
        }
        const Xapian::doccount size = reader.get_doccount();
        const Xapian::doccount relevant_size = static_cast<Xapian::doccount>(documents.size());
        auto weight = [&](const Candidate &candidate, Xapian::doccount frequency) {
            const double r = candidate.relevant;
            const double without = relevant_size - candidate.relevant;
            const double num = (r + 0.5) * (double(size - frequency) - without + 0.5);
            const double denom = (double(frequency - candidate.relevant) + 0.5) * (without + 0.5);
            return candidate.multiplier * std::log(num / denom);
        };
        // (weight bound, candidate), highest bound first.
        std::vector<std::pair<double, uint32_t>> order;
        order.reserve(candidates.size());
        for (uint32_t i = 0; i < candidates.size(); ++i) {
            order.emplace_back(weight(candidates[i], candidates[i].relevant), i);
        }
        std::sort(order.begin(), order.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
        std::vector<std::pair<double, uint32_t>> found;  // (weight, candidate), weight > 0
        std::priority_queue<double, std::vector<double>, std::greater<double>> kept;  // the `count` best
        for (const auto &[bound, i] : order) {
            if (bound <= 0) break;
            // A margin for rounding: a bound within it of the cut is looked up anyway.
            if (kept.size() == count && bound * (1 + 1e-9) < kept.top()) break;
            const Xapian::doccount frequency = term_frequency(db, candidates[i].term);
            if (frequency < min_frequency) continue;
            const double w = weight(candidates[i], frequency);
            if (w <= 0) continue;
            found.emplace_back(w, i);
            if (kept.size() < count) {
                kept.push(w);
            } else if (w > kept.top()) {
                kept.pop();
                kept.push(w);
            }
        }
        // Xapian's selection, step by step: terms in term order, a heap of the `count` best that
        // drops the lowest weight (of equal ones, the smaller term) and skips a later term whose
        // weight is not above the lowest kept; then best first (of equal weights, the larger term).
        // The terms left out above all weigh less than the `count`-th best, so they could only have
        // entered the heap to leave it again.
        auto term = [&](const std::pair<double, uint32_t> &entry) -> const std::string & {
            return candidates[entry.second].term;
        };
        std::sort(found.begin(), found.end(), [&](const auto &a, const auto &b) { return term(a) < term(b); });
        auto before = [&](const std::pair<double, uint32_t> &a, const std::pair<double, uint32_t> &b) {
            return a.first != b.first ? a.first > b.first : term(a) > term(b);
        };
        std::vector<std::pair<double, uint32_t>> items;
        double lowest = 0;
        bool heap = false;
        for (const auto &entry : found) {
            if (entry.first <= lowest) continue;
            items.push_back(entry);
            if (items.size() > count) {
                if (!heap) {
                    heap = true;
                    std::make_heap(items.begin(), items.end(), before);
                } else {
                    std::push_heap(items.begin(), items.end(), before);
                }
                std::pop_heap(items.begin(), items.end(), before);
                items.pop_back();
                lowest = items.front().first;
            }
        }
        std::sort(items.begin(), items.end(), before);
        for (const auto &item : items) best.push_back(candidates[item.second].term);
    }
    copy_terms(best.begin(), best.end(), terms, terms_len);
}

Xapian::Query::op to_op(int op) {
    switch (op) {
    case QX_OP_AND: return Xapian::Query::OP_AND;
    case QX_OP_OR: return Xapian::Query::OP_OR;
    case QX_OP_AND_NOT: return Xapian::Query::OP_AND_NOT;
    case QX_OP_PHRASE: return Xapian::Query::OP_PHRASE;
    case QX_OP_NEAR: return Xapian::Query::OP_NEAR;
    case QX_OP_AND_MAYBE: return Xapian::Query::OP_AND_MAYBE;
    case QX_OP_FILTER: return Xapian::Query::OP_FILTER;
    case QX_OP_SYNONYM: return Xapian::Query::OP_SYNONYM;
    default: throw Xapian::InvalidArgumentError("unknown query operator " + std::to_string(op));
    }
}

/// Stores a new query handle in *out.
void give(qx_query **out, Xapian::Query query) { *out = new qx_query{std::move(query)}; }

} // namespace

extern "C" {

qx_status qx_string_free(char *s) noexcept {
    std::free(s);
    return QX_OK;
}

qx_status qx_numbers_free(uint32_t *numbers) noexcept {
    std::free(numbers);
    return QX_OK;
}

// MARK: - Databases

qx_status qx_db_open_writable(const char *path, int overwrite, qx_db **out, char **error) noexcept {
    return guarded(error, [&] {
        *require(out, "out") = nullptr;
        auto db = std::make_unique<qx_db>();
        const int action = overwrite != 0 ? Xapian::DB_CREATE_OR_OVERWRITE : Xapian::DB_CREATE_OR_OPEN;
        db->writable = Xapian::WritableDatabase(require(path, "path"), action);
        db->is_writable = true;
        db->path = path;
        note_identity(db.get());
        *out = db.release();
    });
}

qx_status qx_db_open_readonly(const char *path, qx_db **out, char **error) noexcept {
    return guarded(error, [&] {
        *require(out, "out") = nullptr;
        auto db = std::make_unique<qx_db>();
        db->path = require(path, "path");
        note_identity(db.get());
        // Opening reads the newest revision's roots, which a writer's commit can discard or tear
        // meanwhile: retried as reading() retries.
        for (int attempt = 1;; ++attempt) {
            try {
                db->readonly = Xapian::Database(db->path);
                break;
            } catch (const Xapian::DatabaseModifiedError &) {
                if (attempt >= QX_READ_ATTEMPTS) throw;
            } catch (const Xapian::DatabaseCorruptError &) {
                if (attempt >= QX_READ_ATTEMPTS) throw;
                pause_milliseconds(attempt);
            }
        }
        *out = db.release();
    });
}

qx_status qx_db_free(qx_db *db, char **error) noexcept {
    if (error != nullptr) *error = nullptr;
    if (db == nullptr) return QX_OK;
    // close() releases a writer's lock now rather than when the object goes.
    const qx_status status = guarded(error, [&] { db->reader().close(); });
    delete db;
    return status;
}

qx_status qx_db_write_facet_columns(qx_db *db, const char *path, const uint32_t *slots, size_t count, char separator,
                                    char **error) noexcept {
    return guarded(error, [&] {
        require(path, "path");
        if (count > 0) require(slots, "slots");
        const std::vector<Xapian::valueno> list(slots, slots + count);
        reading(db, [&](Xapian::Database &reader) { quarry::FacetColumns::write(reader, path, list, separator); });
    });
}

qx_status qx_db_use_facet_columns(qx_db *db, const char *path, int *attached, char **error) noexcept {
    return guarded(error, [&] {
        *require(attached, "attached") = 0;
        require(db, "database")->columns_path = require(path, "path");
        db->columns = quarry::FacetColumns::open(db->columns_path);
        *attached = db->columns != nullptr ? 1 : 0;
    });
}

qx_status qx_db_commit(qx_db *db, char **error) noexcept {
    return guarded(error, [&] { writer(db).commit(); });
}

qx_status qx_db_refresh(qx_db *db, char **error) noexcept {
    // reading() refreshes and retries while a writer commits; the read itself is trivial.
    return guarded(error, [&] { reading(require(db, "database"), [](Xapian::Database &) {}, true); });
}

qx_status qx_db_check(const char *path, size_t *errors, char **report, size_t *report_len, char **error) noexcept {
    return guarded(error, [&] {
        *require(errors, "errors") = 0;
        *require(report, "report") = nullptr;
        *require(report_len, "report_len") = 0;
        std::ostringstream out;
        const size_t found = Xapian::Database::check(require(path, "path"), Xapian::DBCHECK_SHORT_TREE, &out);
        copy_out(out.str(), report, report_len);
        *errors = found;
    });
}

/// Swaps the database built at `fresh` in for the one at `path` in one atomic rename, then removes
/// the old one (now at `fresh`); on failure removes the new one and throws, naming `what`.
static void swap_in(const std::string &fresh, const std::string &path, const char *what) {
    if (::renameat2(AT_FDCWD, fresh.c_str(), AT_FDCWD, path.c_str(), RENAME_EXCHANGE) != 0) {
        const int code = errno;
        std::filesystem::remove_all(fresh);
        throw Xapian::DatabaseError(std::string("cannot swap in the ") + what, code);
    }
    std::filesystem::remove_all(fresh);
}

qx_status qx_db_compact_in_place(const char *path, const char *scratch, char **error) noexcept {
    return guarded(error, [&] {
        const std::string from(require(path, "path")), fresh(require(scratch, "scratch"));
        Xapian::Database(from).compact(fresh, Xapian::DBCOMPACT_NO_RENUMBER);
        swap_in(fresh, from, "compacted copy");
    });
}

qx_status qx_db_merge_in_place(const char *path, const char *const *sources, size_t count, const char *scratch,
                               char **error) noexcept {
    return guarded(error, [&] {
        const std::string into(require(path, "path")), fresh(require(scratch, "scratch"));
        if (count == 0) throw Xapian::InvalidArgumentError("no database to merge");
        Xapian::Database all;
        for (size_t i = 0; i < count; ++i) {
            all.add_database(Xapian::Database(require(require(sources, "sources")[i], "source")));
        }
        all.compact(fresh);
        swap_in(fresh, into, "merged database");
    });
}

qx_status qx_db_doccount(qx_db *db, uint32_t *out, char **error) noexcept {
    return guarded(error, [&] {
        *require(out, "out") = 0;
        reading(db, [&](Xapian::Database &reader) { *out = reader.get_doccount(); });
    });
}

qx_status qx_db_term_exists(qx_db *db, const char *term, size_t len, int *out, char **error) noexcept {
    return guarded(error, [&] {
        *require(out, "out") = 0;
        const std::string key(require(term, "term"), len);
        reading(db, [&](Xapian::Database &reader) { *out = reader.term_exists(key) ? 1 : 0; });
    });
}

qx_status qx_db_set_metadata(qx_db *db, const char *key, const char *value, size_t len, char **error) noexcept {
    return guarded(error, [&] { writer(db).set_metadata(require(key, "key"), std::string(require(value, "value"), len)); });
}

qx_status qx_db_get_metadata(qx_db *db, const char *key, char **value, size_t *len, char **error) noexcept {
    return guarded(error, [&] {
        *require(value, "value") = nullptr;
        *require(len, "len") = 0;
        require(key, "key");
        std::string found;
        reading(db, [&](Xapian::Database &reader) { found = reader.get_metadata(key); });
        copy_out(found, value, len);
    });
}

qx_status qx_db_replace(qx_db *db, const char *id_term, size_t len, qx_doc *doc, char **error) noexcept {
    return guarded(error, [&] {
        writer(db).replace_document(std::string(require(id_term, "id_term"), len), require(doc, "document")->doc);
    });
}

qx_status qx_db_delete(qx_db *db, const char *id_term, size_t len, char **error) noexcept {
    return guarded(error, [&] { writer(db).delete_document(std::string(require(id_term, "id_term"), len)); });
}

qx_status qx_db_document_data(qx_db *db, const char *id_term, size_t len, int *found, char **data,
                              size_t *data_len, char **error) noexcept {
    return guarded(error, [&] {
        *require(found, "found") = 0;
        *require(data, "data") = nullptr;
        *require(data_len, "data_len") = 0;
        const std::string term(require(id_term, "id_term"), len);
        bool exists = false;
        std::string value;
        reading(db, [&](Xapian::Database &reader) {
            Xapian::docid id = docid_for(reader, term);
            exists = id != 0;
            value = exists ? reader.get_document(id).get_data() : std::string();
        });
        if (!exists) return;
        copy_out(value, data, data_len);
        *found = 1;
    });
}

qx_status qx_db_add_spellings(qx_db *db, qx_terms words, char **error) noexcept {
    return guarded(error, [&] {
        Xapian::WritableDatabase &database = writer(db);
        each_term(words, [&](size_t, const std::string &word) { database.add_spelling(word); });
    });
}

qx_status qx_db_adjust_spellings(qx_db *db, qx_terms words, const int32_t *changes, char **error) noexcept {
    return guarded(error, [&] {
        Xapian::WritableDatabase &database = writer(db);
        if (words.count > 0) require(changes, "changes");
        each_term(words, [&](size_t i, const std::string &word) {
            if (changes[i] > 0) database.add_spelling(word, static_cast<Xapian::termcount>(changes[i]));
            if (changes[i] < 0) database.remove_spelling(word, static_cast<Xapian::termcount>(-changes[i]));
        });
    });
}

qx_status qx_db_spellings(qx_db *db, char **words, size_t *words_len, uint32_t **frequencies, size_t *count,
                          char **error) noexcept {
    return guarded(error, [&] {
        *require(words, "words") = nullptr;
        *require(words_len, "words_len") = 0;
        *require(frequencies, "frequencies") = nullptr;
        *require(count, "count") = 0;
        std::vector<std::string> list;
        std::vector<uint32_t> numbers;
        reading(db, [&](Xapian::Database &reader) {
            list.clear();
            numbers.clear();
            for (auto it = reader.spellings_begin(); it != reader.spellings_end(); ++it) {
                list.push_back(*it);
                numbers.push_back(it.get_termfreq());
            }
        });
        copy_numbers(numbers, frequencies, count);
        copy_terms(list.begin(), list.end(), words, words_len);
    });
}

qx_status qx_db_terms_with_prefix(qx_db *db, const char *prefix, size_t len, char **terms, size_t *terms_len,
                                  char **error) noexcept {
    return guarded(error, [&] {
        *require(terms, "terms") = nullptr;
        *require(terms_len, "terms_len") = 0;
        const std::string start(len == 0 ? "" : require(prefix, "prefix"), len);
        std::vector<std::string> list;
        reading(db, [&](Xapian::Database &reader) {
            list.assign(reader.allterms_begin(start), reader.allterms_end(start));
        });
        copy_terms(list.begin(), list.end(), terms, terms_len);
    });
}

qx_status qx_db_termfreq(qx_db *db, const char *term, size_t len, uint32_t *out, char **error) noexcept {
    return guarded(error, [&] {
        *require(out, "out") = 0;
        const std::string key(require(term, "term"), len);
        reading(db, [&](Xapian::Database &) { *out = term_frequency(db, key); });
    });
}

qx_status qx_db_metadata_keys(qx_db *db, const char *prefix, char **keys, size_t *keys_len, char **error) noexcept {
    return guarded(error, [&] {
        *require(keys, "keys") = nullptr;
        *require(keys_len, "keys_len") = 0;
        const std::string start(require(prefix, "prefix"));
        std::vector<std::string> list;
        reading(db, [&](Xapian::Database &reader) {
            list.assign(reader.metadata_keys_begin(start), reader.metadata_keys_end(start));
        });
        copy_terms(list.begin(), list.end(), keys, keys_len);
    });
}

qx_status qx_db_postings(qx_db *db, const char *term, size_t len, uint32_t **docids, size_t *count,
                         char **error) noexcept {
    return guarded(error, [&] {
        *require(docids, "docids") = nullptr;
        *require(count, "count") = 0;
        const std::string key(require(term, "term"), len);
        std::vector<uint32_t> ids;
        reading(db, [&](Xapian::Database &reader) {
            ids.assign(reader.postlist_begin(key), reader.postlist_end(key));
        });
        copy_numbers(ids, docids, count);
    });
}

qx_status qx_db_document(qx_db *db, uint32_t docid, qx_doc **out, char **error) noexcept {
    return guarded(error, [&] {
        *require(out, "out") = nullptr;
        std::unique_ptr<qx_doc> doc;
        reading(db, [&](Xapian::Database &reader) {
            try {
                doc.reset(new qx_doc{reader.get_document(docid)});
            } catch (const Xapian::DocNotFoundError &e) {
                throw Xapian::InvalidArgumentError("no document " + std::to_string(docid));
            }
        });
        *out = doc.release();
    });
}

qx_status qx_db_spelling_suggestion(qx_db *db, const char *word, size_t len, unsigned max_edit_distance, char **out,
                                    size_t *out_len, char **error) noexcept {
    return guarded(error, [&] {
        *require(out, "out") = nullptr;
        *require(out_len, "out_len") = 0;
        const std::string typed(require(word, "word"), len);
        std::string suggestion;
        const std::string key = std::to_string(max_edit_distance) + ":" + typed;
        reading(db, [&](Xapian::Database &reader) {
            suggestion = remembered(db, db->cache.spellings, key,
                                    [&] {
                                        const bool neighbourhood = max_edit_distance == 1 && typed.size() > 1 &&
                                                                   typed.size() <= longest_neighbourhood_word &&
                                                                   lower_ascii_letters(typed);
                                        return neighbourhood
                                                   ? one_edit_neighbour(reader, typed)
                                                   : reader.get_spelling_suggestion(typed, max_edit_distance);
                                    });
        });
        copy_out(suggestion, out, out_len);
    });
}

qx_status qx_db_similar_terms(qx_db *db, const char *id_term, size_t len, uint32_t count, uint32_t min_frequency,
                              const qx_expand_options *expand, char **terms, size_t *terms_len,
                              char **error) noexcept {
    return guarded(error, [&] {
        *require(terms, "terms") = nullptr;
        *require(terms_len, "terms_len") = 0;
        const std::string term(require(id_term, "id_term"), len);
        require(expand, "expand");
        reading(db, [&](Xapian::Database &reader) {
            std::vector<Xapian::docid> relevant;
            Xapian::docid id = docid_for(reader, term);
            if (id != 0) relevant.push_back(id);
            copy_expansion_terms(db, Xapian::Query(), relevant, count, *expand, terms, terms_len, min_frequency);
        });
    });
}

qx_status qx_db_prefix_terms(qx_db *db, const char *prefix, size_t len, uint32_t limit, char **terms,
                             size_t *terms_len, uint32_t *total, char **error) noexcept {
    return guarded(error, [&] {
        *require(terms, "terms") = nullptr;
        *require(terms_len, "terms_len") = 0;
        *require(total, "total") = 0;
        const std::string start(require(prefix, "prefix"), len);
        std::vector<std::pair<Xapian::doccount, std::string>> found;
        reading(db, [&](Xapian::Database &reader) {
            found.clear();
            for (auto it = reader.allterms_begin(start); it != reader.allterms_end(start); ++it) {
                found.emplace_back(it.get_termfreq(), *it);
            }
        });
        if (limit > 0 && found.size() > limit) {
            // The most frequent first; equally frequent ones in term order, so the cut is stable.
            std::partial_sort(found.begin(), found.begin() + limit, found.end(), [](const auto &a, const auto &b) {
                return a.first != b.first ? a.first > b.first : a.second < b.second;
            });
        }
        const size_t kept = limit > 0 ? std::min<size_t>(found.size(), limit) : found.size();
        std::vector<std::string> names;
        names.reserve(kept);
        for (size_t i = 0; i < kept; ++i) names.push_back(std::move(found[i].second));
        copy_terms(names.begin(), names.end(), terms, terms_len);
        *total = static_cast<uint32_t>(std::min<size_t>(found.size(), UINT32_MAX));
    });
}

qx_status qx_db_feedback_terms(qx_db *db, qx_query *query, const qx_bm25 *bm25, uint32_t top_documents,
                               uint32_t count, const qx_expand_options *expand, char **terms, size_t *terms_len,
                               char **error) noexcept {
    return guarded(error, [&] {
        *require(terms, "terms") = nullptr;
        *require(terms_len, "terms_len") = 0;
        require(query, "query");
        require(bm25, "bm25");
        require(expand, "expand");
        reading(db, [&](Xapian::Database &reader) {
            Xapian::Enquire enquire(reader);
            enquire.set_query(query->query);
            enquire.set_weighting_scheme(bm25_weight(*bm25));
            Xapian::MSet top = enquire.get_mset(0, top_documents);
            std::vector<Xapian::docid> relevant(top.begin(), top.end());
            copy_expansion_terms(db, query->query, relevant, count, *expand, terms, terms_len);
        });
    });
}

qx_status qx_db_term_stats(qx_db *db, const char *id_term, size_t len, qx_terms terms, uint32_t *wdf,
                           uint32_t *termfreq, uint32_t *doclen, double *average_length, uint32_t *doccount,
                           char **error) noexcept {
    return guarded(error, [&] {
        *require(doclen, "doclen") = 0;
        *require(average_length, "average_length") = 0;
        *require(doccount, "doccount") = 0;
        if (terms.count > 0) {
            std::fill(require(wdf, "wdf"), wdf + terms.count, 0);
            std::fill(require(termfreq, "termfreq"), termfreq + terms.count, 0);
        }
        const std::string id_text(require(id_term, "id_term"), len);
        std::vector<std::string> list;
        each_term(terms, [&](size_t, const std::string &term) { list.push_back(term); });
        reading(db, [&](Xapian::Database &reader) {
            Xapian::docid id = docid_for(reader, id_text);
            std::vector<uint32_t> wdfs(list.size(), 0), frequencies(list.size(), 0);
            for (size_t i = 0; i < list.size(); ++i) {
                frequencies[i] = term_frequency(db, list[i]);
                if (id == 0) continue;
                Xapian::PostingIterator it = reader.postlist_begin(list[i]);
                it.skip_to(id);
                if (it != reader.postlist_end(list[i]) && *it == id) wdfs[i] = it.get_wdf();
            }
            const uint32_t length = id == 0 ? 0 : reader.get_doclength(id);
            const double average = reader.get_avlength();
            const uint32_t documents = reader.get_doccount();
            std::copy(wdfs.begin(), wdfs.end(), wdf);
            std::copy(frequencies.begin(), frequencies.end(), termfreq);
            *doclen = length;
            *average_length = average;
            *doccount = documents;
        });
    });
}

// MARK: - Documents

qx_status qx_doc_new(qx_doc **out, char **error) noexcept {
    return guarded(error, [&] {
        *require(out, "out") = nullptr;
        *out = new qx_doc();
    });
}

qx_status qx_doc_free(qx_doc *doc) noexcept {
    delete doc;
    return QX_OK;
}

qx_status qx_doc_add_terms(qx_doc *doc, qx_terms terms, const uint32_t *positions, const uint32_t *wdf,
                           char **error) noexcept {
    return guarded(error, [&] {
        Xapian::Document &document = require(doc, "document")->doc;
        if (terms.count > 0) {
            require(positions, "positions");
            require(wdf, "wdf");
        }
        each_term(terms, [&](size_t i, const std::string &term) {
            if (positions[i] != 0) {
                document.add_posting(term, positions[i], wdf[i]);
            } else {
                document.add_term(term, wdf[i]);
            }
        });
    });
}

qx_status qx_doc_set_value(qx_doc *doc, uint32_t slot, const char *value, size_t len, char **error) noexcept {
    return guarded(error,
                   [&] { require(doc, "document")->doc.add_value(slot, std::string(require(value, "value"), len)); });
}

qx_status qx_doc_set_data(qx_doc *doc, const char *data, size_t len, char **error) noexcept {
    return guarded(error, [&] {
        require(doc, "document")->doc.set_data(len == 0 ? std::string() : std::string(require(data, "data"), len));
    });
}

qx_status qx_doc_data(qx_doc *doc, char **data, size_t *len, char **error) noexcept {
    return guarded(error, [&] {
        *require(data, "data") = nullptr;
        *require(len, "len") = 0;
        copy_out(require(doc, "document")->doc.get_data(), data, len);
    });
}

qx_status qx_doc_terms(qx_doc *doc, char **terms, size_t *terms_len, uint32_t **wdf, uint32_t **positions,
                       size_t *count, char **error) noexcept {
    return guarded(error, [&] {
        *require(terms, "terms") = nullptr;
        *require(terms_len, "terms_len") = 0;
        *require(wdf, "wdf") = nullptr;
        *require(positions, "positions") = nullptr;
        *require(count, "count") = 0;
        const Xapian::Document &document = require(doc, "document")->doc;
        std::vector<std::string> list;
        std::vector<uint32_t> wdfs, position_counts;
        for (auto it = document.termlist_begin(); it != document.termlist_end(); ++it) {
            list.push_back(*it);
            wdfs.push_back(it.get_wdf());
            position_counts.push_back(it.positionlist_count());
        }
        size_t ignored = 0;
        copy_numbers(wdfs, wdf, count);
        copy_numbers(position_counts, positions, &ignored);
        copy_terms(list.begin(), list.end(), terms, terms_len);
    });
}

qx_status qx_doc_value_slots(qx_doc *doc, uint32_t **slots, size_t *count, char **error) noexcept {
    return guarded(error, [&] {
        *require(slots, "slots") = nullptr;
        *require(count, "count") = 0;
        const Xapian::Document &document = require(doc, "document")->doc;
        std::vector<uint32_t> list;
        for (auto it = document.values_begin(); it != document.values_end(); ++it) list.push_back(it.get_valueno());
        copy_numbers(list, slots, count);
    });
}

qx_status qx_doc_value(qx_doc *doc, uint32_t slot, char **value, size_t *len, char **error) noexcept {
    return guarded(error, [&] {
        *require(value, "value") = nullptr;
        *require(len, "len") = 0;
        copy_out(require(doc, "document")->doc.get_value(slot), value, len);
    });
}

// MARK: - Queries

qx_status qx_query_term(const char *term, size_t len, uint32_t wqf, uint32_t position, qx_query **out,
                        char **error) noexcept {
    return guarded(error, [&] {
        *require(out, "out") = nullptr;
        give(out, Xapian::Query(std::string(require(term, "term"), len), wqf, position));
    });
}

qx_status qx_query_combine(int op, qx_query *const *subqueries, size_t count, uint32_t parameter, qx_query **out,
                           char **error) noexcept {
    return guarded(error, [&] {
        *require(out, "out") = nullptr;
        if (count > 0) require(subqueries, "subqueries");
        std::vector<Xapian::Query> parts;
        parts.reserve(count);
        for (size_t i = 0; i < count; ++i) parts.push_back(require(subqueries[i], "subquery")->query);
        give(out, Xapian::Query(to_op(op), parts.begin(), parts.end(), parameter));
    });
}

qx_status qx_query_value_range(uint32_t slot, const char *low, size_t low_len, const char *high, size_t high_len,
                               qx_query **out, char **error) noexcept {
    return guarded(error, [&] {
        *require(out, "out") = nullptr;
        if (low != nullptr && high != nullptr) {
            give(out, Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, std::string(low, low_len),
                                    std::string(high, high_len)));
        } else if (low != nullptr) {
            give(out, Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, std::string(low, low_len)));
        } else if (high != nullptr) {
            give(out, Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, std::string(high, high_len)));
        } else {
            give(out, Xapian::Query::MatchAll);
        }
    });
}

qx_status qx_query_wildcard(const char *prefix, size_t len, uint32_t max_expansion, qx_query **out,
                            char **error) noexcept {
    return guarded(error, [&] {
        *require(out, "out") = nullptr;
        give(out, Xapian::Query(Xapian::Query::OP_WILDCARD, std::string(require(prefix, "prefix"), len), max_expansion,
                                Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT));
    });
}

qx_status qx_query_scale(qx_query *query, double factor, qx_query **out, char **error) noexcept {
    return guarded(error, [&] {
        *require(out, "out") = nullptr;
        give(out, Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, require(query, "query")->query, factor));
    });
}

qx_status qx_query_match_all(qx_query **out, char **error) noexcept {
    return guarded(error, [&] {
        *require(out, "out") = nullptr;
        give(out, Xapian::Query::MatchAll);
    });
}

qx_status qx_query_fixed_weight(double weight, qx_query **out, char **error) noexcept {
    return guarded(error, [&] {
        *require(out, "out") = nullptr;
        give(out, Xapian::Query((new Xapian::FixedWeightPostingSource(weight))->release()));
    });
}

qx_status qx_query_match_nothing(qx_query **out, char **error) noexcept {
    return guarded(error, [&] {
        *require(out, "out") = nullptr;
        give(out, Xapian::Query::MatchNothing);
    });
}

qx_status qx_query_free(qx_query *query) noexcept {
    delete query;
    return QX_OK;
}

qx_status qx_query_terms(qx_query *query, char **terms, size_t *terms_len, char **error) noexcept {
    return guarded(error, [&] {
        *require(terms, "terms") = nullptr;
        *require(terms_len, "terms_len") = 0;
        const Xapian::Query &q = require(query, "query")->query;
        copy_terms(q.get_unique_terms_begin(), q.get_terms_end(), terms, terms_len);
    });
}

qx_status qx_query_describe(qx_query *query, char **out, size_t *out_len, char **error) noexcept {
    return guarded(error, [&] {
        *require(out, "out") = nullptr;
        *require(out_len, "out_len") = 0;
        copy_out(require(query, "query")->query.get_description(), out, out_len);
    });
}

qx_status qx_sortable_serialise(double value, char *out, size_t capacity, size_t *len, char **error) noexcept {
    return guarded(error, [&] {
        *require(len, "len") = 0;
        const std::string encoded = Xapian::sortable_serialise(value);
        if (encoded.size() > capacity) throw Xapian::InvalidArgumentError("sortable buffer too small");
        std::memcpy(require(out, "out"), encoded.data(), encoded.size());
        *len = encoded.size();
    });
}

// MARK: - Search

qx_status qx_search(qx_db *db, qx_query *query, const qx_search_options *options, qx_results **out,
                    char **error) noexcept {
    return guarded(error, [&] {
        *require(out, "out") = nullptr;
        require(query, "query");
        const qx_search_options &o = *require(options, "options");
        if (o.facet_count > 0) require(o.facet_slots, "facet_slots");
        std::unique_ptr<qx_results> results;
        reading(db, [&](Xapian::Database &reader) {
            Xapian::Enquire enquire(reader);
            enquire.set_query(query->query);
            enquire.set_weighting_scheme(bm25_weight(o.bm25));
            // Kept alive until the search is done; Enquire holds only a pointer.
            std::unique_ptr<Xapian::MultiValueKeyMaker> keys;
            if (o.sort_slot >= 0) {
                keys = std::make_unique<Xapian::MultiValueKeyMaker>();
                // Documents without the value (a resume has no date) sort after all others either
                // way: oldest first, they take a value past the slot's upper bound (reversed, an
                // empty value already sorts last).
                const auto slot = static_cast<Xapian::valueno>(o.sort_slot);
                keys->add_value(
                    slot, o.sort_descending != 0,
                    o.sort_descending != 0 ? std::string() : reader.get_value_upper_bound(slot) + "x");
                if (o.tie_slot >= 0) keys->add_value(static_cast<Xapian::valueno>(o.tie_slot));
                enquire.set_sort_by_key_then_relevance(keys.get(), false);
            } else if (o.tie_slot >= 0) {
                enquire.set_sort_by_relevance_then_value(static_cast<Xapian::valueno>(o.tie_slot), false);
            }
            // Each facet is counted from its column when the columns match this revision, else
            // from the value slot (the same counts, slower).
            const bool columns = db->columns != nullptr && db->columns->matches(reader);
            // Counting facets over the whole match set (or an exact total) needs every match: from
            // posting lists (`quarry::match_set`), while Enquire ranks the page and stops early;
            // or, when a facet has no column (or QUARRY_MATCH_SET=enquire asks for the reference
            // path), by Enquire visiting and weighing every match.
            const bool visit_all = o.facet_count > 0 || o.exact_total != 0;
            bool every_column = true;
            for (size_t i = 0; i < o.facet_count; ++i) {
                every_column = every_column && columns && db->columns->column(o.facet_slots[i]) != nullptr;
            }
            const char *reference = std::getenv("QUARRY_MATCH_SET");
            const bool by_postings =
                visit_all && every_column && !(reference != nullptr && std::strcmp(reference, "enquire") == 0);
            std::vector<std::unique_ptr<quarry::ColumnCounter>> column_counters;
            std::vector<std::unique_ptr<MultiValueCounter>> value_counters;
            for (size_t i = 0; i < o.facet_count; ++i) {
                const quarry::FacetColumns::Column *column = columns ? db->columns->column(o.facet_slots[i]) : nullptr;
                column_counters.push_back(column == nullptr ? nullptr
                                                            : std::make_unique<quarry::ColumnCounter>(
                                                                  *column, db->columns->last_docid()));
                value_counters.push_back(column != nullptr ? nullptr
                                                           : std::make_unique<MultiValueCounter>(o.facet_slots[i],
                                                                                                 o.value_separator));
                if (by_postings) continue;
                if (column_counters.back()) {
                    enquire.add_matchspy(column_counters.back().get());
                } else {
                    enquire.add_matchspy(value_counters.back().get());
                }
            }
            // Re-ranking: `rescore`'s weights are added to the searched query's best
            // `rescore_depth` hits (every match for 0), which are then ordered again; the hits
            // below keep their order. So Enquire can prune the searched query, and `rescore`
            // (pseudo-relevance feedback's twenty terms) is weighed on those hits, not on every
            // match.
            const bool rescoring = o.rescore != nullptr && o.sort_slot < 0;
            const Xapian::doccount depth =
                !rescoring ? 0 : o.rescore_depth > 0 ? o.rescore_depth : reader.get_doccount();
            const Xapian::doccount first = rescoring ? 0 : o.offset;
            const uint64_t page_end = static_cast<uint64_t>(o.offset) + o.limit;
            const uint64_t most = std::max<Xapian::doccount>(1, reader.get_doccount());
            const Xapian::doccount wanted =
                rescoring ? static_cast<Xapian::doccount>(std::min<uint64_t>(std::max<uint64_t>(page_end, depth), most))
                          : o.limit;
            Xapian::MSet mset =
                enquire.get_mset(first, wanted, visit_all && !by_postings ? reader.get_doccount() : 0);
            // The page: (weight, document id) in rank order.
            std::vector<std::pair<double, Xapian::docid>> ranked;
            for (auto it = mset.begin(); it != mset.end(); ++it) ranked.emplace_back(it.get_weight(), *it);
            if (rescoring) {
                const size_t best_count = std::min<size_t>(depth, ranked.size());
                std::vector<std::pair<Xapian::docid, double>> best;
                for (size_t i = 0; i < best_count; ++i) best.emplace_back(ranked[i].second, ranked[i].first);
                std::sort(best.begin(), best.end());
                Xapian::Enquire again(reader);
                again.set_query(Xapian::Query(Xapian::Query::OP_AND_MAYBE,
                                              Xapian::Query((new WeightedDocumentSource(std::move(best)))->release()),
                                              o.rescore->query));
                again.set_weighting_scheme(bm25_weight(o.bm25));
                if (o.tie_slot >= 0) {
                    again.set_sort_by_relevance_then_value(static_cast<Xapian::valueno>(o.tie_slot), false);
                }
                const Xapian::MSet rescored = again.get_mset(0, static_cast<Xapian::doccount>(best_count));
                size_t i = 0;
                for (auto it = rescored.begin(); it != rescored.end(); ++it) ranked[i++] = {it.get_weight(), *it};
                ranked.erase(ranked.begin(), ranked.begin() + std::min<size_t>(o.offset, ranked.size()));
                if (ranked.size() > o.limit) ranked.resize(o.limit);
            }
            auto page = std::make_unique<qx_results>();
            page->total = mset.get_matches_estimated();
            if (by_postings) {
                const quarry::DocumentSet matches = quarry::match_set(reader, query->query);
                page->total = matches.count();
                matches.each([&](Xapian::docid id) {
                    for (auto &counter : column_counters) counter->count(id);
                });
            } else if (visit_all || mset.get_matches_lower_bound() == mset.get_matches_upper_bound()) {
                page->total = mset.get_matches_lower_bound();
            }
            for (const auto &[weight, id] : ranked) {
                page->hits.emplace_back(weight, reader.get_document(id, Xapian::DOC_ASSUME_VALID).get_data());
            }
            for (size_t i = 0; i < o.facet_count; ++i) {
                page->facets.push_back(column_counters[i] ? column_counters[i]->sorted(o.facet_limit)
                                                          : value_counters[i]->sorted(o.facet_limit));
                page->distinct.push_back(column_counters[i] ? column_counters[i]->distinct()
                                                            : value_counters[i]->distinct());
            }
            results = std::move(page);
        });
        *out = results.release();
    });
}

qx_status qx_results_counts(const qx_results *results, uint32_t *total, uint32_t *hits, char **error) noexcept {
    return guarded(error, [&] {
        *require(total, "total") = 0;
        *require(hits, "hits") = 0;
        require(results, "results");
        *total = results->total;
        *hits = static_cast<uint32_t>(results->hits.size());
    });
}

qx_status qx_results_hit(const qx_results *results, uint32_t index, double *weight, const char **data, size_t *len,
                         char **error) noexcept {
    return guarded(error, [&] {
        *require(weight, "weight") = 0;
        *require(data, "data") = nullptr;
        *require(len, "len") = 0;
        const auto &hit = element(require(results, "results")->hits, index, "hit");
        *weight = hit.first;
        *data = hit.second.data();
        *len = hit.second.size();
    });
}

qx_status qx_results_facet_size(const qx_results *results, size_t facet, size_t *size, char **error) noexcept {
    return guarded(error, [&] {
        *require(size, "size") = 0;
        *size = element(require(results, "results")->facets, facet, "facet").size();
    });
}

qx_status qx_results_facet_value(const qx_results *results, size_t facet, size_t index, const char **value,
                                 size_t *len, uint32_t *count, char **error) noexcept {
    return guarded(error, [&] {
        *require(value, "value") = nullptr;
        *require(len, "len") = 0;
        *require(count, "count") = 0;
        const auto &item = element(element(require(results, "results")->facets, facet, "facet"), index, "facet value");
        *value = item.first.data();
        *len = item.first.size();
        *count = item.second;
    });
}

qx_status qx_results_facet_distinct(const qx_results *results, size_t facet, size_t *distinct, char **error) noexcept {
    return guarded(error, [&] {
        *require(distinct, "distinct") = 0;
        *distinct = element(require(results, "results")->distinct, facet, "facet");
    });
}

qx_status qx_results_free(qx_results *results) noexcept {
    delete results;
    return QX_OK;
}

} // extern "C"
