// cxapian: the only place that includes <xapian.h>.
//
// A C API over opaque handles, with one convention for every function:
// - it is noexcept: Xapian::Error, std::exception and anything else are caught inside;
// - it returns an enum qx_status (QX_OK on success) and, on failure, an owned message in
//   *error (when error is not NULL), which the caller frees with qx_string_free;
// - it first resets its out-parameters (NULL, 0), so they are never left undefined;
// - a NULL handle or pointer argument is QX_INVALID_ARGUMENT, never a crash.
// The *_free functions accept NULL; only qx_db_free can fail (closing a database), the others
// free memory and always return QX_OK.
//
// Every call that reads a database retries Xapian::DatabaseModifiedError (a writer committed
// meanwhile) and a torn read's DatabaseCorruptError: it reopens the database and tries again, up
// to QX_READ_ATTEMPTS times, so a reader keeps answering while an indexer commits.
//
// Term lists cross the boundary as one buffer of terms each ended by a NUL byte.
#ifndef CXAPIAN_H
#define CXAPIAN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
#define QX_NOEXCEPT noexcept
extern "C" {
#else
#define QX_NOEXCEPT
#endif

/// Failure codes; the message says more.
enum qx_status {
    QX_OK = 0,
    QX_ERROR = 1,             // any other Xapian::Error, std::exception or unknown exception
    QX_LOCKED = 2,            // Xapian::DatabaseLockError: another writer holds the lock
    QX_NOT_FOUND = 3,         // Xapian::DatabaseNotFoundError / DatabaseOpeningError: no database there
    QX_CORRUPT = 4,           // Xapian::DatabaseCorruptError
    QX_MODIFIED = 5,          // Xapian::DatabaseModifiedError, still after QX_READ_ATTEMPTS reopens
    QX_INVALID_ARGUMENT = 6,  // Xapian::InvalidArgumentError, a NULL handle, an index out of range
};

/// How many times a read is tried when a writer keeps modifying the database under it.
#define QX_READ_ATTEMPTS 20

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

/// A list of terms: `count` terms in `bytes`, each ended by a NUL byte (`length` bytes in all).
typedef struct qx_terms {
    const char *bytes;
    size_t length;
    size_t count;
} qx_terms;

/// Which terms an expansion (more-like-this, relevance feedback) may propose: none that starts
/// with one of `excluded_prefixes`, none shorter than `min_length` bytes.
typedef struct qx_expand_options {
    qx_terms excluded_prefixes;
    size_t min_length;
} qx_expand_options;

/// What qx_search runs: a page of hits and the counts of facet slots.
typedef struct qx_search_options {
    /// Hits [offset, offset + limit) in rank order.
    uint32_t offset, limit;
    qx_bm25 bm25;
    /// Slots whose values are counted over the whole match set; a slot may hold several values
    /// joined by `value_separator`, each counted once per document.
    const uint32_t *facet_slots;
    size_t facet_count;
    char value_separator;
    /// < 0 ranks by relevance; otherwise by this slot's value, then relevance.
    int sort_slot;
    /// Non-zero sorts the slot's values from high to low.
    int sort_descending;
    /// Non-zero visits every match, so that the total is exact (counting facets does too).
    int exact_total;
    /// The values returned per facet, the most frequent (0: all).
    uint32_t facet_limit;
    /// < 0: ties keep Xapian's document id order; otherwise hits of equal score (or, when sorting
    /// by `sort_slot`, of equal value) are ordered by this slot's value, low first, so that a
    /// ranking does not depend on document ids.
    int tie_slot;
    /// NULL, or a query whose weights are added to the searched query's best `rescore_depth`
    /// hits, which are then ordered again (re-ranking, as pseudo-relevance feedback does): it
    /// never adds a match. The searched query alone gives the match set, the total, the facet
    /// counts and the order of the hits below that depth. Ignored when sorting by `sort_slot`.
    const struct qx_query *rescore;
    /// How many of the searched query's best hits `rescore` re-ranks (0: every hit).
    uint32_t rescore_depth;
} qx_search_options;

/// Frees a string or buffer returned by any function here (NULL is ignored).
enum qx_status qx_string_free(char *s) QX_NOEXCEPT;
/// Frees an array of numbers returned by any function here (NULL is ignored).
enum qx_status qx_numbers_free(uint32_t *numbers) QX_NOEXCEPT;

// Databases.
/// Opens a database for writing, creating it when missing; with `overwrite` != 0 an existing one
/// is replaced by an empty database.
enum qx_status qx_db_open_writable(const char *path, int overwrite, qx_db **out, char **error) QX_NOEXCEPT;
enum qx_status qx_db_open_readonly(const char *path, qx_db **out, char **error) QX_NOEXCEPT;
/// Closes the database (releasing a writer's lock; uncommitted changes are dropped) and frees it;
/// the handle is freed even when closing fails (the status and *error then say why).
enum qx_status qx_db_free(qx_db *db, char **error) QX_NOEXCEPT;
enum qx_status qx_db_commit(qx_db *db, char **error) QX_NOEXCEPT;
/// Moves a reader to the newest committed revision (Xapian::Database::reopen), or, when the
/// database folder was replaced since it was opened (`qx_db_compact_in_place`), opens the new one:
/// a long-lived reader calls it before each request to see what writers committed meanwhile.
enum qx_status qx_db_refresh(qx_db *db, char **error) QX_NOEXCEPT;
/// Xapian's consistency check of the database at `path` (Xapian::Database::check): *errors is
/// the number of problems found, *report Xapian's own account of them (malloc'ed).
enum qx_status qx_db_check(const char *path, size_t *errors, char **report, size_t *report_len,
                           char **error) QX_NOEXCEPT;
/// Compacts the database at `path` into a fresh copy built at `scratch` (which must not exist),
/// then swaps the two folders in one atomic rename (renameat2 RENAME_EXCHANGE) and removes the
/// old copy, now at `scratch`. The caller holds the writer's lock. Readers that had the old copy
/// open keep reading it; `qx_db_refresh` moves them to the new one.
enum qx_status qx_db_compact_in_place(const char *path, const char *scratch, char **error) QX_NOEXCEPT;
/// Merges the databases at `sources` (in order: the documents of the first come first, each
/// source's document ids following the last of the one before) into one compacted database built at
/// `scratch` (which must not exist), then swaps it in for the database at `path` as
/// `qx_db_compact_in_place` does and removes what `path` held before. Their spelling tables are
/// summed; user metadata must be in one source only. The caller holds the writer's lock.
enum qx_status qx_db_merge_in_place(const char *path, const char *const *sources, size_t count, const char *scratch,
                                   char **error) QX_NOEXCEPT;
enum qx_status qx_db_doccount(qx_db *db, uint32_t *out, char **error) QX_NOEXCEPT;
/// *out is 1 when some document holds the term, else 0.
enum qx_status qx_db_term_exists(qx_db *db, const char *term, size_t len, int *out, char **error) QX_NOEXCEPT;
enum qx_status qx_db_set_metadata(qx_db *db, const char *key, const char *value, size_t len,
                                  char **error) QX_NOEXCEPT;
/// *value is malloc'ed (free with qx_string_free); unset metadata gives "" and *len == 0.
enum qx_status qx_db_get_metadata(qx_db *db, const char *key, char **value, size_t *len, char **error) QX_NOEXCEPT;
/// Writes the facet columns of `slots` (values joined by `separator`) for the database's committed
/// revision to `path`: each slot's values as small integer ordinals keyed by document id, which
/// qx_search counts in place of the value slots when they match the revision it reads. Does
/// nothing when `path` already holds this revision's columns.
enum qx_status qx_db_write_facet_columns(qx_db *db, const char *path, const uint32_t *slots, size_t count,
                                         char separator, char **error) QX_NOEXCEPT;
/// Maps the facet columns at `path` for qx_search; *attached is 0 when there are none usable
/// there (facets are then counted from the value slots, with the same results).
enum qx_status qx_db_use_facet_columns(qx_db *db, const char *path, int *attached, char **error) QX_NOEXCEPT;
/// Adds the document, or replaces every document holding `id_term` by it.
enum qx_status qx_db_replace(qx_db *db, const char *id_term, size_t len, qx_doc *doc, char **error) QX_NOEXCEPT;
/// Deletes every document holding `id_term` (none is fine).
enum qx_status qx_db_delete(qx_db *db, const char *id_term, size_t len, char **error) QX_NOEXCEPT;
/// The data of the document holding `id_term` (malloc'ed); *found is 0 when there is none.
enum qx_status qx_db_document_data(qx_db *db, const char *id_term, size_t len, int *found, char **data,
                                   size_t *data_len, char **error) QX_NOEXCEPT;
/// Adds each word of `words` to the spelling dictionary.
enum qx_status qx_db_add_spellings(qx_db *db, qx_terms words, char **error) QX_NOEXCEPT;
/// Changes the frequency of each word of `words` in the spelling dictionary by changes[i] (an
/// array of words.count): a positive change adds, a negative one removes (a word whose frequency
/// reaches 0 leaves the dictionary).
enum qx_status qx_db_adjust_spellings(qx_db *db, qx_terms words, const int32_t *changes, char **error) QX_NOEXCEPT;
/// Every word of the spelling dictionary, NUL-separated in *words (malloc'ed), with its frequency
/// in *frequencies (malloc'ed, *count numbers).
enum qx_status qx_db_spellings(qx_db *db, char **words, size_t *words_len, uint32_t **frequencies, size_t *count,
                               char **error) QX_NOEXCEPT;
/// Every term that starts with `prefix` ("" for all), NUL-separated in *terms (malloc'ed).
enum qx_status qx_db_terms_with_prefix(qx_db *db, const char *prefix, size_t len, char **terms, size_t *terms_len,
                                       char **error) QX_NOEXCEPT;
/// How many documents hold `term`.
enum qx_status qx_db_termfreq(qx_db *db, const char *term, size_t len, uint32_t *out, char **error) QX_NOEXCEPT;
/// Every metadata key that starts with `prefix`, NUL-separated in *keys (malloc'ed).
enum qx_status qx_db_metadata_keys(qx_db *db, const char *prefix, char **keys, size_t *keys_len,
                                   char **error) QX_NOEXCEPT;
/// The ids of the documents holding `term`, ascending, in *docids (malloc'ed, *count numbers).
enum qx_status qx_db_postings(qx_db *db, const char *term, size_t len, uint32_t **docids, size_t *count,
                              char **error) QX_NOEXCEPT;
/// The stored document `docid` as a document handle (free with qx_doc_free; read it while the
/// database is open). QX_INVALID_ARGUMENT when there is no such document.
enum qx_status qx_db_document(qx_db *db, uint32_t docid, qx_doc **out, char **error) QX_NOEXCEPT;
/// The closest spelling-dictionary word to `word` within `max_edit_distance` edits (malloc'ed);
/// "" when there is none, or when `word` itself is in more documents. Within one edit of a word
/// of ASCII lower-case letters, every neighbour is looked up and the one most documents hold wins
/// (ties: the first in byte order); otherwise Xapian's get_spelling_suggestion.
enum qx_status qx_db_spelling_suggestion(qx_db *db, const char *word, size_t len, unsigned max_edit_distance,
                                         char **out, size_t *out_len, char **error) QX_NOEXCEPT;
/// The `count` best terms to find documents like the one holding `id_term` (Xapian's ESet over
/// the terms `expand` allows, of those at least `min_frequency` documents hold), NUL-separated in
/// *terms (malloc'ed, *terms_len bytes).
enum qx_status qx_db_similar_terms(qx_db *db, const char *id_term, size_t len, uint32_t count,
                                   uint32_t min_frequency, const qx_expand_options *expand, char **terms,
                                   size_t *terms_len, char **error) QX_NOEXCEPT;
/// Pseudo-relevance feedback: runs `query`, takes its `top_documents` best hits as relevant and
/// returns the `count` best expansion terms that `expand` allows, NUL-separated (malloc'ed).
enum qx_status qx_db_feedback_terms(qx_db *db, qx_query *query, const qx_bm25 *bm25, uint32_t top_documents,
                                    uint32_t count, const qx_expand_options *expand, char **terms,
                                    size_t *terms_len, char **error) QX_NOEXCEPT;
/// The terms that start with `prefix` (a wildcard's expansion), NUL-separated in *terms
/// (malloc'ed): all of them, or the `limit` most frequent when there are more (`limit` 0: all);
/// *total is how many there are in all.
enum qx_status qx_db_prefix_terms(qx_db *db, const char *prefix, size_t len, uint32_t limit, char **terms,
                                  size_t *terms_len, uint32_t *total, char **error) QX_NOEXCEPT;
/// Statistics to explain a score: for the document holding `id_term`, each term's wdf and
/// collection term frequency (arrays of terms.count), the document's length, the average length
/// and the document count. A missing document gives wdf 0 and length 0.
enum qx_status qx_db_term_stats(qx_db *db, const char *id_term, size_t len, qx_terms terms, uint32_t *wdf,
                                uint32_t *termfreq, uint32_t *doclen, double *average_length, uint32_t *doccount,
                                char **error) QX_NOEXCEPT;

// Documents.
enum qx_status qx_doc_new(qx_doc **out, char **error) QX_NOEXCEPT;
enum qx_status qx_doc_free(qx_doc *doc) QX_NOEXCEPT;
/// Adds terms in bulk: positions[i] == 0 adds term i without a position (boolean or wdf-only);
/// wdf[i] is added to its within-document frequency. Both arrays hold terms.count numbers.
enum qx_status qx_doc_add_terms(qx_doc *doc, qx_terms terms, const uint32_t *positions, const uint32_t *wdf,
                                char **error) QX_NOEXCEPT;
enum qx_status qx_doc_set_value(qx_doc *doc, uint32_t slot, const char *value, size_t len, char **error) QX_NOEXCEPT;
enum qx_status qx_doc_set_data(qx_doc *doc, const char *data, size_t len, char **error) QX_NOEXCEPT;
/// The document's data (malloc'ed).
enum qx_status qx_doc_data(qx_doc *doc, char **data, size_t *len, char **error) QX_NOEXCEPT;
/// The document's terms in term order, NUL-separated in *terms (malloc'ed), with the wdf of each
/// in *wdf and its number of positions in *positions (malloc'ed, *count numbers each).
enum qx_status qx_doc_terms(qx_doc *doc, char **terms, size_t *terms_len, uint32_t **wdf, uint32_t **positions,
                            size_t *count, char **error) QX_NOEXCEPT;
/// The slots that hold a value, ascending, in *slots (malloc'ed, *count numbers).
enum qx_status qx_doc_value_slots(qx_doc *doc, uint32_t **slots, size_t *count, char **error) QX_NOEXCEPT;
/// The value in `slot` (malloc'ed; "" when none).
enum qx_status qx_doc_value(qx_doc *doc, uint32_t slot, char **value, size_t *len, char **error) QX_NOEXCEPT;

// Queries: each constructor gives a new handle the caller frees with qx_query_free.
enum qx_status qx_query_term(const char *term, size_t len, uint32_t wqf, uint32_t position, qx_query **out,
                             char **error) QX_NOEXCEPT;
/// Joins `count` subqueries with `op` (an enum qx_op); `parameter` is the window of PHRASE and NEAR.
enum qx_status qx_query_combine(int op, qx_query *const *subqueries, size_t count, uint32_t parameter,
                                qx_query **out, char **error) QX_NOEXCEPT;
/// A range over a value slot; a NULL bound is open (both NULL: every document).
enum qx_status qx_query_value_range(uint32_t slot, const char *low, size_t low_len, const char *high,
                                    size_t high_len, qx_query **out, char **error) QX_NOEXCEPT;
/// Every term starting with `prefix` (OP_WILDCARD), the `max_expansion` most frequent when there are more
/// (0: no limit).
enum qx_status qx_query_wildcard(const char *prefix, size_t len, uint32_t max_expansion, qx_query **out,
                                 char **error) QX_NOEXCEPT;
/// The query with its weights multiplied by `factor` (OP_SCALE_WEIGHT).
enum qx_status qx_query_scale(qx_query *query, double factor, qx_query **out, char **error) QX_NOEXCEPT;
enum qx_status qx_query_match_all(qx_query **out, char **error) QX_NOEXCEPT;
/// Every document, each with the same `weight` (Xapian's FixedWeightPostingSource): filtered by a
/// term, it puts the documents holding that term above any BM25 score.
enum qx_status qx_query_fixed_weight(double weight, qx_query **out, char **error) QX_NOEXCEPT;
enum qx_status qx_query_match_nothing(qx_query **out, char **error) QX_NOEXCEPT;
enum qx_status qx_query_free(qx_query *query) QX_NOEXCEPT;
/// The distinct terms of a query, NUL-separated in *terms (malloc'ed).
enum qx_status qx_query_terms(qx_query *query, char **terms, size_t *terms_len, char **error) QX_NOEXCEPT;
/// Xapian's description of the query (malloc'ed), for tests and debugging.
enum qx_status qx_query_describe(qx_query *query, char **out, size_t *out_len, char **error) QX_NOEXCEPT;

/// Encodes a number so that byte order sorts numerically (Xapian::sortable_serialise), into `out`
/// of `capacity` bytes (16 always suffice); *len is the encoding's length.
enum qx_status qx_sortable_serialise(double value, char *out, size_t capacity, size_t *len,
                                     char **error) QX_NOEXCEPT;

// Search.
/// Runs a query as `options` say: one page of hits, the total (exact when facets are counted or
/// `exact_total` is set, else Xapian's estimate, exact when it knows), and the facet counts, each
/// slot's values sorted by count (high first), then value: from the facet columns when they match
/// the revision read (qx_db_use_facet_columns), else from the value slots.
enum qx_status qx_search(qx_db *db, qx_query *query, const qx_search_options *options, qx_results **out,
                         char **error) QX_NOEXCEPT;
/// The total matches and the hits on the page.
enum qx_status qx_results_counts(const qx_results *results, uint32_t *total, uint32_t *hits,
                                 char **error) QX_NOEXCEPT;
/// One hit of the page: its weight and its document data (valid until the results are freed).
enum qx_status qx_results_hit(const qx_results *results, uint32_t index, double *weight, const char **data,
                              size_t *len, char **error) QX_NOEXCEPT;
/// How many distinct values facet `facet` (an index into options.facet_slots) counted.
enum qx_status qx_results_facet_size(const qx_results *results, size_t facet, size_t *size,
                                     char **error) QX_NOEXCEPT;
/// One counted value (valid until the results are freed) and its count.
enum qx_status qx_results_facet_value(const qx_results *results, size_t facet, size_t index, const char **value,
                                      size_t *len, uint32_t *count, char **error) QX_NOEXCEPT;
/// How many distinct values facet `facet` counted over the whole match set (before the limit).
enum qx_status qx_results_facet_distinct(const qx_results *results, size_t facet, size_t *distinct,
                                         char **error) QX_NOEXCEPT;
enum qx_status qx_results_free(qx_results *results) QX_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif
