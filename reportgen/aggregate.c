/*
 * aggregate.c - counts and exact totals by company, category, meeting,
 * status and due month, in the documented orders.
 */
#include "aggregate.h"

#include <stdlib.h>
#include <string.h>

#include "amount.h"
#include "diag.h"
#include "strbuf.h"
#include "strmap.h"
#include "xalloc.h"

/* Add one pledge to a cell; returns -1 when the total would overflow. */
static int cell_add(struct agg_cell *c, const struct pledge *p, const struct aggregate *agg)
{
    long as_of = date_to_days(agg->opt.as_of);
    int finished = p->status == STATUS_DONE || p->status == STATUS_REPORTED;

    c->pledges++;
    if (finished)
        c->done++;
    if (p->has_amount) {
        c->with_amount++;
        if (__builtin_add_overflow(c->total_krw, p->amount_krw, &c->total_krw))
            return -1;
    }
    if (p->due_origin != DUE_NONE) {
        long due = date_to_days(p->due);
        c->with_due++;
        if (!agg->opt.has_period ||
            (date_cmp(p->due, agg->opt.period_from) >= 0 &&
             date_cmp(p->due, agg->opt.period_to) <= 0))
            c->due_in_period++;
        if (!finished && due < as_of)
            c->overdue++;
        else if (!finished && due - as_of <= 30)
            c->due_soon++;
    }
    return 0;
}

static const struct aggregate *sort_agg; /* qsort has no context argument */

static int cmp_company(const void *a, const void *b)
{
    const struct agg_company *x = a, *y = b;
    if (x->all.pledges != y->all.pledges)
        return x->all.pledges > y->all.pledges ? -1 : 1;
    if (x->all.total_krw != y->all.total_krw)
        return x->all.total_krw > y->all.total_krw ? -1 : 1;
    return strcmp(x->name, y->name);
}

static int cmp_meeting(const void *a, const void *b)
{
    const struct agg_meeting *x = a, *y = b;
    const struct meeting *mx = &sort_agg->ds->meetings[x->meeting];
    const struct meeting *my = &sort_agg->ds->meetings[y->meeting];
    int c = date_cmp(mx->date, my->date);
    return c ? c : strcmp(mx->id, my->id);
}

static int cmp_pledge(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    const struct dataset *ds = sort_agg->ds;
    const struct pledge *px = &ds->pledges[x], *py = &ds->pledges[y];
    size_t cx = sort_agg->pledge_company[x], cy = sort_agg->pledge_company[y];
    int c;

    if (cx != cy)
        return cx < cy ? -1 : 1;
    c = date_cmp(ds->meetings[px->meeting].date, ds->meetings[py->meeting].date);
    if (c)
        return c;
    c = strcmp(px->id, py->id);
    return c ? c : (x < y ? -1 : x > y);
}

static long month_key(const struct pledge *p)
{
    return p->due_origin == DUE_NONE ? 1L << 30 : p->due.year * 12L + p->due.month - 1;
}

static int cmp_month_key(const void *a, const void *b)
{
    long x = month_key(&sort_agg->ds->pledges[*(const size_t *)a]);
    long y = month_key(&sort_agg->ds->pledges[*(const size_t *)b]);
    return x < y ? -1 : x > y;
}

static void overflow(const struct aggregate *agg, size_t pledge, struct diag_list *diags,
                     const char *what);

/* Group the pledges by due month (sorted), the no-due bucket last. */
static int due_months(struct aggregate *agg, struct diag_list *diags)
{
    const struct dataset *ds = agg->ds;
    size_t *idx = xcalloc(agg->n_pledges ? agg->n_pledges : 1, sizeof *idx), i, alloc = 0;
    int rc = 0;

    for (i = 0; i < agg->n_pledges; i++)
        idx[i] = agg->pledge_order[i];
    sort_agg = agg;
    if (agg->n_pledges)
        qsort(idx, agg->n_pledges, sizeof *idx, cmp_month_key);
    sort_agg = NULL;
    for (i = 0; i < agg->n_pledges; i++) {
        const struct pledge *p = &ds->pledges[idx[i]];
        struct agg_due_month *m;
        if (!i || month_key(p) != month_key(&ds->pledges[idx[i - 1]])) {
            XGROW(agg->due_months, alloc, agg->n_due_months + 1);
            m = &agg->due_months[agg->n_due_months++];
            memset(m, 0, sizeof *m);
            if (p->due_origin != DUE_NONE) {
                m->year = p->due.year;
                m->month = p->due.month;
            }
        }
        if (cell_add(&agg->due_months[agg->n_due_months - 1].all, p, agg) < 0) {
            overflow(agg, (size_t)(p - ds->pledges), diags, "a month's amounts");
            rc = -1;
            break;
        }
    }
    free(idx);
    return rc;
}

