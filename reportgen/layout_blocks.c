/*
 * layout_blocks.c - the blocks built on the table engine: data tables (rows
 * from one of the aggregate's lists, sorted and limited as the layout
 * says), the company x category crosstab and the per-company sections.
 */
#include "layout_int.h"

#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "amount.h"
#include "dataset.h"
#include "fields.h"
#include "fontmetrics.h"
#include "utf8.h"
#include "xalloc.h"

/* A table's caption, kept with the table's start. */
static void caption(struct lctx *L, const char *text)
{
    if (!text)
        return;
    strbuf_reset(&L->tmp);
    lx_expand(L, text, &L->tmp, 0, 0);
    lx_ensure(L, 60);
    lx_paragraph(L, &L->def->styles[LS_CAPTION], L->tmp.buf, L->tmp.len);
}

double *lx_column_widths(const struct lctx *L, const struct lblock *b)
{
    double *w = xcalloc(b->n_columns, sizeof *w), fixed = 0, weights = 0, rest;
    size_t c;

    for (c = 0; c < b->n_columns; c++) {
        fixed += b->columns[c].width;
        if (b->columns[c].width <= 0)
            weights += b->columns[c].weight;
    }
    rest = L->width - fixed;
    for (c = 0; c < b->n_columns; c++) {
        if (b->columns[c].width > 0)
            w[c] = b->columns[c].width;
        else
            w[c] = weights > 0 && rest > 0 ? rest * b->columns[c].weight / weights : 10;
        if (w[c] < 2 * LX_PAD_X + 8)
            w[c] = 2 * LX_PAD_X + 8;
    }
    return w;
}

/* Data tables: rows come from one of the aggregate's lists. */
struct tctx {
    struct lctx *L;
    const struct lblock *b;
    size_t *rows;         /* indices into the source list */
    size_t n;
    int totals;           /* the last row is the totals row */
};

static void share(struct strbuf *out, size_t part, size_t whole)
{
    if (!whole) {
        strbuf_addstr(out, "-");
        return;
    }
    strbuf_addf(out, "%.1f%%", 100.0 * (double)part / (double)whole);
}

/* A field's value as the table shows it. */
static void format_value(const struct aggregate *a, const struct field_value *v,
                         struct strbuf *out)
{
    struct date d;
    int64_t k;

    switch (v->type) {
    case FT_TEXT:
        if (v->text)
            strbuf_addstr(out, v->text);
        break;
    case FT_COUNT: lx_format_count(out, (size_t)v->num); break;
    case FT_AMOUNT:
        if (v->missing)
            strbuf_addstr(out, "-");
        else
            amount_format(v->num, out);
        break;
    case FT_DATE:
        if (v->missing) {
            strbuf_addstr(out, "-");
            break;
        }
        d = date_from_days((long)v->num);
        lx_format_date_compact(out, d.year, d.month, d.day);
        break;
    case FT_SHARE: share(out, (size_t)v->num, (size_t)v->den); break;
    case FT_RANK:
        if (!v->missing)
            strbuf_addf(out, "%lld", (long long)v->num);
        break;
    case FT_STATUS:
        strbuf_addstr(out, v->missing ? v->text : pledge_status_labels[v->num]);
        break;
    case FT_BOOL: strbuf_addstr(out, v->num ? "예" : "-"); break;
    case FT_NAMES: {
        const struct meeting *m = &a->ds->meetings[v->num];
        for (k = 0; k < (int64_t)m->n_attendees; k++)
            strbuf_addf(out, "%s%s", k ? ", " : "", m->attendees[k].name);
        break;
    }
    }
}

/* Text of 'field' for item 'i' of the block's source (or of the totals). */
static void source_cell(const struct tctx *t, size_t i, int is_total, int field,
                        struct strbuf *out)
{
    struct field_value v;
    fields_get(t->L->agg, t->b->source, field, is_total ? FIELD_TOTAL : i, &v);
    /* texts a pledge or meeting may lack read "-", but a missing description nothing */
    if (v.type == FT_TEXT && v.missing && t->b->source != SRC_PLEDGES &&
        t->b->source != SRC_CARRIED)
        strbuf_addstr(out, "-");
    else if (v.type == FT_TEXT && v.missing &&
             strcmp(field_sources[t->b->source].fields[field].name, "timeline") == 0)
        strbuf_addstr(out, "-");
    else
        format_value(t->L->agg, &v, out);
}

