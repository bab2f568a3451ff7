/* task_name.h - runtime-internal: task names, kept outside the tasks
 * (task_name.c). */
#ifndef AC_TASK_NAME_H
#define AC_TASK_NAME_H

#include "loop/future.h"

/* Gives t a copy of name (t has none yet); the copy, valid until the task
 * goes (ac__task_name_drop), or NULL when out of memory. */
const char *ac__task_name_put(ac_task *t, const char *name);
/* t's name, or NULL when it has none yet. */
const char *ac__task_name_get(const ac_task *t);
/* Frees t's name, if it has one (its dealloc). */
void ac__task_name_drop(ac_task *t);
/* How many tasks have a name now (tests: none is left behind). */
size_t ac__task_names_count(void);

#endif
