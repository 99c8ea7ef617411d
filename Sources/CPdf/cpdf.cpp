// cpdf: poppler-cpp behind a C API. Every exported function is noexcept and
// catches everything; see cpdf.h.
#include "cpdf.h"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <vector>

struct qp_document {
    std::unique_ptr<poppler::document> document;
};

namespace {

/// Where poppler's messages go on this thread while a document opens; nowhere otherwise.
thread_local std::string *captured = nullptr;
constexpr size_t longest_capture = 600;

/// Poppler's debug/error hook: keeps the first messages of an open, drops everything else.
void collect(const std::string &message, void *) noexcept {
    try {
        if (captured == nullptr || captured->size() >= longest_capture) return;
        if (!captured->empty()) captured->append("; ");
        captured->append(message, 0, longest_capture);
    } catch (...) {
    }
}

/// Installs the hook once per process, before poppler's first use (poppler prints to stderr otherwise).
void silence_poppler() {
    static std::once_flag once;
    std::call_once(once, [] { poppler::set_debug_error_function(collect, nullptr); });
}

/// A malloc'ed, NUL-terminated copy of `length` bytes (nullptr when out of memory).
char *copy_bytes(const char *bytes, size_t length) noexcept {
    char *copy = static_cast<char *>(std::malloc(length + 1));
    if (copy == nullptr) return nullptr;
    if (length > 0) std::memcpy(copy, bytes, length);
    copy[length] = '\0';
    return copy;
}

/// Stores `message` in *error when the caller asked for it.
void set_error(char **error, const char *message) noexcept {
    if (error != nullptr) *error = copy_bytes(message, std::strlen(message));
}

/// Runs `body`, turning any exception into QP_ERROR and a message.
template <typename Body> int guarded(char **error, Body body) noexcept {
    try {
        return body();
    } catch (const std::bad_alloc &) {
        set_error(error, "out of memory");
    } catch (const std::exception &e) {
        set_error(error, e.what());
    } catch (...) {
        set_error(error, "unknown c++ exception");
    }
    return QP_ERROR;
}

/// UTF-8 bytes of a poppler string.
poppler::byte_array utf8(const poppler::ustring &text) { return text.to_utf8(); }

/// The page at `index`, or nullptr (with QP_BAD_ARGUMENT in *status) when there is none.
std::unique_ptr<poppler::page> open_page(const qp_document *doc, int index, int *status) {
    if (doc == nullptr || !doc->document || index < 0 || index >= doc->document->pages()) {
        *status = QP_BAD_ARGUMENT;
        return nullptr;
    }
    std::unique_ptr<poppler::page> page(doc->document->create_page(index));
    *status = page ? QP_OK : QP_ERROR;
    return page;
}

/// Runs `body` on the page at `index`, guarded; a missing or unreadable page is an error.
template <typename Body> int with_page(const qp_document *doc, int index, char **error, Body body) noexcept {
    return guarded(error, [&]() -> int {
        int status = QP_OK;
        std::unique_ptr<poppler::page> page = open_page(doc, index, &status);
        if (!page) {
            set_error(error, status == QP_BAD_ARGUMENT ? "no such page" : "poppler could not read the page");
            return status;
        }
        return body(*page);
    });
}

}  // namespace

extern "C" void qp_string_free(char *s) noexcept { std::free(s); }

extern "C" int qp_open(const void *data, size_t length, qp_document **out, char **error) noexcept {
    if (out != nullptr) *out = nullptr;
    if (error != nullptr) *error = nullptr;
    if (data == nullptr || out == nullptr || length > 0x7fffffff) {
        set_error(error, "no data");
        return QP_BAD_ARGUMENT;
    }
    std::string messages;
    int status = guarded(error, [&]() -> int {
        silence_poppler();
        const char *bytes = static_cast<const char *>(data);
        poppler::byte_array buffer(bytes, bytes + length);
        captured = &messages;
        std::unique_ptr<poppler::document> document(poppler::document::load_from_data(&buffer));
        captured = nullptr;
        if (!document) {
            set_error(error, messages.empty() ? "poppler could not load it" : messages.c_str());
            return QP_OPEN_FAILED;
        }
        if (document->is_locked()) {
            set_error(error, "a password is required");
            return QP_ENCRYPTED;
        }
        *out = new qp_document{std::move(document)};
        return QP_OK;
    });
    captured = nullptr;
    return status;
}