static void table_cell(void *ctx, size_t row, size_t col, struct strbuf *out)
{
    const struct tctx *t = ctx;
    int is_total = t->totals && row + 1 == t->n;
    source_cell(t, is_total ? 0 : t->rows[row], is_total, t->b->columns[col].field, out);
}

/* Sort keys: numbers compare as numbers, texts by code point (fields_compare). */
static const struct tctx *sort_ctx;

static int cmp_rows(const void *x, const void *y)
{
    size_t i = *(const size_t *)x, j = *(const size_t *)y;
    const struct tctx *t = sort_ctx;
    struct field_value a, b;
    int c;

    fields_get(t->L->agg, t->b->source, t->b->sort_field, i, &a);
    fields_get(t->L->agg, t->b->source, t->b->sort_field, j, &b);
    c = fields_compare(&a, &b);
    if (t->b->sort_desc)
        c = -c;
    return c ? c : (i < j ? -1 : i > j); /* stable: keep the source order */
}

/* Rows of table block 'b' in the source's order (caller frees), their number in '*n'. */
static size_t *table_rows(const struct lctx *L, const struct lblock *b, size_t *n)
{
    const struct source_def *src = &field_sources[b->source];
    size_t i, *rows;

    size_t count = src->count(L->agg);

    rows = xcalloc(count + 1, sizeof *rows);
    *n = 0;
    for (i = 0; i < count; i++) {
        size_t item = src->item(L->agg, i);
        if (lx_where(L, b, item))   /* the block's 'where' */
            rows[(*n)++] = item;
    }
    return rows;
}

/* Lines a cell of 'text' needs at the least in 'width' points ('fm' at 'size'). */
static size_t least_lines(const struct font_metrics *fm, double size, const char *text,
                          size_t len, double width)
{
    long max = (long)(width * 1000.0 / size), w = 0, widest = 0;
    size_t i = 0, used, n;

    /* a line holds at most 'max', or one character wider than that; spaces
       at a break are dropped, so they do not count */
    while (i < len) {
        uint32_t cp = utf8_decode(text + i, len - i, &used);
        i += used;
        if (cp != ' ') {
            long adv = fontmetrics_advance(fm, cp);
            w += adv;
            if (adv > widest)
                widest = adv;
        }
    }
    if (max < 1)
        max = 1;
    n = (size_t)((w + max + widest - 1) / (max + widest));
    return n ? n : 1;
}

double lx_table_least_height(struct lctx *L, const struct lblock *b, int measure, double page)
{
    const struct lstyle *st = &L->def->styles[LS_TABLE];
    double lh = lx_line_height(st), sum = 0;
    size_t n, i, c, *rows = table_rows(L, b, &n);

    if (b->limit && n > b->limit) { /* which rows show depends on the sort: count lines */
        n = b->limit;
        measure = 0;
    }
    if (!measure) {
        sum = (double)n * (lh + 2 * LX_PAD_Y < page ? lh + 2 * LX_PAD_Y : page);
    } else {
        const struct font_metrics *fm = lx_metrics(L, st);
        double *w = lx_column_widths(L, b);
        struct strbuf sb = STRBUF_INIT;
        struct tctx t;

        memset(&t, 0, sizeof t);
        t.L = L;
        t.b = b;
        t.rows = rows;
        t.n = n;
        for (i = 0; i < n; i++) {
            size_t lines = 1;
            double h;
            for (c = 0; c < b->n_columns; c++) {
                size_t k;
                strbuf_reset(&sb);
                table_cell(&t, i, c, &sb);
                k = least_lines(fm, st->size, sb.buf, sb.len, w[c] - 2 * LX_PAD_X);
                if (k > lines)
                    lines = k;
            }
            /* a row split over pages takes a page a line at most */
            h = (double)lines * lh + 2 * LX_PAD_Y;
            sum += h < (double)lines * page ? h : (double)lines * page;
        }
        strbuf_release(&sb);
        free(w);
    }
    free(rows);
    return sum;
}

