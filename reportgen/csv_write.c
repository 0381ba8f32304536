/*
 * csv_write.c - the five CSV tables: columns, quoting through libcsv,
 * formula guard, BOM and CRLF, CP949 through iconv with exact error
 * positions.
 */
#include "csv_write.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "amount.h"
#include "diag.h"
#include "outfile.h"
#include "strbuf.h"
#include "utf8.h"
#include "xalloc.h"

static const char *const table_files[CSV_TABLE_COUNT] = {
    "by_company.csv", "by_category.csv", "company_category.csv", "pledges.csv",
    "meetings.csv",
};

const char *csv_table_file(enum csv_table t)
{
    return table_files[t];
}

/* Column headers: Korean, English. */
struct column {
    const char *ko, *en;
};

static const struct column figure_columns[] = {
    {"건수", "pledges"},
    {"금액 명시 건수", "with_amount"},
    {"금액(원)", "total_krw"},
    {"금액", "total_display"},
    {"기한 명시 건수", "with_due"},
    {"기간 내 기한", "due_in_period"},
    {"30일 내 기한", "due_soon"},
    {"기한 경과", "overdue"},
    {"완료", "done"},
};
#define N_FIGURES (sizeof figure_columns / sizeof figure_columns[0])

static const struct column company_category_columns[] = {
    {"기업", "company"}, {"분야", "category"}, {"건수", "pledges"}, {"금액(원)", "total_krw"},
};

static const struct column pledge_columns[] = {
    {"ID", "id"},
    {"회의 ID", "meeting_id"},
    {"회의일", "meeting_date"},
    {"기업", "company"},
    {"분야", "category"},
    {"제목", "title"},
    {"내용", "description"},
    {"금액(원)", "amount_krw"},
    {"금액", "amount_display"},
    {"금액 원문", "amount_text"},
    {"기한", "due"},
    {"기한 근거", "due_basis"},
    {"일정 원문", "timeline_text"},
    {"상태", "status"},
    {"출처", "sources"},
};

static const struct column meeting_columns[] = {
    {"회의 ID", "id"},
    {"일자", "date"},
    {"회의명", "title"},
    {"장소", "venue"},
    {"주최", "host"},
    {"참석자", "attendees"},
    {"참여 기업 수", "companies"},
    {"건수", "pledges"},
    {"금액 명시 건수", "with_amount"},
    {"금액(원)", "total_krw"},
    {"금액", "total_display"},
    {"출처", "sources"},
};

struct writer {
    const struct aggregate *agg;
    int in_header;               /* the row being written is the header */
    struct strbuf *out;
    const struct csv_options *opt;
    iconv_t cd;                  /* (iconv_t)-1 for UTF-8 */
    const char *file;
    size_t row, col;             /* 1-based row of the file, 0-based column */
    const struct column *columns;
    struct diag_list *diags;
    int failed;
    struct strbuf cell;          /* scratch */
};

/* Append UTF-8 'len' bytes at 's' to the output, encoded. */
static void emit(struct writer *w, const char *s, size_t len)
{
    char buf[4096];

    if (w->cd == (iconv_t)-1) {
        strbuf_add(w->out, s, len);
        return;
    }
    {
        char *in = (char *)s;
        size_t left = len;
        while (left > 0) {
            char *o = buf;
            size_t room = sizeof buf;
            size_t r = iconv(w->cd, &in, &left, &o, &room);
            strbuf_add(w->out, buf, (size_t)(o - buf));
            if (r == (size_t)-1 && errno != E2BIG) {
                size_t used;
                uint32_t cp = utf8_decode(in, left, &used);
                diag_add(w->diags, DIAG_ENCODE, NULL, 0, NULL, NULL,
                         "U+%04X '%.*s' cannot be written in CP949: %s, row %zu, "
                         "column %zu (%s)", (unsigned)cp, (int)used, in, w->file, w->row,
                         w->col + 1, w->opt->english ? w->columns[w->col].en
                                                     : w->columns[w->col].ko);
                w->failed = 1;
                iconv(w->cd, NULL, NULL, NULL, NULL);
                return;
            }
        }
    }
}

