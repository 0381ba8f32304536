/*
 * layoutdef_cond.c - the conditions of a layout's blocks: 'when' over the
 * document's figures, 'where' over the fields of a table's or chart's
 * source, compiled and type-checked once the layout file is read (expr.h),
 * errors reported at their place in the file.
 */
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "expr.h"
#include "fields.h"
#include "layoutdef.h"
#include "utf8.h"

static enum expr_type expr_type_of(enum field_type t)
{
    switch (t) {
    case FT_TEXT:
    case FT_STATUS:
        return EXPR_TEXT;
    case FT_DATE:
        return EXPR_DATE;
    case FT_BOOL:
        return EXPR_BOOL;
    case FT_COUNT:
    case FT_AMOUNT:
    case FT_SHARE:
    case FT_RANK:
    case FT_NAMES:
        break;
    }
    return EXPR_NUMBER;
}

/* 'where': the source's fields, and the report date as 'as_of' */
static int row_lookup(void *ctx, const char *name, size_t len, enum expr_type *type)
{
    enum lsource src = *(const enum lsource *)ctx;
    int f = fields_find(src, name, len);

    if (f >= 0) {
        *type = expr_type_of(field_sources[src].fields[f].type);
        return f;
    }
    if (len == 5 && memcmp(name, "as_of", 5) == 0) {
        *type = EXPR_DATE;
        return LCOND_AS_OF;
    }
    return -1;
}

/* 'when': the document's figures */
static int figure_lookup(void *ctx, const char *name, size_t len, enum expr_type *type)
{
    int i;
    (void)ctx;
    for (i = 0; i < field_n_figures; i++)
        if (strlen(field_figures[i].name) == len && memcmp(field_figures[i].name, name, len) == 0) {
            *type = expr_type_of(field_figures[i].type);
            return i;
        }
    return -1;
}

static int compile(const struct layoutdef *def, const struct lblock *b, const char *key,
                   const char *src, struct expr_schema *schema, struct expr **out,
                   struct diag_list *diags)
{
    char err[256], pointer[160];
    size_t at = 0;
    struct diag_pos pos;

    if (expr_compile(out, src, strlen(src), schema, err, sizeof err, &at) == 0)
        return 0;
    snprintf(pointer, sizeof pointer, "%s/%s", b->path, key);
    layoutdef_position(def, pointer, &pos);
    if (pos.column > 0)   /* past the opening quote, to the problem (no escapes before it) */
        pos.column += 1 + (int)utf8_count(src, at);
    diag_add(diags, DIAG_LAYOUT, &pos, 0, NULL, pointer, "in '%s': %s", key, err);
    return -1;
}

int layoutdef_compile_conditions(struct layoutdef *def, struct diag_list *diags)
{
    struct expr_schema figures = {figure_lookup, NULL, "a figure of the document"};
    size_t i;
    int rc = 0;

    for (i = 0; i < def->n_blocks; i++) {
        struct lblock *b = &def->blocks[i];
        b->where_source = b->kind == LB_CHART ? b->by : b->source;
        if (b->when_src && compile(def, b, "when", b->when_src, &figures, &b->when, diags) < 0)
            rc = -1;
        if (b->where_src) {
            char what[64];
            struct expr_schema rows = {row_lookup, &b->where_source, what};
            snprintf(what, sizeof what, "a field of '%s'", field_sources[b->where_source].name);
            if (compile(def, b, "where", b->where_src, &rows, &b->where, diags) < 0)
                rc = -1;
        }
    }
    return rc;
}

void layoutdef_free_conditions(struct layoutdef *def)
{
    size_t i;
    for (i = 0; i < def->n_blocks; i++) {
        expr_free(def->blocks[i].when);
        expr_free(def->blocks[i].where);
        def->blocks[i].when = def->blocks[i].where = NULL;
    }
}