/*
 * Report at the amount whose addition overflowed.  dataset_report only
 * fills the dataset's cache of line positions; the data is not changed.
 */
static void overflow(const struct aggregate *agg, size_t pledge, struct diag_list *diags,
                     const char *what)
{
    dataset_report((struct dataset *)agg->ds, diags, DIAG_AMOUNT_RANGE, 1, pledge,
                   "/amount_krw",
                   "adding this amount makes the total of %s exceed 9,223,372,036,854,775,807 "
                   "won", what);
}

static int in_period(const struct aggregate_options *o, struct date d)
{
    return !o->has_period || (date_cmp(d, o->period_from) >= 0 && date_cmp(d, o->period_to) <= 0);
}

static int company_wanted(const struct aggregate_options *o, const char *name)
{
    size_t i;
    if (!o->companies)
        return 1;
    for (i = 0; i < o->n_companies; i++)
        if (strcmp(o->companies[i], name) == 0)
            return 1;
    return 0;
}

static int cmp_carried(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    const struct pledge *px = &sort_agg->ds->pledges[x], *py = &sort_agg->ds->pledges[y];
    int c = date_cmp(px->due, py->due);
    if (!c)
        c = strcmp(px->company, py->company);
    if (!c)
        c = strcmp(px->id, py->id);
    return c ? c : (x < y ? -1 : x > y);
}

/* Which pledges count (1), are carried into the period (2), or neither (0). */
static unsigned char *select_pledges(struct aggregate *agg)
{
    const struct dataset *ds = agg->ds;
    const struct aggregate_options *o = &agg->opt;
    unsigned char *sel = xcalloc(ds->n_pledges ? ds->n_pledges : 1, 1);
    size_t i;

    for (i = 0; i < ds->n_pledges; i++) {
        const struct pledge *p = &ds->pledges[i];
        struct date md = ds->meetings[p->meeting].date;
        int finished = p->status == STATUS_DONE || p->status == STATUS_REPORTED;

        if (!company_wanted(o, p->company))
            continue;
        if (in_period(o, md))
            sel[i] = 1;
        else if (date_cmp(md, o->period_from) < 0 && p->due_origin != DUE_NONE &&
                 (in_period(o, p->due) ||
                  (date_cmp(p->due, o->period_from) < 0 && !finished)))
            sel[i] = 2;
    }
    return sel;
}