static void sep(struct writer *w)
{
    if (w->col > 0)
        emit(w, ",", 1);
}

/* A text cell: formula guard, then RFC 4180 quoting by libcsv. */
static void cell_text(struct writer *w, const char *s)
{
    size_t len = s ? strlen(s) : 0, need;
    char *q;

    sep(w);
    strbuf_reset(&w->cell);
    if (len && strchr("=+-@\t\r", s[0]))
        strbuf_addch(&w->cell, '\'');
    strbuf_add(&w->cell, s ? s : "", len);
    need = csv_write(NULL, 0, w->cell.buf, w->cell.len);
    q = xmalloc(need);
    csv_write(q, need, w->cell.buf, w->cell.len);
    emit(w, q, need);
    free(q);
    w->col++;
}

static void cell_int(struct writer *w, long long v)
{
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%lld", v);
    sep(w);
    emit(w, buf, (size_t)n);
    w->col++;
}

static void cell_size(struct writer *w, size_t v)
{
    cell_int(w, (long long)v);
}

static void cell_empty(struct writer *w)
{
    sep(w);
    w->col++;
}

static void cell_amount_display(struct writer *w, int has, int64_t krw)
{
    struct strbuf sb = STRBUF_INIT;
    if (has)
        amount_format(krw, &sb);
    cell_text(w, sb.buf); /* empty when there is no amount */
    strbuf_release(&sb);
}

static void row_end(struct writer *w)
{
    const char *period = w->agg->opt.period_label;
    if (period) { /* the last column says which period the row covers */
        const struct column *saved = w->columns;
        static const struct column period_column = {"기간", "period"};
        w->columns = &period_column;
        w->col = 0;
        emit(w, ",", 1);
        cell_text(w, w->in_header ? (w->opt->english ? "period" : "기간") : period);
        w->columns = saved;
    }
    w->in_header = 0;
    emit(w, "\r\n", 2);
    w->row++;
    w->col = 0;
}

static void header(struct writer *w, const struct column *cols, size_t n)
{
    size_t i;
    w->columns = cols;
    w->in_header = 1;
    for (i = 0; i < n; i++)
        cell_text(w, w->opt->english ? cols[i].en : cols[i].ko);
    row_end(w);
}

static void figures(struct writer *w, const struct agg_cell *c)
{
    cell_size(w, c->pledges);
    cell_size(w, c->with_amount);
    if (c->with_amount)
        cell_int(w, c->total_krw);
    else
        cell_empty(w);
    cell_amount_display(w, c->with_amount > 0, c->total_krw);
    cell_size(w, c->with_due);
    cell_size(w, c->due_in_period);
    cell_size(w, c->due_soon);
    cell_size(w, c->overdue);
    cell_size(w, c->done);
}

/* Figure columns preceded by one key column ('keyed' outlives the table's rows). */
static void keyed_header(struct writer *w, struct column *keyed, const char *ko, const char *en)
{
    size_t i;
    keyed[0].ko = ko;
    keyed[0].en = en;
    for (i = 0; i < N_FIGURES; i++)
        keyed[i + 1] = figure_columns[i];
    header(w, keyed, 1 + N_FIGURES);
}

static const char *totals_label(const struct writer *w)
{
    return w->opt->english ? "total" : "합계";
}

static void by_company(struct writer *w, const struct aggregate *agg)
{
    struct column keyed[1 + N_FIGURES];
    size_t i;
    keyed_header(w, keyed, "기업", "company");
    for (i = 0; i < agg->n_companies; i++) {
        cell_text(w, agg->companies[i].name);
        figures(w, &agg->companies[i].all);
        row_end(w);
    }
    if (w->opt->totals) {
        cell_text(w, totals_label(w));
        figures(w, &agg->total);
        row_end(w);
    }
}

static void by_category(struct writer *w, const struct aggregate *agg)
{
    struct column keyed[1 + N_FIGURES];
    size_t i;
    keyed_header(w, keyed, "분야", "category");
    for (i = 0; i < agg->n_categories; i++) {
        cell_text(w, agg->ds->categories.items[i]);
        figures(w, &agg->by_category[i]);
        row_end(w);
    }
    if (w->opt->totals) {
        cell_text(w, totals_label(w));
        figures(w, &agg->total);
        row_end(w);
    }
}

