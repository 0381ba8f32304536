/*
 * fields.c - the table sources and their fields: one row of a table per
 * field (name, type, accessor), one per source (rows and their items).
 */
#include "fields.h"

#include <string.h>

#include "aggregate.h"
#include "dataset.h"

/* ---- figures: companies, categories, statuses ---- */

static const struct agg_cell *company_cell(const struct aggregate *a, size_t i)
{
    return i == FIELD_TOTAL ? &a->total : &a->companies[i].all;
}
static const struct agg_cell *category_cell(const struct aggregate *a, size_t i)
{
    return i == FIELD_TOTAL ? &a->total : &a->by_category[i];
}
static const struct agg_cell *status_cell(const struct aggregate *a, size_t i)
{
    return i == FIELD_TOTAL ? &a->total : &a->by_status[i];
}

static void count(struct field_value *v, size_t n)
{
    v->type = FT_COUNT;
    v->num = (int64_t)n;
}

static void total(struct field_value *v, const struct agg_cell *c)
{
    v->type = FT_AMOUNT;
    v->missing = c->with_amount == 0;
    v->num = c->total_krw;
}

static void share(struct field_value *v, const struct aggregate *a, const struct agg_cell *c)
{
    v->type = FT_SHARE;
    v->num = (int64_t)c->pledges;
    v->den = (int64_t)a->total.pledges;
}

/* The figure fields every figure source has, for a cell 'c'. */
#define FIGURE_GETTERS(src, cellfn)                                                         \
    static void src##_pledges(const struct aggregate *a, size_t i, struct field_value *v)   \
    { count(v, cellfn(a, i)->pledges); }                                                    \
    static void src##_with_amount(const struct aggregate *a, size_t i,                      \
                                  struct field_value *v)                                    \
    { count(v, cellfn(a, i)->with_amount); }                                                \
    static void src##_total(const struct aggregate *a, size_t i, struct field_value *v)     \
    { total(v, cellfn(a, i)); }                                                             \
    static void src##_with_due(const struct aggregate *a, size_t i, struct field_value *v)  \
    { count(v, cellfn(a, i)->with_due); }                                                   \
    static void src##_overdue(const struct aggregate *a, size_t i, struct field_value *v)   \
    { count(v, cellfn(a, i)->overdue); }                                                    \
    static void src##_due_soon(const struct aggregate *a, size_t i, struct field_value *v)  \
    { count(v, cellfn(a, i)->due_soon); }                                                   \
    static void src##_done(const struct aggregate *a, size_t i, struct field_value *v)      \
    { count(v, cellfn(a, i)->done); }                                                       \
    static void src##_share(const struct aggregate *a, size_t i, struct field_value *v)     \
    { share(v, a, cellfn(a, i)); }

FIGURE_GETTERS(co, company_cell)
FIGURE_GETTERS(ca, category_cell)
FIGURE_GETTERS(st, status_cell)

static void co_rank(const struct aggregate *a, size_t i, struct field_value *v)
{
    (void)a;
    v->type = FT_RANK;
    v->missing = i == FIELD_TOTAL;
    v->num = i == FIELD_TOTAL ? 0 : (int64_t)i + 1;
}
static void co_company(const struct aggregate *a, size_t i, struct field_value *v)
{
    v->text = i == FIELD_TOTAL ? "합계" : a->companies[i].name;
}
static void co_meetings(const struct aggregate *a, size_t i, struct field_value *v)
{
    count(v, i == FIELD_TOTAL ? a->n_meetings : a->companies[i].n_meetings);
}
static void ca_category(const struct aggregate *a, size_t i, struct field_value *v)
{
    v->text = i == FIELD_TOTAL ? "합계" : a->ds->categories.items[i];
    v->num = i == FIELD_TOTAL ? (int64_t)a->n_categories : (int64_t)i;
}
static void st_status(const struct aggregate *a, size_t i, struct field_value *v)
{
    (void)a;
    v->type = FT_STATUS;
    v->missing = i == FIELD_TOTAL;   /* shown as 합계 */
    v->num = i == FIELD_TOTAL ? STATUS_COUNT : (int64_t)i;
    v->text = i == FIELD_TOTAL ? "합계" : pledge_status_names[i];
}

