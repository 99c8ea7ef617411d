// cxapian: the only place that includes <xapian.h>.
//
// A C API over opaque handles. Every function is noexcept: it catches
// Xapian::Error, std::exception and anything else, and reports through its
// return value (0 on success) and an owned message in *error, which the
// caller frees with qx_string_free. Swift turns that pair into a thrown error.
#ifndef CXAPIAN_H
#define CXAPIAN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Failure codes; the message says more.
enum qx_status {
    QX_OK = 0,
    QX_ERROR = 1,             // any other Xapian::Error or std::exception
    QX_LOCKED = 2,            // Xapian::DatabaseLockError: another writer holds the lock
    QX_NOT_FOUND = 3,         // Xapian::DatabaseNotFoundError / DatabaseOpeningError
    QX_CORRUPT = 4,           // Xapian::DatabaseCorruptError
    QX_MODIFIED = 5,          // Xapian::DatabaseModifiedError, after retries
    QX_INVALID_ARGUMENT = 6,  // Xapian::InvalidArgumentError (e.g. a term too long)
};

/// Query operators, mirroring Xapian::Query::op.
enum qx_op {
    QX_OP_AND = 0,
    QX_OP_OR = 1,
    QX_OP_AND_NOT = 2,
    QX_OP_PHRASE = 3,
    QX_OP_NEAR = 4,
    QX_OP_AND_MAYBE = 5,
    QX_OP_FILTER = 6,
    QX_OP_SYNONYM = 7,
};

typedef struct qx_db qx_db;
typedef struct qx_doc qx_doc;
typedef struct qx_query qx_query;
typedef struct qx_results qx_results;

/// BM25 parameters (Xapian::BM25Weight).
typedef struct qx_bm25 {
    double k1, k2, k3, b, min_normlen;
} qx_bm25;

void qx_string_free(char *s);

// Databases.
int qx_db_open_writable(const char *path, qx_db **out, char **error);
int qx_db_open_readonly(const char *path, qx_db **out, char **error);
void qx_db_free(qx_db *db);
int qx_db_commit(qx_db *db, char **error);
int qx_db_reopen(qx_db *db, char **error);
int qx_db_doccount(qx_db *db, uint32_t *out, char **error);
int qx_db_term_exists(qx_db *db, const char *term, size_t len, int *out, char **error);
int qx_db_set_metadata(qx_db *db, const char *key, const char *value, size_t len, char **error);
/// *value is malloc'ed (free with qx_string_free); empty metadata gives *len == 0.
int qx_db_get_metadata(qx_db *db, const char *key, char **value, size_t *len, char **error);
int qx_db_replace(qx_db *db, const char *id_term, size_t len, qx_doc *doc, char **error);
int qx_db_delete(qx_db *db, const char *id_term, size_t len, char **error);
/// Data of the document holding id_term; *found is 0 when there is none.
int qx_db_document_data(qx_db *db, const char *id_term, size_t len, int *found, char **data, size_t *data_len,
                        char **error);

/// Adds words to the spelling dictionary: `words` holds `count` words, each ended by a NUL byte.
int qx_db_add_spellings(qx_db *db, const char *words, size_t words_len, size_t count, char **error);
/// The closest spelling-dictionary word to `word` within `max_edit_distance` edits; *out is empty when none.
int qx_db_spelling_suggestion(qx_db *db, const char *word, size_t len, unsigned max_edit_distance, char **out,
                              size_t *out_len, char **error);
/// The `count` best terms to find documents like the one holding `id_term` (Xapian's ESet over
/// unprefixed terms), NUL-separated in *terms (malloc'ed); *terms_len is the buffer length.
int qx_db_similar_terms(qx_db *db, const char *id_term, size_t len, uint32_t count, char **terms, size_t *terms_len,
                        char **error);
