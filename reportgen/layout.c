/*
 * layout.c - the layout engine's core: pages and the cursor, text
 * measurement and drawing, placeholders, the simple blocks (title, heading,
 * paragraph, KPI row, meeting list, spacer, page break); the checks are in
 * layout_check.c.
 */
#include "layout_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "amount.h"
#include "dataset.h"
#include "diag.h"
#include "fontmetrics.h"
#include "utf8.h"
#include "xalloc.h"

void lx_new_page(struct lctx *L)
{
    L->page = dl_new_page(L->dl);
    L->y = L->top;
}

void lx_ensure(struct lctx *L, double h)
{
    if (L->y + h > L->bottom + 0.001 && L->y > L->top + 0.001)
        lx_new_page(L);
}

double lx_line_height(const struct lstyle *st)
{
    return st->size * st->leading;
}

enum dl_font lx_font(const struct lstyle *st)
{
    return st->bold ? DL_BOLD : DL_REGULAR;
}

const struct font_metrics *lx_metrics(const struct lctx *L, const struct lstyle *st)
{
    return L->in->fonts[lx_font(st)];
}

static int advance(const void *ctx, uint32_t cp)
{
    return fontmetrics_advance(ctx, cp);
}

double lx_text_width(const struct lctx *L, const struct lstyle *st, const char *s, size_t len)
{
    return (double)fontmetrics_text_width(lx_metrics(L, st), s, len) * st->size / 1000.0;
}

size_t lx_wrap(struct lctx *L, const struct lstyle *st, const char *s, size_t len,
               double width, struct lb_lines *out)
{
    struct lb_measure m;
    long max = (long)(width * 1000.0 / st->size);

    m.advance = advance;
    m.ctx = lx_metrics(L, st);
    out->count = 0;
    if (max < 1)
        max = 1;
    /* most cells fit on one line: measure first, break only when needed
       (the same result as linebreak_fill for a text with no space at either
       end and no line separator) */
    if (len > 0 && s[0] != ' ' && s[len - 1] != ' ') {
        long w = 0;
        size_t i;
        for (i = 0; i < len; i++) {
            unsigned char c = (unsigned char)s[i];
            if (c < 0x20 || (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
                             ((unsigned char)s[i + 2] == 0xA8 ||
                              (unsigned char)s[i + 2] == 0xA9)))
                break;
        }
        if (i == len && (w = fontmetrics_text_width(m.ctx, s, len)) <= max) {
            XGROW(out->items, out->alloc, 1);
            out->items[0].start = 0;
            out->items[0].len = len;
            out->items[0].width = w;
            out->count = 1;
            return 1;
        }
    }
    linebreak_fill(s, len, &m, max, out);
    return out->count;
}

void lx_text(struct lctx *L, const struct lstyle *st, double x, double top, double w,
             enum lalign align, const char *s, size_t len, const struct dl_color *color)
{
    const struct font_metrics *fm = lx_metrics(L, st);
    double asc = fontmetrics_ascent(fm) * st->size / 1000.0;
    double desc = -fontmetrics_descent(fm) * st->size / 1000.0;
    double lh = lx_line_height(st);
    double base = top + (lh - (asc + desc)) / 2 + asc;
    double tw;

    if (!len)
        return;
    if (align != LA_LEFT) {
        tw = lx_text_width(L, st, s, len);
        x += align == LA_RIGHT ? w - tw : (w - tw) / 2;
    }
    dl_text(L->dl, L->page, x, base, lx_font(st), st->size, color ? *color : st->color, s,
            len);
}

void lx_format_date(struct strbuf *out, int year, int month, int day)
{
    strbuf_addf(out, "%d. %d. %d.", year, month, day);
}

void lx_format_date_compact(struct strbuf *out, int year, int month, int day)
{
    strbuf_addf(out, "%d.%02d.%02d.", year, month, day);
}

void lx_format_count(struct strbuf *out, size_t n)
{
    amount_format_grouped((int64_t)n, out);
}

static const char *doc_title(const struct lctx *L)
{
    const char *t = L->agg->ds->title;
    return t && *t ? t : "플랫폼 상생협력 약속 현황";
}

