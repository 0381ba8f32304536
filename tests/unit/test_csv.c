/*
 * test_csv.c - unit tests for csv_write.c: every table is rendered and read
 * back with libcsv, and each figure compared with the aggregate's; BOM and
 * CRLF; Korean and English headers; the formula guard; CP949 output that
 * round-trips through iconv, and exact errors for characters CP949 lacks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <csv.h>
#include <dirent.h>
#include <errno.h>
#include <iconv.h>
#include <unistd.h>

#include "aggregate.h"
#include "amount.h"
#include "csv_write.h"
#include "dataset.h"
#include "diag.h"
#include "outfile.h"
#include "strbuf.h"
#include "xalloc.h"
#include "testfiles.h"

#define N(a) (sizeof (a) / sizeof (a)[0])

/* ---- datasets ------------------------------------------------------------ */

struct fixture {
    struct dataset ds;
    struct diag_list diags;
    struct aggregate agg;
};

/* Quotes, commas, line breaks and formula-like text in every kind of cell. */
static const char tricky_json[] =
    "{\"categories\": [\"판로지원\", \"정산·대금\", \"빈 분야\", \"=수식 분야\"],\n"
    " \"meetings\": [\n"
    "  {\"id\": \"M1\", \"date\": \"2024-11-06\", \"title\": \"간담회, \\\"상생\\\" 편\",\n"
    "   \"venue\": \"서울\\n광화문\", \"host\": \"과학기술정보통신부\",\n"
    "   \"attendees\": [{\"name\": \"유상임\", \"org\": \"과학기술정보통신부\", \"role\": \"장관\"},\n"
    "                 {\"name\": \"홍길동\"}, {\"name\": \"김\", \"role\": \"대표\"}],\n"
    "   \"sources\": [\"a.txt\", \"b,c.txt\"]},\n"
    "  {\"id\": \"M0\", \"date\": \"2023-11-07\", \"title\": \"=첫 회의\"}],\n"
    " \"pledges\": [\n"
    "  {\"id\": \"P1\", \"meeting\": \"M1\",\n"
    "   \"company\": \"=HYPERLINK(\\\"http://x.example\\\",\\\"클릭\\\")\",\n"
    "   \"category\": \"판로지원\", \"title\": \"따옴표 \\\"인용\\\", 쉼표\",\n"
    "   \"description\": \"첫 줄\\n둘째 줄\\r\\n셋째 줄\", \"amount_krw\": 9007199254740993,\n"
    "   \"amount_text\": \"+900조\", \"due\": \"2024-12-01\", \"status\": \"ongoing\",\n"
    "   \"sources\": [\"s1\", \"s2\"]},\n"
    "  {\"id\": \"P2\", \"meeting\": \"M0\", \"company\": \"+82\", \"category\": \"정산·대금\",\n"
    "   \"title\": \"-1 할인\", \"amount_krw\": \"1000억원\", \"due\": \"2025-01-15\"},\n"
    "  {\"id\": \"P3\", \"meeting\": \"M0\", \"company\": \"-1\", \"category\": \"=수식 분야\",\n"
    "   \"title\": \"@멘션\", \"description\": \"\\t탭으로 시작\", \"amount_krw\": 5},\n"
    "  {\"id\": \"P4\", \"meeting\": \"M1\", \"company\": \"@SUM(A1:A2)\", \"category\": \"판로지원\",\n"
    "   \"title\": \"\\r캐리지 리턴\", \"amount_krw\": 0, \"status\": \"done\"},\n"
    "  {\"id\": \"P5\", \"meeting\": \"M1\", \"company\": \"\\t탭회사\", \"category\": \"판로지원\",\n"
    "   \"title\": \"평범\", \"status\": \"reported\", \"due\": \"2025-01-10\"},\n"
    "  {\"id\": \"P6\", \"meeting\": \"M1\", \"company\": \"금액 없음\", \"category\": \"정산·대금\",\n"
    "   \"title\": \"a=b 그대로\"},\n"
    "  {\"id\": \"P7\", \"meeting\": \"M0\", \"company\": \"금액 없음\", \"category\": \"판로지원\",\n"
    "   \"title\": \"'이미 따옴표\", \"amount_text\": \"미정\"}]}\n";

/* Amounts beyond 2^53, several companies and the default vocabulary. */
static const char big_json[] =
    "{\"meetings\": [{\"id\": \"M1\", \"date\": \"2024-11-06\", \"title\": \"간담회\"}],\n"
    " \"pledges\": [\n"
    "  {\"id\": \"B1\", \"meeting\": \"M1\", \"company\": \"카카오\", \"category\": \"기타\",\n"
    "   \"title\": \"가\", \"amount_krw\": 9007199254740993},\n"
    "  {\"id\": \"B2\", \"meeting\": \"M1\", \"company\": \"카카오\", \"category\": \"수수료\",\n"
    "   \"title\": \"나\", \"amount_krw\": 9007199254740995},\n"
    "  {\"id\": \"B3\", \"meeting\": \"M1\", \"company\": \"네이버\", \"category\": \"기타\",\n"
    "   \"title\": \"다\", \"amount_krw\": \"1조 2,000억 원\"}]}\n";

static const char empty_json[] = "{\"meetings\": [], \"pledges\": []}\n";

static void load_common(struct fixture *f, int rc)
{
    struct aggregate_options opt;

    if (rc != 0 || f->diags.errors)
        diag_print_all(stderr, &f->diags);
    assert_int_equal(rc, 0);
    assert_int_equal(dataset_validate(&f->ds, &f->diags), 0);
    assert_int_equal(f->diags.errors, 0);
    memset(&opt, 0, sizeof opt);
    assert_int_equal(date_parse("2024-12-31", 10, &opt.as_of), DATE_OK);
    assert_int_equal(aggregate_build(&f->agg, &f->ds, &opt, &f->diags), 0);
}

