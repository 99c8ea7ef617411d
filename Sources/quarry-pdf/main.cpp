// quarry-pdf: the PDF reader process. The only program that links poppler: `quarry` starts one per
// processor and asks each for the text of many PDFs over a pipe, so a PDF that crashes or hangs
// poppler takes down one reader, never the index run (PdfReaders.swift holds the other end).
//
// Requests on standard input, answers on standard output, in the host's byte order; a string
// is a u64 byte count and the bytes. Every answer starts with an i32 status (a qp_status).
//   'O' u64 n, n bytes    open a PDF (closing the one open) -> status, string message, i32 pages
//   'T' i32 page, i32 layout                                 -> status, string text or message
//   'W' i32 page                                             -> status, string message, u64 n,
//                                  n words: string text, f64 x y width height font_size, u8 space
//   'I' string key                                           -> status, string value or message
// End of input ends the process.
#include "cpdf.h"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

bool read_exact(void *buffer, size_t length) {
    char *bytes = static_cast<char *>(buffer);
    while (length > 0) {
        ssize_t got = read(STDIN_FILENO, bytes, length);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return false;
        bytes += got;
        length -= static_cast<size_t>(got);
    }
    return true;
}

/// The answer being built, written at once by `flush`.
std::string answer;

template <typename T> void put(T value) { answer.append(reinterpret_cast<const char *>(&value), sizeof value); }

void put_string(const char *text, size_t length) {
    put<uint64_t>(text == nullptr ? 0 : length);
    if (text != nullptr) answer.append(text, length);
}

void put_string(const char *text) { put_string(text, text == nullptr ? 0 : std::strlen(text)); }

bool flush() {
    const char *bytes = answer.data();
    size_t length = answer.size();
    while (length > 0) {
        ssize_t wrote = write(STDOUT_FILENO, bytes, length);
        if (wrote < 0 && errno == EINTR) continue;
        if (wrote <= 0) return false;
        bytes += wrote;
        length -= static_cast<size_t>(wrote);
    }
    answer.clear();
    return true;
}

template <typename T> bool get(T &value) { return read_exact(&value, sizeof value); }

/// The status and its message (or value) as one answer; frees `text`.
void put_status(int status, char *text, size_t length) {
    put<int32_t>(status);
    put_string(text, length);
    qp_string_free(text);
}

}  // namespace

int main() {
    qp_document *document = nullptr;
    std::vector<char> bytes;
    char op = 0;
    while (get(op)) {
        if (op == 'O') {
            uint64_t length = 0;
            if (!get(length) || length > (uint64_t(1) << 31)) return 2;
            bytes.resize(length);
            if (!read_exact(bytes.data(), length)) return 2;
            qp_close(document);
            document = nullptr;
            char *error = nullptr;
            int status = qp_open(bytes.data(), bytes.size(), &document, &error);
            put_status(status, error, error == nullptr ? 0 : std::strlen(error));
            put<int32_t>(qp_page_count(document));
        } else if (op == 'T') {
            int32_t page = 0, layout = 0;
            if (!get(page) || !get(layout)) return 2;
            char *text = nullptr, *error = nullptr;
            size_t length = 0;
            int status = qp_page_text(document, page, layout, &text, &length, &error);
            if (status == QP_OK) {
                qp_string_free(error);
                put_status(status, text, length);
            } else {
                qp_string_free(text);
                put_status(status, error, error == nullptr ? 0 : std::strlen(error));
            }
        } else if (op == 'W') {
            int32_t page = 0;
            if (!get(page)) return 2;
            qp_word *words = nullptr;
            size_t count = 0;
            char *error = nullptr;
            int status = qp_page_words(document, page, &words, &count, &error);
            put_status(status, error, error == nullptr ? 0 : std::strlen(error));
            put<uint64_t>(count);
            for (size_t i = 0; i < count; i++) {
                put_string(words[i].text);
                put<double>(words[i].x);
                put<double>(words[i].y);
                put<double>(words[i].width);
                put<double>(words[i].height);
                put<double>(words[i].font_size);
                put<uint8_t>(words[i].space_after != 0 ? 1 : 0);
            }
            qp_words_free(words, count);
        } else if (op == 'I') {
            uint64_t length = 0;
            if (!get(length) || length > 4096) return 2;
            std::string key(length, '\0');
            if (!read_exact(key.data(), length)) return 2;
            char *value = nullptr, *error = nullptr;
            int status = qp_info(document, key.c_str(), &value, &error);
            if (status == QP_OK) {
                qp_string_free(error);
                put_status(status, value, value == nullptr ? 0 : std::strlen(value));
            } else {
                qp_string_free(value);
                put_status(status, error, error == nullptr ? 0 : std::strlen(error));
            }
        } else {
            return 2;
        }
        if (!flush()) return 2;
    }
    qp_close(document);
    return 0;
}