/* The period's dates; "-" and 1 when there is none (no period, no meeting). */
static int period_text(const struct lctx *L, struct strbuf *out)
{
    const struct aggregate *a = L->agg;
    if (a->opt.has_period) {
        lx_format_date(out, a->opt.period_from.year, a->opt.period_from.month,
                       a->opt.period_from.day);
        strbuf_addstr(out, " ~ ");
        lx_format_date(out, a->opt.period_to.year, a->opt.period_to.month,
                       a->opt.period_to.day);
    } else if (a->n_meetings) {
        lx_format_date(out, a->first_meeting.year, a->first_meeting.month,
                       a->first_meeting.day);
        strbuf_addstr(out, " ~ ");
        lx_format_date(out, a->last_meeting.year, a->last_meeting.month,
                       a->last_meeting.day);
    } else {
        strbuf_addstr(out, "-");
        return 1;
    }
    return 0;
}

static size_t top_category(const struct aggregate *a)
{
    size_t k, best = 0;
    for (k = 1; k < a->n_categories; k++)
        if (a->by_category[k].pledges > a->by_category[best].pledges)
            best = k;
    return best;
}

/* The total of the amounts; "-" and 1 when no pledge has one. */
static int total_text(struct strbuf *out, const struct agg_cell *c)
{
    if (c->with_amount) {
        amount_format(c->total_krw, out);
        return 0;
    }
    strbuf_addstr(out, "-");
    return 1;
}

/*
 * Value of placeholder 'name'; 0 when unknown (the layout loader checked).
 * '*none' is set when there is nothing to show and the value is "-".
 */
static int placeholder(struct lctx *L, const char *name, size_t len, struct strbuf *out,
                       size_t page, size_t pages, int *none)
{
    const struct aggregate *a = L->agg;
    const struct agg_company *co = L->company >= 0 ? &a->companies[L->company] : NULL;
    char key[32];

    if (len >= sizeof key)
        return 0;
    memcpy(key, name, len);
    key[len] = '\0';
#define IS(s) (strcmp(key, s) == 0)
    if (IS("title"))
        strbuf_addstr(out, doc_title(L));
    else if (IS("as_of"))
        lx_format_date(out, a->opt.as_of.year, a->opt.as_of.month, a->opt.as_of.day);
    else if (IS("period"))
        *none = period_text(L, out);
    else if (IS("pledges"))
        lx_format_count(out, a->total.pledges);
    else if (IS("companies"))
        lx_format_count(out, a->n_companies);
    else if (IS("meetings"))
        lx_format_count(out, a->n_meetings);
    else if (IS("categories_used")) {
        size_t k, n = 0;
        for (k = 0; k < a->n_categories; k++)
            n += a->by_category[k].pledges > 0;
        lx_format_count(out, n);
    } else if (IS("total_krw"))
        *none = total_text(out, &a->total);
    else if (IS("with_amount"))
        lx_format_count(out, a->total.with_amount);
    else if (IS("with_due"))
        lx_format_count(out, a->total.with_due);
    else if (IS("overdue"))
        lx_format_count(out, a->total.overdue);
    else if (IS("due_soon"))
        lx_format_count(out, a->total.due_soon);
    else if (IS("done"))
        lx_format_count(out, a->total.done);
    else if (IS("top_company"))
        strbuf_addstr(out, (*none = !a->n_companies) ? "-" : a->companies[0].name);
    else if (IS("top_company_pledges"))
        lx_format_count(out, a->n_companies ? a->companies[0].all.pledges : 0);
    else if (IS("top_category"))
        strbuf_addstr(out, (*none = !a->total.pledges) ? "-"
                                                       : a->ds->categories.items[top_category(a)]);
    else if (IS("top_category_pledges"))
        lx_format_count(out, a->total.pledges ? a->by_category[top_category(a)].pledges : 0);
    else if (IS("first_meeting") || IS("last_meeting")) {
        struct date d = IS("first_meeting") ? a->first_meeting : a->last_meeting;
        if (a->n_meetings)
            lx_format_date(out, d.year, d.month, d.day);
        else
            strbuf_addstr(out, "-");
        *none = !a->n_meetings;
    } else if (IS("page"))
        strbuf_addf(out, "%zu", page + 1);
    else if (IS("pages"))
        strbuf_addf(out, "%zu", pages);
    else if (co && IS("company"))
        strbuf_addstr(out, co->name);
    else if (co && IS("company_pledges"))
        lx_format_count(out, co->all.pledges);
    else if (co && IS("company_total"))
        *none = total_text(out, &co->all);
    else if (co && IS("company_with_amount"))
        lx_format_count(out, co->all.with_amount);
    else if (co && IS("company_meetings"))
        lx_format_count(out, co->n_meetings);
    else if (co && IS("company_overdue"))
        lx_format_count(out, co->all.overdue);
    else if (co && IS("company_rank"))
        strbuf_addf(out, "%d", L->company + 1);
    else if (co && IS("company_categories")) {
        size_t k;
        int first = 1;
        for (k = 0; k < a->n_categories; k++) {
            if (!co->by_category[k].pledges)
                continue;
            strbuf_addf(out, "%s%s %zu건", first ? "" : ", ", a->ds->categories.items[k],
                        co->by_category[k].pledges);
            first = 0;
        }
    } else
        return 0;
#undef IS
    return 1;
}