/// Pseudo-relevance feedback: runs `query`, takes its `top_documents` best hits as relevant and
/// returns the `count` best expansion terms (unprefixed, not already in the query), NUL-separated.
int qx_db_feedback_terms(qx_db *db, qx_query *query, const qx_bm25 *bm25, uint32_t top_documents, uint32_t count,
                         char **terms, size_t *terms_len, char **error);
/// Statistics to explain a score: for the document holding `id_term`, each term's wdf and
/// collection term frequency, the document's length, the average length and the document count.
int qx_db_term_stats(qx_db *db, const char *id_term, size_t len, const char *terms, size_t terms_len, size_t count,
                     uint32_t *wdf, uint32_t *termfreq, uint32_t *doclen, double *average_length,
                     uint32_t *doccount, char **error);

// Documents.
qx_doc *qx_doc_new(void);
void qx_doc_free(qx_doc *doc);
/// Adds terms in bulk: `terms` holds `count` terms, each ended by a NUL byte;
/// positions[i] == 0 adds the term without a position (boolean or wdf-only).
/// wdf[i] is added to the term's within-document frequency.
int qx_doc_add_terms(qx_doc *doc, const char *terms, size_t terms_len, const uint32_t *positions,
                     const uint32_t *wdf, size_t count, char **error);
int qx_doc_set_value(qx_doc *doc, uint32_t slot, const char *value, size_t len, char **error);
int qx_doc_set_data(qx_doc *doc, const char *data, size_t len, char **error);

// Queries: each constructor returns a new handle the caller frees.
int qx_query_term(const char *term, size_t len, uint32_t wqf, uint32_t position, qx_query **out, char **error);
int qx_query_combine(int op, qx_query *const *subqueries, size_t count, uint32_t parameter, qx_query **out,
                     char **error);
/// A range over a value slot; a NULL bound is open.
int qx_query_value_range(uint32_t slot, const char *low, size_t low_len, const char *high, size_t high_len,
                         qx_query **out, char **error);
/// Every term starting with `prefix` (OP_WILDCARD), at most `max_expansion` of them (0: no limit);
/// more terms than that is an error at search time.
int qx_query_wildcard(const char *prefix, size_t len, uint32_t max_expansion, qx_query **out, char **error);
int qx_query_scale(qx_query *query, double factor, qx_query **out, char **error);
int qx_query_match_all(qx_query **out, char **error);
int qx_query_match_nothing(qx_query **out, char **error);
void qx_query_free(qx_query *query);
/// The distinct terms of a query, NUL-separated in *terms (malloc'ed).
int qx_query_terms(qx_query *query, char **terms, size_t *terms_len, char **error);
/// Xapian's description of the query (for debugging and tests); free with qx_string_free.
char *qx_query_describe(qx_query *query);

/// Encodes a number so that byte order sorts numerically (Xapian::sortable_serialise); out holds ≥ 16 bytes.
size_t qx_sortable_serialise(double value, char *out);

// Search.
/// Runs a query: hits [offset, offset+limit), an exact total, and counts of every value of each
/// facet slot over the whole match set (a slot may hold several values separated by `separator`).
/// sort_slot < 0 ranks by relevance; otherwise by that slot, descending when sort_descending != 0.
int qx_search(qx_db *db, qx_query *query, uint32_t offset, uint32_t limit, const qx_bm25 *bm25,
              const uint32_t *facet_slots, size_t facet_count, char separator, int sort_slot,
              int sort_descending, qx_results **out, char **error);
uint32_t qx_results_total(const qx_results *results);
uint32_t qx_results_size(const qx_results *results);
/// One hit of the page: its weight and its document data (valid until the results are freed).
void qx_results_hit(const qx_results *results, uint32_t index, double *weight, const char **data, size_t *len);
size_t qx_results_facet_size(const qx_results *results, size_t facet);
void qx_results_facet_value(const qx_results *results, size_t facet, size_t index, const char **value,
                            size_t *len, uint32_t *count);
void qx_results_free(qx_results *results);

#ifdef __cplusplus
}
#endif

#endif
