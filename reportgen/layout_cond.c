/*
 * layout_cond.c - conditions at layout time: whether a block is shown
 * ('when', over the document's figures) and which rows a table or chart
 * keeps ('where', over its source's fields), read from the aggregate
 * through fields.h.  Nothing here allocates.
 */
#include <string.h>

#include "aggregate.h"
#include "expr.h"
#include "fields.h"
#include "layout_int.h"

struct cond_row {
    const struct aggregate *agg;
    const struct field_def *figures;   /* 'when': the figures; NULL: a row's fields */
    enum lsource src;
    size_t item;
};

static void to_expr(const struct field_value *f, struct expr_value *v)
{
    memset(v, 0, sizeof *v);
    v->missing = f->missing;
    v->num = f->num;
    switch (f->type) {
    case FT_TEXT:
    case FT_STATUS:
        v->type = EXPR_TEXT;
        v->text = f->text ? f->text : "";
        v->len = strlen(v->text);
        v->missing = f->missing || !f->text;
        break;
    case FT_DATE: v->type = EXPR_DATE; break;
    case FT_BOOL: v->type = EXPR_BOOL; break;
    case FT_NAMES: v->type = EXPR_NUMBER; v->num = f->den; break;
    case FT_COUNT:
    case FT_AMOUNT:
    case FT_SHARE:
    case FT_RANK:
        v->type = EXPR_NUMBER;
        break;
    }
}

static int get(void *ctx, int field, struct expr_value *v)
{
    const struct cond_row *r = ctx;
    struct field_value f;

    if (field == LCOND_AS_OF && !r->figures) {
        memset(v, 0, sizeof *v);
        v->type = EXPR_DATE;
        v->num = date_to_days(r->agg->opt.as_of);
        return 0;
    }
    memset(&f, 0, sizeof f);
    if (r->figures) {
        f.type = r->figures[field].type;
        r->figures[field].get(r->agg, 0, &f);
    } else {
        fields_get(r->agg, r->src, field, r->item, &f);
    }
    to_expr(&f, v);
    return 0;
}

int lx_when(const struct lctx *L, const struct lblock *b)
{
    struct cond_row r = {L->agg, field_figures, SRC_COUNT, 0};
    return !b->when || expr_eval(b->when, get, &r);
}

int lx_where(const struct lctx *L, const struct lblock *b, size_t item)
{
    struct cond_row r = {L->agg, NULL, b->where_source, item};
    return !b->where || expr_eval(b->where, get, &r);
}