/*
 * What a text shows when a placeholder has nothing to show ("-"): a group
 * of the template, in parentheses or between " · " separators, whose
 * placeholders all have nothing to show is left out, with the space before
 * the parentheses or one separator; so "{title} ({period})" is the title
 * alone for a dataset without meetings, and "금액 명시 {with_amount}건(합계
 * {total_krw})" drops "(합계 -)".  A placeholder standing alone shows "-".
 */
struct group {
    size_t start;      /* where the group starts in the output */
    int values, none;  /* placeholders with a value, and with nothing to show */
};

static void group_start(struct group *g, size_t at)
{
    g->start = at;
    g->values = g->none = 0;
}

static int group_empty(const struct group *g)
{
    return g->none && !g->values;
}

static void truncate_to(struct strbuf *out, size_t len)
{
    out->len = len;
    out->buf[len] = '\0';
}

/*
 * Expand 'tmpl' into 'out'.  With 'marks', {page} and {pages} are left out
 * and their places recorded instead (the running texts' numbers).
 */
static void expand(struct lctx *L, const char *tmpl, struct strbuf *out, size_t page,
                   size_t pages, struct lx_marks *marks)
{
    static const char sep[] = " \xC2\xB7 ";   /* " · " */
    const char *p = tmpl;
    struct group part, paren;
    size_t sep_at = (size_t)-1;   /* where the last separator went, if any */
    int in_paren = 0;

    group_start(&part, out->len);
    group_start(&paren, out->len);
    while (*p) {
        const char *close;
        if (*p == '{' && (close = strchr(p + 1, '}')) != NULL) {
            size_t n = (size_t)(close - p - 1);
            int none = 0;
            if (marks && ((n == 4 && memcmp(p + 1, "page", 4) == 0) ||
                          (n == 5 && memcmp(p + 1, "pages", 5) == 0))) {
                XGROW(marks->items, marks->alloc, marks->count + 1);
                marks->items[marks->count].at = out->len;
                marks->items[marks->count++].pages = n == 5;
            } else if (!placeholder(L, p + 1, n, out, page, pages, &none)) {
                strbuf_add(out, p, n + 2);
            }
            part.none += none;
            part.values += !none;
            paren.none += none;
            paren.values += !none;
            p = close + 1;
        } else if (!in_paren && strncmp(p, sep, sizeof sep - 1) == 0) {
            if (group_empty(&part)) {
                truncate_to(out, part.start);   /* the part and the separator after it */
            } else {
                sep_at = out->len;
                strbuf_add(out, sep, sizeof sep - 1);
            }
            group_start(&part, out->len);
            p += sizeof sep - 1;
        } else if (*p == '(' && !in_paren) {
            in_paren = 1;
            group_start(&paren, out->len > part.start && out->buf[out->len - 1] == ' '
                                    ? out->len - 1 : out->len);
            strbuf_addch(out, *p++);
        } else if (*p == ')' && in_paren) {
            in_paren = 0;
            if (group_empty(&paren))
                truncate_to(out, paren.start);
            else
                strbuf_addch(out, ')');
            p++;
        } else {
            strbuf_addch(out, *p++);
        }
    }
    if (group_empty(&part) && sep_at != (size_t)-1)
        truncate_to(out, sep_at);   /* the last part and the separator before it */
}

void lx_expand(struct lctx *L, const char *tmpl, struct strbuf *out, size_t page, size_t pages)
{
    expand(L, tmpl, out, page, pages, NULL);
}

void lx_expand_marked(struct lctx *L, const char *tmpl, struct strbuf *out,
                      struct lx_marks *marks)
{
    marks->count = 0;
    expand(L, tmpl, out, 0, 0, marks);
}