int aggregate_build(struct aggregate *agg, const struct dataset *ds,
                    const struct aggregate_options *opt, struct diag_list *diags)
{
    struct strmap companies = STRMAP_INIT;
    struct agg_meeting *all_meetings;
    unsigned char *sel, *meeting_used;
    size_t i, alloc_companies = 0, alloc_carried = 0;
    size_t nc = ds->categories.count;
    int rc = 0;

    memset(agg, 0, sizeof *agg);
    agg->ds = ds;
    agg->opt = *opt;
    agg->n_categories = nc;
    agg->by_category = xcalloc(nc, sizeof *agg->by_category);
    agg->pledge_order = xcalloc(ds->n_pledges ? ds->n_pledges : 1, sizeof *agg->pledge_order);
    agg->pledge_company = xcalloc(ds->n_pledges ? ds->n_pledges : 1,
                                  sizeof *agg->pledge_company);
    sel = select_pledges(agg);
    all_meetings = xcalloc(ds->n_meetings ? ds->n_meetings : 1, sizeof *all_meetings);
    meeting_used = xcalloc(ds->n_meetings ? ds->n_meetings : 1, 1);

    /* companies in order of first appearance, then every cell */
    for (i = 0; i < ds->n_pledges; i++) {
        const struct pledge *p = &ds->pledges[i];
        size_t c = agg->n_companies;
        struct agg_company *co;

        if (sel[i] == 2) {
            XGROW(agg->carried, alloc_carried, agg->n_carried + 1);
            agg->carried[agg->n_carried++] = i;
        }
        if (sel[i] != 1)
            continue;
        agg->pledge_order[agg->n_pledges++] = i;
        meeting_used[p->meeting] = 1;
        if (!strmap_get(&companies, p->company, &c, 1)) {
            XGROW(agg->companies, alloc_companies, agg->n_companies + 1);
            co = &agg->companies[agg->n_companies++];
            memset(co, 0, sizeof *co);
            co->name = p->company;
            co->by_category = xcalloc(nc, sizeof *co->by_category);
        }
        co = &agg->companies[c];
        agg->pledge_company[i] = c;
        if (cell_add(&co->all, p, agg) < 0 ||
            cell_add(&co->by_category[p->category], p, agg) < 0) {
            overflow(agg, i, diags, "a company's amounts");
            rc = -1;
            goto done;
        }
        if (cell_add(&agg->total, p, agg) < 0 ||
            cell_add(&agg->by_category[p->category], p, agg) < 0 ||
            cell_add(&all_meetings[p->meeting].all, p, agg) < 0 ||
            cell_add(&agg->by_status[p->status], p, agg) < 0) {
            overflow(agg, i, diags, "all amounts");
            rc = -1;
            goto done;
        }
    }

    if (due_months(agg, diags) < 0) {
        rc = -1;
        goto done;
    }

    /* distinct companies per meeting and meetings per company: visit the
       selected pledges grouped by meeting (a counting sort), stamping companies */
    {
        size_t *start = xcalloc(ds->n_meetings + 1, sizeof *start);
        size_t *by_meeting = xcalloc(agg->n_pledges ? agg->n_pledges : 1, sizeof *by_meeting);
        size_t *seen = xcalloc(agg->n_companies ? agg->n_companies : 1, sizeof *seen);
        size_t m, k;

        for (k = 0; k < agg->n_pledges; k++)
            start[ds->pledges[agg->pledge_order[k]].meeting + 1]++;
        for (m = 0; m < ds->n_meetings; m++)
            start[m + 1] += start[m];
        for (k = 0; k < agg->n_pledges; k++)
            by_meeting[start[ds->pledges[agg->pledge_order[k]].meeting]++] = agg->pledge_order[k];
        for (m = ds->n_meetings; m > 0; m--)
            start[m] = start[m - 1];
        start[0] = 0;
        for (m = 0; m < ds->n_meetings; m++) {
            for (k = start[m]; k < start[m + 1]; k++) {
                size_t c = agg->pledge_company[by_meeting[k]];
                if (seen[c] == m + 1)
                    continue;
                seen[c] = m + 1;
                all_meetings[m].companies++;
                agg->companies[c].n_meetings++;
            }
        }
        free(start);
        free(by_meeting);
        free(seen);
    }

    /* the meetings of the briefing: held in the period; with a company
       filter, only those where a chosen company pledged */
    agg->meetings = xcalloc(ds->n_meetings ? ds->n_meetings : 1, sizeof *agg->meetings);
    for (i = 0; i < ds->n_meetings; i++) {
        if (!in_period(opt, ds->meetings[i].date) || (opt->companies && !meeting_used[i]))
            continue;
        all_meetings[i].meeting = i;
        if (!agg->n_meetings || date_cmp(ds->meetings[i].date, agg->first_meeting) < 0)
            agg->first_meeting = ds->meetings[i].date;
        if (!agg->n_meetings || date_cmp(ds->meetings[i].date, agg->last_meeting) > 0)
            agg->last_meeting = ds->meetings[i].date;
        agg->meetings[agg->n_meetings++] = all_meetings[i];
    }

    /* sort companies, then remap pledge_company to the sorted positions */
    {
        size_t *rank = xcalloc(agg->n_companies ? agg->n_companies : 1, sizeof *rank);
        if (agg->n_companies > 0) /* companies is NULL when there are no pledges */
            qsort(agg->companies, agg->n_companies, sizeof *agg->companies, cmp_company);
        for (i = 0; i < agg->n_companies; i++) {
            size_t c = 0;
            strmap_get(&companies, agg->companies[i].name, &c, 0);
            rank[c] = i;
        }
        for (i = 0; i < agg->n_pledges; i++)
            agg->pledge_company[agg->pledge_order[i]] =
                rank[agg->pledge_company[agg->pledge_order[i]]];
        free(rank);
    }
    sort_agg = agg;
    if (agg->n_meetings)
        qsort(agg->meetings, agg->n_meetings, sizeof *agg->meetings, cmp_meeting);
    if (agg->n_pledges)
        qsort(agg->pledge_order, agg->n_pledges, sizeof *agg->pledge_order, cmp_pledge);
    if (agg->n_carried)
        qsort(agg->carried, agg->n_carried, sizeof *agg->carried, cmp_carried);
    sort_agg = NULL;
done:
    free(sel);
    free(all_meetings);
    free(meeting_used);
    strmap_release(&companies);
    return rc;
}

