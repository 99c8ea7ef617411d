// The match set of a query from posting lists (see match_set.h).
#include "match_set.h"

#include <algorithm>
#include <string>

namespace quarry {

void DocumentSet::unite(const DocumentSet &other) {
    for (size_t i = 0; i < words_.size(); ++i) words_[i] |= other.words_[i];
}

void DocumentSet::intersect(const DocumentSet &other) {
    for (size_t i = 0; i < words_.size(); ++i) words_[i] &= other.words_[i];
}

void DocumentSet::subtract(const DocumentSet &other) {
    for (size_t i = 0; i < words_.size(); ++i) words_[i] &= ~other.words_[i];
}

void DocumentSet::exclusive_or(const DocumentSet &other) {
    for (size_t i = 0; i < words_.size(); ++i) words_[i] ^= other.words_[i];
}

uint32_t DocumentSet::count() const {
    uint32_t total = 0;
    for (uint64_t word : words_) total += static_cast<uint32_t>(__builtin_popcountll(word));
    return total;
}

namespace {

/// Adds every document of a posting list ("" lists every document).
void add_postings(const Xapian::Database &db, const std::string &term, DocumentSet &set) {
    for (Xapian::PostingIterator it = db.postlist_begin(term), end = db.postlist_end(term); it != end; ++it) {
        set.add(*it);
    }
}

/// Sees every match of an Enquire run and keeps its id.
class Collector : public Xapian::MatchSpy {
  public:
    explicit Collector(DocumentSet &set) : set_(set) {}
    void operator()(const Xapian::Document &doc, double) override { set_.add(doc.get_docid()); }

  private:
    DocumentSet &set_;
};

/// A subquery Enquire must match itself (positions, values, weights): every match, unweighted.
void add_by_enquire(const Xapian::Database &db, const Xapian::Query &query, DocumentSet &set) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    Collector collector(set);
    enquire.add_matchspy(&collector);
    enquire.get_mset(0, 0, db.get_doccount());
}

/// The term of a term query ("" for any other query).
std::string leaf_term(const Xapian::Query &query) {
    if (static_cast<int>(query.get_type()) != Xapian::Query::LEAF_TERM) return std::string();
    Xapian::TermIterator term = query.get_terms_begin();
    return term == query.get_terms_end() ? std::string() : *term;
}

/// Keeps in `set` only the documents that hold `term` (`keep`), or only those that do not,
/// skipping along the term's posting list to each document of the set.
void keep_or_drop(const Xapian::Database &db, const std::string &term, DocumentSet &set, Xapian::docid last,
                  bool keep) {
    DocumentSet result(last);
    Xapian::PostingIterator it = db.postlist_begin(term);
    const Xapian::PostingIterator end = db.postlist_end(term);
    set.each([&](Xapian::docid id) {
        if (it != end) it.skip_to(id);
        if ((it != end && *it == id) == keep) result.add(id);
    });
    set = result;
}

/// Adds to `set` the documents `query` matches.
void add(const Xapian::Database &db, const Xapian::Query &query, DocumentSet &set, Xapian::docid last) {
    const size_t count = query.get_num_subqueries();
    switch (static_cast<int>(query.get_type())) {
    case Xapian::Query::LEAF_TERM: {
        Xapian::TermIterator term = query.get_terms_begin();
        if (term != query.get_terms_end()) add_postings(db, *term, set);
        return;
    }
    case Xapian::Query::LEAF_MATCH_ALL:
        add_postings(db, std::string(), set);
        return;
    case Xapian::Query::LEAF_MATCH_NOTHING:
        return;
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX:
        for (size_t i = 0; i < count; ++i) add(db, query.get_subquery(i), set, last);
        return;
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_SCALE_WEIGHT:
        if (count > 0) add(db, query.get_subquery(0), set, last);
        return;
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_XOR: {
        const int type = static_cast<int>(query.get_type());
        const bool narrowing = type != Xapian::Query::OP_XOR;
        // AND and FILTER start from a subquery that is not a term, else from the rarest term,
        // so that a frequent term after it (a `kind:paper` filter on a rare word) is tested
        // document by document (`keep_or_drop`) instead of read whole.
        std::vector<size_t> order(count);
        for (size_t i = 0; i < count; ++i) order[i] = i;
        if (type == Xapian::Query::OP_AND || type == Xapian::Query::OP_FILTER) {
            auto rank = [&](size_t i) {
                const std::string term = leaf_term(query.get_subquery(i));
                return term.empty() ? Xapian::doccount(0) : db.get_termfreq(term) + 1;
            };
            std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return rank(a) < rank(b); });
        }
        DocumentSet combined(last);
        for (size_t n = 0; n < count; ++n) {
            const Xapian::Query sub = query.get_subquery(order[n]);
            const std::string term = n > 0 && narrowing ? leaf_term(sub) : std::string();
            if (!term.empty() && db.get_termfreq(term) > 4 * combined.count()) {
                keep_or_drop(db, term, combined, last, type != Xapian::Query::OP_AND_NOT);
                continue;
            }
            DocumentSet part(last);
            add(db, sub, part, last);
            if (n == 0 || type == Xapian::Query::OP_XOR) {
                combined.exclusive_or(part);
            } else if (type == Xapian::Query::OP_AND_NOT) {
                combined.subtract(part);
            } else {
                combined.intersect(part);
            }
        }
        set.unite(combined);
        return;
    }
    default:
        add_by_enquire(db, query, set);
        return;
    }
}

} // namespace

DocumentSet match_set(const Xapian::Database &db, const Xapian::Query &query) {
    const Xapian::docid last = db.get_lastdocid();
    DocumentSet set(last);
    add(db, query, set, last);
    return set;
}

} // namespace quarry