void lx_paragraph(struct lctx *L, const struct lstyle *st, const char *text, size_t len)
{
    double lh = lx_line_height(st);
    size_t i, n;

    L->y += st->space_before;
    n = lx_wrap(L, st, text, len, L->width, &L->lines);
    for (i = 0; i < n; i++) {
        const struct lb_line *ln = &L->lines.items[i];
        lx_ensure(L, lh);
        lx_text(L, st, L->left, L->y, L->width, LA_LEFT, text + ln->start, ln->len, NULL);
        L->y += lh;
    }
    L->y += st->space_after;
}

void lx_heading(struct lctx *L, const char *text, int level, int bookmark)
{
    const struct lstyle *st = &L->def->styles[level <= 1 ? LS_H1 : LS_H2];
    const struct lstyle *body = &L->def->styles[LS_BODY];
    double lh = lx_line_height(st), top;
    size_t i, first, n = lx_wrap(L, st, text, strlen(text), L->width, &L->lines);

    if (L->y > L->top + 0.001)
        L->y += st->space_before;
    /* keep the heading with at least three lines of what follows */
    lx_ensure(L, n * lh + st->space_after + 3 * lx_line_height(body));
    top = L->y;
    first = L->page;
    for (i = 0; i < n; i++) {
        const struct lb_line *ln = &L->lines.items[i];
        lx_ensure(L, lh);   /* one taller than a page goes on over pages */
        lx_text(L, st, L->left, L->y, L->width, LA_LEFT, text + ln->start, ln->len, NULL);
        L->y += lh;
    }
    if (level <= 1)
        dl_line(L->dl, L->page, L->left, L->y + 1, L->right, L->y + 1, L->def->accent, 0.8);
    if (bookmark)
        dl_outline(L->dl, text, level <= 1 ? 0 : 1, first, top);
    L->y += st->space_after + (level <= 1 ? 2 : 0);
}

static void title_block(struct lctx *L, const struct lblock *b)
{
    const struct lstyle *st = &L->def->styles[LS_TITLE];
    struct strbuf sb = STRBUF_INIT;
    size_t first = L->page;

    lx_expand(L, b->text, &sb, 0, 0);
    L->y += st->space_before;
    lx_paragraph(L, st, sb.buf, sb.len);
    dl_outline(L->dl, sb.buf, 0, first, L->top);   /* where it starts */
    dl_line(L->dl, L->page, L->left, L->y, L->right, L->y, L->def->accent, 1.6);
    L->y += 6;
    if (b->subtitle) {
        strbuf_reset(&sb);
        lx_expand(L, b->subtitle, &sb, 0, 0);
        lx_paragraph(L, &L->def->styles[LS_SUBTITLE], sb.buf, sb.len);
    }
    strbuf_release(&sb);
}

static void kpi_block(struct lctx *L, const struct lblock *b)
{
    const struct lstyle *vs = &L->def->styles[LS_KPI_VALUE];
    const struct lstyle *ls = &L->def->styles[LS_KPI_LABEL];
    double gap = 6, pad = 6;
    double w = (L->width - gap * (double)(b->n_kpis - 1)) / (double)b->n_kpis;
    double h, vh = 0, lh = 0;
    struct strbuf *vals = xcalloc(b->n_kpis, sizeof *vals);
    struct strbuf *labels = xcalloc(b->n_kpis, sizeof *labels);
    struct lb_lines *vl = xcalloc(b->n_kpis, sizeof *vl);
    struct lb_lines *ll = xcalloc(b->n_kpis, sizeof *ll);
    size_t i, k;

    for (i = 0; i < b->n_kpis; i++) {
        double a, c;
        strbuf_init(&vals[i]);
        strbuf_init(&labels[i]);
        lx_expand(L, b->kpis[i].value, &vals[i], 0, 0);
        lx_expand(L, b->kpis[i].label, &labels[i], 0, 0);
        a = (double)lx_wrap(L, vs, vals[i].buf, vals[i].len, w - 2 * pad, &vl[i]) *
            lx_line_height(vs);
        c = (double)lx_wrap(L, ls, labels[i].buf, labels[i].len, w - 2 * pad, &ll[i]) *
            lx_line_height(ls);
        if (a > vh)
            vh = a;
        if (c > lh)
            lh = c;
    }
    h = pad + vh + 2 + lh + pad;
    lx_ensure(L, h);
    for (i = 0; i < b->n_kpis; i++) {
        double x = L->left + (double)i * (w + gap), y = L->y + pad;
        dl_rect(L->dl, L->page, x, L->y, w, h, &L->def->zebra, NULL, 0);
        dl_rect(L->dl, L->page, x, L->y, 2.5, h, &L->def->accent, NULL, 0);
        for (k = 0; k < vl[i].count; k++) {
            lx_text(L, vs, x + pad, y, w - 2 * pad, LA_CENTER, vals[i].buf + vl[i].items[k].start,
                    vl[i].items[k].len, NULL);
            y += lx_line_height(vs);
        }
        y = L->y + pad + vh + 2;
        for (k = 0; k < ll[i].count; k++) {
            lx_text(L, ls, x + pad, y, w - 2 * pad, LA_CENTER,
                    labels[i].buf + ll[i].items[k].start, ll[i].items[k].len, NULL);
            y += lx_line_height(ls);
        }
        strbuf_release(&vals[i]);
        strbuf_release(&labels[i]);
        lb_lines_release(&vl[i]);
        lb_lines_release(&ll[i]);
    }
    L->y += h + 10;
    free(vals);
    free(labels);
    free(vl);
    free(ll);
}