double lx_sections_least_height(struct lctx *L, const struct lblock *b, double page)
{
    const struct aggregate *a = L->agg;
    double head = lx_line_height(&L->def->styles[LS_H2]);
    double row = lx_line_height(&L->def->styles[LS_TABLE]) + 2 * LX_PAD_Y, sum = 0;
    size_t c;

    if (head > page)
        head = page;
    if (row > page)
        row = page;
    for (c = 0; c < a->n_companies; c++) {
        size_t n = a->companies[c].all.pledges;
        if (b->limit && n > b->limit)
            n = b->limit;
        sum += head + (double)n * row;
    }
    return sum;
}

void lx_table_block(struct lctx *L, const struct lblock *b)
{
    const struct aggregate *a = L->agg;
    struct tctx t;
    struct ltable lt;
    double *w;
    enum lalign *align;
    const char **titles;
    size_t i, n = 0;

    if (b->source == SRC_CARRIED && !a->opt.has_period)
        return; /* only a briefing for a period has pledges carried into it */
    w = lx_column_widths(L, b);
    align = xcalloc(b->n_columns, sizeof *align);
    titles = xcalloc(b->n_columns, sizeof *titles);
    t.L = L;
    t.b = b;
    t.rows = table_rows(L, b, &n);
    if (b->sort_field >= 0) {
        sort_ctx = &t;
        qsort(t.rows, n, sizeof *t.rows, cmp_rows);
        sort_ctx = NULL;
    }
    if (b->limit && n > b->limit)
        n = b->limit;
    t.totals = b->totals;
    t.n = n + (b->totals ? 1 : 0);
    for (i = 0; i < b->n_columns; i++) {
        align[i] = b->columns[i].align;
        titles[i] = b->columns[i].title;
    }
    caption(L, b->text);
    memset(&lt, 0, sizeof lt);
    lt.n_cols = b->n_columns;
    lt.w = w;
    lt.align = align;
    lt.titles = titles;
    lt.n_rows = t.n;
    lt.cell = table_cell;
    lt.ctx = &t;
    lt.last_row_bold = b->totals;
    if (n == 0 && !b->totals) {
        static const char none[] = "해당 사항 없음";
        lx_paragraph(L, &L->def->styles[LS_SMALL], none, sizeof none - 1);
    } else {
        lx_table(L, &lt);
    }
    free(t.rows);
    free(w);
    free(align);
    free(titles);
}

/* The crosstab: companies down, the categories in use across, totals both ways. */
struct xctx {
    struct lctx *L;
    const struct lblock *b;
    size_t *cats;      /* categories shown */
    size_t n_cats;
};

static void xcell(struct strbuf *out, const struct agg_cell *c, int total_series)
{
    if (!c->pledges) {
        strbuf_addstr(out, "-");
        return;
    }
    if (total_series)
        if (c->with_amount)
            amount_format(c->total_krw, out);
        else
            strbuf_addstr(out, "-");
    else
        lx_format_count(out, c->pledges);
}

static void crosstab_cell(void *ctx, size_t row, size_t col, struct strbuf *out)
{
    struct xctx *x = ctx;
    const struct aggregate *a = x->L->agg;
    int tot = x->b->series == SERIES_TOTAL;
    int total_row = row == a->n_companies;

    if (col == 0) {
        strbuf_addstr(out, total_row ? "합계" : a->companies[row].name);
    } else if (col <= x->n_cats) {
        size_t k = x->cats[col - 1];
        xcell(out, total_row ? &a->by_category[k] : &a->companies[row].by_category[k], tot);
    } else {
        xcell(out, total_row ? &a->total : &a->companies[row].all, tot);
    }
}