void aggregate_release(struct aggregate *agg)
{
    size_t i;
    for (i = 0; i < agg->n_companies; i++)
        free(agg->companies[i].by_category);
    free(agg->companies);
    free(agg->by_category);
    free(agg->meetings);
    free(agg->due_months);
    free(agg->pledge_order);
    free(agg->pledge_company);
    free(agg->carried);
    memset(agg, 0, sizeof *agg);
}

long aggregate_company_index(const struct aggregate *agg, const char *name)
{
    size_t i;
    for (i = 0; i < agg->n_companies; i++)
        if (strcmp(agg->companies[i].name, name) == 0)
            return (long)i;
    return -1;
}

static void dump_cell(struct strbuf *out, const struct agg_cell *c)
{
    strbuf_addf(out, "pledges=%zu amount=%zu total=%lld (", c->pledges, c->with_amount,
                (long long)c->total_krw);
    amount_format(c->total_krw, out);
    strbuf_addf(out, ") due=%zu in_period=%zu soon=%zu overdue=%zu done=%zu\n", c->with_due,
                c->due_in_period, c->due_soon, c->overdue, c->done);
}

void aggregate_dump(const struct aggregate *agg, struct strbuf *out)
{
    const struct dataset *ds = agg->ds;
    char d1[11], d2[11];
    size_t i, k;

    date_format(agg->opt.as_of, d1);
    strbuf_addf(out, "as-of: %s\n", d1);
    if (agg->opt.has_period) {
        date_format(agg->opt.period_from, d1);
        date_format(agg->opt.period_to, d2);
        strbuf_addf(out, "period: %s .. %s\n", d1, d2);
    }
    strbuf_addstr(out, "total: ");
    dump_cell(out, &agg->total);

    strbuf_addstr(out, "\n[categories]\n");
    for (k = 0; k < agg->n_categories; k++) {
        strbuf_addf(out, "%s: ", ds->categories.items[k]);
        dump_cell(out, &agg->by_category[k]);
    }
    strbuf_addstr(out, "\n[companies]\n");
    for (i = 0; i < agg->n_companies; i++) {
        const struct agg_company *c = &agg->companies[i];
        strbuf_addf(out, "%zu. %s (meetings=%zu): ", i + 1, c->name, c->n_meetings);
        dump_cell(out, &c->all);
        for (k = 0; k < agg->n_categories; k++) {
            if (!c->by_category[k].pledges)
                continue;
            strbuf_addf(out, "    %s: ", ds->categories.items[k]);
            dump_cell(out, &c->by_category[k]);
        }
    }
    strbuf_addstr(out, "\n[meetings]\n");
    for (i = 0; i < agg->n_meetings; i++) {
        const struct meeting *m = &ds->meetings[agg->meetings[i].meeting];
        date_format(m->date, d1);
        strbuf_addf(out, "%s %s %s (companies=%zu): ", d1, m->id, m->title,
                    agg->meetings[i].companies);
        dump_cell(out, &agg->meetings[i].all);
    }
    strbuf_addstr(out, "\n[status]\n");
    for (k = 0; k < STATUS_COUNT; k++) {
        strbuf_addf(out, "%s: ", pledge_status_names[k]);
        dump_cell(out, &agg->by_status[k]);
    }
    strbuf_addstr(out, "\n[due months]\n");
    for (i = 0; i < agg->n_due_months; i++) {
        const struct agg_due_month *m = &agg->due_months[i];
        if (m->year)
            strbuf_addf(out, "%04d-%02d: ", m->year, m->month);
        else
            strbuf_addstr(out, "none: ");
        dump_cell(out, &m->all);
    }
    strbuf_addstr(out, "\n[pledge order]\n");
    for (i = 0; i < agg->n_pledges; i++) {
        const struct pledge *p = &ds->pledges[agg->pledge_order[i]];
        strbuf_addf(out, "%s %s\n", p->company, p->id);
    }
    if (agg->opt.has_period) {
        strbuf_addstr(out, "\n[carried into the period]\n");
        for (i = 0; i < agg->n_carried; i++) {
            const struct pledge *p = &ds->pledges[agg->carried[i]];
            date_format(p->due, d1);
            strbuf_addf(out, "%s %s %s %s\n", d1, p->company, p->id,
                        pledge_status_names[p->status]);
        }
    }
}