static void meetings_block(struct lctx *L)
{
    const struct aggregate *a = L->agg;
    const struct lstyle *h = &L->def->styles[LS_CAPTION];
    const struct lstyle *body = &L->def->styles[LS_BODY];
    const struct lstyle *small = &L->def->styles[LS_SMALL];
    struct strbuf sb = STRBUF_INIT;
    size_t i, k;

    for (i = 0; i < a->n_meetings; i++) {
        const struct agg_meeting *am = &a->meetings[i];
        const struct meeting *m = &a->ds->meetings[am->meeting];

        lx_ensure(L, lx_line_height(h) + 3 * lx_line_height(body));
        strbuf_reset(&sb);
        lx_format_date(&sb, m->date.year, m->date.month, m->date.day);
        strbuf_addf(&sb, "  %s", m->title);
        lx_paragraph(L, h, sb.buf, sb.len);
        strbuf_reset(&sb);
        if (m->venue)
            strbuf_addf(&sb, "장소: %s", m->venue);
        if (m->host)
            strbuf_addf(&sb, "%s주최: %s", sb.len ? " · " : "", m->host);
        strbuf_addf(&sb, "%s약속 ", sb.len ? " · " : "");
        lx_format_count(&sb, am->all.pledges);
        strbuf_addf(&sb, "건 · %zu개사 · 금액 ", am->companies);
        total_text(&sb, &am->all);
        lx_paragraph(L, small, sb.buf, sb.len);
        if (m->n_attendees) {
            strbuf_reset(&sb);
            strbuf_addstr(&sb, "참석: ");
            for (k = 0; k < m->n_attendees; k++) {
                const struct attendee *at = &m->attendees[k];
                strbuf_addf(&sb, "%s%s", k ? ", " : "", at->name);
                if (at->org || at->role)
                    strbuf_addf(&sb, "(%s%s%s)", at->org ? at->org : "",
                                at->org && at->role ? " " : "", at->role ? at->role : "");
            }
            lx_paragraph(L, small, sb.buf, sb.len);
        }
        L->y += LX_MEETING_GAP;
    }
    strbuf_release(&sb);
}

static int check_display_list(struct lctx *L)
{
    size_t p;
    for (p = 0; p < L->dl->n_pages; p++)
        if (lx_check_page(L, p) < 0)
            return -1;
    return 0;
}

/* Streaming: check each completed page, then pass it on. */
static void flush_page(void *ctx, const struct display_list *dl, size_t page)
{
    struct lctx *L = ctx;
    (void)dl;
    if (L->failed)
        return;
    if (lx_check_page(L, page) < 0) {
        L->failed = 1;
        return;
    }
    L->in->sink(L->in->sink_ctx, L->dl, page);
}

int layout_build(struct display_list *dl, const struct layout_input *in,
                 struct diag_list *diags)
{
    struct lctx L;
    const struct layoutdef *def = in->def;
    struct strbuf sb = STRBUF_INIT;
    size_t i;
    int rc = 0;

    memset(&L, 0, sizeof L);
    L.in = in;
    L.def = def;
    L.agg = in->agg;
    L.dl = dl;
    L.diags = diags;
    L.company = -1;
    L.left = def->margin_left;
    L.right = def->page_w - def->margin_right;
    L.top = def->margin_top;
    L.bottom = def->page_h - def->margin_bottom;
    L.width = L.right - L.left;
    strbuf_init(&L.tmp);
    /* checked once a run by layout_check_text; again for each briefing's figures */
    if (lx_check_pdf_strings(&L) < 0)
        return -1;