static const struct field_def company_fields[] = {
    {"rank", FT_RANK, 0, co_rank},
    {"company", FT_TEXT, 0, co_company},
    {"pledges", FT_COUNT, 0, co_pledges},
    {"with_amount", FT_COUNT, 0, co_with_amount},
    {"total", FT_AMOUNT, 0, co_total},
    {"with_due", FT_COUNT, 0, co_with_due},
    {"overdue", FT_COUNT, 0, co_overdue},
    {"due_soon", FT_COUNT, 0, co_due_soon},
    {"done", FT_COUNT, 0, co_done},
    {"meetings", FT_COUNT, 0, co_meetings},
    {"share", FT_SHARE, 0, co_share},
};
static const struct field_def category_fields[] = {
    {"category", FT_TEXT, 1, ca_category},
    {"pledges", FT_COUNT, 0, ca_pledges},
    {"with_amount", FT_COUNT, 0, ca_with_amount},
    {"total", FT_AMOUNT, 0, ca_total},
    {"with_due", FT_COUNT, 0, ca_with_due},
    {"overdue", FT_COUNT, 0, ca_overdue},
    {"done", FT_COUNT, 0, ca_done},
    {"share", FT_SHARE, 0, ca_share},
    {"due_soon", FT_COUNT, 0, ca_due_soon},
};
static const struct field_def status_fields[] = {
    {"status", FT_STATUS, 0, st_status},
    {"pledges", FT_COUNT, 0, st_pledges},
    {"with_amount", FT_COUNT, 0, st_with_amount},
    {"total", FT_AMOUNT, 0, st_total},
    {"overdue", FT_COUNT, 0, st_overdue},
    {"with_due", FT_COUNT, 0, st_with_due},
    {"due_soon", FT_COUNT, 0, st_due_soon},
    {"done", FT_COUNT, 0, st_done},
    {"share", FT_SHARE, 0, st_share},
};

/* ---- meetings ---- */

static const struct meeting *meeting_of(const struct aggregate *a, size_t i)
{
    return &a->ds->meetings[a->meetings[i].meeting];
}
static void me_date(const struct aggregate *a, size_t i, struct field_value *v)
{
    v->type = FT_DATE;
    v->num = date_to_days(meeting_of(a, i)->date);
}
static void me_title(const struct aggregate *a, size_t i, struct field_value *v)
{
    v->text = meeting_of(a, i)->title;
}
static void me_venue(const struct aggregate *a, size_t i, struct field_value *v)
{
    v->text = meeting_of(a, i)->venue;
    v->missing = !v->text;
}
static void me_host(const struct aggregate *a, size_t i, struct field_value *v)
{
    v->text = meeting_of(a, i)->host;
    v->missing = !v->text;
}
static void me_companies(const struct aggregate *a, size_t i, struct field_value *v)
{
    count(v, a->meetings[i].companies);
}
static void me_pledges(const struct aggregate *a, size_t i, struct field_value *v)
{
    count(v, a->meetings[i].all.pledges);
}
static void me_total(const struct aggregate *a, size_t i, struct field_value *v)
{
    total(v, &a->meetings[i].all);
}
static void me_attendees(const struct aggregate *a, size_t i, struct field_value *v)
{
    v->type = FT_NAMES;   /* layout lists their names */
    v->num = (int64_t)a->meetings[i].meeting;
    v->den = (int64_t)meeting_of(a, i)->n_attendees;
}

static const struct field_def meeting_fields[] = {
    {"date", FT_DATE, 0, me_date},
    {"title", FT_TEXT, 0, me_title},
    {"venue", FT_TEXT, 0, me_venue},
    {"host", FT_TEXT, 0, me_host},
    {"companies", FT_COUNT, 0, me_companies},
    {"pledges", FT_COUNT, 0, me_pledges},
    {"total", FT_AMOUNT, 0, me_total},
    {"attendees", FT_NAMES, 0, me_attendees},
};

/* ---- pledges (and the carried-over ones, the same fields) ---- */

