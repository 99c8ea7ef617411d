#include <btparse.h>
#include <stdio.h>

/// btparse prints its warnings and errors to the C library's `stderr` stream and offers no
/// handler to set. The parser swaps in a memory stream while it parses, and reads the messages
/// (`file, line 12, syntax error: …`) back as problems. Returns the stream that was in place.
static inline FILE *cbibtex_swap_stderr(FILE *stream) {
    FILE *previous = stderr;
    stderr = stream;
    return previous;
}