    dl->page_w = def->page_w;
    dl->page_h = def->page_h;
    for (i = 0; i < DL_FONT_COUNT; i++) {
        dl->font_file[i] = arena_strdup(&dl->arena, in->font_file[i]);
        dl->font_name[i] = arena_strdup(&dl->arena, fontmetrics_psname(in->fonts[i]));
        dl->font_metrics[i] = in->fonts[i];
    }
    dl->created = in->created;
#define META(field, src)                                       \
    if (src) {                                                 \
        strbuf_reset(&sb);                                     \
        lx_expand(&L, src, &sb, 0, 0);                         \
        dl->field = arena_strndup(&dl->arena, sb.buf, sb.len); \
    }
    META(title, def->meta_title)
    META(subject, def->meta_subject)
    META(author, def->meta_author)
    META(keywords, def->meta_keywords)
#undef META
    dl->creator = "reportgen";

    if (in->sink) {
        dl->flush = flush_page;
        dl->flush_ctx = &L;
    }
    lx_new_page(&L);
    for (i = 0; i < def->n_blocks; i++) {
        const struct lblock *b = &def->blocks[i];
        if (!lx_when(&L, b))   /* the block's 'when' is false: left out */
            continue;
        if (!in->agg->n_pledges && !in->agg->n_meetings) {
            /* nothing in the period: the title, a notice, and what is carried in */
            if (b->kind == LB_TITLE) {
                title_block(&L, b);
                strbuf_reset(&sb);
                if (in->agg->opt.has_period) {
                    strbuf_addstr(&sb, "대상 기간(");
                    period_text(&L, &sb);
                    strbuf_addstr(&sb, ")에 열린 회의와 그 약속이 없습니다.");
                } else {   /* no period, and the dataset has no meeting */
                    strbuf_addstr(&sb, "이 데이터에는 회의도 약속도 없습니다.");
                }
                lx_paragraph(&L, &def->styles[LS_BODY], sb.buf, sb.len);
            } else if (b->kind == LB_TABLE && b->source == SRC_CARRIED) {
                lx_table_block(&L, b);
            }
            continue;
        }
        switch (b->kind) {
        case LB_TITLE:
            title_block(&L, b);
            break;
        case LB_HEADING:
            strbuf_reset(&sb);
            lx_expand(&L, b->text, &sb, 0, 0);
            lx_heading(&L, sb.buf, b->level, 1);
            break;
        case LB_PARAGRAPH:
            strbuf_reset(&sb);
            lx_expand(&L, b->text, &sb, 0, 0);
            lx_paragraph(&L, &def->styles[b->style], sb.buf, sb.len);
            break;
        case LB_KPI:
            kpi_block(&L, b);
            break;
        case LB_TABLE:
            lx_table_block(&L, b);
            break;
        case LB_CROSSTAB:
            lx_crosstab(&L, b);
            break;
        case LB_CHART:
            lx_chart(&L, b);
            break;
        case LB_MEETINGS:
            meetings_block(&L);
            break;
        case LB_COMPANY_SECTIONS:
            lx_company_sections(&L, b);
            break;
        case LB_PAGE_BREAK:
            if (L.y > L.top + 0.001)
                lx_new_page(&L);
            break;
        case LB_SPACER:
            L.y += b->height;
            if (L.y > L.bottom)
                lx_new_page(&L);
            break;
        }
    }
    /* a trailing page break leaves an empty last page: drop it */
    if (dl->n_pages > 1 && dl->pages[dl->n_pages - 1].count == 0) {
        free(dl->pages[dl->n_pages - 1].items);
        arena_release(&dl->pages[dl->n_pages - 1].arena);
        dl->n_pages--;
    }
    lx_running_texts(&L);
    if (in->sink) { /* the page numbers, and the whole last page */
        for (i = 0; i < dl->n_pages; i++)
            dl_flush(dl, i);
        dl->flush = NULL;
        if (L.failed)
            rc = -1;
    } else if (check_display_list(&L) < 0) {
        rc = -1;
    }
    lb_lines_release(&L.lines);
    strbuf_release(&L.tmp);
    strbuf_release(&sb);
    return rc;
}
