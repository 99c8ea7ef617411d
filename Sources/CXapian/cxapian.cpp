// The extern "C" API of cxapian.h over Xapian 1.4. No exception leaves this file.
#include "cxapian.h"

#include <xapian.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

struct qx_db {
    Xapian::WritableDatabase writable;
    Xapian::Database readonly;
    bool is_writable = false;
    Xapian::Database &reader() { return is_writable ? writable : readonly; }
};

struct qx_doc {
    Xapian::Document doc;
};

struct qx_query {
    Xapian::Query query;
};

namespace {

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

    std::vector<std::pair<std::string, uint32_t>> sorted() const {
        std::vector<std::pair<std::string, uint32_t>> items(counts_.begin(), counts_.end());
        std::sort(items.begin(), items.end(), [](const auto &a, const auto &b) {
            return a.second != b.second ? a.second > b.second : a.first < b.first;
        });
        return items;
    }

  private:
    Xapian::valueno slot_;
    char separator_;
    std::unordered_map<std::string, uint32_t> counts_;
    std::unordered_set<std::string> seen_;
};

char *copy_string(const std::string &s) {
    char *out = static_cast<char *>(std::malloc(s.size() + 1));
    if (out == nullptr) return nullptr;
    std::memcpy(out, s.data(), s.size());
    out[s.size()] = '\0';
    return out;
}

/// Hands a list of terms to C as one malloc'ed buffer, each term ended by a NUL byte.
template <typename Iterator> void copy_terms(Iterator begin, Iterator end, char **terms, size_t *terms_len) {
    std::string joined;
    for (Iterator it = begin; it != end; ++it) {
        joined += *it;
        joined.push_back('\0');
    }
    *terms = static_cast<char *>(std::malloc(joined.size() + 1));
    if (*terms == nullptr) throw std::bad_alloc();
    std::memcpy(*terms, joined.data(), joined.size());
    *terms_len = joined.size();
}

int fail(char **error, int status, const std::string &message) {
    if (error != nullptr) *error = copy_string(message);
    return status;
}

/// Runs `body`, turning every exception into a status and a message.
template <typename Body> int guarded(char **error, Body body) noexcept {
    try {
        body();
        return QX_OK;
    } catch (const Xapian::DatabaseLockError &e) {
        return fail(error, QX_LOCKED, e.get_type() + std::string(": ") + e.get_msg());
    } catch (const Xapian::DatabaseNotFoundError &e) {
        return fail(error, QX_NOT_FOUND, e.get_type() + std::string(": ") + e.get_msg());
    } catch (const Xapian::DatabaseCorruptError &e) {
        return fail(error, QX_CORRUPT, e.get_type() + std::string(": ") + e.get_msg());
    } catch (const Xapian::DatabaseOpeningError &e) {
        return fail(error, QX_NOT_FOUND, e.get_type() + std::string(": ") + e.get_msg());
    } catch (const Xapian::DatabaseModifiedError &e) {
        return fail(error, QX_MODIFIED, e.get_type() + std::string(": ") + e.get_msg());
    } catch (const Xapian::InvalidArgumentError &e) {
        return fail(error, QX_INVALID_ARGUMENT, e.get_type() + std::string(": ") + e.get_msg());
    } catch (const Xapian::Error &e) {
        return fail(error, QX_ERROR, e.get_type() + std::string(": ") + e.get_msg());
    } catch (const std::exception &e) {
        return fail(error, QX_ERROR, std::string("c++ exception: ") + e.what());
    } catch (...) {
        return fail(error, QX_ERROR, "unknown c++ exception");
    }
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

} // namespace

struct qx_results {
    uint32_t total = 0;
    std::vector<std::pair<double, std::string>> hits;
    std::vector<std::vector<std::pair<std::string, uint32_t>>> facets;
};

extern "C" {

void qx_string_free(char *s) { std::free(s); }

int qx_db_open_writable(const char *path, qx_db **out, char **error) {
    return guarded(error, [&] {
        auto db = new qx_db();
        try {
            db->writable = Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN);
            db->is_writable = true;
        } catch (...) {
            delete db;
            throw;
        }
        *out = db;
    });
}

int qx_db_open_readonly(const char *path, qx_db **out, char **error) {
    return guarded(error, [&] {
        auto db = new qx_db();
        try {
            db->readonly = Xapian::Database(path);
        } catch (...) {
            delete db;
            throw;
        }
        *out = db;
    });
}

void qx_db_free(qx_db *db) {
    if (db == nullptr) return;
    try {
        // Closing a writable database commits nothing we did not commit; close() releases the lock now.
        db->reader().close();
    } catch (...) {
    }
    delete db;
}