/* Width of the widest piece of 'text' that no line break may split. */
static double longest_word(const struct lctx *L, const struct lstyle *st, const char *text)
{
    size_t len = strlen(text), i, start = 0;
    char *brk = xmalloc(len + 1);
    double best = 0;

    linebreak_opportunities(text, len, brk);
    for (i = 1; i <= len; i++) {
        if (i == len || brk[i] != LB_NONE) {
            size_t end = i;
            double w;
            while (end > start && text[end - 1] == ' ')
                end--;
            w = lx_text_width(L, st, text + start, end - start);
            if (w > best)
                best = w;
            start = i;
        }
    }
    free(brk);
    return best;
}

/*
 * Crosstab columns: each as wide as its heading's longest word (so that no
 * category name is split inside a word) or its widest figure, the company
 * column as wide as the longest name; what is left is shared out.  When
 * that does not fit, equal columns.
 */
static void crosstab_widths(struct lctx *L, const struct ltable *t, struct xctx *x,
                            const char *const *titles, double *w, size_t n)
{
    struct lstyle body, head;
    struct strbuf sb = STRBUF_INIT;
    double need = 0, pad = 2 * lx_pad_x(t);
    size_t c, r;

    lx_table_styles(L, t, &body, &head);
    for (c = 0; c < n; c++) {
        w[c] = longest_word(L, &head, titles[c]) + pad;
        for (r = 0; r <= L->agg->n_companies; r++) {
            double cw;
            strbuf_reset(&sb);
            crosstab_cell(x, r, c, &sb);
            cw = (c == 0 ? longest_word(L, r == L->agg->n_companies ? &head : &body, sb.buf)
                         : lx_text_width(L, &head, sb.buf, sb.len)) + pad;
            if (cw > w[c])
                w[c] = cw;
        }
        if (c == 0 && w[0] > L->width * 0.3)
            w[0] = L->width * 0.3;
        need += w[c];
    }
    strbuf_release(&sb);
    if (need > L->width) {
        w[0] = L->width * (n > 8 ? 0.16 : 0.2);
        for (c = 1; c < n; c++)
            w[c] = (L->width - w[0]) / (double)(n - 1);
        return;
    }
    for (c = 0; c < n; c++) /* share the rest in proportion */
        w[c] += (L->width - need) * w[c] / need;
}

void lx_crosstab(struct lctx *L, const struct lblock *b)
{
    const struct aggregate *a = L->agg;
    struct xctx x;
    struct ltable lt;
    double *w;
    enum lalign *align;
    const char **titles;
    struct strbuf empty = STRBUF_INIT;
    size_t k, n, c;

    x.L = L;
    x.b = b;
    x.cats = xcalloc(a->n_categories + 1, sizeof *x.cats);
    x.n_cats = 0;
    for (k = 0; k < a->n_categories; k++) {
        if (a->by_category[k].pledges)
            x.cats[x.n_cats++] = k;
        else
            strbuf_addf(&empty, "%s%s", empty.len ? ", " : "", a->ds->categories.items[k]);
    }
    n = x.n_cats + 2;
    w = xcalloc(n, sizeof *w);
    align = xcalloc(n, sizeof *align);
    titles = xcalloc(n, sizeof *titles);
    for (c = 1; c < n; c++) {
        align[c] = LA_RIGHT;
        titles[c] = c <= x.n_cats ? a->ds->categories.items[x.cats[c - 1]] : "합계";
    }
    titles[0] = "기업";
    caption(L, b->text);
    memset(&lt, 0, sizeof lt);
    lt.scale = n > 8 ? 7.5 / L->def->styles[LS_TABLE].size : 0;
    crosstab_widths(L, &lt, &x, titles, w, n);
    lt.n_cols = n;
    lt.w = w;
    lt.align = align;
    lt.titles = titles;
    lt.n_rows = a->n_companies + 1;
    lt.cell = crosstab_cell;
    lt.ctx = &x;
    lt.last_row_bold = 1;
    lx_table(L, &lt);
    if (empty.len) {
        strbuf_reset(&L->tmp);
        strbuf_addf(&L->tmp, "약속이 없는 분야: %s", empty.buf);
        L->y -= 4;
        lx_paragraph(L, &L->def->styles[LS_SMALL], L->tmp.buf, L->tmp.len);
        L->y += 4;
    }
    strbuf_release(&empty);
    free(x.cats);
    free(w);
    free(align);
    free(titles);
}

