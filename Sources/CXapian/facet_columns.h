// Facet columns: each facet value slot as a column of small integer ordinals keyed by document
// id, so that counting a facet over a match set is an array walk, not a value read per document.
// Internal to CXapian (not part of the C API).
//
// The value slots stay the truth (they are what Xapian's remote backend and its built-in
// ValueCountMatchSpy could read); the column file is derived from them after a commit and is
// valid only for the database UUID and revision it was built from. A reader that finds the file
// missing, damaged or stale counts from the value slots instead, with the same results.
//
// The file, in native byte order (a byte-order mark refuses a file of another machine), every
// section 8-byte aligned:
//   header     "QXFACET1", uint32 byte-order mark 0x01020304, uint32 column count,
//              uint64 revision, uint32 last document id, uint32 UUID length, char UUID[64]
//   directory  per column 8 uint64: slot, value count, ordinal count, and the offsets of
//              starts, ordinals, value offsets, value bytes
//   per column starts[last docid + 2] (document d's ordinals are ordinals[starts[d]..starts[d+1]]),
//              ordinals[ordinal count], value offsets[value count + 1], value bytes
// Ordinals number the slot's distinct values in byte order, so ordinal order is value order.
#ifndef CXAPIAN_FACET_COLUMNS_H
#define CXAPIAN_FACET_COLUMNS_H

#include <xapian.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace quarry {

/// A facet column file, mapped read-only.
class FacetColumns {
  public:
    /// One slot's column.
    struct Column {
        Xapian::valueno slot = 0;
        uint32_t value_count = 0;
        const uint32_t *starts = nullptr;
        const uint32_t *ordinals = nullptr;
        const uint64_t *value_offsets = nullptr;
        const char *value_bytes = nullptr;
        uint32_t ordinal_count = 0;
        uint64_t value_bytes_length = 0;

        /// The value of `ordinal` ("" for a damaged entry: every read stays inside the file).
        std::string value(uint32_t ordinal) const {
            if (ordinal >= value_count) return std::string();
            const uint64_t start = value_offsets[ordinal], end = value_offsets[ordinal + 1];
            if (start > end || end > value_bytes_length) return std::string();
            return std::string(value_bytes + start, end - start);
        }
    };

    /// Builds the columns of `slots` from `db`'s value slots (values joined by `separator`, each
    /// distinct value once per document) and writes them to `path` (through a temporary file
    /// and a rename). Does nothing when `path` already holds the columns of this revision.
    static void write(const Xapian::Database &db, const std::string &path, const std::vector<Xapian::valueno> &slots,
                      char separator);

    /// Maps the file at `path`; nullptr when it is missing or not a valid column file.
    static std::unique_ptr<FacetColumns> open(const std::string &path);

    ~FacetColumns();
    FacetColumns(const FacetColumns &) = delete;
    FacetColumns &operator=(const FacetColumns &) = delete;

    /// True when the columns were built from exactly this database revision.
    bool matches(const Xapian::Database &db) const;

    /// The column of `slot`, or nullptr.
    const Column *column(Xapian::valueno slot) const;

    Xapian::docid last_docid() const { return last_docid_; }

  private:
    FacetColumns() = default;
    void *map_ = nullptr;
    size_t size_ = 0;
    std::string uuid_;
    uint64_t revision_ = 0;
    Xapian::docid last_docid_ = 0;
    std::vector<Column> columns_;
};

/// Counts one facet over the match set from its column: each matching document's ordinals
/// into a flat array; values are looked up only for the counts returned.
class ColumnCounter : public Xapian::MatchSpy {
  public:
    ColumnCounter(const FacetColumns::Column &column, Xapian::docid last_docid)
        : column_(column), last_docid_(last_docid), counts_(column.value_count, 0) {}

    void operator()(const Xapian::Document &doc, double) override { count(doc.get_docid()); }
    /// Counts the values of document `id` (a match found without Enquire: `match_set`).
    void count(Xapian::docid id) {
        if (id > last_docid_) return;
        // Bounds are checked here rather than over the whole file when it is mapped, so that
        // opening stays cheap and a damaged file can never make a read leave it.
        const uint32_t end = std::min(column_.starts[id + 1], column_.ordinal_count);
        for (uint32_t i = column_.starts[id]; i < end; ++i) {
            const uint32_t ordinal = column_.ordinals[i];
            if (ordinal >= column_.value_count) continue;
            if (counts_[ordinal]++ == 0) touched_.push_back(ordinal);
        }
    }

    std::string name() const override { return "Quarry::ColumnCounter"; }

    /// How many distinct values were counted.
    size_t distinct() const { return touched_.size(); }

    /// The counted values, by count (high first) then value; the first `limit` (0: all).
    std::vector<std::pair<std::string, uint32_t>> sorted(size_t limit) const;

  private:
    const FacetColumns::Column &column_;
    Xapian::docid last_docid_;
    std::vector<uint32_t> counts_;
    std::vector<uint32_t> touched_;
};

/// Sorts (value, count) pairs by count (high first), then value, keeping the first `limit` (0: all).
void sort_counts(std::vector<std::pair<std::string, uint32_t>> &counts, size_t limit);

} // namespace quarry

#endif