extern "C" void qp_close(qp_document *doc) noexcept {
    try {
        delete doc;
    } catch (...) {
    }
}

extern "C" int qp_page_count(const qp_document *doc) noexcept {
    try {
        return doc != nullptr && doc->document ? doc->document->pages() : 0;
    } catch (...) {
        return 0;
    }
}

extern "C" int qp_info(const qp_document *doc, const char *key, char **value, char **error) noexcept {
    if (value != nullptr) *value = nullptr;
    if (error != nullptr) *error = nullptr;
    if (doc == nullptr || !doc->document || key == nullptr || value == nullptr) {
        set_error(error, "no document or key");
        return QP_BAD_ARGUMENT;
    }
    return guarded(error, [&]() -> int {
        poppler::byte_array bytes = utf8(doc->document->info_key(key));
        *value = copy_bytes(bytes.data(), bytes.size());
        if (*value == nullptr) throw std::bad_alloc();
        return QP_OK;
    });
}

extern "C" int qp_page_text(const qp_document *doc, int index, int layout, char **text, size_t *length,
                            char **error) noexcept {
    if (text != nullptr) *text = nullptr;
    if (length != nullptr) *length = 0;
    if (error != nullptr) *error = nullptr;
    if (text == nullptr || length == nullptr) {
        set_error(error, "no output");
        return QP_BAD_ARGUMENT;
    }
    return with_page(doc, index, error, [&](poppler::page &page) -> int {
        poppler::page::text_layout_enum mode = poppler::page::non_raw_non_physical_layout;
        if (layout == QP_LAYOUT_RAW) mode = poppler::page::raw_order_layout;
        if (layout == QP_LAYOUT_PHYSICAL) mode = poppler::page::physical_layout;
        poppler::byte_array bytes = utf8(page.text(poppler::rectf(), mode));
        *text = copy_bytes(bytes.data(), bytes.size());
        if (*text == nullptr) throw std::bad_alloc();
        *length = bytes.size();
        return QP_OK;
    });
}

extern "C" void qp_words_free(qp_word *words, size_t count) noexcept {
    if (words == nullptr) return;
    for (size_t i = 0; i < count; i++) std::free(words[i].text);
    std::free(words);
}

extern "C" int qp_page_words(const qp_document *doc, int index, qp_word **words, size_t *count, char **error) noexcept {
    if (words != nullptr) *words = nullptr;
    if (count != nullptr) *count = 0;
    if (error != nullptr) *error = nullptr;
    if (words == nullptr || count == nullptr) {
        set_error(error, "no output");
        return QP_BAD_ARGUMENT;
    }
    return with_page(doc, index, error, [&](poppler::page &page) -> int {
        std::vector<poppler::text_box> boxes = page.text_list(poppler::page::text_list_include_font);
        if (boxes.empty()) return QP_OK;
        qp_word *result = static_cast<qp_word *>(std::calloc(boxes.size(), sizeof(qp_word)));
        if (result == nullptr) throw std::bad_alloc();
        for (size_t i = 0; i < boxes.size(); i++) {
            const poppler::text_box &box = boxes[i];
            poppler::byte_array bytes = utf8(box.text());
            result[i].text = copy_bytes(bytes.data(), bytes.size());
            if (result[i].text == nullptr) {
                qp_words_free(result, i);
                throw std::bad_alloc();
            }
            poppler::rectf frame = box.bbox();
            result[i].x = frame.x();
            result[i].y = frame.y();
            result[i].width = frame.width();
            result[i].height = frame.height();
            result[i].font_size = box.has_font_info() ? box.get_font_size() : 0;
            result[i].space_after = box.has_space_after() ? 1 : 0;
        }
        *words = result;
        *count = boxes.size();
        return QP_OK;
    });
}
