// cpdf: text of a PDF through poppler-cpp, behind a C API that never throws.
#ifndef CPDF_H
#define CPDF_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Placeholder until the PDF reader lands; see cpdf.cpp.
int qp_available(void);

#ifdef __cplusplus
}
#endif

#endif