/* One heading, figures paragraph and pledge table per company. */
void lx_company_sections(struct lctx *L, const struct lblock *b)
{
    const struct aggregate *a = L->agg;
    double *w = lx_column_widths(L, b);
    enum lalign *align = xcalloc(b->n_columns, sizeof *align);
    const char **titles = xcalloc(b->n_columns, sizeof *titles);
    size_t *rows = xcalloc(a->ds->n_pledges + 1, sizeof *rows);
    struct strbuf heading = STRBUF_INIT, para = STRBUF_INIT, cont = STRBUF_INIT;
    size_t c, pos = 0;

    for (c = 0; c < b->n_columns; c++) {
        align[c] = b->columns[c].align;
        titles[c] = b->columns[c].title;
    }
    for (c = 0; c < a->n_companies; c++) {
        struct tctx t;
        struct ltable lt;
        size_t n = 0, all;

        /* pledge_order groups pledges by company, in company order */
        while (pos + n < a->n_pledges && a->pledge_company[a->pledge_order[pos + n]] == c) {
            rows[n] = a->pledge_order[pos + n];
            n++;
        }
        pos += n;
        all = n;
        t.L = L;
        t.b = b;
        if (b->sort_field >= 0) {
            sort_ctx = &t;
            qsort(rows, n, sizeof *rows, cmp_rows);
            sort_ctx = NULL;
        }
        if (b->limit && n > b->limit)
            n = b->limit;
        L->company = (int)c;
        strbuf_reset(&heading);
        strbuf_addf(&heading, "%zu. %s", c + 1, a->companies[c].name);
        strbuf_reset(&para);
        if (b->text)
            lx_expand(L, b->text, &para, 0, 0);
        t.rows = rows;
        t.n = n;
        t.totals = 0;
        memset(&lt, 0, sizeof lt);
        lt.n_cols = b->n_columns;
        lt.w = w;
        lt.align = align;
        lt.titles = titles;
        lt.n_rows = n;
        lt.cell = table_cell;
        lt.ctx = &t;
        {   /* "heading (계속)" on one line, made once for every page it is on */
            const struct lstyle *cs = &L->def->styles[LS_CAPTION];
            static const char more[] = " (계속)";
            strbuf_reset(&cont);
            lx_fit(L, cs, heading.buf, heading.len,
                   L->width - lx_text_width(L, cs, more, strlen(more)), &cont);
            strbuf_addstr(&cont, more);
            lt.continued = cont.buf;
        }
        {   /* keep heading, figures and the table's first rows together */
            const struct lstyle *h2 = &L->def->styles[LS_H2], *body = &L->def->styles[LS_BODY];
            double need = h2->space_before + lx_line_height(h2) + h2->space_after +
                          (double)lx_wrap(L, body, para.buf, para.len, L->width, &L->lines) *
                          lx_line_height(body) + body->space_after +
                          lx_table_start_height(L, &lt);
            lx_ensure(L, need);
        }
        lx_heading(L, heading.buf, 2, 1);
        if (para.len)
            lx_paragraph(L, &L->def->styles[LS_BODY], para.buf, para.len);
        lx_table(L, &lt);
        if (n < all) {   /* the rest are in the full list */
            strbuf_reset(&L->tmp);
            strbuf_addstr(&L->tmp, "※ 약속 ");
            lx_format_count(&L->tmp, all);
            strbuf_addstr(&L->tmp, "건 가운데 ");
            lx_format_count(&L->tmp, n);
            strbuf_addstr(&L->tmp, "건만 실었다. 전체 목록은 부록에 있다.");
            L->y -= 4;
            lx_paragraph(L, &L->def->styles[LS_SMALL], L->tmp.buf, L->tmp.len);
            L->y += 4;
        }
    }
    L->company = -1;
    strbuf_release(&heading);
    strbuf_release(&cont);
    strbuf_release(&para);
    free(rows);
    free(w);
    free(align);
    free(titles);
}
