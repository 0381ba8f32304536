/*
 * layout_chart.c - horizontal bar charts and stacked bar charts drawn as
 * vectors: category labels, bars, value labels, an axis with "nice" ticks
 * and grid lines, and a legend for stacked charts.  A chart is kept whole
 * on one page.
 */
#include "layout_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "amount.h"
#include "dataset.h"
#include "xalloc.h"

#define ROW_H 15.0
#define BAR_H 9.5

struct bar {
    const char *label;
    double total;             /* the bar's length in value units */
    const struct agg_cell *segments; /* stacked: by category; NULL for plain */
    const struct agg_cell *cell;
};

/* A "nice" axis maximum and step: 1, 2 or 5 times a power of ten. */
static void nice_axis(double max, double *top, double *step)
{
    double raw, mag, f;

    if (max <= 0)
        max = 1;
    raw = max / 5;
    mag = pow(10, floor(log10(raw)));
    f = raw / mag;
    *step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
    if (*step < 1)
        *step = 1;
    *top = ceil(max / *step) * *step;
}

/* Value in series units: pledges, or KRW in 억 원 (10^8) for amounts. */
static double value_of(const struct agg_cell *c, int total)
{
    return total ? (double)c->total_krw / 1e8 : (double)c->pledges;
}

static void value_label(struct strbuf *out, const struct agg_cell *c, int total)
{
    if (total) {
        if (c->with_amount)
            amount_format(c->total_krw, out);
        else
            strbuf_addstr(out, "-");
    } else {
        lx_format_count(out, c->pledges);
        strbuf_addstr(out, "건");
    }
}

static void tick_label(struct strbuf *out, double v, int total)
{
    int64_t n = (int64_t)llround(v);
    amount_format_grouped(n, out);
    if (total)
        strbuf_addstr(out, "억");
}

