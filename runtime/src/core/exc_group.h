/* exc_group.h - runtime-internal: building exception groups. */
#ifndef AC_EXC_GROUP_H
#define AC_EXC_GROUP_H

#include "asyncc.h"

/* BaseExceptionGroup(msg, items): an ExceptionGroup when every item is an
 * Exception.  Takes the n references in items (the array is copied). */
ac_exc *ac__exc_group_new(const char *msg, ac_exc **items, size_t n);

#endif
