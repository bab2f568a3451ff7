/* translate.c - ac_translate: the back end's entry point.
 * (Placeholder: copies the source through unchanged until the lowering
 * lands.) */
#include "codegen/codegen.h"

int ac_translate(const ac_unit *u, const ac_emit_opts *opts, ac_buf *out,
                 ac_diag *d)
{
    (void)opts;
    (void)d;
    ac_buf_add(out, u->src->text, u->src->len);
    return 0;
}