static const struct pledge *pl(const struct aggregate *a, size_t i)
{
    return &a->ds->pledges[i];
}
static void pl_id(const struct aggregate *a, size_t i, struct field_value *v)
{
    v->text = pl(a, i)->id;
}
static void pl_company(const struct aggregate *a, size_t i, struct field_value *v)
{
    v->text = pl(a, i)->company;
}
static void pl_category(const struct aggregate *a, size_t i, struct field_value *v)
{
    v->text = a->ds->categories.items[pl(a, i)->category];
    v->num = (int64_t)pl(a, i)->category;
}
static void pl_title(const struct aggregate *a, size_t i, struct field_value *v)
{
    v->text = pl(a, i)->title;
}
static void pl_description(const struct aggregate *a, size_t i, struct field_value *v)
{
    v->text = pl(a, i)->description;
    v->missing = !v->text;
}
static void pl_amount(const struct aggregate *a, size_t i, struct field_value *v)
{
    v->type = FT_AMOUNT;
    v->missing = !pl(a, i)->has_amount;
    v->num = pl(a, i)->amount_krw;
}
static void pl_due(const struct aggregate *a, size_t i, struct field_value *v)
{
    v->type = FT_DATE;
    v->missing = pl(a, i)->due_origin == DUE_NONE;
    v->num = v->missing ? 0 : date_to_days(pl(a, i)->due);
}
static void pl_status(const struct aggregate *a, size_t i, struct field_value *v)
{
    v->type = FT_STATUS;
    v->num = pl(a, i)->status;
    v->text = pledge_status_names[pl(a, i)->status];
}
static void pl_meeting_date(const struct aggregate *a, size_t i, struct field_value *v)
{
    v->type = FT_DATE;
    v->num = date_to_days(a->ds->meetings[pl(a, i)->meeting].date);
}
static void pl_meeting(const struct aggregate *a, size_t i, struct field_value *v)
{
    v->text = a->ds->meetings[pl(a, i)->meeting].title;
}
static void pl_timeline(const struct aggregate *a, size_t i, struct field_value *v)
{
    v->text = pl(a, i)->timeline_text;
    v->missing = !v->text;
}
static int finished(const struct pledge *p)
{
    return p->status == STATUS_DONE || p->status == STATUS_REPORTED;
}
static void pl_done(const struct aggregate *a, size_t i, struct field_value *v)
{
    v->type = FT_BOOL;
    v->num = finished(pl(a, i));
}
/* Due before the report date and neither done nor reported (as the aggregate counts). */
static void pl_overdue(const struct aggregate *a, size_t i, struct field_value *v)
{
    const struct pledge *p = pl(a, i);
    v->type = FT_BOOL;
    v->num = p->due_origin != DUE_NONE && !finished(p) &&
             date_to_days(p->due) < date_to_days(a->opt.as_of);
}

static const struct field_def pledge_fields[] = {
    {"id", FT_TEXT, 0, pl_id},
    {"company", FT_TEXT, 0, pl_company},
    {"category", FT_TEXT, 1, pl_category},
    {"title", FT_TEXT, 0, pl_title},
    {"description", FT_TEXT, 0, pl_description},
    {"amount", FT_AMOUNT, 0, pl_amount},
    {"due", FT_DATE, 0, pl_due},
    {"status", FT_STATUS, 0, pl_status},
    {"meeting_date", FT_DATE, 0, pl_meeting_date},
    {"meeting", FT_TEXT, 0, pl_meeting},
    {"timeline", FT_TEXT, 0, pl_timeline},
    {"overdue", FT_BOOL, 0, pl_overdue},
    {"done", FT_BOOL, 0, pl_done},
};

/* ---- rows ---- */

static size_t n_companies(const struct aggregate *a) { return a->n_companies; }
static size_t n_categories(const struct aggregate *a) { return a->n_categories; }
static size_t n_statuses(const struct aggregate *a) { (void)a; return STATUS_COUNT; }
static size_t n_meetings(const struct aggregate *a) { return a->n_meetings; }
static size_t n_pledges(const struct aggregate *a) { return a->n_pledges; }
static size_t n_carried(const struct aggregate *a)
{
    return a->opt.has_period ? a->n_carried : 0;
}
static size_t same(const struct aggregate *a, size_t row) { (void)a; return row; }
static size_t pledge_item(const struct aggregate *a, size_t row) { return a->pledge_order[row]; }
static size_t carried_item(const struct aggregate *a, size_t row) { return a->carried[row]; }

#define N(f) (int)(sizeof f / sizeof f[0])
const struct source_def field_sources[SRC_COUNT] = {
    [SRC_COMPANIES] = {"companies", company_fields, N(company_fields), 1, n_companies, same},
    [SRC_CATEGORIES] = {"categories", category_fields, N(category_fields), 1, n_categories,
                        same},
    [SRC_MEETINGS] = {"meetings", meeting_fields, N(meeting_fields), 0, n_meetings, same},
    [SRC_PLEDGES] = {"pledges", pledge_fields, N(pledge_fields), 0, n_pledges, pledge_item},
    [SRC_STATUSES] = {"statuses", status_fields, N(status_fields), 1, n_statuses, same},
    [SRC_CARRIED] = {"carried", pledge_fields, N(pledge_fields), 0, n_carried, carried_item},
};

int fields_find(enum lsource src, const char *name, size_t len)
{
    int i;
    for (i = 0; i < field_sources[src].n_fields; i++)
        if (strlen(field_sources[src].fields[i].name) == len &&
            memcmp(field_sources[src].fields[i].name, name, len) == 0)
            return i;
    return -1;
}

