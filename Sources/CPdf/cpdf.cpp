#include "cpdf.h"

extern "C" int qp_available(void) { return 1; }
