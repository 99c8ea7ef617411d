// Facet columns (see facet_columns.h): written after a commit, mapped by readers.
#include "facet_columns.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <numeric>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unordered_map>

namespace quarry {
namespace {

const char magic[8] = {'Q', 'X', 'F', 'A', 'C', 'E', 'T', '1'};
const uint32_t byte_order_mark = 0x01020304;
const size_t uuid_capacity = 64;
const size_t header_size = 8 + 4 + 4 + 8 + 4 + 4 + uuid_capacity;
const size_t directory_entry = 8 * sizeof(uint64_t);

size_t aligned(size_t offset) { return (offset + 7) & ~size_t(7); }

/// One slot's column while it is built.
struct Built {
    Xapian::valueno slot;
    std::vector<std::string> values;
    std::vector<uint32_t> starts;
    std::vector<uint32_t> ordinals;
};

Built build(const Xapian::Database &db, Xapian::valueno slot, Xapian::docid last, char separator) {
    Built built{slot, {}, std::vector<uint32_t>(size_t(last) + 2, 0), {}};
    std::unordered_map<std::string, uint32_t> ids;
    Xapian::docid next = 0;
    for (Xapian::ValueIterator it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
        const Xapian::docid id = it.get_docid();
        if (id > last) break;
        for (; next <= id; ++next) built.starts[next] = static_cast<uint32_t>(built.ordinals.size());
        const std::string value = *it;
        const size_t first = built.ordinals.size();
        size_t start = 0;
        while (start <= value.size()) {
            size_t end = value.find(separator, start);
            if (end == std::string::npos) end = value.size();
            if (end > start) {
                auto found = ids.emplace(value.substr(start, end - start), static_cast<uint32_t>(built.values.size()));
                if (found.second) built.values.push_back(found.first->first);
                const uint32_t ordinal = found.first->second;
                if (std::find(built.ordinals.begin() + first, built.ordinals.end(), ordinal) == built.ordinals.end()) {
                    built.ordinals.push_back(ordinal);
                }
            }
            start = end + 1;
        }
    }
    for (; next <= last + 1; ++next) built.starts[next] = static_cast<uint32_t>(built.ordinals.size());
    // Renumber so that ordinal order is byte order of the values.
    std::vector<uint32_t> order(built.values.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return built.values[a] < built.values[b]; });
    std::vector<uint32_t> renumbered(order.size());
    std::vector<std::string> sorted(order.size());
    for (uint32_t rank = 0; rank < order.size(); ++rank) {
        renumbered[order[rank]] = rank;
        sorted[rank] = std::move(built.values[order[rank]]);
    }
    built.values = std::move(sorted);
    for (uint32_t &ordinal : built.ordinals) ordinal = renumbered[ordinal];
    return built;
}

/// Appends the bytes of `value` to `out`.
template <typename T> void put(std::string &out, const T &value) {
    out.append(reinterpret_cast<const char *>(&value), sizeof(T));
}

template <typename T> void put_array(std::string &out, const std::vector<T> &values) {
    if (!values.empty()) out.append(reinterpret_cast<const char *>(values.data()), values.size() * sizeof(T));
}

void pad(std::string &out) { out.resize(aligned(out.size()), '\0'); }

/// The header fields of the file at `path`, read without mapping it; false when unreadable.
bool read_header(const std::string &path, std::string &uuid, uint64_t &revision, uint32_t &columns) {
    FILE *file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) return false;
    char header[header_size];
    const bool whole = std::fread(header, 1, header_size, file) == header_size;
    std::fclose(file);
    if (!whole || std::memcmp(header, magic, 8) != 0) return false;
    uint32_t mark, uuid_length;
    std::memcpy(&mark, header + 8, 4);
    std::memcpy(&columns, header + 12, 4);
    std::memcpy(&revision, header + 16, 8);
    std::memcpy(&uuid_length, header + 28, 4);
    if (mark != byte_order_mark || uuid_length > uuid_capacity) return false;
    uuid.assign(header + 32, uuid_length);
    return true;
}

} // namespace

void FacetColumns::write(const Xapian::Database &db, const std::string &path, const std::vector<Xapian::valueno> &slots,
                         char separator) {
    const std::string uuid = db.get_uuid().substr(0, uuid_capacity);
    const uint64_t revision = db.get_revision();
    std::string known_uuid;
    uint64_t known_revision = 0;
    uint32_t known_columns = 0;
    if (read_header(path, known_uuid, known_revision, known_columns) && known_uuid == uuid &&
        known_revision == revision && known_columns == slots.size()) {
        return;
    }
    const Xapian::docid last = db.get_lastdocid();
    std::vector<Built> columns;
    for (Xapian::valueno slot : slots) columns.push_back(build(db, slot, last, separator));

    std::string out;
    out.append(magic, 8);
    put(out, byte_order_mark);
    put(out, static_cast<uint32_t>(columns.size()));
    put(out, revision);
    put(out, static_cast<uint32_t>(last));
    put(out, static_cast<uint32_t>(uuid.size()));
    out.append(uuid);
    out.resize(header_size, '\0');
    const size_t directory = out.size();
    out.resize(directory + columns.size() * directory_entry, '\0');
    for (size_t c = 0; c < columns.size(); ++c) {
        const Built &built = columns[c];
        uint64_t entry[8] = {built.slot, built.values.size(), built.ordinals.size(), 0, 0, 0, 0, 0};
        pad(out);
        entry[3] = out.size();
        put_array(out, built.starts);
        pad(out);
        entry[4] = out.size();
        put_array(out, built.ordinals);
        pad(out);
        entry[5] = out.size();
        std::vector<uint64_t> offsets{0};
        for (const std::string &value : built.values) offsets.push_back(offsets.back() + value.size());
        put_array(out, offsets);
        entry[6] = out.size();
        for (const std::string &value : built.values) out.append(value);
        entry[7] = offsets.back();
        pad(out);
        std::memcpy(&out[directory + c * directory_entry], entry, sizeof entry);
    }

    const std::string temporary = path + ".tmp";
    FILE *file = std::fopen(temporary.c_str(), "wb");
    if (file == nullptr) throw Xapian::DatabaseError("cannot write " + temporary + ": " + std::strerror(errno));
    const bool written = std::fwrite(out.data(), 1, out.size(), file) == out.size();
    const bool closed = std::fclose(file) == 0;
    if (!written || !closed || std::rename(temporary.c_str(), path.c_str()) != 0) {
        std::remove(temporary.c_str());
        throw Xapian::DatabaseError("cannot write " + path + ": " + std::strerror(errno));
    }
}