static void company_category(struct writer *w, const struct aggregate *agg)
{
    size_t i, k;
    header(w, company_category_columns, 4);
    for (i = 0; i < agg->n_companies; i++) {
        const struct agg_company *c = &agg->companies[i];
        for (k = 0; k < agg->n_categories; k++) {
            const struct agg_cell *cell = &c->by_category[k];
            if (!cell->pledges)
                continue;
            cell_text(w, c->name);
            cell_text(w, agg->ds->categories.items[k]);
            cell_size(w, cell->pledges);
            if (cell->with_amount)
                cell_int(w, cell->total_krw);
            else
                cell_empty(w);
            row_end(w);
        }
    }
    if (w->opt->totals) {
        cell_text(w, totals_label(w));
        cell_empty(w);
        cell_size(w, agg->total.pledges);
        if (agg->total.with_amount)
            cell_int(w, agg->total.total_krw);
        else
            cell_empty(w);
        row_end(w);
    }
}

static void join(struct strbuf *sb, const struct strlist *l)
{
    size_t i;
    for (i = 0; i < l->count; i++) {
        if (i)
            strbuf_addstr(sb, "; ");
        strbuf_addstr(sb, l->items[i]);
    }
}

static void pledges(struct writer *w, const struct aggregate *agg)
{
    const struct dataset *ds = agg->ds;
    struct strbuf sb = STRBUF_INIT;
    char date[11];
    size_t i;

    header(w, pledge_columns, sizeof pledge_columns / sizeof pledge_columns[0]);
    for (i = 0; i < agg->n_pledges; i++) {
        const struct pledge *p = &ds->pledges[agg->pledge_order[i]];
        const struct meeting *m = &ds->meetings[p->meeting];

        cell_text(w, p->id);
        cell_text(w, m->id);
        date_format(m->date, date);
        cell_text(w, date);
        cell_text(w, p->company);
        cell_text(w, ds->categories.items[p->category]);
        cell_text(w, p->title);
        cell_text(w, p->description);
        if (p->has_amount)
            cell_int(w, p->amount_krw);
        else
            cell_empty(w);
        cell_amount_display(w, p->has_amount, p->amount_krw);
        cell_text(w, p->amount_text);
        if (p->due_origin != DUE_NONE) {
            date_format(p->due, date);
            cell_text(w, date);
        } else {
            cell_empty(w);
        }
        strbuf_reset(&sb);
        if (p->due_origin == DUE_GIVEN)
            strbuf_addstr(&sb, w->opt->english ? "given" : "명시");
        else if (p->due_origin == DUE_DERIVED)
            strbuf_addf(&sb, "%s%s", w->opt->english ? "derived: " : "", p->due_rule);
        cell_text(w, sb.buf);
        cell_text(w, p->timeline_text);
        cell_text(w, w->opt->english ? pledge_status_names[p->status]
                                     : pledge_status_labels[p->status]);
        strbuf_reset(&sb);
        join(&sb, &p->sources);
        cell_text(w, sb.buf);
        row_end(w);
    }
    strbuf_release(&sb);
}