void fields_get(const struct aggregate *a, enum lsource src, int field, size_t item,
                struct field_value *v)
{
    const struct field_def *f = &field_sources[src].fields[field];
    memset(v, 0, sizeof *v);
    v->type = f->type;
    v->ordered = f->ordered;
    f->get(a, item, v);
}

int fields_compare(const struct field_value *x, const struct field_value *y)
{
    int64_t a = x->num, b = y->num;

    if (x->type == FT_TEXT && !x->ordered) {
        const char *s = x->text ? x->text : "", *t = y->text ? y->text : "";
        return strcmp(s, t);
    }
    if (x->type == FT_NAMES) {
        a = x->den;
        b = y->den;
    }
    if (x->type == FT_AMOUNT) {
        a = x->missing ? -1 : a;
        b = y->missing ? -1 : b;
    } else if (x->type == FT_DATE) {
        a = x->missing ? INT64_MAX : a;
        b = y->missing ? INT64_MAX : b;
    }
    return a < b ? -1 : a > b;
}

/* ---- document figures, for conditions on whole blocks ---- */

static void fg_pledges(const struct aggregate *a, size_t i, struct field_value *v)
{ (void)i; count(v, a->total.pledges); }
static void fg_with_amount(const struct aggregate *a, size_t i, struct field_value *v)
{ (void)i; count(v, a->total.with_amount); }
static void fg_with_due(const struct aggregate *a, size_t i, struct field_value *v)
{ (void)i; count(v, a->total.with_due); }
static void fg_due_soon(const struct aggregate *a, size_t i, struct field_value *v)
{ (void)i; count(v, a->total.due_soon); }
static void fg_done(const struct aggregate *a, size_t i, struct field_value *v)
{ (void)i; count(v, a->total.done); }
static void fg_total(const struct aggregate *a, size_t i, struct field_value *v)
{ (void)i; total(v, &a->total); }
static void fg_companies(const struct aggregate *a, size_t i, struct field_value *v)
{ (void)i; count(v, a->n_companies); }
static void fg_meetings(const struct aggregate *a, size_t i, struct field_value *v)
{ (void)i; count(v, a->n_meetings); }
static void fg_carried(const struct aggregate *a, size_t i, struct field_value *v)
{ (void)i; count(v, n_carried(a)); }
/* the period's overdue pledges, those carried in from earlier meetings included */
static void fg_overdue(const struct aggregate *a, size_t i, struct field_value *v)
{
    size_t n = a->total.overdue, k;
    struct field_value o;
    (void)i;
    for (k = 0; k < n_carried(a); k++) {
        pl_overdue(a, a->carried[k], &o);
        n += (size_t)o.num;
    }
    count(v, n);
}
static void fg_categories(const struct aggregate *a, size_t i, struct field_value *v)
{
    size_t n = 0, k;
    (void)i;
    for (k = 0; k < a->n_categories; k++)
        n += a->by_category[k].pledges > 0;
    count(v, n);
}
static void fg_period(const struct aggregate *a, size_t i, struct field_value *v)
{
    int month = a->opt.has_period && a->opt.period_from.day == 1 &&
                a->opt.period_from.year == a->opt.period_to.year &&
                a->opt.period_from.month == a->opt.period_to.month &&
                a->opt.period_to.day ==
                    date_days_in_month(a->opt.period_to.year, a->opt.period_to.month);
    (void)i;
    v->text = !a->opt.has_period ? "all" : month ? "month" : "range";
}
static void fg_as_of(const struct aggregate *a, size_t i, struct field_value *v)
{
    (void)i;
    v->num = date_to_days(a->opt.as_of);
}
static void fg_company(const struct aggregate *a, size_t i, struct field_value *v)
{
    (void)i;
    v->text = a->opt.n_companies == 1 ? a->opt.companies[0] : "";
}

const struct field_def field_figures[] = {
    {"pledges", FT_COUNT, 0, fg_pledges},
    {"with_amount", FT_COUNT, 0, fg_with_amount},
    {"with_due", FT_COUNT, 0, fg_with_due},
    {"overdue", FT_COUNT, 0, fg_overdue},
    {"due_soon", FT_COUNT, 0, fg_due_soon},
    {"done", FT_COUNT, 0, fg_done},
    {"total", FT_AMOUNT, 0, fg_total},
    {"companies", FT_COUNT, 0, fg_companies},
    {"meetings", FT_COUNT, 0, fg_meetings},
    {"categories", FT_COUNT, 0, fg_categories},
    {"carried", FT_COUNT, 0, fg_carried},
    {"period", FT_TEXT, 0, fg_period},
    {"as_of", FT_DATE, 0, fg_as_of},
    {"company", FT_TEXT, 0, fg_company},
};
const int field_n_figures = N(field_figures);