int qx_db_commit(qx_db *db, char **error) {
    return guarded(error, [&] { db->writable.commit(); });
}

int qx_db_reopen(qx_db *db, char **error) {
    return guarded(error, [&] { db->reader().reopen(); });
}

int qx_db_doccount(qx_db *db, uint32_t *out, char **error) {
    return guarded(error, [&] { *out = db->reader().get_doccount(); });
}

int qx_db_term_exists(qx_db *db, const char *term, size_t len, int *out, char **error) {
    return guarded(error, [&] { *out = db->reader().term_exists(std::string(term, len)) ? 1 : 0; });
}

int qx_db_set_metadata(qx_db *db, const char *key, const char *value, size_t len, char **error) {
    return guarded(error, [&] { db->writable.set_metadata(key, std::string(value, len)); });
}

int qx_db_get_metadata(qx_db *db, const char *key, char **value, size_t *len, char **error) {
    return guarded(error, [&] {
        std::string v = db->reader().get_metadata(key);
        *value = copy_string(v);
        *len = v.size();
    });
}

int qx_db_replace(qx_db *db, const char *id_term, size_t len, qx_doc *doc, char **error) {
    return guarded(error, [&] { db->writable.replace_document(std::string(id_term, len), doc->doc); });
}

int qx_db_delete(qx_db *db, const char *id_term, size_t len, char **error) {
    return guarded(error, [&] { db->writable.delete_document(std::string(id_term, len)); });
}

int qx_db_document_data(qx_db *db, const char *id_term, size_t len, int *found, char **data, size_t *data_len,
                        char **error) {
    return guarded(error, [&] {
        Xapian::Database &reader = db->reader();
        const std::string term(id_term, len);
        *found = 0;
        *data = nullptr;
        *data_len = 0;
        Xapian::PostingIterator it = reader.postlist_begin(term);
        if (it == reader.postlist_end(term)) return;
        std::string value = reader.get_document(*it).get_data();
        *found = 1;
        *data = copy_string(value);
        *data_len = value.size();
    });
}

int qx_db_add_spellings(qx_db *db, const char *words, size_t words_len, size_t count, char **error) {
    return guarded(error, [&] {
        size_t offset = 0;
        for (size_t i = 0; i < count && offset < words_len; ++i) {
            size_t length = std::strlen(words + offset);
            db->writable.add_spelling(std::string(words + offset, length));
            offset += length + 1;
        }
    });
}

int qx_db_spelling_suggestion(qx_db *db, const char *word, size_t len, unsigned max_edit_distance, char **out,
                              size_t *out_len, char **error) {
    return guarded(error, [&] {
        std::string suggestion = db->reader().get_spelling_suggestion(std::string(word, len), max_edit_distance);
        *out = copy_string(suggestion);
        *out_len = suggestion.size();
    });
}

namespace {
/// Accepts only unprefixed terms (body words), for more-like-this.
class BodyTermsOnly : public Xapian::ExpandDecider {
  public:
    bool operator()(const std::string &term) const override {
        if (term.empty()) return false;
        unsigned char first = static_cast<unsigned char>(term[0]);
        return !(first >= 'A' && first <= 'Z') && term.size() > 2;
    }
};

/// The document id holding a unique term, or 0.
Xapian::docid docid_for(Xapian::Database &reader, const std::string &term) {
    Xapian::PostingIterator it = reader.postlist_begin(term);
    return it == reader.postlist_end(term) ? 0 : *it;
}
} // namespace

/// The `count` best expansion terms (unprefixed, not in the query) of the documents in `rset`.
static void copy_expansion_terms(const Xapian::Enquire &enquire, const Xapian::RSet &rset, uint32_t count, char **terms,
                          size_t *terms_len) {
    std::vector<std::string> best;
    if (!rset.empty()) {
        BodyTermsOnly decider;
        Xapian::ESet eset = enquire.get_eset(count, rset, 0, &decider);
        for (auto it = eset.begin(); it != eset.end(); ++it) best.push_back(*it);
    }
    copy_terms(best.begin(), best.end(), terms, terms_len);
}

int qx_db_similar_terms(qx_db *db, const char *id_term, size_t len, uint32_t count, char **terms, size_t *terms_len,
                        char **error) {
    return guarded(error, [&] {
        Xapian::Database &reader = db->reader();
        Xapian::Enquire enquire(reader);
        Xapian::RSet rset;
        Xapian::docid id = docid_for(reader, std::string(id_term, len));
        if (id != 0) rset.add_document(id);
        copy_expansion_terms(enquire, rset, count, terms, terms_len);
    });
}