static void load_json(struct fixture *f, const char *json)
{
    memset(f, 0, sizeof *f);
    dataset_init(&f->ds);
    diag_list_init(&f->diags);
    load_common(f, dataset_load_buffer(&f->ds, "test.json", json, strlen(json), &f->diags));
}

/* The seed data; tests run from the repository root. */
static void load_seed(struct fixture *f)
{
    memset(f, 0, sizeof *f);
    dataset_init(&f->ds);
    diag_list_init(&f->diags);
    load_common(f, dataset_load(&f->ds, "data/pledges.json", &f->diags));
    assert_true(f->ds.n_pledges > 0);
}

static void release(struct fixture *f)
{
    aggregate_release(&f->agg);
    dataset_release(&f->ds);
    diag_list_release(&f->diags);
}

/* ---- reading CSV back with libcsv ---------------------------------------- */

struct row {
    char **cells;
    size_t n, alloc;
};

struct table {
    struct row *rows;
    size_t n, alloc;
    struct row cur;
};

static void on_field(void *s, size_t len, void *data)
{
    struct table *t = data;
    XGROW(t->cur.cells, t->cur.alloc, t->cur.n + 1);
    t->cur.cells[t->cur.n++] = xstrndup(s ? s : "", s ? len : 0);
}

static void on_row(int term, void *data)
{
    struct table *t = data;
    (void)term;
    XGROW(t->rows, t->alloc, t->n + 1);
    t->rows[t->n++] = t->cur;
    memset(&t->cur, 0, sizeof t->cur);
}

static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

/* Parse 'len' bytes strictly; nothing is trimmed. */
static void parse_csv(const char *buf, size_t len, struct table *t)
{
    struct csv_parser p;

    memset(t, 0, sizeof *t);
    assert_int_equal(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL), 0);
    csv_set_space_func(&p, no_space);
    assert_int_equal(csv_parse(&p, buf, len, on_field, on_row, t), len);
    assert_int_equal(csv_error(&p), CSV_SUCCESS);
    assert_int_equal(csv_fini(&p, on_field, on_row, t), 0);
    csv_free(&p);
    assert_int_equal(t->cur.n, 0);
}

static void table_release(struct table *t)
{
    size_t i, k;
    for (i = 0; i < t->n; i++) {
        for (k = 0; k < t->rows[i].n; k++)
            free(t->rows[i].cells[k]);
        free(t->rows[i].cells);
    }
    free(t->rows);
    memset(t, 0, sizeof *t);
}

/*
 * Count the records of 'buf', checking that every line break outside
 * quotes is CRLF and that the data ends with one.
 */
static size_t crlf_records(const char *buf, size_t len)
{
    size_t i, records = 0;
    int quoted = 0;

    for (i = 0; i < len; i++) {
        if (buf[i] == '"') {
            quoted = !quoted;
        } else if (!quoted && buf[i] == '\r') {
            assert_true(i + 1 < len && buf[i + 1] == '\n');
            records++;
            i++;
        } else if (!quoted) {
            assert_true(buf[i] != '\n');
        }
    }
    assert_false(quoted);
    assert_true(len >= 2 && buf[len - 2] == '\r' && buf[len - 1] == '\n');
    return records;
}

static const char bom[] = "\xEF\xBB\xBF";

/* Render table 't' (must succeed) and read it back (UTF-8 only). */
static void render_read(const struct fixture *f, enum csv_table t, const struct csv_options *opt,
                        struct table *out)
{
    struct strbuf sb = STRBUF_INIT;
    struct diag_list diags;
    size_t skip = 0;

    diag_list_init(&diags);
    assert_int_equal(csv_render(&f->agg, t, opt, &sb, &diags), 0);
    assert_int_equal(diags.count, 0);
    diag_list_release(&diags);
    if (!opt->no_bom && !opt->cp949) {
        assert_memory_equal(sb.buf, bom, 3);
        skip = 3;
    } else {
        assert_true(sb.len < 3 || memcmp(sb.buf, bom, 3) != 0);
    }
    parse_csv(sb.buf + skip, sb.len - skip, out);
    assert_int_equal(crlf_records(sb.buf + skip, sb.len - skip), out->n);
    strbuf_release(&sb);
}

/* ---- expected cells ------------------------------------------------------- */

/* A text cell as written: formula-like text gets a leading apostrophe. */
static void check_text(const char *got, const char *raw)
{
    struct strbuf want = STRBUF_INIT;
    raw = raw ? raw : "";
    if (*raw && strchr("=+-@\t\r", *raw))
        strbuf_addch(&want, '\'');
    strbuf_addstr(&want, raw);
    assert_string_equal(got, want.buf);
    strbuf_release(&want);
}

static void check_number(const char *got, long long v)
{
    char want[32];
    snprintf(want, sizeof want, "%lld", v);
    assert_string_equal(got, want);
}

static void check_amount(const char *got_krw, const char *got_display, int has, int64_t krw)
{
    struct strbuf sb = STRBUF_INIT;
    if (has) {
        check_number(got_krw, krw);
        amount_format(krw, &sb);
    } else {
        assert_string_equal(got_krw, "");
    }
    assert_string_equal(got_display, sb.buf);
    strbuf_release(&sb);
}

/* The nine figure columns starting at cells[0]. */
static void check_figures(char **cells, const struct agg_cell *c)
{
    check_number(cells[0], (long long)c->pledges);
    check_number(cells[1], (long long)c->with_amount);
    check_amount(cells[2], cells[3], c->with_amount > 0, c->total_krw);
    check_number(cells[4], (long long)c->with_due);
    check_number(cells[5], (long long)c->due_in_period);
    check_number(cells[6], (long long)c->due_soon);
    check_number(cells[7], (long long)c->overdue);
    check_number(cells[8], (long long)c->done);
}

static void check_header(const struct row *r, const char *const *want, size_t n)
{
    size_t i;
    assert_int_equal(r->n, n);
    for (i = 0; i < n; i++)
        assert_string_equal(r->cells[i], want[i]);
}

static const char *const figure_ko[] = {
    "건수", "금액 명시 건수", "금액(원)", "금액", "기한 명시 건수", "기간 내 기한",
    "30일 내 기한", "기한 경과", "완료",
};
static const char *const figure_en[] = {
    "pledges", "with_amount", "total_krw", "total_display", "with_due", "due_in_period",
    "due_soon", "overdue", "done",
};
static const char *const company_category_ko[] = {"기업", "분야", "건수", "금액(원)"};
static const char *const company_category_en[] = {"company", "category", "pledges",
                                                  "total_krw"};
static const char *const pledges_ko[] = {
    "ID", "회의 ID", "회의일", "기업", "분야", "제목", "내용", "금액(원)", "금액", "금액 원문",
    "기한", "기한 근거", "일정 원문", "상태", "출처",
};
static const char *const pledges_en[] = {
    "id", "meeting_id", "meeting_date", "company", "category", "title", "description",
    "amount_krw", "amount_display", "amount_text", "due", "due_basis", "timeline_text",
    "status", "sources",
};
static const char *const meetings_ko[] = {
    "회의 ID", "일자", "회의명", "장소", "주최", "참석자", "참여 기업 수", "건수",
    "금액 명시 건수", "금액(원)", "금액", "출처",
};
static const char *const meetings_en[] = {
    "id", "date", "title", "venue", "host", "attendees", "companies", "pledges",
    "with_amount", "total_krw", "total_display", "sources",
};
static const char *const status_ko[STATUS_COUNT] = {
    "계획", "준비 중", "진행 중", "완료", "결과 보고",
};

static void check_keyed_header(const struct row *r, const char *ko, const char *en, int english)
{
    const char *want[1 + N(figure_ko)];
    size_t i;
    want[0] = english ? en : ko;
    for (i = 0; i < N(figure_ko); i++)
        want[i + 1] = english ? figure_en[i] : figure_ko[i];
    check_header(r, want, N(want));
}

static void check_totals_row(const struct row *r, const struct fixture *f, int english)
{
    assert_string_equal(r->cells[0], english ? "total" : "합계");
    check_figures(r->cells + 1, &f->agg.total);
}

static void check_by_company(const struct fixture *f, const struct csv_options *opt)
{
    const struct aggregate *agg = &f->agg;
    struct table t;
    size_t i;

    render_read(f, CSV_BY_COMPANY, opt, &t);
    assert_int_equal(t.n, 1 + agg->n_companies + (opt->totals ? 1 : 0));
    check_keyed_header(&t.rows[0], "기업", "company", opt->english);
    for (i = 0; i < agg->n_companies; i++) {
        const struct row *r = &t.rows[1 + i];
        assert_int_equal(r->n, 1 + N(figure_ko));
        check_text(r->cells[0], agg->companies[i].name);
        check_figures(r->cells + 1, &agg->companies[i].all);
    }
    if (opt->totals)
        check_totals_row(&t.rows[t.n - 1], f, opt->english);
    table_release(&t);
}

static void check_by_category(const struct fixture *f, const struct csv_options *opt)
{
    const struct aggregate *agg = &f->agg;
    struct table t;
    size_t k;

    render_read(f, CSV_BY_CATEGORY, opt, &t);
    assert_int_equal(t.n, 1 + agg->n_categories + (opt->totals ? 1 : 0));
    check_keyed_header(&t.rows[0], "분야", "category", opt->english);
    for (k = 0; k < agg->n_categories; k++) {
        const struct row *r = &t.rows[1 + k];
        assert_int_equal(r->n, 1 + N(figure_ko));
        check_text(r->cells[0], f->ds.categories.items[k]);
        check_figures(r->cells + 1, &agg->by_category[k]);
    }
    if (opt->totals)
        check_totals_row(&t.rows[t.n - 1], f, opt->english);
    table_release(&t);
}

static void check_company_category(const struct fixture *f, const struct csv_options *opt)
{
    const struct aggregate *agg = &f->agg;
    struct table t;
    size_t i, k, row = 1, pledges = 0;

    render_read(f, CSV_COMPANY_CATEGORY, opt, &t);
    check_header(&t.rows[0], opt->english ? company_category_en : company_category_ko, 4);
    for (i = 0; i < agg->n_companies; i++) {
        for (k = 0; k < agg->n_categories; k++) {
            const struct agg_cell *c = &agg->companies[i].by_category[k];
            const struct row *r;
            if (!c->pledges)
                continue;
            assert_true(row < t.n);
            r = &t.rows[row++];
            assert_int_equal(r->n, 4);
            check_text(r->cells[0], agg->companies[i].name);
            check_text(r->cells[1], f->ds.categories.items[k]);
            check_number(r->cells[2], (long long)c->pledges);
            if (c->with_amount)
                check_number(r->cells[3], c->total_krw);
            else
                assert_string_equal(r->cells[3], "");
            pledges += c->pledges;
        }
    }
    assert_int_equal(pledges, agg->total.pledges);
    if (opt->totals) {
        const struct row *r = &t.rows[row++];
        assert_string_equal(r->cells[0], opt->english ? "total" : "합계");
        assert_string_equal(r->cells[1], "");
        check_number(r->cells[2], (long long)agg->total.pledges);
        if (agg->total.with_amount)
            check_number(r->cells[3], agg->total.total_krw);
        else
            assert_string_equal(r->cells[3], "");
    }
    assert_int_equal(t.n, row);
    table_release(&t);
}

static void check_joined(const char *got, const struct strlist *l)
{
    struct strbuf sb = STRBUF_INIT;
    size_t i;
    for (i = 0; i < l->count; i++)
        strbuf_addf(&sb, "%s%s", i ? "; " : "", l->items[i]);
    check_text(got, sb.buf);
    strbuf_release(&sb);
}

static void check_pledges(const struct fixture *f, const struct csv_options *opt)
{
    const struct aggregate *agg = &f->agg;
    const struct dataset *ds = &f->ds;
    struct table t;
    char date[11];
    size_t i;
    int64_t sum = 0;

    render_read(f, CSV_PLEDGES, opt, &t);
    assert_int_equal(t.n, 1 + ds->n_pledges);
    check_header(&t.rows[0], opt->english ? pledges_en : pledges_ko, N(pledges_en));
    for (i = 0; i < ds->n_pledges; i++) {
        const struct pledge *p = &ds->pledges[agg->pledge_order[i]];
        const struct meeting *m = &ds->meetings[p->meeting];
        char **c = t.rows[1 + i].cells;

        assert_int_equal(t.rows[1 + i].n, N(pledges_en));
        check_text(c[0], p->id);
        check_text(c[1], m->id);
        date_format(m->date, date);
        assert_string_equal(c[2], date);
        check_text(c[3], p->company);
        check_text(c[4], ds->categories.items[p->category]);
        check_text(c[5], p->title);
        check_text(c[6], p->description);
        check_amount(c[7], c[8], p->has_amount, p->amount_krw);
        check_text(c[9], p->amount_text);
        if (p->due_origin == DUE_NONE) {
            assert_string_equal(c[10], "");
            assert_string_equal(c[11], "");
        } else {
            date_format(p->due, date);
            assert_string_equal(c[10], date);
            if (p->due_origin == DUE_GIVEN)
                assert_string_equal(c[11], opt->english ? "given" : "명시");
            else if (opt->english) {
                struct strbuf want = STRBUF_INIT;
                strbuf_addf(&want, "derived: %s", p->due_rule);
                assert_string_equal(c[11], want.buf);
                strbuf_release(&want);
            } else {
                check_text(c[11], p->due_rule);
            }
        }
        check_text(c[12], p->timeline_text);
        assert_string_equal(c[13], opt->english ? pledge_status_names[p->status]
                                                : status_ko[p->status]);
        check_joined(c[14], &p->sources);
        if (p->has_amount)
            sum += strtoll(c[7], NULL, 10);
    }
    assert_true(sum == agg->total.total_krw);
    table_release(&t);
}

static void check_meetings(const struct fixture *f, const struct csv_options *opt)
{
    const struct aggregate *agg = &f->agg;
    const struct dataset *ds = &f->ds;
    struct table t;
    char date[11];
    size_t i;

    render_read(f, CSV_MEETINGS, opt, &t);
    assert_int_equal(t.n, 1 + agg->n_meetings);
    check_header(&t.rows[0], opt->english ? meetings_en : meetings_ko, N(meetings_en));
    for (i = 0; i < agg->n_meetings; i++) {
        const struct agg_meeting *am = &agg->meetings[i];
        const struct meeting *m = &ds->meetings[am->meeting];
        char **c = t.rows[1 + i].cells;

        assert_int_equal(t.rows[1 + i].n, N(meetings_en));
        check_text(c[0], m->id);
        date_format(m->date, date);
        assert_string_equal(c[1], date);
        check_text(c[2], m->title);
        check_text(c[3], m->venue);
        check_text(c[4], m->host);
        if (m->n_attendees)
            assert_true(strncmp(c[5], m->attendees[0].name, strlen(m->attendees[0].name)) == 0);
        else
            assert_string_equal(c[5], "");
        check_number(c[6], (long long)am->companies);
        check_number(c[7], (long long)am->all.pledges);
        check_number(c[8], (long long)am->all.with_amount);
        check_amount(c[9], c[10], am->all.with_amount > 0, am->all.total_krw);
        check_joined(c[11], &m->sources);
    }
    table_release(&t);
}

/* Every table, read back and compared with the aggregate. */
static void check_all_tables(const struct fixture *f, const struct csv_options *opt)
{
    check_by_company(f, opt);
    check_by_category(f, opt);
    check_company_category(f, opt);
    check_pledges(f, opt);
    check_meetings(f, opt);
}

static void check_every_option(const struct fixture *f)
{
    struct csv_options opt;
    int english, totals, no_bom;

    for (english = 0; english <= 1; english++)
        for (totals = 0; totals <= 1; totals++)
            for (no_bom = 0; no_bom <= 1; no_bom++) {
                memset(&opt, 0, sizeof opt);
                opt.english = english;
                opt.totals = totals;
                opt.no_bom = no_bom;
                check_all_tables(f, &opt);
            }
}

/* ---- tests ---------------------------------------------------------------- */

static void reads_back_every_seed_table_with_the_aggregate_figures(void **state)
{
    struct fixture f;
    (void)state;
    load_seed(&f);
    check_every_option(&f);
    release(&f);
}

static void reads_back_quotes_commas_and_line_breaks_unchanged(void **state)
{
    struct fixture f;
    (void)state;
    load_json(&f, tricky_json);
    check_every_option(&f);
    release(&f);
}

static void reads_back_amounts_above_two_to_the_53_exactly(void **state)
{
    struct fixture f;
    struct csv_options opt;
    struct table t;

    (void)state;
    load_json(&f, big_json);
    check_every_option(&f);
    memset(&opt, 0, sizeof opt);
    render_read(&f, CSV_BY_COMPANY, &opt, &t);
    assert_string_equal(t.rows[1].cells[0], "카카오");
    assert_string_equal(t.rows[1].cells[3], "18014398509481988");
    assert_string_equal(t.rows[2].cells[3], "1200000000000");
    table_release(&t);
    release(&f);
}

static void writes_only_headers_and_empty_categories_for_an_empty_dataset(void **state)
{
    struct fixture f;
    struct csv_options opt;
    struct table t;

    (void)state;
    load_json(&f, empty_json);
    check_every_option(&f);
    memset(&opt, 0, sizeof opt);
    render_read(&f, CSV_BY_COMPANY, &opt, &t);
    assert_int_equal(t.n, 1);
    table_release(&t);
    render_read(&f, CSV_BY_CATEGORY, &opt, &t);
    assert_int_equal(t.n, 14);
    assert_string_equal(t.rows[13].cells[0], "기타");
    assert_string_equal(t.rows[13].cells[1], "0");
    assert_string_equal(t.rows[13].cells[3], "");
    table_release(&t);
    release(&f);
}

static void leaves_amount_cells_empty_for_a_company_without_amounts(void **state)
{
    struct fixture f;
    struct csv_options opt;
    struct table t;

    (void)state;
    load_json(&f, tricky_json);
    memset(&opt, 0, sizeof opt);
    render_read(&f, CSV_BY_COMPANY, &opt, &t);
    /* 금액 없음: two pledges, no amount; first by count */
    assert_string_equal(t.rows[1].cells[0], "금액 없음");
    assert_string_equal(t.rows[1].cells[1], "2");
    assert_string_equal(t.rows[1].cells[2], "0");
    assert_string_equal(t.rows[1].cells[3], "");
    assert_string_equal(t.rows[1].cells[4], "");
    table_release(&t);
    release(&f);
}

static void starts_with_a_bom_unless_told_not_to(void **state)
{
    struct fixture f;
    struct csv_options opt;
    struct diag_list diags;
    int t;

    (void)state;
    load_json(&f, tricky_json);
    diag_list_init(&diags);
    for (t = 0; t < CSV_TABLE_COUNT; t++) {
        struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
        memset(&opt, 0, sizeof opt);
        assert_int_equal(csv_render(&f.agg, (enum csv_table)t, &opt, &a, &diags), 0);
        opt.no_bom = 1;
        assert_int_equal(csv_render(&f.agg, (enum csv_table)t, &opt, &b, &diags), 0);
        assert_memory_equal(a.buf, bom, 3);
        assert_int_equal(a.len, b.len + 3);
        assert_memory_equal(a.buf + 3, b.buf, b.len);
        assert_true(b.buf[0] == '"');
        strbuf_release(&a);
        strbuf_release(&b);
    }
    assert_int_equal(diags.count, 0);
    diag_list_release(&diags);
    release(&f);
}

static void ends_every_record_in_crlf_and_keeps_line_breaks_inside_quotes(void **state)
{
    struct fixture f;
    struct csv_options opt;
    struct diag_list diags;
    struct strbuf sb = STRBUF_INIT;

    (void)state;
    load_json(&f, tricky_json);
    diag_list_init(&diags);
    memset(&opt, 0, sizeof opt);
    opt.no_bom = 1;
    assert_int_equal(csv_render(&f.agg, CSV_PLEDGES, &opt, &sb, &diags), 0);
    assert_int_equal(crlf_records(sb.buf, sb.len), 1 + f.ds.n_pledges);
    assert_non_null(strstr(sb.buf, "\"첫 줄\n둘째 줄\r\n셋째 줄\""));
    assert_non_null(strstr(sb.buf, "\"따옴표 \"\"인용\"\", 쉼표\""));
    strbuf_release(&sb);
    assert_int_equal(csv_render(&f.agg, CSV_MEETINGS, &opt, &sb, &diags), 0);
    assert_int_equal(crlf_records(sb.buf, sb.len), 3);
    assert_non_null(strstr(sb.buf, "\"서울\n광화문\""));
    assert_non_null(strstr(sb.buf, "\"a.txt; b,c.txt\""));
    assert_non_null(strstr(sb.buf, "\"유상임 (과학기술정보통신부 장관); 홍길동; 김 (대표)\""));
    strbuf_release(&sb);
    diag_list_release(&diags);
    release(&f);
}

static void writes_english_or_korean_headers(void **state)
{
    struct fixture f;
    struct csv_options opt;
    struct table t;

    (void)state;
    load_json(&f, empty_json);
    memset(&opt, 0, sizeof opt);
    render_read(&f, CSV_PLEDGES, &opt, &t);
    check_header(&t.rows[0], pledges_ko, N(pledges_ko));
    table_release(&t);
    render_read(&f, CSV_BY_COMPANY, &opt, &t);
    check_keyed_header(&t.rows[0], "기업", "company", 0);
    table_release(&t);
    opt.english = 1;
    render_read(&f, CSV_PLEDGES, &opt, &t);
    check_header(&t.rows[0], pledges_en, N(pledges_en));
    table_release(&t);
    render_read(&f, CSV_MEETINGS, &opt, &t);
    check_header(&t.rows[0], meetings_en, N(meetings_en));
    table_release(&t);
    render_read(&f, CSV_BY_CATEGORY, &opt, &t);
    check_keyed_header(&t.rows[0], "분야", "category", 1);
    table_release(&t);
    release(&f);
}

static void guards_formula_like_text_but_not_numbers(void **state)
{
    struct fixture f;
    struct csv_options opt;
    struct diag_list diags;
    struct strbuf sb = STRBUF_INIT;
    struct table t;
    long k;

    (void)state;
    load_json(&f, tricky_json);
    memset(&opt, 0, sizeof opt);
    opt.no_bom = 1;
    diag_list_init(&diags);
    assert_int_equal(csv_render(&f.agg, CSV_BY_COMPANY, &opt, &sb, &diags), 0);
    assert_non_null(strstr(sb.buf, "\r\n\"'=HYPERLINK(\"\"http://x.example\"\",\"\"클릭\"\")\","
                                    "1,1,9007199254740993,"));
    assert_non_null(strstr(sb.buf, "\r\n\"'+82\",1,1,100000000000,"));
    assert_non_null(strstr(sb.buf, "\r\n\"'-1\",1,1,5,"));
    assert_non_null(strstr(sb.buf, "\r\n\"'@SUM(A1:A2)\",1,1,0,\"0원\","));
    assert_non_null(strstr(sb.buf, "\r\n\"'\t탭회사\",1,0,,\"\","));
    assert_null(strstr(sb.buf, ",'"));
    strbuf_release(&sb);

    render_read(&f, CSV_PLEDGES, &opt, &t);
    k = aggregate_company_index(&f.agg, "-1");
    assert_true(k >= 0);
    {
        char **c = t.rows[3].cells;  /* after 금액 없음's P7 (2023) and P6 (2024) */
        assert_string_equal(c[0], "P1");
        assert_string_equal(c[5], "따옴표 \"인용\", 쉼표");
        assert_string_equal(c[7], "9007199254740993");
        assert_string_equal(c[9], "'+900조");
    }
    {
        size_t i, seen = 0;
        for (i = 1; i < t.n; i++) {
            char **c = t.rows[i].cells;
            if (strcmp(c[0], "P2") == 0) {
                assert_string_equal(c[3], "'+82");
                assert_string_equal(c[5], "'-1 할인");
                assert_string_equal(c[7], "100000000000");
                seen++;
            } else if (strcmp(c[0], "P3") == 0) {
                assert_string_equal(c[3], "'-1");
                assert_string_equal(c[4], "'=수식 분야");
                assert_string_equal(c[5], "'@멘션");
                assert_string_equal(c[6], "'\t탭으로 시작");
                assert_string_equal(c[7], "5");
                seen++;
            } else if (strcmp(c[0], "P4") == 0) {
                assert_string_equal(c[5], "'\r캐리지 리턴");
                assert_string_equal(c[7], "0");
                seen++;
            } else if (strcmp(c[0], "P6") == 0) {
                assert_string_equal(c[5], "a=b 그대로");
                seen++;
            } else if (strcmp(c[0], "P7") == 0) {
                assert_string_equal(c[5], "'이미 따옴표");
                seen++;
            }
        }
        assert_int_equal(seen, 5);
    }
    table_release(&t);

    render_read(&f, CSV_MEETINGS, &opt, &t);
    assert_string_equal(t.rows[1].cells[0], "M0");
    assert_string_equal(t.rows[1].cells[2], "'=첫 회의");
    table_release(&t);
    diag_list_release(&diags);
    release(&f);
}

/* Convert CP949 bytes to UTF-8 with iconv; the conversion must be complete. */
static void cp949_to_utf8(const struct strbuf *in, struct strbuf *out)
{
    iconv_t cd = iconv_open("UTF-8", "CP949");
    char *src = in->buf, buf[4096];
    size_t left = in->len;

    assert_true(cd != (iconv_t)-1);
    while (left > 0) {
        char *dst = buf;
        size_t room = sizeof buf, r;
        r = iconv(cd, &src, &left, &dst, &room);
        strbuf_add(out, buf, (size_t)(dst - buf));
        if (r == (size_t)-1)
            assert_int_equal(errno, E2BIG);
    }
    iconv_close(cd);
}

static void check_cp949_round_trip(const struct fixture *f)
{
    struct csv_options opt;
    struct diag_list diags;
    int t, english;

    diag_list_init(&diags);
    for (english = 0; english <= 1; english++) {
        for (t = 0; t < CSV_TABLE_COUNT; t++) {
            struct strbuf utf8 = STRBUF_INIT, cp = STRBUF_INIT, back = STRBUF_INIT;
            memset(&opt, 0, sizeof opt);
            opt.english = english;
            opt.totals = 1;
            opt.no_bom = 1;
            assert_int_equal(csv_render(&f->agg, (enum csv_table)t, &opt, &utf8, &diags), 0);
            opt.no_bom = 0;
            opt.cp949 = 1;
            assert_int_equal(csv_render(&f->agg, (enum csv_table)t, &opt, &cp, &diags), 0);
            cp949_to_utf8(&cp, &back);
            assert_int_equal(back.len, utf8.len);
            assert_memory_equal(back.buf, utf8.buf, utf8.len);
            if (!english)  /* Korean text: CP949 is shorter than UTF-8 */
                assert_true(cp.len < utf8.len);
            strbuf_release(&utf8);
            strbuf_release(&cp);
            strbuf_release(&back);
        }
    }
    assert_int_equal(diags.count, 0);
    diag_list_release(&diags);
}

static void round_trips_the_seed_tables_through_cp949(void **state)
{
    struct fixture f;
    (void)state;
    load_seed(&f);
    check_cp949_round_trip(&f);
    release(&f);
}

static void round_trips_quoted_and_guarded_cells_through_cp949(void **state)
{
    struct fixture f;
    (void)state;
    load_json(&f, tricky_json);
    check_cp949_round_trip(&f);
    release(&f);
}

static void writes_the_middle_dot_in_cp949(void **state)
{
    struct fixture f;
    struct csv_options opt;
    struct diag_list diags;
    struct strbuf sb = STRBUF_INIT;

    (void)state;
    load_json(&f, big_json);
    memset(&opt, 0, sizeof opt);
    opt.cp949 = 1;
    diag_list_init(&diags);
    assert_int_equal(csv_render(&f.agg, CSV_BY_CATEGORY, &opt, &sb, &diags), 0);
    assert_int_equal(diags.count, 0);
    /* "디지털전환·교육": U+00B7 is A1 A4 in CP949 */
    assert_non_null(memchr(sb.buf, 0xA1, sb.len));
    assert_non_null(strstr(sb.buf, "\xA1\xA4"));
    assert_true(sb.buf[0] == '"');
    strbuf_release(&sb);
    diag_list_release(&diags);
    release(&f);
}

static const char cp949_bad_json[] =
    "{\"meetings\": [{\"id\": \"M1\", \"date\": \"2024-11-06\", \"title\": \"간담회\"}],\n"
    " \"pledges\": [\n"
    "  {\"id\": \"E1\", \"meeting\": \"M1\", \"company\": \"카카오\", \"category\": \"기타\",\n"
    "   \"title\": \"가\", \"amount_krw\": 1},\n"
    "  {\"id\": \"E2\", \"meeting\": \"M1\", \"company\": \"웃는 회사😀\", \"category\": \"기타\",\n"
    "   \"title\": \"나\", \"description\": \"첫 줄\\n이모지 🙂 포함\"},\n"
    "  {\"id\": \"E3\", \"meeting\": \"M1\", \"company\": \"㉠상사\", \"category\": \"수수료\",\n"
    "   \"title\": \"다 — 줄표\"}]}\n";

static void check_encode_diag(const struct diag *d, const char *want)
{
    assert_int_equal(d->code, DIAG_ENCODE);
    if (strcmp(d->text, want) != 0)
        print_error("got  '%s'\nwant '%s'\n", d->text, want);
    assert_string_equal(d->text, want);
}

static void reports_characters_cp949_cannot_hold_with_their_position(void **state)
{
    struct fixture f;
    struct csv_options opt;
    struct diag_list diags;
    struct strbuf sb = STRBUF_INIT;

    (void)state;
    load_json(&f, cp949_bad_json);
    memset(&opt, 0, sizeof opt);
    opt.cp949 = 1;

    /* order: 카카오 (1 won), then ㉠상사 (U+3260) before 웃는 회사😀 (U+C6C3) */
    diag_list_init(&diags);
    assert_int_equal(csv_render(&f.agg, CSV_BY_COMPANY, &opt, &sb, &diags), -1);
    assert_int_equal(diags.count, 1);
    assert_int_equal(diags.errors, 1);
    assert_int_equal(diags.status, EXIT_DATA);
    check_encode_diag(&diags.items[0], "U+1F600 '😀' cannot be written in CP949: "
                                       "by_company.csv, row 4, column 1 (기업)");
    strbuf_release(&sb);
    diag_list_release(&diags);

    /* every bad cell of a table is reported, in English column names too */
    diag_list_init(&diags);
    opt.english = 1;
    assert_int_equal(csv_render(&f.agg, CSV_PLEDGES, &opt, &sb, &diags), -1);
    assert_int_equal(diags.count, 3);
    check_encode_diag(&diags.items[0], "U+2014 '—' cannot be written in CP949: "
                                       "pledges.csv, row 3, column 6 (title)");
    check_encode_diag(&diags.items[1], "U+1F600 '😀' cannot be written in CP949: "
                                       "pledges.csv, row 4, column 4 (company)");
    check_encode_diag(&diags.items[2], "U+1F642 '🙂' cannot be written in CP949: "
                                       "pledges.csv, row 4, column 7 (description)");
    strbuf_release(&sb);
    diag_list_release(&diags);
    release(&f);
}

static void writes_circled_hangul_in_cp949(void **state)
{
    static const char json[] =
        "{\"meetings\": [{\"id\": \"M1\", \"date\": \"2024-11-06\", \"title\": \"간담회\"}],\n"
        " \"pledges\": [{\"id\": \"C1\", \"meeting\": \"M1\", \"company\": \"㉠상사\",\n"
        "   \"category\": \"기타\", \"title\": \"①번\"}]}\n";
    struct fixture f;
    (void)state;
    load_json(&f, json);
    check_cp949_round_trip(&f);
    release(&f);
}

static size_t files_in(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t n = 0;

    assert_non_null(d);
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

static void remove_files(const char *dir)
{
    int t;
    for (t = 0; t < CSV_TABLE_COUNT; t++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, csv_table_file((enum csv_table)t));
        unlink(path);
    }
}

static void leaves_no_file_behind_when_cp949_fails(void **state)
{
    struct fixture f;
    struct csv_options opt;
    struct outset set = OUTSET_INIT;
    char dir[] = "/tmp/test_csv.XXXXXX";

    (void)state;
    assert_non_null(mkdtemp(dir));
    load_json(&f, cp949_bad_json);
    memset(&opt, 0, sizeof opt);
    opt.cp949 = 1;
    assert_int_equal(csv_write_all(&f.agg, dir, &opt, &set, &f.diags), -1);
    outset_release(&set);
    assert_int_equal(files_in(dir), 0);
    /* every table is checked, so each one holding the character is named */
    assert_int_equal(f.diags.errors, f.diags.count);
    assert_true(f.diags.count >= 2);
    assert_non_null(strstr(f.diags.items[0].text, "by_company.csv"));
    assert_non_null(strstr(f.diags.items[f.diags.count - 1].text, "pledges.csv"));

    opt.cp949 = 0;
    assert_int_equal(csv_write_all(&f.agg, dir, &opt, &set, &f.diags), 0);
    assert_int_equal(set.count, CSV_TABLE_COUNT);
    assert_int_equal(outset_commit(&set, &f.diags), 0);
    outset_release(&set);
    assert_int_equal(files_in(dir), CSV_TABLE_COUNT);
    remove_files(dir);
    assert_int_equal(rmdir(dir), 0);
    release(&f);
}

/* Write the tables of 'f' into a new directory 'dir', fsync'd in the background or not. */
static void write_tables(struct fixture *f, char *dir, int background)
{
    struct csv_options opt;
    struct outset set = OUTSET_INIT;
    size_t i;

    assert_non_null(mkdtemp(dir));
    memset(&opt, 0, sizeof opt);
    set.sync_in_background = background;
    assert_int_equal(csv_write_all(&f->agg, dir, &opt, &set, &f->diags), 0);
    assert_int_equal(set.count, CSV_TABLE_COUNT);
    for (i = 0; i < set.count; i++) {
        /* a background fsync runs from the close on; otherwise the close did it */
        assert_int_equal(set.files[i].bg != NULL, background);
        assert_int_equal(set.files[i].synced, !background);
        assert_int_equal(set.files[i].fd, -1);
        assert_int_equal(access(set.files[i].path, F_OK), -1);   /* a temporary so far */
    }
    assert_int_equal(outset_commit(&set, &f->diags), 0);
    for (i = 0; i < set.count; i++)
        assert_int_equal(set.files[i].synced, 1);
    outset_release(&set);
    assert_int_equal(files_in(dir), CSV_TABLE_COUNT);
}

static void writes_the_same_files_with_fsync_at_close(void **state)
{
    struct fixture f;
    char bg[] = "/tmp/test_csv.XXXXXX", fg[] = "/tmp/test_csv.XXXXXX";
    int t;

    (void)state;
    load_json(&f, tricky_json);
    write_tables(&f, bg, 1);
    write_tables(&f, fg, 0);
    for (t = 0; t < CSV_TABLE_COUNT; t++) {
        char a[512], b[512];
        size_t alen, blen;
        unsigned char *x, *y;
        snprintf(a, sizeof a, "%s/%s", bg, csv_table_file((enum csv_table)t));
        snprintf(b, sizeof b, "%s/%s", fg, csv_table_file((enum csv_table)t));
        x = read_file(a, &alen);
        y = read_file(b, &blen);
        assert_memory_equal(x, y, alen < blen ? alen : blen);
        assert_int_equal(alen, blen);
        free(x);
        free(y);
    }
    assert_int_equal(f.diags.count, 0);
    remove_files(bg);
    remove_files(fg);
    assert_int_equal(rmdir(bg), 0);
    assert_int_equal(rmdir(fg), 0);
    release(&f);
}

static void names_the_five_table_files(void **state)
{
    (void)state;
    assert_string_equal(csv_table_file(CSV_BY_COMPANY), "by_company.csv");
    assert_string_equal(csv_table_file(CSV_BY_CATEGORY), "by_category.csv");
    assert_string_equal(csv_table_file(CSV_COMPANY_CATEGORY), "company_category.csv");
    assert_string_equal(csv_table_file(CSV_PLEDGES), "pledges.csv");
    assert_string_equal(csv_table_file(CSV_MEETINGS), "meetings.csv");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_back_every_seed_table_with_the_aggregate_figures),
        cmocka_unit_test(reads_back_quotes_commas_and_line_breaks_unchanged),
        cmocka_unit_test(reads_back_amounts_above_two_to_the_53_exactly),
        cmocka_unit_test(writes_only_headers_and_empty_categories_for_an_empty_dataset),
        cmocka_unit_test(leaves_amount_cells_empty_for_a_company_without_amounts),
        cmocka_unit_test(starts_with_a_bom_unless_told_not_to),
        cmocka_unit_test(ends_every_record_in_crlf_and_keeps_line_breaks_inside_quotes),
        cmocka_unit_test(writes_english_or_korean_headers),
        cmocka_unit_test(guards_formula_like_text_but_not_numbers),
        cmocka_unit_test(round_trips_the_seed_tables_through_cp949),
        cmocka_unit_test(round_trips_quoted_and_guarded_cells_through_cp949),
        cmocka_unit_test(writes_the_middle_dot_in_cp949),
        cmocka_unit_test(reports_characters_cp949_cannot_hold_with_their_position),
        cmocka_unit_test(writes_circled_hangul_in_cp949),
        cmocka_unit_test(leaves_no_file_behind_when_cp949_fails),
        cmocka_unit_test(writes_the_same_files_with_fsync_at_close),
        cmocka_unit_test(names_the_five_table_files),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