void lx_chart(struct lctx *L, const struct lblock *b)
{
    const struct aggregate *a = L->agg;
    const struct lstyle *ls = &L->def->styles[LS_SMALL];
    const struct lstyle *cap = &L->def->styles[LS_CAPTION];
    int total = b->series == SERIES_TOTAL, stacked = b->chart == CHART_STACKED_BAR;
    struct bar *bars;
    size_t n = 0, i, k, max_n;
    double label_w = 0, value_w = 0, max = 0, top, step, x0, x1, h, legend_h = 0, y;
    struct strbuf sb = STRBUF_INIT;
    size_t *used = xcalloc(a->n_categories + 1, sizeof *used), n_used = 0;

    max_n = b->by == SRC_COMPANIES ? a->n_companies : a->n_categories;
    bars = xcalloc(max_n + 1, sizeof *bars);
    for (i = 0; i < max_n; i++) {
        struct bar *br = &bars[n];
        if (!lx_where(L, b, i))   /* the block's 'where' */
            continue;
        if (b->by == SRC_COMPANIES) {
            br->label = a->companies[i].name;
            br->cell = &a->companies[i].all;
            br->segments = stacked ? a->companies[i].by_category : NULL;
        } else {
            if (!a->by_category[i].pledges)
                continue;
            br->label = a->ds->categories.items[i];
            br->cell = &a->by_category[i];
        }
        br->total = value_of(br->cell, total);
        n++;
        if (b->limit && n >= b->limit)
            break;
    }
    for (k = 0; k < a->n_categories; k++)
        if (a->by_category[k].pledges)
            used[n_used++] = k;

    for (i = 0; i < n; i++) {
        double wl = lx_text_width(L, ls, bars[i].label, strlen(bars[i].label));
        if (wl > label_w)
            label_w = wl;
        strbuf_reset(&sb);
        value_label(&sb, bars[i].cell, total);
        wl = lx_text_width(L, ls, sb.buf, sb.len);
        if (wl > value_w)
            value_w = wl;
        if (bars[i].total > max)
            max = bars[i].total;
    }
    if (label_w > L->width * 0.3)
        label_w = L->width * 0.3;
    nice_axis(max, &top, &step);
    x0 = L->left + label_w + 8;
    x1 = L->right - value_w - 6;

    if (stacked) { /* legend rows: measure first */
        double x = 0, sw = 8, row_h = lx_line_height(ls) + 2;
        legend_h = row_h;
        for (k = 0; k < n_used; k++) {
            const char *name = a->ds->categories.items[used[k]];
            double w = sw + 3 + lx_text_width(L, ls, name, strlen(name)) + 10;
            if (x + w > L->width && x > 0) {
                legend_h += row_h;
                x = 0;
            }
            x += w;
        }
        legend_h += 4;
    }
    h = (b->text ? lx_line_height(cap) + cap->space_before + cap->space_after : 0) +
        (double)n * ROW_H + 6 + lx_line_height(ls) + 4 + legend_h + 10;
    lx_ensure(L, h);
    if (b->text) {
        strbuf_reset(&sb);
        lx_expand(L, b->text, &sb, 0, 0);
        lx_paragraph(L, cap, sb.buf, sb.len);
    }
    y = L->y;
    if (n == 0) {
        lx_text(L, ls, L->left, y, L->width, LA_LEFT, "자료 없음", strlen("자료 없음"),
                &L->def->muted);
        L->y += lx_line_height(ls) + 8;
        goto done;
    }
    /* grid and ticks */
    {
        double v;
        struct dl_color grid = L->def->zebra;
        grid.r = (uint8_t)(grid.r * 0.93);
        grid.g = (uint8_t)(grid.g * 0.93);
        grid.b = (uint8_t)(grid.b * 0.93);
        for (v = 0; v <= top + step / 2; v += step) {
            double x = x0 + (x1 - x0) * v / top;
            dl_line(L->dl, L->page, x, y, x, y + (double)n * ROW_H + 3, v == 0 ?
                    L->def->rule : grid, v == 0 ? 0.8 : 0.4);
            strbuf_reset(&sb);
            tick_label(&sb, v, total);
            lx_text(L, ls, x - 30, y + (double)n * ROW_H + 5, 60, LA_CENTER, sb.buf, sb.len,
                    &L->def->muted);
        }
    }
    for (i = 0; i < n; i++) {
        double by = y + (double)i * ROW_H + (ROW_H - BAR_H) / 2, x = x0;
        lx_text(L, ls, L->left, y + (double)i * ROW_H + (ROW_H - lx_line_height(ls)) / 2,
                label_w, LA_RIGHT, bars[i].label, strlen(bars[i].label), &L->def->text);
        if (stacked) {
            for (k = 0; k < n_used; k++) {
                double v = value_of(&bars[i].segments[used[k]], total);
                double w = (x1 - x0) * v / top;
                if (w <= 0)
                    continue;
                dl_rect(L->dl, L->page, x, by, w, BAR_H,
                        &L->def->palette[k % L->def->n_palette], NULL, 0);
                x += w;
            }
        } else {
            double w = (x1 - x0) * bars[i].total / top;
            if (w > 0)
                dl_rect(L->dl, L->page, x, by, w, BAR_H, &L->def->palette[0], NULL, 0);
            x += w;
        }
        strbuf_reset(&sb);
        value_label(&sb, bars[i].cell, total);
        lx_text(L, ls, x + 3, y + (double)i * ROW_H + (ROW_H - lx_line_height(ls)) / 2,
                value_w + 6, LA_LEFT, sb.buf, sb.len, &L->def->text);
    }
    L->y = y + (double)n * ROW_H + 6 + lx_line_height(ls) + 4;
    if (stacked) {
        double x = L->left, sw = 8, row_h = lx_line_height(ls) + 2;
        for (k = 0; k < n_used; k++) {
            const char *name = a->ds->categories.items[used[k]];
            double w = sw + 3 + lx_text_width(L, ls, name, strlen(name)) + 10;
            if (x + w > L->right && x > L->left) {
                L->y += row_h;
                x = L->left;
            }
            dl_rect(L->dl, L->page, x, L->y + (lx_line_height(ls) - sw) / 2, sw, sw,
                    &L->def->palette[k % L->def->n_palette], NULL, 0);
            lx_text(L, ls, x + sw + 3, L->y, w, LA_LEFT, name, strlen(name), &L->def->text);
            x += w;
        }
        L->y += row_h + 4;
    }
    L->y += 10;
done:
    strbuf_release(&sb);
    free(bars);
    free(used);
}