int qx_db_feedback_terms(qx_db *db, qx_query *query, const qx_bm25 *bm25, uint32_t top_documents, uint32_t count,
                         char **terms, size_t *terms_len, char **error) {
    return guarded(error, [&] {
        Xapian::Enquire enquire(db->reader());
        enquire.set_query(query->query);
        if (bm25 != nullptr) {
            enquire.set_weighting_scheme(Xapian::BM25Weight(bm25->k1, bm25->k2, bm25->k3, bm25->b, bm25->min_normlen));
        }
        Xapian::MSet top = enquire.get_mset(0, top_documents);
        Xapian::RSet rset;
        for (auto it = top.begin(); it != top.end(); ++it) rset.add_document(*it);
        copy_expansion_terms(enquire, rset, count, terms, terms_len);
    });
}

int qx_db_term_stats(qx_db *db, const char *id_term, size_t len, const char *terms, size_t terms_len, size_t count,
                     uint32_t *wdf, uint32_t *termfreq, uint32_t *doclen, double *average_length,
                     uint32_t *doccount, char **error) {
    return guarded(error, [&] {
        Xapian::Database &reader = db->reader();
        *doccount = reader.get_doccount();
        *average_length = reader.get_avlength();
        *doclen = 0;
        Xapian::docid id = docid_for(reader, std::string(id_term, len));
        if (id != 0) *doclen = reader.get_doclength(id);
        size_t offset = 0;
        for (size_t i = 0; i < count; ++i) {
            if (offset >= terms_len) throw Xapian::InvalidArgumentError("term buffer shorter than its count");
            size_t length = std::strlen(terms + offset);
            std::string term(terms + offset, length);
            offset += length + 1;
            termfreq[i] = reader.get_termfreq(term);
            wdf[i] = 0;
            if (id == 0) continue;
            Xapian::PostingIterator it = reader.postlist_begin(term);
            it.skip_to(id);
            if (it != reader.postlist_end(term) && *it == id) wdf[i] = it.get_wdf();
        }
    });
}

qx_doc *qx_doc_new(void) {
    try {
        return new qx_doc();
    } catch (...) {
        return nullptr;
    }
}

void qx_doc_free(qx_doc *doc) { delete doc; }

int qx_doc_add_terms(qx_doc *doc, const char *terms, size_t terms_len, const uint32_t *positions,
                     const uint32_t *wdf, size_t count, char **error) {
    return guarded(error, [&] {
        size_t offset = 0;
        for (size_t i = 0; i < count; ++i) {
            if (offset >= terms_len) throw Xapian::InvalidArgumentError("term buffer shorter than its count");
            size_t length = std::strlen(terms + offset);
            std::string term(terms + offset, length);
            offset += length + 1;
            if (positions[i] != 0) {
                doc->doc.add_posting(term, positions[i], wdf[i]);
            } else {
                doc->doc.add_term(term, wdf[i]);
            }
        }
    });
}

int qx_doc_set_value(qx_doc *doc, uint32_t slot, const char *value, size_t len, char **error) {
    return guarded(error, [&] { doc->doc.add_value(slot, std::string(value, len)); });
}

int qx_doc_set_data(qx_doc *doc, const char *data, size_t len, char **error) {
    return guarded(error, [&] { doc->doc.set_data(std::string(data, len)); });
}

int qx_query_term(const char *term, size_t len, uint32_t wqf, uint32_t position, qx_query **out, char **error) {
    return guarded(error, [&] { *out = new qx_query{Xapian::Query(std::string(term, len), wqf, position)}; });
}

int qx_query_combine(int op, qx_query *const *subqueries, size_t count, uint32_t parameter, qx_query **out,
                     char **error) {
    return guarded(error, [&] {
        std::vector<Xapian::Query> parts;
        parts.reserve(count);
        for (size_t i = 0; i < count; ++i) parts.push_back(subqueries[i]->query);
        *out = new qx_query{Xapian::Query(to_op(op), parts.begin(), parts.end(), parameter)};
    });
}

int qx_query_value_range(uint32_t slot, const char *low, size_t low_len, const char *high, size_t high_len,
                         qx_query **out, char **error) {
    return guarded(error, [&] {
        if (low != nullptr && high != nullptr) {
            *out = new qx_query{Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, std::string(low, low_len),
                                              std::string(high, high_len))};
        } else if (low != nullptr) {
            *out = new qx_query{Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, std::string(low, low_len))};
        } else if (high != nullptr) {
            *out = new qx_query{Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, std::string(high, high_len))};
        } else {
            *out = new qx_query{Xapian::Query::MatchAll};
        }
    });
}