static void meetings(struct writer *w, const struct aggregate *agg)
{
    const struct dataset *ds = agg->ds;
    struct strbuf sb = STRBUF_INIT;
    char date[11];
    size_t i, k;

    header(w, meeting_columns, sizeof meeting_columns / sizeof meeting_columns[0]);
    for (i = 0; i < agg->n_meetings; i++) {
        const struct agg_meeting *am = &agg->meetings[i];
        const struct meeting *m = &ds->meetings[am->meeting];

        cell_text(w, m->id);
        date_format(m->date, date);
        cell_text(w, date);
        cell_text(w, m->title);
        cell_text(w, m->venue);
        cell_text(w, m->host);
        strbuf_reset(&sb);
        for (k = 0; k < m->n_attendees; k++) {
            const struct attendee *a = &m->attendees[k];
            if (k)
                strbuf_addstr(&sb, "; ");
            strbuf_addstr(&sb, a->name);
            if (a->org || a->role)
                strbuf_addf(&sb, " (%s%s%s)", a->org ? a->org : "",
                            a->org && a->role ? " " : "", a->role ? a->role : "");
        }
        cell_text(w, sb.buf);
        cell_size(w, am->companies);
        cell_size(w, am->all.pledges);
        cell_size(w, am->all.with_amount);
        if (am->all.with_amount)
            cell_int(w, am->all.total_krw);
        else
            cell_empty(w);
        cell_amount_display(w, am->all.with_amount > 0, am->all.total_krw);
        strbuf_reset(&sb);
        join(&sb, &m->sources);
        cell_text(w, sb.buf);
        row_end(w);
    }
    strbuf_release(&sb);
}

int csv_render(const struct aggregate *agg, enum csv_table t, const struct csv_options *opt,
               struct strbuf *out, struct diag_list *diags)
{
    struct writer w;

    memset(&w, 0, sizeof w);
    w.agg = agg;
    w.out = out;
    w.opt = opt;
    w.file = table_files[t];
    w.row = 1;
    w.diags = diags;
    strbuf_init(&w.cell);
    w.cd = (iconv_t)-1;
    if (opt->cp949) {
        w.cd = iconv_open("CP949", "UTF-8");
        if (w.cd == (iconv_t)-1) {
            diag_add(diags, DIAG_ENCODE, NULL, 0, NULL, NULL,
                     "this system's iconv has no CP949 converter");
            return -1;
        }
    } else if (!opt->no_bom) {
        strbuf_add(out, "\xEF\xBB\xBF", 3);
    }
    switch (t) {
    case CSV_BY_COMPANY: by_company(&w, agg); break;
    case CSV_BY_CATEGORY: by_category(&w, agg); break;
    case CSV_COMPANY_CATEGORY: company_category(&w, agg); break;
    case CSV_PLEDGES: pledges(&w, agg); break;
    case CSV_MEETINGS: meetings(&w, agg); break;
    case CSV_TABLE_COUNT: break;
    }
    if (w.cd != (iconv_t)-1)
        iconv_close(w.cd);
    strbuf_release(&w.cell);
    return w.failed ? -1 : 0;
}

int csv_render_all(const struct aggregate *agg, const struct csv_options *opt,
                   struct strbuf *out, struct diag_list *diags)
{
    int t, rc = 0;

    /* every table even after a failure: every character CP949 cannot hold
       is reported in one run */
    for (t = 0; t < CSV_TABLE_COUNT; t++)
        if (csv_render(agg, (enum csv_table)t, opt, &out[t], diags) < 0)
            rc = -1;
    return rc;
}

int csv_add_all(const char *dir, const struct csv_options *opt, const struct strbuf *out,
                struct outset *set, struct diag_list *diags)
{
    struct strbuf path = STRBUF_INIT;
    int t, rc = 0;

    for (t = 0; t < CSV_TABLE_COUNT && rc == 0; t++) {
        strbuf_reset(&path);
        strbuf_addf(&path, "%s/%.*s%s.csv", dir, (int)(strlen(table_files[t]) - 4),
                    table_files[t], opt->suffix ? opt->suffix : "");
        if (outset_add(set, path.buf, out[t].buf, out[t].len, diags) < 0)
            rc = -1;
    }
    strbuf_release(&path);
    return rc;
}

int csv_write_all(const struct aggregate *agg, const char *dir, const struct csv_options *opt,
                  struct outset *set, struct diag_list *diags)
{
    struct strbuf out[CSV_TABLE_COUNT];
    int t, rc;

    for (t = 0; t < CSV_TABLE_COUNT; t++)
        strbuf_init(&out[t]);
    rc = csv_render_all(agg, opt, out, diags);
    if (rc == 0)   /* write only if every table rendered */
        rc = csv_add_all(dir, opt, out, set, diags);
    for (t = 0; t < CSV_TABLE_COUNT; t++)
        strbuf_release(&out[t]);
    return rc;
}