std::unique_ptr<FacetColumns> FacetColumns::open(const std::string &path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return nullptr;
    struct stat status;
    if (fstat(fd, &status) != 0 || size_t(status.st_size) < header_size) {
        ::close(fd);
        return nullptr;
    }
    const size_t size = size_t(status.st_size);
    void *map = mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
    ::close(fd);
    if (map == MAP_FAILED) return nullptr;
    std::unique_ptr<FacetColumns> columns(new FacetColumns());
    columns->map_ = map;
    columns->size_ = size;
    const char *bytes = static_cast<const char *>(map);
    uint32_t mark, count, last, uuid_length;
    std::memcpy(&mark, bytes + 8, 4);
    std::memcpy(&count, bytes + 12, 4);
    std::memcpy(&columns->revision_, bytes + 16, 8);
    std::memcpy(&last, bytes + 24, 4);
    std::memcpy(&uuid_length, bytes + 28, 4);
    if (std::memcmp(bytes, magic, 8) != 0 || mark != byte_order_mark || uuid_length > uuid_capacity) return nullptr;
    columns->uuid_.assign(bytes + 32, uuid_length);
    columns->last_docid_ = last;
    if (header_size + size_t(count) * directory_entry > size) return nullptr;
    // Every section must lie inside the file, aligned, before anything points into it.
    auto inside = [&](uint64_t offset, uint64_t length) {
        return offset % 8 == 0 && offset <= size && length <= size - offset;
    };
    for (uint32_t c = 0; c < count; ++c) {
        uint64_t entry[8];
        std::memcpy(entry, bytes + header_size + c * directory_entry, sizeof entry);
        const uint64_t values = entry[1], ordinals = entry[2];
        if (values >= UINT32_MAX || ordinals >= UINT32_MAX) return nullptr;
        if (!inside(entry[3], (uint64_t(last) + 2) * 4) || !inside(entry[4], ordinals * 4) ||
            !inside(entry[5], (values + 1) * 8) || entry[6] > size || entry[7] > size - entry[6]) {
            return nullptr;
        }
        Column column;
        column.slot = static_cast<Xapian::valueno>(entry[0]);
        column.value_count = static_cast<uint32_t>(values);
        column.starts = reinterpret_cast<const uint32_t *>(bytes + entry[3]);
        column.ordinals = reinterpret_cast<const uint32_t *>(bytes + entry[4]);
        column.value_offsets = reinterpret_cast<const uint64_t *>(bytes + entry[5]);
        column.value_bytes = bytes + entry[6];
        column.ordinal_count = static_cast<uint32_t>(ordinals);
        column.value_bytes_length = entry[7];
        columns->columns_.push_back(column);
    }
    return columns;
}

FacetColumns::~FacetColumns() {
    if (map_ != nullptr) munmap(map_, size_);
}

bool FacetColumns::matches(const Xapian::Database &db) const {
    return db.get_revision() == revision_ && db.get_lastdocid() == last_docid_ && db.get_uuid() == uuid_;
}

const FacetColumns::Column *FacetColumns::column(Xapian::valueno slot) const {
    for (const Column &column : columns_) {
        if (column.slot == slot) return &column;
    }
    return nullptr;
}

void sort_counts(std::vector<std::pair<std::string, uint32_t>> &counts, size_t limit) {
    auto before = [](const auto &a, const auto &b) { return a.second != b.second ? a.second > b.second : a.first < b.first; };
    if (limit > 0 && limit < counts.size()) {
        std::partial_sort(counts.begin(), counts.begin() + limit, counts.end(), before);
        counts.resize(limit);
    } else {
        std::sort(counts.begin(), counts.end(), before);
    }
}

std::vector<std::pair<std::string, uint32_t>> ColumnCounter::sorted(size_t limit) const {
    // Ordinal order is value order, so ties are broken without reading a value.
    std::vector<uint32_t> order = touched_;
    auto before = [&](uint32_t a, uint32_t b) { return counts_[a] != counts_[b] ? counts_[a] > counts_[b] : a < b; };
    if (limit > 0 && limit < order.size()) {
        std::partial_sort(order.begin(), order.begin() + limit, order.end(), before);
        order.resize(limit);
    } else {
        std::sort(order.begin(), order.end(), before);
    }
    std::vector<std::pair<std::string, uint32_t>> result;
    result.reserve(order.size());
    for (uint32_t ordinal : order) result.emplace_back(column_.value(ordinal), counts_[ordinal]);
    return result;
}

} // namespace quarry