int qx_query_wildcard(const char *prefix, size_t len, uint32_t max_expansion, qx_query **out, char **error) {
    return guarded(error, [&] {
        *out = new qx_query{Xapian::Query(Xapian::Query::OP_WILDCARD, std::string(prefix, len), max_expansion,
                                          Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT)};
    });
}

int qx_query_scale(qx_query *query, double factor, qx_query **out, char **error) {
    return guarded(error,
                   [&] { *out = new qx_query{Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, query->query, factor)}; });
}

int qx_query_match_all(qx_query **out, char **error) {
    return guarded(error, [&] { *out = new qx_query{Xapian::Query::MatchAll}; });
}

int qx_query_match_nothing(qx_query **out, char **error) {
    return guarded(error, [&] { *out = new qx_query{Xapian::Query::MatchNothing}; });
}

void qx_query_free(qx_query *query) { delete query; }

int qx_query_terms(qx_query *query, char **terms, size_t *terms_len, char **error) {
    return guarded(error, [&] {
        copy_terms(query->query.get_unique_terms_begin(), query->query.get_terms_end(), terms, terms_len);
    });
}

char *qx_query_describe(qx_query *query) {
    try {
        return copy_string(query->query.get_description());
    } catch (...) {
        return copy_string("(query description failed)");
    }
}

size_t qx_sortable_serialise(double value, char *out) {
    try {
        std::string s = Xapian::sortable_serialise(value);
        std::memcpy(out, s.data(), s.size());
        return s.size();
    } catch (...) {
        return 0;
    }
}

int qx_search(qx_db *db, qx_query *query, uint32_t offset, uint32_t limit, const qx_bm25 *bm25,
              const uint32_t *facet_slots, size_t facet_count, char separator, int sort_slot,
              int sort_descending, qx_results **out, char **error) {
    return guarded(error, [&] {
        // A reader can see DatabaseModifiedError when a writer commits meanwhile: reopen and retry.
        for (int attempt = 0;; ++attempt) {
            try {
                Xapian::Database &reader = db->reader();
                Xapian::Enquire enquire(reader);
                enquire.set_query(query->query);
                if (bm25 != nullptr) {
                    enquire.set_weighting_scheme(
                        Xapian::BM25Weight(bm25->k1, bm25->k2, bm25->k3, bm25->b, bm25->min_normlen));
                }
                if (sort_slot >= 0) {
                    enquire.set_sort_by_value_then_relevance(static_cast<Xapian::valueno>(sort_slot),
                                                             sort_descending != 0);
                }
                std::vector<std::unique_ptr<MultiValueCounter>> counters;
                for (size_t i = 0; i < facet_count; ++i) {
                    counters.push_back(std::make_unique<MultiValueCounter>(facet_slots[i], separator));
                    enquire.add_matchspy(counters.back().get());
                }
                // Counting facets over the whole match set needs every match visited.
                Xapian::doccount all = reader.get_doccount();
                Xapian::MSet mset = enquire.get_mset(offset, limit, facet_count > 0 ? all : 0);
                auto results = new qx_results();
                results->total = mset.get_matches_estimated();
                if (facet_count > 0 || mset.get_matches_lower_bound() == mset.get_matches_upper_bound()) {
                    results->total = mset.get_matches_lower_bound();
                }
                for (auto it = mset.begin(); it != mset.end(); ++it) {
                    results->hits.emplace_back(it.get_weight(), it.get_document().get_data());
                }
                for (auto &counter : counters) results->facets.push_back(counter->sorted());
                *out = results;
                return;
            } catch (const Xapian::DatabaseModifiedError &) {
                if (attempt >= 3) throw;
                db->reader().reopen();
            }
        }
    });
}

uint32_t qx_results_total(const qx_results *results) { return results->total; }

uint32_t qx_results_size(const qx_results *results) { return static_cast<uint32_t>(results->hits.size()); }

void qx_results_hit(const qx_results *results, uint32_t index, double *weight, const char **data, size_t *len) {
    const auto &hit = results->hits[index];
    *weight = hit.first;
    *data = hit.second.data();
    *len = hit.second.size();
}

size_t qx_results_facet_size(const qx_results *results, size_t facet) { return results->facets[facet].size(); }

void qx_results_facet_value(const qx_results *results, size_t facet, size_t index, const char **value,
                            size_t *len, uint32_t *count) {
    const auto &item = results->facets[facet][index];
    *value = item.first.data();
    *len = item.first.size();
    *count = item.second;
}

void qx_results_free(qx_results *results) { delete results; }

} // extern "C"
