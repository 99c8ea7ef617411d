// cpdf: poppler-cpp behind a C API. Every exported function is noexcept and
// catches everything; see cpdf.h.
//
// A page's text in reading order and as drawn comes from one interpretation of its content
// stream: poppler's core (libpoppler-private-dev) draws the page once into two TextOutputDevs,
// the same devices poppler-cpp's page::text makes one at a time (`TwoTextDevices`).
#include "cpdf.h"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include <goo/GooString.h>
#include <OutputDev.h>
#include <PDFDoc.h>
#include <Stream.h>
#include <TextOutputDev.h>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

struct qp_document {
    std::unique_ptr<poppler::document> document;
    /// The bytes again, for `drawn`.
    std::vector<char> bytes;
    /// The same PDF opened by poppler's core, to draw a page into two text devices at once;
    /// null when it does not open (then each text is poppler-cpp's own pass).
    std::unique_ptr<PDFDoc> drawn;
    /// The text as drawn (raw order) of `raw_page`, kept from its reading-order pass.
    mutable int raw_page = -1;
    mutable std::string raw_text;
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

/// Forwards what Gfx tells a text device to two of them: every method TextOutputDev overrides
/// (TextOutputDev.h), with its answers to Gfx's questions. The others keep OutputDev's defaults,
/// which TextOutputDev keeps too.
class TwoTextDevices : public OutputDev {
public:
    TwoTextDevices(TextOutputDev &first, TextOutputDev &second) : a(first), b(second) {}
    bool upsideDown() override { return a.upsideDown(); }
    bool useDrawChar() override { return a.useDrawChar(); }
    bool interpretType3Chars() override { return a.interpretType3Chars(); }
    bool needNonText() override { return a.needNonText(); }
    bool needCharCount() override { return a.needCharCount(); }
    void setDefaultCTM(const double *ctm) override {
        OutputDev::setDefaultCTM(ctm);
        a.setDefaultCTM(ctm);
        b.setDefaultCTM(ctm);
    }
    void startPage(int pageNum, GfxState *state, XRef *xref) override {
        a.startPage(pageNum, state, xref);
        b.startPage(pageNum, state, xref);
    }
    void endPage() override {
        a.endPage();
        b.endPage();
    }
    void restoreState(GfxState *state) override {
        a.restoreState(state);
        b.restoreState(state);
    }
    void updateFont(GfxState *state) override {
        a.updateFont(state);
        b.updateFont(state);
    }
    void beginString(GfxState *state, const GooString *s) override {
        a.beginString(state, s);
        b.beginString(state, s);
    }
    void endString(GfxState *state) override {
        a.endString(state);
        b.endString(state);
    }
    void drawChar(GfxState *state, double x, double y, double dx, double dy, double originX, double originY,
                  CharCode c, int nBytes, const Unicode *u, int uLen) override {
        a.drawChar(state, x, y, dx, dy, originX, originY, c, nBytes, u, uLen);
        b.drawChar(state, x, y, dx, dy, originX, originY, c, nBytes, u, uLen);
    }
    void incCharCount(int nChars) override {
        a.incCharCount(nChars);
        b.incCharCount(nChars);
    }
    void beginActualText(GfxState *state, const GooString *text) override {
        a.beginActualText(state, text);
        b.beginActualText(state, text);
    }
    void endActualText(GfxState *state) override {
        a.endActualText(state);
        b.endActualText(state);
    }
    void stroke(GfxState *state) override {
        a.stroke(state);
        b.stroke(state);
    }
    void fill(GfxState *state) override {
        a.fill(state);
        b.fill(state);
    }
    void eoFill(GfxState *state) override {
        a.eoFill(state);
        b.eoFill(state);
    }
    void processLink(AnnotLink *link) override {
        a.processLink(link);
        b.processLink(link);
    }

private:
    TextOutputDev &a;
    TextOutputDev &b;
};

/// Appends what a TextOutputDev writes to a std::string.
void append_text(void *stream, const char *text, int length) {
    static_cast<std::string *>(stream)->append(text, static_cast<size_t>(length));
}

/// The text of page `index` in reading order (returned) and in raw order (in `raw`), from one
/// drawing of the page: what poppler-cpp's page::text gives for `non_raw_non_physical_layout`
/// and for `raw_order_layout`, byte for byte (its devices, its displayPage arguments, its
/// conversion through a ustring).
std::string reading_and_raw(PDFDoc &doc, int index, std::string &raw) {
    std::string reading_bytes, raw_bytes;
    TextOutputDev reading_device(append_text, &reading_bytes, false, 0, false, false);
    TextOutputDev raw_device(append_text, &raw_bytes, false, 0, true, false);
    if (!reading_device.isOk() || !raw_device.isOk()) throw std::runtime_error("poppler could not make a text device");
    TwoTextDevices both(reading_device, raw_device);
    doc.displayPage(&both, index + 1, 72, 72, 0, false, true, false);
    poppler::byte_array raw_utf8 = poppler::ustring::from_utf8(raw_bytes.c_str()).to_utf8();
    raw.assign(raw_utf8.data(), raw_utf8.size());
    poppler::byte_array reading_utf8 = poppler::ustring::from_utf8(reading_bytes.c_str()).to_utf8();
    return std::string(reading_utf8.data(), reading_utf8.size());
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
        auto opened = std::make_unique<qp_document>();
        opened->document = std::move(document);
        // The same bytes for poppler's core, opened as poppler-cpp opens them (empty passwords).
        opened->bytes.assign(bytes, bytes + length);
        auto stream = new MemStream(opened->bytes.data(), 0, opened->bytes.size(), Object(objNull));
        auto drawn = std::make_unique<PDFDoc>(stream, GooString(""), GooString(""));
        if (drawn->isOk() && drawn->getNumPages() == opened->document->pages()) opened->drawn = std::move(drawn);
        *out = opened.release();
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
    if (doc != nullptr && doc->drawn && index >= 0 && index < doc->document->pages() &&
        (layout == QP_LAYOUT_READING || (layout == QP_LAYOUT_RAW && index == doc->raw_page))) {
        return guarded(error, [&]() -> int {
            std::string result;
            if (layout == QP_LAYOUT_RAW) {
                result.swap(doc->raw_text);
                doc->raw_page = -1;
            } else {
                doc->raw_page = -1;
                result = reading_and_raw(*doc->drawn, index, doc->raw_text);
                doc->raw_page = index;
            }
            *text = copy_bytes(result.data(), result.size());
            if (*text == nullptr) throw std::bad_alloc();
            *length = result.size();
            return QP_OK;
        });
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
