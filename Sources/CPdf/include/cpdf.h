// cpdf: text of a PDF through poppler-cpp, behind a C API that never throws.
//
// A C API over one opaque handle. Every function is noexcept: it catches
// std::exception and anything else, and reports through its return value
// (QP_OK on success) and an owned message in *error, which the caller frees
// with qp_string_free. Poppler's own diagnostics never reach stderr: they are
// collected while a document opens (and become the message of a failed open)
// and dropped otherwise.
#ifndef CPDF_H
#define CPDF_H

#include <stddef.h>

#ifdef __cplusplus
#define QP_NOEXCEPT noexcept
extern "C" {
#else
#define QP_NOEXCEPT
#endif

/// Failure codes; the message says more.
enum qp_status {
    QP_OK = 0,
    QP_ERROR = 1,          // an unexpected exception (out of memory, a poppler bug)
    QP_OPEN_FAILED = 2,    // not a PDF, or damaged beyond what poppler repairs
    QP_ENCRYPTED = 3,      // encrypted with a password we do not have
    QP_BAD_ARGUMENT = 4,   // a null pointer or a page index out of range
};

/// How a page's text is ordered.
enum qp_layout {
    QP_LAYOUT_READING = 0,   // reading order: columns one after the other (pdftotext's default)
    QP_LAYOUT_RAW = 1,       // content-stream order
    QP_LAYOUT_PHYSICAL = 2,  // lines as laid out on the page, columns side by side
};

/// An open PDF document.
typedef struct qp_document qp_document;

/// One word of a page, in reading order; coordinates in points from the page's top left corner.
typedef struct qp_word {
    char *text;          // UTF-8, NUL-terminated
    double x, y, width, height;
    double font_size;
    int space_after;     // non-zero when a space follows the word on its line
} qp_word;

/// Frees a string returned by any function here (NULL is ignored).
void qp_string_free(char *s) QP_NOEXCEPT;

/// Opens a PDF held in memory (the bytes are copied). On QP_ENCRYPTED *out is NULL.
int qp_open(const void *data, size_t length, qp_document **out, char **error) QP_NOEXCEPT;
/// Closes a document (NULL is ignored).
void qp_close(qp_document *doc) QP_NOEXCEPT;
/// The number of pages (0 for NULL).
int qp_page_count(const qp_document *doc) QP_NOEXCEPT;
/// An entry of the document information dictionary ("Title", "Author") as malloc'ed UTF-8,
/// "" when absent; free with qp_string_free.
int qp_info(const qp_document *doc, const char *key, char **value, char **error) QP_NOEXCEPT;
/// The text of page `index` (from 0) as malloc'ed UTF-8 of *length bytes; free with qp_string_free.
int qp_page_text(const qp_document *doc, int index, int layout, char **text, size_t *length, char **error) QP_NOEXCEPT;
/// The words of page `index` with their boxes and font sizes; free with qp_words_free.
int qp_page_words(const qp_document *doc, int index, qp_word **words, size_t *count, char **error) QP_NOEXCEPT;
/// Frees words returned by qp_page_words (NULL is ignored).
void qp_words_free(qp_word *words, size_t count) QP_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif
