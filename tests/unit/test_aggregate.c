/*
 * test_aggregate.c - unit tests for aggregate.c: counts and exact totals by
 * company, category, company x category, meeting, status and due month;
 * overflow reported as an error; the documented orders of companies,
 * categories, meetings, due months and pledges.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "aggregate.h"
#include "dataset.h"
#include "diag.h"
#include "strbuf.h"

/* One meeting of a synthetic dataset. */
struct m {
    const char *id, *date;
};

/*
 * One pledge of a synthetic dataset.  'amount' is raw JSON ("12", "null",
 * "\"47억 원\""); NULL leaves the field out, as do NULL 'due' and 'status'.
 */
struct p {
    const char *id, *meeting, *company, *category, *amount, *due, *status;
};

struct fixture {
    struct dataset ds;
    struct diag_list diags;
    struct aggregate agg;
};

/* Append 's' as a JSON string literal. */
static void json_str(struct strbuf *sb, const char *s)
{
    strbuf_addch(sb, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            strbuf_addf(sb, "\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            strbuf_addf(sb, "\\u%04x", (unsigned)(unsigned char)*s);
        else
            strbuf_addch(sb, *s);
    }
    strbuf_addch(sb, '"');
}

/* The dataset document for 'ms' and 'ps'; 'categories' is raw JSON or NULL. */
static void dataset_json(struct strbuf *sb, const char *categories, const struct m *ms,
                         size_t n_ms, const struct p *ps, size_t n_ps)
{
    size_t i;

    strbuf_addstr(sb, "{");
    if (categories)
        strbuf_addf(sb, "\"categories\": %s,\n", categories);
    strbuf_addstr(sb, "\"meetings\": [");
    for (i = 0; i < n_ms; i++) {
        strbuf_addstr(sb, i ? ",\n{\"id\": " : "\n{\"id\": ");
        json_str(sb, ms[i].id);
        strbuf_addf(sb, ", \"date\": \"%s\", \"title\": \"회의 %zu\"}", ms[i].date, i + 1);
    }
    strbuf_addstr(sb, "],\n\"pledges\": [");
    for (i = 0; i < n_ps; i++) {
        const struct p *p = &ps[i];
        strbuf_addstr(sb, i ? ",\n{\"id\": " : "\n{\"id\": ");
        json_str(sb, p->id);
        strbuf_addstr(sb, ", \"meeting\": ");
        json_str(sb, p->meeting);
        strbuf_addstr(sb, ", \"company\": ");
        json_str(sb, p->company);
        strbuf_addstr(sb, ", \"category\": ");
        json_str(sb, p->category);
        strbuf_addstr(sb, ", \"title\": \"약속\"");
        if (p->amount)
            strbuf_addf(sb, ", \"amount_krw\": %s", p->amount);
        if (p->due)
            strbuf_addf(sb, ", \"due\": \"%s\"", p->due);
        if (p->status)
            strbuf_addf(sb, ", \"status\": \"%s\"", p->status);
        strbuf_addstr(sb, "}");
    }
    strbuf_addstr(sb, "]}\n");
}

/* Load and validate (both must succeed), then aggregate as of 'as_of'. */
static int build(struct fixture *f, const char *categories, const struct m *ms, size_t n_ms,
                 const struct p *ps, size_t n_ps, const char *as_of)
{
    struct strbuf json = STRBUF_INIT;
    struct aggregate_options opt;
    int rc;

    memset(f, 0, sizeof *f);
    dataset_init(&f->ds);
    diag_list_init(&f->diags);
    dataset_json(&json, categories, ms, n_ms, ps, n_ps);
    rc = dataset_load_buffer(&f->ds, "test.json", json.buf, json.len, &f->diags);
    if (rc != 0 || f->diags.errors) {
        print_error("cannot load:\n%s\n", json.buf);
        diag_print_all(stderr, &f->diags);
    }
    assert_int_equal(rc, 0);
    assert_int_equal(dataset_validate(&f->ds, &f->diags), 0);
    assert_int_equal(f->diags.errors, 0);
    strbuf_release(&json);

    memset(&opt, 0, sizeof opt);
    assert_int_equal(date_parse(as_of, strlen(as_of), &opt.as_of), DATE_OK);
    return aggregate_build(&f->agg, &f->ds, &opt, &f->diags);
}

static void build_ok(struct fixture *f, const char *categories, const struct m *ms,
                     size_t n_ms, const struct p *ps, size_t n_ps)
{
    int rc = build(f, categories, ms, n_ms, ps, n_ps, "2024-12-31");
    if (rc != 0)
        diag_print_all(stderr, &f->diags);
    assert_int_equal(rc, 0);
    assert_int_equal(f->diags.count, 0);
}

static void release(struct fixture *f)
{
    aggregate_release(&f->agg);
    dataset_release(&f->ds);
    diag_list_release(&f->diags);
}

#define N(a) (sizeof (a) / sizeof (a)[0])

static const struct agg_company *company(const struct fixture *f, const char *name)
{
    long i = aggregate_company_index(&f->agg, name);
    if (i < 0)
        print_error("no company '%s'\n", name);
    assert_true(i >= 0);
    return &f->agg.companies[i];
}

static size_t category(const struct fixture *f, const char *name)
{
    int k = dataset_category_index(&f->ds, name);
    assert_true(k >= 0);
    return (size_t)k;
}

static void check_cell(const struct agg_cell *c, size_t pledges, size_t with_amount,
                       int64_t total)
{
    assert_int_equal(c->pledges, pledges);
    assert_int_equal(c->with_amount, with_amount);
    assert_true(c->total_krw == total);
}

/* Names of the companies in aggregate order, joined by '|'. */
static void check_company_order(const struct fixture *f, const char *want)
{
    struct strbuf sb = STRBUF_INIT;
    size_t i;
    for (i = 0; i < f->agg.n_companies; i++)
        strbuf_addf(&sb, "%s%s", i ? "|" : "", f->agg.companies[i].name);
    assert_string_equal(sb.buf, want);
    strbuf_release(&sb);
}

static const struct m two_meetings[] = {
    {"M1", "2024-11-06"},
    {"M2", "2023-11-07"},
};

static void counts_and_sums_by_company_category_and_both(void **state)
{
    static const struct p ps[] = {
        {"P1", "M1", "네이버", "판로지원", "100", NULL, NULL},
        {"P2", "M1", "네이버", "판로지원", "\"47억 원\"", NULL, NULL},
        {"P3", "M2", "네이버", "수수료", NULL, NULL, NULL},
        {"P4", "M1", "카카오", "판로지원", "null", NULL, NULL},
        {"P5", "M2", "카카오", "기타", "5", NULL, NULL},
        {"P6", "M2", "쿠팡", "수수료", "\"9000만원\"", NULL, NULL},
    };
    struct fixture f;
    const struct agg_company *naver, *kakao, *coupang;
    size_t sales, fees, other, i, k;

    (void)state;
    build_ok(&f, NULL, two_meetings, N(two_meetings), ps, N(ps));
    sales = category(&f, "판로지원");
    fees = category(&f, "수수료");
    other = category(&f, "기타");

    check_cell(&f.agg.total, 6, 4, 100 + 4700000000LL + 5 + 90000000LL);
    assert_int_equal(f.agg.n_companies, 3);
    naver = company(&f, "네이버");
    kakao = company(&f, "카카오");
    coupang = company(&f, "쿠팡");
    check_cell(&naver->all, 3, 2, 4700000100LL);
    check_cell(&kakao->all, 2, 1, 5);
    check_cell(&coupang->all, 1, 1, 90000000LL);

    check_cell(&f.agg.by_category[sales], 3, 2, 4700000100LL);
    check_cell(&f.agg.by_category[fees], 2, 1, 90000000LL);
    check_cell(&f.agg.by_category[other], 1, 1, 5);

    check_cell(&naver->by_category[sales], 2, 2, 4700000100LL);
    check_cell(&naver->by_category[fees], 1, 0, 0);
    check_cell(&naver->by_category[other], 0, 0, 0);
    check_cell(&kakao->by_category[sales], 1, 0, 0);
    check_cell(&kakao->by_category[other], 1, 1, 5);
    check_cell(&coupang->by_category[fees], 1, 1, 90000000LL);

    /* every breakdown adds up to the total */
    for (k = 0; k < f.agg.n_categories; k++) {
        size_t sum = 0;
        int64_t krw = 0;
        for (i = 0; i < f.agg.n_companies; i++) {
            sum += f.agg.companies[i].by_category[k].pledges;
            krw += f.agg.companies[i].by_category[k].total_krw;
        }
        assert_int_equal(sum, f.agg.by_category[k].pledges);
        assert_true(krw == f.agg.by_category[k].total_krw);
    }
    release(&f);
}

static void sums_amounts_above_two_to_the_53_exactly(void **state)
{
    /* doubles would round each of these to an even number */
    static const struct p ps[] = {
        {"P1", "M1", "A", "기타", "9007199254740993", "2025-03-01", NULL},
        {"P2", "M1", "A", "기타", "9007199254740995", "2025-03-02", NULL},
        {"P3", "M1", "A", "기타", "1", "2025-03-03", NULL},
        {"P4", "M2", "B", "기타", "\"1조 2,000억 원\"", NULL, NULL},
    };
    struct fixture f;
    const int64_t a = 9007199254740993LL + 9007199254740995LL + 1;
    const int64_t b = 1200000000000LL;

    (void)state;
    build_ok(&f, NULL, two_meetings, N(two_meetings), ps, N(ps));
    assert_true(a == 18014398509481989LL);
    check_cell(&company(&f, "A")->all, 3, 3, a);
    check_cell(&company(&f, "B")->all, 1, 1, b);
    check_cell(&f.agg.total, 4, 4, a + b);
    check_cell(&f.agg.by_category[category(&f, "기타")], 4, 4, a + b);
    check_cell(&f.agg.by_status[STATUS_PLANNED], 4, 4, a + b);
    assert_int_equal(f.agg.n_due_months, 2);
    check_cell(&f.agg.due_months[0].all, 3, 3, a);
    check_cell(&f.agg.due_months[1].all, 1, 1, b);
    /* meetings sorted by date: M2 (2023) first */
    check_cell(&f.agg.meetings[0].all, 1, 1, b);
    check_cell(&f.agg.meetings[1].all, 3, 3, a);
    release(&f);
}

static void sums_up_to_the_largest_int64_without_error(void **state)
{
    static const struct p ps[] = {
        {"P1", "M1", "A", "기타", "9223372036854775806", NULL, NULL},
        {"P2", "M1", "B", "기타", "1", NULL, NULL},
        {"P3", "M1", "B", "기타", "0", NULL, NULL},
    };
    struct fixture f;

    (void)state;
    build_ok(&f, NULL, two_meetings, N(two_meetings), ps, N(ps));
    check_cell(&f.agg.total, 3, 3, INT64_MAX);
    check_cell(&company(&f, "B")->all, 2, 2, 1);
    release(&f);
}

static void check_overflow(const struct p *ps, size_t n, const char *what)
{
    struct fixture f;
    int rc = build(&f, NULL, two_meetings, N(two_meetings), ps, n, "2024-12-31");

    assert_int_equal(rc, -1);
    assert_int_equal(f.diags.errors, 1);
    assert_int_equal(f.diags.count, 1);
    assert_int_equal(f.diags.items[0].code, DIAG_AMOUNT_RANGE);
    assert_non_null(strstr(f.diags.items[0].text, what));
    assert_non_null(strstr(f.diags.items[0].text, "9,223,372,036,854,775,807"));
    assert_int_equal(f.diags.status, EXIT_DATA);
    release(&f);
}

static void reports_a_company_total_that_overflows_instead_of_wrapping(void **state)
{
    static const struct p ps[] = {
        {"P1", "M1", "A", "기타", "9223372036854775807", NULL, NULL},
        {"P2", "M1", "A", "기타", "1", NULL, NULL},
    };
    (void)state;
    check_overflow(ps, N(ps), "a company's amounts");
}

static void reports_a_grand_total_that_overflows_across_companies(void **state)
{
    static const struct p ps[] = {
        {"P1", "M1", "A", "기타", "5000000000000000000", NULL, NULL},
        {"P2", "M2", "B", "판로지원", "\"500경 원\"", NULL, NULL},
    };
    (void)state;
    check_overflow(ps, N(ps), "all amounts");
}

static void orders_companies_by_count_then_total_then_code_point(void **state)
{
    /* given in the reverse of the expected order, ties broken by name */
    static const struct p ps[] = {
        {"P01", "M1", "알파", "기타", "0", NULL, NULL},
        {"P02", "M1", "가나", "기타", NULL, NULL, NULL},
        {"P03", "M1", "apple", "기타", NULL, NULL, NULL},
        {"P04", "M1", "Zeta", "기타", NULL, NULL, NULL},
        {"P05", "M1", "Banana", "기타", NULL, NULL, NULL},
        {"P06", "M1", "Alpha", "기타", NULL, NULL, NULL},
        {"P07", "M1", "작은곳", "기타", "7", NULL, NULL},
        {"P08", "M1", "네이버", "기타", "100", NULL, NULL},
        {"P09", "M1", "네이버", "기타", NULL, NULL, NULL},
        {"P10", "M1", "쿠팡", "기타", "300", NULL, NULL},
        {"P11", "M1", "쿠팡", "기타", NULL, NULL, NULL},
        {"P12", "M1", "카카오", "기타", NULL, NULL, NULL},
        {"P13", "M1", "카카오", "기타", NULL, NULL, NULL},
        {"P14", "M1", "카카오", "기타", NULL, NULL, NULL},
    };
    struct fixture f;
    size_t i;

    (void)state;
    build_ok(&f, NULL, two_meetings, N(two_meetings), ps, N(ps));
    check_company_order(&f, "카카오|쿠팡|네이버|작은곳|Alpha|Banana|Zeta|apple|가나|알파");
    for (i = 0; i < f.ds.n_pledges; i++)
        assert_string_equal(f.agg.companies[f.agg.pledge_company[i]].name,
                            f.ds.pledges[i].company);
    assert_int_equal(aggregate_company_index(&f.agg, "카카오"), 0);
    assert_int_equal(aggregate_company_index(&f.agg, "알파"), 9);
    assert_int_equal(aggregate_company_index(&f.agg, "없음"), -1);
    release(&f);
}

static void keeps_the_company_order_whatever_the_dataset_order(void **state)
{
    static const struct p fwd[] = {
        {"P1", "M1", "나", "기타", "1", NULL, NULL},
        {"P2", "M1", "가", "기타", "1", NULL, NULL},
        {"P3", "M1", "다", "기타", "2", NULL, NULL},
    };
    static const struct p rev[] = {
        {"P3", "M1", "다", "기타", "2", NULL, NULL},
        {"P2", "M1", "가", "기타", "1", NULL, NULL},
        {"P1", "M1", "나", "기타", "1", NULL, NULL},
    };
    struct fixture f;

    (void)state;
    build_ok(&f, NULL, two_meetings, N(two_meetings), fwd, N(fwd));
    check_company_order(&f, "다|가|나");
    release(&f);
    build_ok(&f, NULL, two_meetings, N(two_meetings), rev, N(rev));
    check_company_order(&f, "다|가|나");
    release(&f);
}

static void lists_categories_in_vocabulary_order_with_empty_ones(void **state)
{
    static const struct p ps[] = {
        {"P1", "M1", "A", "가", "10", NULL, NULL},
        {"P2", "M1", "A", "다", "20", NULL, NULL},
        {"P3", "M1", "B", "다", NULL, NULL, NULL},
    };
    struct fixture f;

    (void)state;
    build_ok(&f, "[\"다\", \"나\", \"가\"]", two_meetings, N(two_meetings), ps, N(ps));
    assert_int_equal(f.agg.n_categories, 3);
    assert_string_equal(f.ds.categories.items[0], "다");
    assert_string_equal(f.ds.categories.items[1], "나");
    assert_string_equal(f.ds.categories.items[2], "가");
    check_cell(&f.agg.by_category[0], 2, 1, 20);
    check_cell(&f.agg.by_category[1], 0, 0, 0);
    check_cell(&f.agg.by_category[2], 1, 1, 10);
    check_cell(&company(&f, "A")->by_category[1], 0, 0, 0);
    release(&f);
}

static void uses_the_default_vocabulary_of_thirteen_categories(void **state)
{
    static const struct p ps[] = {
        {"P1", "M1", "A", "기타", "10", NULL, NULL},
        {"P2", "M1", "A", "판로지원", "20", NULL, NULL},
    };
    struct fixture f;

    (void)state;
    build_ok(&f, NULL, two_meetings, N(two_meetings), ps, N(ps));
    assert_int_equal(f.agg.n_categories, 13);
    assert_string_equal(f.ds.categories.items[0], "판로지원");
    assert_string_equal(f.ds.categories.items[1], "디지털전환\xC2\xB7교육");
    assert_string_equal(f.ds.categories.items[12], "기타");
    check_cell(&f.agg.by_category[0], 1, 1, 20);
    check_cell(&f.agg.by_category[12], 1, 1, 10);
    check_cell(&f.agg.by_category[6], 0, 0, 0);
    release(&f);
}

static void counts_companies_pledges_and_totals_per_meeting(void **state)
{
    static const struct m ms[] = {
        {"M-late", "2024-11-06"},
        {"M-b", "2023-11-07"},
        {"M-empty", "2024-01-01"},
        {"M-a", "2023-11-07"},
    };
    static const struct p ps[] = {
        {"P1", "M-late", "A", "기타", "10", NULL, NULL},
        {"P2", "M-late", "A", "기타", "20", NULL, NULL},
        {"P3", "M-late", "B", "기타", NULL, NULL, NULL},
        {"P4", "M-b", "B", "기타", "5", NULL, NULL},
        {"P5", "M-a", "C", "기타", NULL, NULL, NULL},
        {"P6", "M-late", "C", "기타", "1", NULL, NULL},
        {"P7", "M-b", "B", "기타", "2", NULL, NULL},
    };
    struct fixture f;
    char d[11];

    (void)state;
    build_ok(&f, NULL, ms, N(ms), ps, N(ps));
    assert_int_equal(f.agg.n_meetings, 4);
    /* date ascending, then id */
    assert_string_equal(f.ds.meetings[f.agg.meetings[0].meeting].id, "M-a");
    assert_string_equal(f.ds.meetings[f.agg.meetings[1].meeting].id, "M-b");
    assert_string_equal(f.ds.meetings[f.agg.meetings[2].meeting].id, "M-empty");
    assert_string_equal(f.ds.meetings[f.agg.meetings[3].meeting].id, "M-late");

    assert_int_equal(f.agg.meetings[0].companies, 1);
    check_cell(&f.agg.meetings[0].all, 1, 0, 0);
    assert_int_equal(f.agg.meetings[1].companies, 1);
    check_cell(&f.agg.meetings[1].all, 2, 2, 7);
    assert_int_equal(f.agg.meetings[2].companies, 0);
    check_cell(&f.agg.meetings[2].all, 0, 0, 0);
    assert_int_equal(f.agg.meetings[3].companies, 3);
    check_cell(&f.agg.meetings[3].all, 4, 3, 31);

    assert_int_equal(company(&f, "A")->n_meetings, 1);
    assert_int_equal(company(&f, "B")->n_meetings, 2);
    assert_int_equal(company(&f, "C")->n_meetings, 2);

    date_format(f.agg.first_meeting, d);
    assert_string_equal(d, "2023-11-07");
    date_format(f.agg.last_meeting, d);
    assert_string_equal(d, "2024-11-06");
    release(&f);
}

static void counts_pledges_per_status_with_planned_as_default(void **state)
{
    static const struct p ps[] = {
        {"P1", "M1", "A", "기타", "1", NULL, NULL},
        {"P2", "M1", "A", "기타", "2", NULL, "planned"},
        {"P3", "M1", "A", "기타", "4", NULL, "in_preparation"},
        {"P4", "M1", "B", "기타", NULL, NULL, "ongoing"},
        {"P5", "M1", "B", "기타", "8", NULL, "ongoing"},
        {"P6", "M1", "B", "기타", "16", NULL, "done"},
        {"P7", "M1", "C", "기타", NULL, NULL, "reported"},
    };
    struct fixture f;
    size_t s, sum = 0;

    (void)state;
    build_ok(&f, NULL, two_meetings, N(two_meetings), ps, N(ps));
    check_cell(&f.agg.by_status[STATUS_PLANNED], 2, 2, 3);
    check_cell(&f.agg.by_status[STATUS_IN_PREPARATION], 1, 1, 4);
    check_cell(&f.agg.by_status[STATUS_ONGOING], 2, 1, 8);
    check_cell(&f.agg.by_status[STATUS_DONE], 1, 1, 16);
    check_cell(&f.agg.by_status[STATUS_REPORTED], 1, 0, 0);
    for (s = 0; s < STATUS_COUNT; s++)
        sum += f.agg.by_status[s].pledges;
    assert_int_equal(sum, 7);
    /* done counts both finished statuses */
    assert_int_equal(f.agg.total.done, 2);
    assert_int_equal(company(&f, "B")->all.done, 1);
    assert_int_equal(company(&f, "C")->all.done, 1);
    assert_int_equal(f.agg.by_status[STATUS_DONE].done, 1);
    assert_int_equal(f.agg.by_status[STATUS_REPORTED].done, 1);
    assert_int_equal(f.agg.by_status[STATUS_ONGOING].done, 0);
    release(&f);
}

static void counts_overdue_and_due_soon_around_the_report_date(void **state)
{
    /* as of 2024-12-31 */
    static const struct p ps[] = {
        {"P01", "M1", "A", "기타", NULL, "2024-12-30", NULL},             /* overdue */
        {"P02", "M1", "A", "기타", NULL, "2024-12-30", "ongoing"},        /* overdue */
        {"P03", "M1", "A", "기타", NULL, "2024-12-30", "in_preparation"}, /* overdue */
        {"P04", "M1", "B", "기타", NULL, "2024-12-30", "done"},
        {"P05", "M1", "B", "기타", NULL, "2024-12-30", "reported"},
        {"P06", "M1", "B", "기타", NULL, "2024-12-31", NULL},             /* soon */
        {"P07", "M1", "C", "기타", NULL, "2025-01-30", NULL},             /* soon */
        {"P08", "M1", "C", "기타", NULL, "2025-01-31", NULL},
        {"P09", "M1", "C", "기타", NULL, "2025-01-15", "done"},
        {"P10", "M1", "C", "기타", NULL, NULL, NULL},
    };
    struct fixture f;
    const struct agg_cell *t;

    (void)state;
    build_ok(&f, NULL, two_meetings, N(two_meetings), ps, N(ps));
    t = &f.agg.total;
    assert_int_equal(t->pledges, 10);
    assert_int_equal(t->with_due, 9);
    assert_int_equal(t->due_in_period, 9); /* no period: every due date counts */
    assert_int_equal(t->overdue, 3);
    assert_int_equal(t->due_soon, 2);
    assert_int_equal(t->done, 3);
    assert_int_equal(company(&f, "A")->all.overdue, 3);
    assert_int_equal(company(&f, "B")->all.overdue, 0);
    assert_int_equal(company(&f, "B")->all.due_soon, 1);
    assert_int_equal(company(&f, "C")->all.due_soon, 1);
    assert_int_equal(company(&f, "C")->all.with_due, 3);
    assert_int_equal(f.agg.by_status[STATUS_ONGOING].overdue, 1);
    assert_int_equal(f.agg.by_status[STATUS_DONE].overdue, 0);
    release(&f);
}

static void restricts_to_the_period_and_carries_earlier_pledges(void **state)
{
    /* M1 (2024-11-06) is in November 2024; M2 (2023-11-07) is a year earlier */
    static const struct p ps[] = {
        {"P1", "M1", "A", "기타", NULL, "2024-11-20", NULL},     /* in the period */
        {"P2", "M1", "B", "기타", NULL, "2025-01-01", NULL},     /* in the period */
        {"P3", "M2", "A", "기타", NULL, "2024-11-30", "done"},   /* due in it: carried */
        {"P4", "M2", "B", "기타", NULL, "2024-06-30", NULL},     /* overdue: carried */
        {"P5", "M2", "A", "기타", NULL, "2024-06-30", "reported"}, /* finished: not */
        {"P6", "M2", "A", "기타", NULL, "2025-06-30", NULL},     /* due later: not */
        {"P7", "M2", "A", "기타", NULL, NULL, NULL},             /* no due date: not */
    };
    struct fixture f;
    struct aggregate_options opt;
    struct strbuf json = STRBUF_INIT;

    (void)state;
    memset(&f, 0, sizeof f);
    dataset_init(&f.ds);
    diag_list_init(&f.diags);
    dataset_json(&json, NULL, two_meetings, N(two_meetings), ps, N(ps));
    assert_int_equal(dataset_load_buffer(&f.ds, "t.json", json.buf, json.len, &f.diags), 0);
    assert_int_equal(dataset_validate(&f.ds, &f.diags), 0);
    memset(&opt, 0, sizeof opt);
    assert_int_equal(date_parse("2024-11-30", 10, &opt.as_of), DATE_OK);
    opt.has_period = 1;
    assert_int_equal(date_parse("2024-11-01", 10, &opt.period_from), DATE_OK);
    assert_int_equal(date_parse("2024-11-30", 10, &opt.period_to), DATE_OK);
    assert_int_equal(aggregate_build(&f.agg, &f.ds, &opt, &f.diags), 0);
    assert_int_equal(f.agg.n_pledges, 2);
    assert_int_equal(f.agg.total.pledges, 2);
    assert_int_equal(f.agg.total.with_due, 2);
    assert_int_equal(f.agg.total.due_in_period, 1);
    assert_int_equal(f.agg.n_meetings, 1);
    assert_string_equal(f.ds.meetings[f.agg.meetings[0].meeting].id, "M1");
    assert_int_equal(f.agg.n_carried, 2);  /* by due date: P4 (June), then P3 */
    assert_string_equal(f.ds.pledges[f.agg.carried[0]].id, "P4");
    assert_string_equal(f.ds.pledges[f.agg.carried[1]].id, "P3");
    strbuf_release(&json);
    release(&f);
}

static void restricts_to_the_chosen_companies(void **state)
{
    static const struct p ps[] = {
        {"P1", "M1", "A", "기타", "5", NULL, NULL},
        {"P2", "M1", "B", "기타", "7", NULL, NULL},
        {"P3", "M2", "B", "기타", "1", NULL, NULL},
    };
    static const char *const only[] = {"B"};
    struct fixture f;
    struct aggregate_options opt;
    struct strbuf json = STRBUF_INIT;

    (void)state;
    memset(&f, 0, sizeof f);
    dataset_init(&f.ds);
    diag_list_init(&f.diags);
    dataset_json(&json, NULL, two_meetings, N(two_meetings), ps, N(ps));
    assert_int_equal(dataset_load_buffer(&f.ds, "t.json", json.buf, json.len, &f.diags), 0);
    assert_int_equal(dataset_validate(&f.ds, &f.diags), 0);
    memset(&opt, 0, sizeof opt);
    assert_int_equal(date_parse("2024-12-31", 10, &opt.as_of), DATE_OK);
    opt.companies = only;
    opt.n_companies = 1;
    assert_int_equal(aggregate_build(&f.agg, &f.ds, &opt, &f.diags), 0);
    assert_int_equal(f.agg.n_companies, 1);
    assert_string_equal(f.agg.companies[0].name, "B");
    assert_int_equal(f.agg.total.pledges, 2);
    assert_int_equal(f.agg.total.total_krw, 8);
    assert_int_equal(f.agg.n_meetings, 2);
    assert_int_equal(f.agg.n_carried, 0);
    strbuf_release(&json);
    release(&f);
}

static void groups_due_months_ascending_with_no_due_last(void **state)
{
    static const struct p ps[] = {
        {"P1", "M1", "A", "기타", NULL, NULL, NULL},
        {"P2", "M1", "A", "기타", "1", "2025-03-01", NULL},
        {"P3", "M1", "B", "기타", "2", "2024-12-15", NULL},
        {"P4", "M1", "B", "기타", "4", "2024-12-31", NULL},
        {"P5", "M1", "C", "기타", "8", NULL, NULL},
        {"P6", "M1", "C", "기타", NULL, "2025-03-31", "done"},
        {"P7", "M1", "C", "기타", "16", "2023-12-01", NULL},
        {"P8", "M1", "C", "기타", "32", "2025-01-01", NULL},
    };
    struct fixture f;
    const struct agg_due_month *dm;

    (void)state;
    build_ok(&f, NULL, two_meetings, N(two_meetings), ps, N(ps));
    assert_int_equal(f.agg.n_due_months, 5);
    dm = f.agg.due_months;
    assert_int_equal(dm[0].year, 2023);
    assert_int_equal(dm[0].month, 12);
    check_cell(&dm[0].all, 1, 1, 16);
    assert_int_equal(dm[1].year, 2024);
    assert_int_equal(dm[1].month, 12);
    check_cell(&dm[1].all, 2, 2, 6);
    assert_int_equal(dm[2].year, 2025);
    assert_int_equal(dm[2].month, 1);
    check_cell(&dm[2].all, 1, 1, 32);
    assert_int_equal(dm[3].year, 2025);
    assert_int_equal(dm[3].month, 3);
    check_cell(&dm[3].all, 2, 1, 1);
    assert_int_equal(dm[3].all.done, 1);
    assert_int_equal(dm[4].year, 0);
    assert_int_equal(dm[4].month, 0);
    check_cell(&dm[4].all, 2, 1, 8);
    assert_int_equal(dm[4].all.with_due, 0);
    release(&f);
}

static void makes_one_no_due_bucket_when_nothing_has_a_due_date(void **state)
{
    static const struct p ps[] = {
        {"P1", "M1", "A", "기타", "3", NULL, NULL},
        {"P2", "M1", "B", "기타", NULL, NULL, NULL},
    };
    struct fixture f;

    (void)state;
    build_ok(&f, NULL, two_meetings, N(two_meetings), ps, N(ps));
    assert_int_equal(f.agg.n_due_months, 1);
    assert_int_equal(f.agg.due_months[0].year, 0);
    check_cell(&f.agg.due_months[0].all, 2, 1, 3);
    release(&f);
}

static void orders_pledges_by_company_then_meeting_date_then_id(void **state)
{
    static const struct m ms[] = {
        {"M-2024", "2024-11-06"},
        {"M-2022", "2022-04-06"},
        {"M-2023", "2023-11-07"},
    };
    static const struct p ps[] = {
        {"P9", "M-2024", "B", "기타", NULL, NULL, NULL},
        {"P10", "M-2024", "B", "기타", NULL, NULL, NULL},
        {"P2", "M-2022", "B", "기타", NULL, NULL, NULL},
        {"Q1", "M-2022", "A", "기타", "1", NULL, NULL},
        {"Q0", "M-2023", "A", "기타", NULL, NULL, NULL},
        {"P1", "M-2023", "B", "기타", NULL, NULL, NULL},
        {"Z", "M-2022", "C", "기타", NULL, NULL, NULL},
        {"R1", "M-2024", "A", "기타", NULL, NULL, NULL},
        {"R0", "M-2022", "D", "기타", "1", NULL, NULL},
    };
    static const char *const want[] = {
        /* B: 4 pledges; A: 3; D: 1 with 1 won; C: 1 */
        "P2", "P1", "P10", "P9", "Q1", "Q0", "R1", "R0", "Z",
    };
    struct fixture f;
    size_t i;

    (void)state;
    build_ok(&f, NULL, ms, N(ms), ps, N(ps));
    check_company_order(&f, "B|A|D|C");
    for (i = 0; i < N(want); i++)
        assert_string_equal(f.ds.pledges[f.agg.pledge_order[i]].id, want[i]);
    release(&f);
}

static void aggregates_an_empty_dataset_to_zeros(void **state)
{
    struct fixture f;
    struct strbuf dump = STRBUF_INIT;
    size_t k;

    (void)state;
    build_ok(&f, NULL, NULL, 0, NULL, 0);
    assert_int_equal(f.agg.n_companies, 0);
    assert_int_equal(f.agg.n_meetings, 0);
    assert_int_equal(f.agg.n_due_months, 0);
    assert_int_equal(f.agg.n_categories, 13);
    check_cell(&f.agg.total, 0, 0, 0);
    for (k = 0; k < f.agg.n_categories; k++)
        check_cell(&f.agg.by_category[k], 0, 0, 0);
    assert_int_equal(f.agg.first_meeting.year, 0);
    aggregate_dump(&f.agg, &dump);
    assert_non_null(strstr(dump.buf, "total: pledges=0 amount=0 total=0"));
    strbuf_release(&dump);
    release(&f);
}

static void dumps_every_figure_in_stable_text(void **state)
{
    static const struct p ps[] = {
        {"P1", "M1", "네이버", "판로지원", "60000000000", "2025-01-10", NULL},
        {"P2", "M2", "카카오", "기타", NULL, NULL, "done"},
    };
    struct fixture f;
    struct strbuf dump = STRBUF_INIT;

    (void)state;
    build_ok(&f, NULL, two_meetings, N(two_meetings), ps, N(ps));
    aggregate_dump(&f.agg, &dump);
    assert_non_null(strstr(dump.buf, "as-of: 2024-12-31\n"));
    assert_non_null(strstr(dump.buf, "1. 네이버 (meetings=1): pledges=1 amount=1 "
                                     "total=60000000000 (600억 원) due=1 in_period=1 "
                                     "soon=1 overdue=0 done=0\n"));
    assert_non_null(strstr(dump.buf, "2. 카카오 (meetings=1): pledges=1 amount=0 total=0"));
    assert_non_null(strstr(dump.buf, "[due months]\n2025-01: "));
    assert_non_null(strstr(dump.buf, "\nnone: pledges=1"));
    assert_non_null(strstr(dump.buf, "[pledge order]\n네이버 P1\n카카오 P2\n"));
    strbuf_release(&dump);
    release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_and_sums_by_company_category_and_both),
        cmocka_unit_test(sums_amounts_above_two_to_the_53_exactly),
        cmocka_unit_test(sums_up_to_the_largest_int64_without_error),
        cmocka_unit_test(reports_a_company_total_that_overflows_instead_of_wrapping),
        cmocka_unit_test(reports_a_grand_total_that_overflows_across_companies),
        cmocka_unit_test(orders_companies_by_count_then_total_then_code_point),
        cmocka_unit_test(keeps_the_company_order_whatever_the_dataset_order),
        cmocka_unit_test(lists_categories_in_vocabulary_order_with_empty_ones),
        cmocka_unit_test(uses_the_default_vocabulary_of_thirteen_categories),
        cmocka_unit_test(counts_companies_pledges_and_totals_per_meeting),
        cmocka_unit_test(counts_pledges_per_status_with_planned_as_default),
        cmocka_unit_test(counts_overdue_and_due_soon_around_the_report_date),
        cmocka_unit_test(restricts_to_the_period_and_carries_earlier_pledges),
        cmocka_unit_test(restricts_to_the_chosen_companies),
        cmocka_unit_test(groups_due_months_ascending_with_no_due_last),
        cmocka_unit_test(makes_one_no_due_bucket_when_nothing_has_a_due_date),
        cmocka_unit_test(orders_pledges_by_company_then_meeting_date_then_id),
        cmocka_unit_test(aggregates_an_empty_dataset_to_zeros),
        cmocka_unit_test(dumps_every_figure_in_stable_text),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
