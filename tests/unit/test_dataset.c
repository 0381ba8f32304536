/*
 * test_dataset.c - unit tests for dataset_load_buffer and dataset_validate:
 * the model built from in-memory JSON, and every problem reported with its
 * line:column (in characters), record, id and JSON Pointer path.
 *
 * Fixtures are written with ' for " (none of them needs an apostrophe);
 * q() turns them into JSON.  Expected positions are computed from a marker
 * string that starts the offending value.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dataset.h"
#include "diag.h"
#include "strbuf.h"
#include "xalloc.h"

struct run {
    struct dataset ds;
    struct diag_list diags;
    char *json;        /* the text loaded */
    size_t len;
    int rc;            /* dataset_load_buffer */
    size_t errors;     /* dataset_validate, when rc == 0 */
};

/* The fixture with every ' turned into ". */
static char *q(const char *fixture)
{
    char *s = xstrdup(fixture), *p;
    for (p = s; *p; p++)
        if (*p == '\'')
            *p = '"';
    return s;
}

/* Load and validate 'len' bytes of 'json' (taken over by the run). */
static void run_raw(struct run *r, char *json, size_t len, int strict)
{
    char *copy = xmalloc(len ? len : 1);

    r->json = json;
    r->len = len;
    dataset_init(&r->ds);
    diag_list_init(&r->diags);
    r->diags.max = 1000;
    r->diags.strict = strict;
    memcpy(copy, json, len);  /* exactly 'len' bytes: ASan sees any over-read */
    r->rc = dataset_load_buffer(&r->ds, "t.json", copy, len, &r->diags);
    free(copy);
    r->errors = r->rc == 0 ? dataset_validate(&r->ds, &r->diags) : 0;
}

static void run(struct run *r, const char *fixture)
{
    char *json = q(fixture);
    run_raw(r, json, strlen(json), 0);
}

static void run_strict(struct run *r, const char *fixture)
{
    char *json = q(fixture);
    run_raw(r, json, strlen(json), 1);
}

static void done(struct run *r)
{
    dataset_release(&r->ds);
    diag_list_release(&r->diags);
    free(r->json);
}

static void print_diags(const struct run *r)
{
    size_t i;
    for (i = 0; i < r->diags.count; i++)
        diag_print(stderr, &r->diags.items[i]);
}

/* A clean load: no diagnostic at all. */
static void expect_clean(struct run *r)
{
    if (r->rc != 0 || r->errors != 0 || r->diags.count != 0)
        print_diags(r);
    assert_int_equal(r->rc, 0);
    assert_int_equal(r->errors, 0);
    assert_int_equal(r->diags.count, 0);
}

/* Line and column (characters) of byte 'off' of the run's text. */
static void line_col(const struct run *r, size_t off, int *line, int *column)
{
    size_t i;
    *line = 1;
    *column = 1;
    for (i = 0; i < off; i++) {
        unsigned char c = (unsigned char)r->json[i];
        if (c == '\n' || (c == '\r' && (i + 1 >= r->len || r->json[i + 1] != '\n'))) {
            ++*line;
            *column = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++*column;
        }
    }
}

/* Byte offset of the 'nth' (0-based) occurrence of 'marker' (in fixture quoting). */
static size_t offset_of(const struct run *r, const char *marker, int nth)
{
    char *m = q(marker);
    const char *p = r->json;
    size_t off;

    for (;;) {
        p = strstr(p, m);
        if (!p)
            fail_msg("marker '%s' not in the text", m);
        if (nth-- == 0)
            break;
        p++;
    }
    off = (size_t)(p - r->json);
    free(m);
    return off;
}

/* The first stored diagnostic with 'code' and 'path' (NULL: any path). */
static const struct diag *find(const struct run *r, enum diag_code code, const char *path)
{
    size_t i;
    for (i = 0; i < r->diags.count; i++) {
        const struct diag *d = &r->diags.items[i];
        if (d->code == code && (!path || (d->path && strcmp(d->path, path) == 0)))
            return d;
    }
    print_diags(r);
    fail_msg("no diagnostic %s for %s", diag_message(code), path ? path : "(any path)");
    return NULL;
}

static int has(const struct run *r, enum diag_code code)
{
    size_t i;
    for (i = 0; i < r->diags.count; i++)
        if (r->diags.items[i].code == code)
            return 1;
    return 0;
}

/*
 * Expect diagnostic 'code' at 'path', positioned at the 'nth' occurrence of
 * 'marker', about record 'record' with id 'id' (NULL: none).
 */
static const struct diag *expect_at(const struct run *r, enum diag_code code,
                                    const char *path, const char *marker, int nth,
                                    int record, const char *id)
{
    const struct diag *d = find(r, code, path);
    int line, column;

    line_col(r, offset_of(r, marker, nth), &line, &column);
    if (d->pos.line != line || d->pos.column != column) {
        print_diags(r);
        fail_msg("%s at %s: reported at %d:%d, want %d:%d", diag_message(code), path,
                 d->pos.line, d->pos.column, line, column);
    }
    assert_string_equal(d->pos.file, "t.json");
    assert_int_equal(d->record, record);
    if (id)
        assert_string_equal(d->record_id, id);
    else
        assert_null(d->record_id);
    return d;
}

static void check_date(struct date d, int y, int m, int day)
{
    char got[11], want[11];
    struct date w;

    w.year = y;
    w.month = m;
    w.day = day;
    date_format(d, got);
    date_format(w, want);
    assert_string_equal(got, want);
}

/* ---- valid documents ---- */

static void accepts_a_minimal_document(void **state)
{
    struct run r;
    (void)state;

    run(&r, "{'meetings': [], 'pledges': []}");
    expect_clean(&r);
    assert_int_equal(r.ds.n_meetings, 0);
    assert_int_equal(r.ds.n_pledges, 0);
    assert_null(r.ds.title);
    assert_int_equal(r.ds.custom_categories, 0);
    assert_int_equal(r.ds.categories.count, 13);
    assert_string_equal(r.ds.categories.items[0], "판로지원");
    assert_string_equal(r.ds.categories.items[12], "기타");
    assert_string_equal(r.ds.file, "t.json");
    done(&r);

    run(&r, " \n\t{ 'pledges' : [ ] , 'meetings' : [\n] }\n\n");
    expect_clean(&r);
    done(&r);
}

static const char full_doc[] =
    "{\n"
    "  'title': '플랫폼 상생협력 이행 점검',\n"
    "  'meetings': [\n"
    "    {'id': 'M2024-11-06', 'date': '2024-11-06', 'title': '플랫폼 업계 대표 간담회',\n"
    "     'venue': '한국프레스센터', 'host': '과학기술정보통신부',\n"
    "     'attendees': [{'name': '유상임', 'org': '과학기술정보통신부', 'role': '장관'},\n"
    "                   {'name': '홍길동'}],\n"
    "     'sources': ['002_7fd8e644f5ccdabe.txt']},\n"
    "    {'id': 'M2023-02-01', 'date': '2023-02-01', 'title': '두 번째'}\n"
    "  ],\n"
    "  'pledges': [\n"
    "    {'id': 'P24-NAVER-02', 'meeting': 'M2024-11-06', 'company': '네이버',\n"
    "     'category': '디지털전환·교육', 'title': '소상공인 AI 교육',\n"
    "     'description': '향후 5년간 600억원을 투입해 소상공인의 AI 활용 교육을 지원한다.',\n"
    "     'amount_krw': 60000000000, 'amount_text': '5년간 600억원',\n"
    "     'due': null, 'timeline_text': '향후 5년간', 'status': 'planned',\n"
    "     'sources': ['001_495b35fc4ee40cba.txt', '002_7fd8e644f5ccdabe.txt']},\n"
    "    {'id': 'P2', 'meeting': 'M2024-11-06', 'company': '카카오', 'category': '상생기금·재원',\n"
    "     'title': '기금', 'amount_krw': '1조 2,000억 원', 'timeline_text': '연내'},\n"
    "    {'id': 'P3', 'meeting': 'M2024-11-06', 'company': '쿠팡', 'category': '기타',\n"
    "     'title': '2^53 + 1', 'amount_krw': 9007199254740993, 'due': '2025-03-31',\n"
    "     'timeline_text': '연내', 'status': 'reported'},\n"
    "    {'id': 'P4', 'meeting': 'M2024-11-06', 'company': '쿠팡', 'category': '기타',\n"
    "     'title': '최대', 'amount_krw': 9223372036854775807, 'timeline_text': '상반기 중',\n"
    "     'status': 'in_preparation'},\n"
    "    {'id': 'P5', 'meeting': 'M2023-02-01', 'company': '배달의민족', 'category': '수수료',\n"
    "     'title': '금액 없음', 'amount_krw': null, 'status': 'done', 'sources': [],\n"
    "     'conflicts': [{'field': 'amount_krw',\n"
    "                    'values': [{'value': 100, 'source': 'a.txt'},\n"
    "                               {'value': '200억', 'source': 'b.txt'}],\n"
    "                    'used': 100, 'why': '최신 보도'}]},\n"
    "    {'id': 'P6', 'meeting': 'M2023-02-01', 'company': '당근', 'category': '판로지원',\n"
    "     'title': '문자 금액', 'amount_krw': '9000만원', 'status': 'ongoing'}\n"
    "  ]\n"
    "}\n";

static void loads_every_meeting_field(void **state)
{
    struct run r;
    const struct meeting *m;
    (void)state;

    run(&r, full_doc);
    expect_clean(&r);
    assert_string_equal(r.ds.title, "플랫폼 상생협력 이행 점검");
    assert_int_equal(r.ds.n_meetings, 2);
    m = &r.ds.meetings[0];
    assert_string_equal(m->id, "M2024-11-06");
    assert_string_equal(m->date_text, "2024-11-06");
    check_date(m->date, 2024, 11, 6);
    assert_string_equal(m->title, "플랫폼 업계 대표 간담회");
    assert_string_equal(m->venue, "한국프레스센터");
    assert_string_equal(m->host, "과학기술정보통신부");
    assert_int_equal(m->n_attendees, 2);
    assert_string_equal(m->attendees[0].name, "유상임");
    assert_string_equal(m->attendees[0].org, "과학기술정보통신부");
    assert_string_equal(m->attendees[0].role, "장관");
    assert_string_equal(m->attendees[1].name, "홍길동");
    assert_null(m->attendees[1].org);
    assert_null(m->attendees[1].role);
    assert_int_equal(m->sources.count, 1);
    assert_string_equal(m->sources.items[0], "002_7fd8e644f5ccdabe.txt");
    assert_int_equal(m->src.index, 0);
    assert_int_equal(m->src.offset, offset_of(&r, "{'id': 'M2024", 0));
    m = &r.ds.meetings[1];
    assert_null(m->venue);
    assert_null(m->host);
    assert_int_equal(m->n_attendees, 0);
    assert_int_equal(m->sources.count, 0);
    assert_int_equal(m->src.index, 1);
    done(&r);
}

static void loads_every_pledge_field(void **state)
{
    struct run r;
    const struct pledge *p;
    (void)state;

    run(&r, full_doc);
    expect_clean(&r);
    assert_int_equal(r.ds.n_pledges, 6);

    p = &r.ds.pledges[0];
    assert_string_equal(p->id, "P24-NAVER-02");
    assert_string_equal(p->meeting_id, "M2024-11-06");
    assert_int_equal(p->meeting, 0);
    assert_string_equal(p->company, "네이버");
    assert_string_equal(p->category_name, "디지털전환·교육");
    assert_int_equal(p->category, 1);
    assert_string_equal(p->title, "소상공인 AI 교육");
    assert_string_equal(p->description,
                        "향후 5년간 600억원을 투입해 소상공인의 AI 활용 교육을 지원한다.");
    assert_int_equal(p->amount_form, AMOUNT_INTEGER);
    assert_true(p->has_amount);
    assert_true(p->amount_krw == INT64_C(60000000000));
    assert_string_equal(p->amount_text, "5년간 600억원");
    assert_null(p->due_text);
    assert_string_equal(p->timeline_text, "향후 5년간");
    assert_int_equal(p->due_origin, DUE_DERIVED);
    check_date(p->due, 2029, 11, 5);
    assert_string_equal(p->due_rule, "N년간 → 회의일로부터 N년 뒤의 전날");
    assert_string_equal(p->status_text, "planned");
    assert_int_equal(p->status, STATUS_PLANNED);
    assert_int_equal(p->sources.count, 2);
    assert_string_equal(p->sources.items[1], "002_7fd8e644f5ccdabe.txt");
    assert_int_equal(p->n_conflicts, 0);
    assert_int_equal(p->src.index, 0);

    /* a Korean amount string, converted exactly; status defaults to planned */
    p = &r.ds.pledges[1];
    assert_int_equal(p->amount_form, AMOUNT_TEXT);
    assert_string_equal(p->amount_raw, "1조 2,000억 원");
    assert_true(p->has_amount);
    assert_true(p->amount_krw == INT64_C(1200000000000));
    assert_null(p->amount_text);
    assert_null(p->description);
    assert_null(p->status_text);
    assert_int_equal(p->status, STATUS_PLANNED);
    assert_int_equal(p->due_origin, DUE_DERIVED);
    check_date(p->due, 2024, 12, 31);
    assert_string_equal(p->due_rule, "연내 → 12월 31일");
    assert_int_equal(p->sources.count, 0);

    /* above 2^53: exact; a given due date wins over the wording */
    p = &r.ds.pledges[2];
    assert_true(p->amount_krw == INT64_C(9007199254740993));
    assert_int_equal(p->due_origin, DUE_GIVEN);
    assert_string_equal(p->due_text, "2025-03-31");
    check_date(p->due, 2025, 3, 31);
    assert_null(p->due_rule);
    assert_int_equal(p->status, STATUS_REPORTED);

    p = &r.ds.pledges[3];
    assert_true(p->amount_krw == INT64_MAX);
    assert_int_equal(p->due_origin, DUE_DERIVED);
    check_date(p->due, 2025, 6, 30);  /* the meeting was after June */
    assert_int_equal(p->status, STATUS_IN_PREPARATION);

    p = &r.ds.pledges[4];
    assert_int_equal(p->meeting, 1);
    assert_int_equal(p->amount_form, AMOUNT_NONE);
    assert_false(p->has_amount);
    assert_int_equal(p->due_origin, DUE_NONE);
    assert_int_equal(p->status, STATUS_DONE);
    assert_int_equal(p->category, 11);
    assert_int_equal(p->n_conflicts, 1);
    assert_string_equal(p->conflicts[0].field, "amount_krw");
    assert_string_equal(p->conflicts[0].values, "100 (a.txt); 200억 (b.txt)");
    assert_string_equal(p->conflicts[0].used, "100");
    assert_string_equal(p->conflicts[0].why, "최신 보도");

    p = &r.ds.pledges[5];
    assert_true(p->amount_krw == INT64_C(90000000));
    assert_int_equal(p->status, STATUS_ONGOING);
    assert_int_equal(p->category, 0);
    assert_int_equal(p->src.index, 5);
    assert_int_equal(p->src.offset, offset_of(&r, "{'id': 'P6'", 0));
    done(&r);
}

static void custom_categories_replace_the_vocabulary(void **state)
{
    struct run r;
    const struct diag *d;
    (void)state;

    run(&r, "{'categories': ['상생', '기타 지원'],\n"
            " 'meetings': [{'id': 'M', 'date': '2024-01-02', 'title': 't'}],\n"
            " 'pledges': [\n"
            "  {'id': 'A', 'meeting': 'M', 'company': 'c', 'category': '기타 지원', 'title': 't'},\n"
            "  {'id': 'B', 'meeting': 'M', 'company': 'c', 'category': '판로지원', 'title': 't'}]}");
    assert_int_equal(r.rc, 0);
    assert_int_equal(r.ds.custom_categories, 1);
    assert_int_equal(r.ds.categories.count, 2);
    assert_string_equal(r.ds.categories.items[0], "상생");
    assert_int_equal(r.ds.pledges[0].category, 1);
    assert_int_equal(r.ds.pledges[1].category, -1);
    assert_int_equal(r.errors, 1);
    d = expect_at(&r, DIAG_CATEGORY_UNKNOWN, "/pledges/1/category", "'판로지원'", 0, 2, "B");
    assert_string_equal(d->text, "'판로지원' (allowed: 상생, 기타 지원)");
    assert_int_equal(dataset_category_index(&r.ds, "상생"), 0);
    assert_int_equal(dataset_category_index(&r.ds, "판로지원"), -1);
    done(&r);
}

static void reports_problems_in_the_custom_vocabulary(void **state)
{
    struct run r;
    (void)state;

    run(&r, "{'categories': ['가', '', 3, '나'], 'meetings': [], 'pledges': []}");
    assert_int_equal(r.rc, 0);
    expect_at(&r, DIAG_FIELD_EMPTY, "/categories/1", "''", 0, 0, NULL);
    expect_at(&r, DIAG_FIELD_TYPE, "/categories/2", "3,", 0, 0, NULL);
    assert_int_equal(r.ds.categories.count, 2);
    assert_string_equal(r.ds.categories.items[1], "나");
    done(&r);

    run(&r, "{'categories': ['가', '나', '가'], 'meetings': [], 'pledges': []}");
    assert_int_equal(r.diags.errors, 1);  /* found while loading the vocabulary */
    expect_at(&r, DIAG_CATEGORY_DUPLICATE, "/categories/2", "'가'", 1, 0, NULL);
    done(&r);

    run(&r, "{'categories': '가', 'meetings': [], 'pledges': []}");
    expect_at(&r, DIAG_FIELD_TYPE, "/categories", "'가'", 0, 0, NULL);
    assert_int_equal(r.ds.custom_categories, 0);
    done(&r);
}

/* ---- positions ---- */

static const char errors_doc[] =
    "{\n"
    "  'meetings': [\n"
    "    {'id': 'M1', 'date': '2024-11-06', 'title': '간담회'},\n"
    "    {'id': 'M1', 'date': '2024-13-01', 'title': '중복 회의'},\n"
    "    {'id': 'M3', 'date': '2024/11/06', 'title': '형식'},\n"
    "    {'id': 'M4', 'date': '2023-02-29'}\n"
    "  ],\n"
    "  'pledges': [\n"
    "    {'id': 'P1', 'meeting': 'M9', 'company': '네이버', 'category': '판로지원', 'title': '가'},\n"
    "    {'id': 'P1', 'meeting': 'M1', 'company': '카카오', 'category': '없는 분류', 'title': '나'},\n"
    "    {'id': 'P3', 'meeting': 'M1', 'company': '쿠팡', 'category': '기타', 'title': '다',\n"
    "     'status': '보류', 'amount_krw': '천억 원 안팎'},\n"
    "    {'id': 'P4', 'meeting': 'M1', 'company': '  ', 'category': '기타', 'title': 5},\n"
    "    {'id': 'P5', 'meeting': 'M1', 'category': '기타', 'title': '마', 'amount_krw': -1},\n"
    "    {'id': 'P6', 'meeting': 'M1', 'company': '바', 'category': '기타', 'title': '바',\n"
    "     'amount_krw': 1.5, 'due': '2024-02-30', 'sources': ['a', 7]},\n"
    "    {'id': 'P7', 'meeting': 'M1', 'company': '사', 'category': '기타', 'title': '사',\n"
    "     'amount_krw': true, 'due': 20240101, 'description': ['x']},\n"
    "    {'id': 'P8', 'meeting': 'M1', 'company': '아', 'category': '기타', 'title': '아',\n"
    "     'amount_krw': '10000000경 원', 'status': null},\n"
    "    '문자열',\n"
    "    {'id': 'P10', 'meeting': 'M1', 'company': '차', 'category': '기타', 'title': '차',\n"
    "     'due': '2024-1-5'}\n"
    "  ]\n"
    "}\n";

static void reports_every_error_of_a_file_in_one_run(void **state)
{
    struct run r;
    const struct diag *d;
    (void)state;

    run(&r, errors_doc);
    assert_int_equal(r.rc, 0);
    /* meetings */
    d = expect_at(&r, DIAG_ID_DUPLICATE, "/meetings/1/id", "'M1'", 1, 2, "M1");
    assert_string_equal(d->text, "'M1' (first used by meeting record 1)");
    expect_at(&r, DIAG_DATE_INVALID, "/meetings/1/date", "'2024-13-01'", 0, 2, "M1");
    expect_at(&r, DIAG_DATE_SYNTAX, "/meetings/2/date", "'2024/11/06'", 0, 3, "M3");
    expect_at(&r, DIAG_DATE_INVALID, "/meetings/3/date", "'2023-02-29'", 0, 4, "M4");
    d = expect_at(&r, DIAG_FIELD_MISSING, "/meetings/3/title", "{'id': 'M4'", 0, 4, "M4");
    assert_string_equal(d->text, "'title'");
    /* pledges */
    d = expect_at(&r, DIAG_MEETING_UNKNOWN, "/pledges/0/meeting", "'M9'", 0, 1, "P1");
    assert_string_equal(d->text, "'M9' is not the id of a meeting in this file");
    d = expect_at(&r, DIAG_ID_DUPLICATE, "/pledges/1/id", "'P1'", 1, 2, "P1");
    assert_string_equal(d->text, "'P1' (first used by pledge record 1)");
    expect_at(&r, DIAG_CATEGORY_UNKNOWN, "/pledges/1/category", "'없는 분류'", 0, 2, "P1");
    d = expect_at(&r, DIAG_STATUS_UNKNOWN, "/pledges/2/status", "'보류'", 0, 3, "P3");
    assert_string_equal(d->text, "'보류' (allowed: planned, in_preparation, ongoing, done, "
                                 "reported)");
    d = expect_at(&r, DIAG_AMOUNT_SYNTAX, "/pledges/2/amount_krw", "'천억 원 안팎'", 0, 3, "P3");
    assert_string_equal(d->text, "'천억 원 안팎'");
    expect_at(&r, DIAG_FIELD_EMPTY, "/pledges/3/company", "'  '", 0, 4, "P4");
    d = expect_at(&r, DIAG_FIELD_TYPE, "/pledges/3/title", "5}", 0, 4, "P4");
    assert_string_equal(d->text, "'title' must be a string, not an integer");
    expect_at(&r, DIAG_FIELD_MISSING, "/pledges/4/company", "{'id': 'P5'", 0, 5, "P5");
    d = expect_at(&r, DIAG_AMOUNT_RANGE, "/pledges/4/amount_krw", "-1}", 0, 5, "P5");
    assert_string_equal(d->text, "'amount_krw' must not be negative: -1");
    d = expect_at(&r, DIAG_AMOUNT_RANGE, "/pledges/5/amount_krw", "1.5,", 0, 6, "P6");
    assert_string_equal(d->text, "'amount_krw' must be a whole number of won, not 1.5");
    expect_at(&r, DIAG_DATE_INVALID, "/pledges/5/due", "'2024-02-30'", 0, 6, "P6");
    expect_at(&r, DIAG_FIELD_TYPE, "/pledges/5/sources/1", "7]", 0, 6, "P6");
    expect_at(&r, DIAG_FIELD_TYPE, "/pledges/6/amount_krw", "true", 0, 7, "P7");
    expect_at(&r, DIAG_FIELD_TYPE, "/pledges/6/due", "20240101", 0, 7, "P7");
    expect_at(&r, DIAG_FIELD_TYPE, "/pledges/6/description", "['x']", 0, 7, "P7");
    expect_at(&r, DIAG_AMOUNT_RANGE, "/pledges/7/amount_krw", "'10000000경 원'", 0, 8, "P8");
    d = expect_at(&r, DIAG_FIELD_TYPE, "/pledges/8", "'문자열'", 0, 9, NULL);
    assert_string_equal(d->text, "a pledge must be an object, not a string");
    expect_at(&r, DIAG_DATE_SYNTAX, "/pledges/9/due", "'2024-1-5'", 0, 10, "P10");
    /* a null status is the default */
    assert_int_equal(r.ds.pledges[7].status, STATUS_PLANNED);
    assert_int_equal(r.errors, 13);       /* those found by dataset_validate */
    assert_int_equal(r.diags.errors, 23);
    assert_int_equal(r.diags.count, 23);
    assert_int_equal(r.diags.status, EXIT_DATA);
    done(&r);
}

static void locates_column_in_characters_after_korean_text(void **state)
{
    struct run r;
    const struct diag *d;
    (void)state;

    run(&r, "{'meetings': [{'id': 'M', 'date': '2024-01-02', 'title': '회의'}], 'pledges': [\n"
            "{'id': '가나다', 'company': '네이버파이낸셜', 'meeting': 'M', 'category': '기타',"
            " 'title': '소상공인 지원', 'status': '완료'}]}");
    d = find(&r, DIAG_STATUS_UNKNOWN, "/pledges/0/status");
    /* 136 bytes but 100 characters precede '완료' on line 2 */
    assert_int_equal(d->pos.line, 2);
    assert_int_equal(d->pos.column, 101);
    done(&r);

    /* a key written with escapes is found all the same */
    run(&r, "{'meetings': [{'id': 'M', 'date': '2024-01-02', 'title': '회의'}], 'pledges': [\n"
            "{'id': '가', 'company': '네이버', 'meeting': 'M', 'category': '기타', 'title': '지원',"
            " '\\u0073tatus': '완료'}]}");
    expect_at(&r, DIAG_STATUS_UNKNOWN, "/pledges/0/status", "'완료'", 0, 1, "가");
    done(&r);
}

static void locates_errors_in_crlf_and_cr_only_files(void **state)
{
    static const char *const ends[] = {"\r\n", "\r"};
    size_t k;
    (void)state;

    for (k = 0; k < 2; k++) {
        struct strbuf sb = STRBUF_INIT;
        struct run r;
        char *json;

        strbuf_addf(&sb, "{%s'meetings': [%s  {'id': 'M', 'date': '2024-01-02',"
                         " 'title': '회의'}%s],%s'pledges': [%s  {'id': '가', 'meeting': 'M',"
                         " 'company': '네이버', 'category': '모름', 'title': 't'}%s]%s}%s",
                    ends[k], ends[k], ends[k], ends[k], ends[k], ends[k], ends[k], ends[k]);
        json = q(sb.buf);
        strbuf_release(&sb);
        run_raw(&r, json, strlen(json), 0);
        expect_at(&r, DIAG_CATEGORY_UNKNOWN, "/pledges/0/category", "'모름'", 0, 1, "가");
        assert_int_equal(r.diags.items[0].pos.line, 6);
        done(&r);
    }
}

static void reports_a_syntax_error_at_its_line_and_column(void **state)
{
    struct run r;
    const struct diag *d;
    (void)state;

    /*
     * Inside a record, on a later line of it.  The parser reports a column
     * within the unexpected token ('"x"', columns 18 to 20).
     */
    run(&r, "{'meetings': [],\n 'pledges': [\n  {'id': '가나',\n   'title': '다라' 'x': 1}]}");
    assert_int_equal(r.rc, -1);
    d = find(&r, DIAG_JSON_SYNTAX, NULL);
    assert_int_equal(d->pos.line, 4);
    assert_in_range(d->pos.column, 18, 20);
    assert_string_equal(d->text, "'}' expected near '\"x\"'");
    done(&r);

    run(&r, "{'meetings': [],\r\n 'pledges': [\r\n  {'id': '가나',\r\n   'title': '다라' 'x': 1}]}");
    d = find(&r, DIAG_JSON_SYNTAX, NULL);
    assert_int_equal(d->pos.line, 4);
    assert_in_range(d->pos.column, 18, 20);
    done(&r);

    /* inside a record, on its first line, after Korean text */
    run(&r, "{'meetings': [],\n 'pledges': [  {'id': '가나', 'title': '다라' 'x': 1}]}");
    d = find(&r, DIAG_JSON_SYNTAX, NULL);
    assert_int_equal(d->pos.line, 2);
    assert_in_range(d->pos.column, 43, 45);
    done(&r);

    /* in the top-level scanner */
    run(&r, "{'meetings': []\n 'pledges': []}");
    assert_int_equal(r.rc, -1);
    d = find(&r, DIAG_JSON_SYNTAX, NULL);
    assert_int_equal(d->pos.line, 2);
    assert_int_equal(d->pos.column, 2);
    assert_string_equal(d->text, "',' or '}' expected near '\"'");
    done(&r);

    run(&r, "{'meetings': [], 'pledges': [{'id': 'a'} {'id': 'b'}]}");
    d = find(&r, DIAG_JSON_SYNTAX, NULL);
    assert_int_equal(d->pos.column, 42);
    assert_string_equal(d->text, "',' or ']' expected near '{'");
    done(&r);

    run(&r, "{'meetings': [], 'pledges': []} x");
    d = find(&r, DIAG_JSON_SYNTAX, NULL);
    assert_int_equal(d->pos.column, 33);
    assert_string_equal(d->text, "end of file expected near 'x'");
    done(&r);

    run(&r, "{'meetings': [], 'pledges': [");
    assert_int_equal(r.rc, -1);
    assert_true(has(&r, DIAG_JSON_SYNTAX));
    done(&r);
}

static void rejects_documents_that_are_not_objects(void **state)
{
    static const char *const texts[] = {"[]", "'x'", "1", "null", " [ {'meetings': []} ]"};
    size_t i;
    struct run r;
    const struct diag *d;
    (void)state;

    for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        run(&r, texts[i]);
        assert_int_equal(r.rc, -1);
        d = find(&r, DIAG_JSON_ROOT, NULL);
        assert_int_equal(d->pos.line, 1);
        done(&r);
    }
    run(&r, "");
    assert_int_equal(r.rc, -1);
    assert_true(has(&r, DIAG_JSON_SYNTAX));
    done(&r);
    run(&r, "  \n ");
    assert_int_equal(r.rc, -1);
    assert_true(has(&r, DIAG_JSON_SYNTAX));
    done(&r);
}

static void reports_missing_and_mistyped_top_level_arrays(void **state)
{
    struct run r;
    (void)state;

    run(&r, "{}");
    assert_int_equal(r.rc, 0);
    expect_at(&r, DIAG_FIELD_MISSING, "/meetings", "{", 0, 0, NULL);
    expect_at(&r, DIAG_FIELD_MISSING, "/pledges", "{", 0, 0, NULL);
    done(&r);

    run(&r, "{'meetings': {}, 'pledges': null, 'title': 3}");
    assert_int_equal(r.rc, 0);
    expect_at(&r, DIAG_FIELD_TYPE, "/meetings", "{}", 0, 0, NULL);
    expect_at(&r, DIAG_FIELD_TYPE, "/pledges", "null", 0, 0, NULL);
    expect_at(&r, DIAG_FIELD_TYPE, "/title", "3}", 0, 0, NULL);
    done(&r);
}

/* ---- encoding, duplicates, normalisation ---- */

static void strips_a_byte_order_mark(void **state)
{
    struct run r;
    char *json = q("\xEF\xBB\xBF{'meetings': [],\n 'pledges': [{'id': 'P', 'meeting': 'M'}]}");
    (void)state;

    run_raw(&r, json, strlen(json), 0);
    assert_int_equal(r.rc, 0);
    assert_int_equal(r.ds.source_skip, 3);
    assert_int_equal(r.ds.n_pledges, 1);
    assert_int_equal(r.ds.pledges[0].src.offset, offset_of(&r, "{'id'", 0) - 3);
    /* positions on the following lines are not affected */
    expect_at(&r, DIAG_MEETING_UNKNOWN, "/pledges/0/meeting", "'M'", 0, 1, "P");
    done(&r);
}

static void reports_a_duplicate_key_and_keeps_reading(void **state)
{
    struct run r;
    const struct diag *d;
    (void)state;

    run(&r, "{'meetings': [{'id': 'M', 'date': '2024-01-02', 'title': '회의'}],\n"
            " 'pledges': [\n"
            "  {'id': 'P1', 'meeting': 'M', 'company': '가', 'category': '기타',"
            " 'title': '처음', 'title': '나중'},\n"
            "  {'id': 'P2', 'meeting': 'M', 'company': '나', 'category': '없음', 'title': 't'}]}");
    assert_int_equal(r.rc, 0);
    d = find(&r, DIAG_JSON_DUPLICATE_KEY, NULL);
    assert_string_equal(d->text, "'title'");
    assert_int_equal(d->pos.line, 3);
    /* the record is still loaded (the last value wins) and so is the next one */
    assert_int_equal(r.ds.n_pledges, 2);
    assert_string_equal(r.ds.pledges[0].title, "나중");
    expect_at(&r, DIAG_CATEGORY_UNKNOWN, "/pledges/1/category", "'없음'", 0, 2, "P2");
    assert_int_equal(r.diags.errors, 2);
    done(&r);

    /* later problems with that field point at the value that won */
    run(&r, "{'meetings': [{'id': 'M', 'date': '2024-01-02', 'title': '회의'}],\n"
            " 'pledges': [{'id': 'P', 'meeting': 'M', 'company': '가', 'category': '기타',"
            " 'title': 't', 'status': 'done', '\\u0073tatus': '끝'}]}");
    assert_int_equal(r.rc, 0);
    d = find(&r, DIAG_JSON_DUPLICATE_KEY, NULL);
    assert_int_equal(d->pos.line, 2);
    d = expect_at(&r, DIAG_STATUS_UNKNOWN, "/pledges/0/status", "'끝'", 0, 1, "P");
    assert_string_equal(d->text, "'끝' (allowed: planned, in_preparation, ongoing, done, reported)");
    done(&r);

    /* a nested duplicate too */
    run(&r, "{'meetings': [{'id': 'M', 'date': '2024-01-02', 'title': '회의',"
            " 'attendees': [{'name': 'a', 'name': 'b'}]}], 'pledges': []}");
    assert_int_equal(r.rc, 0);
    assert_string_equal(find(&r, DIAG_JSON_DUPLICATE_KEY, NULL)->text, "'name'");
    assert_string_equal(r.ds.meetings[0].attendees[0].name, "b");
    done(&r);

    /* top-level keys that the loader streams are rejected when repeated */
    run(&r, "{'meetings': [], 'pledges': [], 'meetings': []}");
    assert_int_equal(r.rc, -1);
    expect_at(&r, DIAG_JSON_DUPLICATE_KEY, NULL, "'meetings'", 1, 0, NULL);
    done(&r);
}

static void normalises_every_string_to_nfc(void **state)
{
    struct run r;
    (void)state;

    /* 네이버 in decomposed jamo, U+2027 and U+2219 for the middle dot, a ZWSP in the id */
    run(&r, "{'title': '\\u1112\\u1161\\u11ab\\u200b',\n"
            " 'meetings': [{'id': 'M\xE2\x80\x8B', 'date': '2024-01-02', 'title': '회의',"
            " 'attendees': [{'name': '\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB'}]}],\n"
            " 'pledges': [{'id': 'P', 'meeting': 'M',"
            " 'company': '\xE1\x84\x82\xE1\x85\xA6\xE1\x84\x8B\xE1\x85\xB5\xE1\x84\x87\xE1\x85\xA5',"
            " 'category': '정산\xE2\x80\xA7대금', 'title': 'a\xE2\x88\x99" "b',"
            " 'sources': ['\xEF\xBB\xBFs.txt']}]}");
    expect_clean(&r);
    assert_string_equal(r.ds.title, "한");
    assert_string_equal(r.ds.meetings[0].id, "M");
    assert_string_equal(r.ds.meetings[0].attendees[0].name, "한");
    assert_string_equal(r.ds.pledges[0].company, "네이버");
    assert_string_equal(r.ds.pledges[0].category_name, "정산·대금");
    assert_int_equal(r.ds.pledges[0].category, 6);
    assert_string_equal(r.ds.pledges[0].title, "a·b");
    assert_string_equal(r.ds.pledges[0].sources.items[0], "s.txt");
    assert_int_equal(r.ds.pledges[0].meeting, 0);
    done(&r);
}

static void refuses_control_characters_in_strings(void **state)
{
    struct run r;
    const struct diag *d;
    (void)state;

    run(&r, "{'title': 'x\\u0085',\n"
            " 'meetings': [{'id': 'M', 'date': '2024-01-02', 'title': '회의\\u0007'}],\n"
            " 'pledges': [{'id': 'P', 'meeting': 'M', 'company': 'a\\u0000b', 'category': '기타',"
            " 'title': 't', 'sources': ['ok', 'bad\\u001b']}]}");
    assert_int_equal(r.rc, 0);
    d = expect_at(&r, DIAG_TEXT_CONTROL, "/title", "'x\\u0085'", 0, 0, NULL);
    assert_string_equal(d->text, "U+0085");
    d = expect_at(&r, DIAG_TEXT_CONTROL, "/meetings/0/title", "'회의", 0, 1, "M");
    assert_string_equal(d->text, "U+0007");
    d = expect_at(&r, DIAG_TEXT_CONTROL, "/pledges/0/company", "'a\\u0000b'", 0, 1, "P");
    assert_string_equal(d->text, "U+0000");
    d = expect_at(&r, DIAG_TEXT_CONTROL, "/pledges/0/sources/1", "'bad", 0, 1, "P");
    assert_string_equal(d->text, "U+001B");
    assert_int_equal(r.ds.pledges[0].sources.count, 1);
    done(&r);

    /* raw control characters are already invalid JSON */
    run(&r, "{'title': 'a\tb', 'meetings': [], 'pledges': []}");
    assert_int_equal(r.rc, -1);
    assert_true(has(&r, DIAG_JSON_SYNTAX));
    done(&r);
}

static void rejects_an_integer_beyond_64_bits(void **state)
{
    struct run r;
    (void)state;

    run(&r, "{'meetings': [], 'pledges': [{'id': 'P', 'amount_krw': 9223372036854775808}]}");
    assert_int_equal(r.rc, -1);
    assert_true(has(&r, DIAG_JSON_SYNTAX));
    done(&r);
}

/* ---- warnings ---- */

static void warns_about_unknown_fields_and_wording_only_when_strict(void **state)
{
    static const char doc[] =
        "{'meetings': [{'id': 'M', 'date': '2024-06-01', 'title': '회의', 'place': 'x'}],\n"
        " 'pledges': [{'id': 'P', 'meeting': 'M', 'company': 'c', 'category': '기타',"
        " 'title': 't', 'timeline_text': '조만간', 'extra': 1},\n"
        "  {'id': 'Q', 'meeting': 'M', 'company': 'c', 'category': '기타', 'title': 't',"
        " 'due': '2024-05-31'}],\n"
        " 'version': 2}";
    struct run r;
    (void)state;

    run(&r, doc);
    expect_clean(&r);
    done(&r);

    run_strict(&r, doc);
    assert_int_equal(r.rc, 0);
    assert_int_equal(r.errors, 0);
    expect_at(&r, DIAG_FIELD_UNKNOWN, "/meetings/0/place", "'x'", 0, 1, "M");
    expect_at(&r, DIAG_FIELD_UNKNOWN, "/pledges/0/extra", "1}", 0, 1, "P");
    expect_at(&r, DIAG_FIELD_UNKNOWN, "/version", "'version'", 0, 0, NULL);
    expect_at(&r, DIAG_TIMELINE_UNKNOWN, "/pledges/0/timeline_text", "'조만간'", 0, 1, "P");
    expect_at(&r, DIAG_DUE_BEFORE_MEETING, "/pledges/1/due", "'2024-05-31'", 0, 2, "Q");
    assert_int_equal(r.diags.warnings, 5);
    assert_int_equal(r.diags.status, EXIT_OK);
    assert_int_equal(r.ds.pledges[0].due_origin, DUE_NONE);
    done(&r);
}

/* ---- size limits ---- */

static void survives_a_10000_deep_nested_array(void **state)
{
    static const char *const wrappers[][2] = {
        {"{'meetings': [], 'pledges': [{'id': 'P', 'extra': ", "}]}"},
        {"{'meetings': [], 'pledges': [], 'extra': ", "}"},
        {"{'categories': ", ", 'meetings': [], 'pledges': []}"},
        {"{'meetings': [], 'pledges': ", "}"},
    };
    size_t k;
    int i;
    (void)state;

    for (k = 0; k < sizeof wrappers / sizeof wrappers[0]; k++) {
        struct strbuf sb = STRBUF_INIT;
        struct run r;
        char *json;

        strbuf_addstr(&sb, wrappers[k][0]);
        for (i = 0; i < 10000; i++)
            strbuf_addch(&sb, '[');
        for (i = 0; i < 10000; i++)
            strbuf_addch(&sb, ']');
        strbuf_addstr(&sb, wrappers[k][1]);
        json = q(sb.buf);
        strbuf_release(&sb);
        run_raw(&r, json, strlen(json), 1);
        /* too deep for the parser: a syntax error, not a crash */
        assert_int_equal(r.rc, -1);
        assert_true(has(&r, DIAG_JSON_SYNTAX));
        done(&r);
    }
}

static void loads_a_one_megabyte_string(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    struct run r;
    size_t i, n = 0, len, lines;
    (void)state;

    strbuf_addstr(&sb, "{\"meetings\": [{\"id\": \"M\", \"date\": \"2024-01-02\", \"title\": \"t\"}],"
                       " \"pledges\": [{\"id\": \"P\", \"meeting\": \"M\", \"company\": \"c\","
                       " \"category\": \"기타\", \"title\": \"t\", \"description\": \"");
    for (i = 0; sb.len < (1u << 20) + 200; i++, n++)
        strbuf_addstr(&sb, i % 100 ? "가" : "\\n");
    strbuf_addstr(&sb, "\", \"status\": \"bad\"}]}");
    len = sb.len;
    run_raw(&r, strbuf_detach(&sb, NULL), len, 0);
    assert_int_equal(r.rc, 0);
    lines = (n + 99) / 100;
    assert_int_equal(strlen(r.ds.pledges[0].description), (n - lines) * 3 + lines);
    /* the position after the long line is still right */
    expect_at(&r, DIAG_STATUS_UNKNOWN, "/pledges/0/status", "'bad'", 0, 1, "P");
    done(&r);
}

/* ---- lifetime ---- */

static void release_leaves_a_reusable_dataset(void **state)
{
    struct run r;
    int round;
    (void)state;

    for (round = 0; round < 3; round++) {
        run(&r, full_doc);
        expect_clean(&r);
        /* positions are computed on demand and freed with the dataset */
        dataset_report(&r.ds, &r.diags, DIAG_FIELD_TYPE, 1, 2, "/amount_krw", "'%s'", "x");
        dataset_report_pointer(&r.ds, &r.diags, DIAG_FIELD_TYPE, "/meetings/1/title", NULL);
        expect_at(&r, DIAG_FIELD_TYPE, "/pledges/2/amount_krw", "9007199254740993", 0, 3, "P3");
        expect_at(&r, DIAG_FIELD_TYPE, "/meetings/1/title", "'두 번째'", 0, 0, NULL);
        done(&r);
        assert_null(r.ds.meetings);
        assert_null(r.ds.pledges);
        assert_null(r.ds.source);
        assert_null(r.ds.srcmap);
        assert_int_equal(r.ds.categories.count, 13);
    }
    /* a failed load releases just as well */
    run(&r, "{'categories': ['a'], 'meetings': [{'id': 'M'}], 'pledges': [{'id': 'P'} x");
    assert_int_equal(r.rc, -1);
    done(&r);
}


/* ---- large arrays ---- */

/* n pledges, one per line; 'bad' gets an unknown category, 'dup' a repeated key,
   'broken' a syntax error (any may be (size_t)-1). */
static char *many_pledges(size_t n, size_t bad, size_t dup, size_t broken)
{
    struct strbuf sb = STRBUF_INIT;
    size_t i;

    strbuf_addstr(&sb, "{\"meetings\": [{\"id\": \"M1\", \"date\": \"2024-11-06\", "
                       "\"title\": \"간담회\"}],\n\"pledges\": [\n");
    for (i = 0; i < n; i++) {
        strbuf_addf(&sb, "{\"id\": \"P%05zu\", \"meeting\": \"M1\", \"company\": \"회사%zu\", "
                         "\"category\": \"%s\", \"title\": \"약속 %zu\"%s%s, "
                         "\"amount_krw\": %zu}%s\n",
                    i, i % 7, i == bad ? "없는분야" : "판로지원", i,
                    i == dup ? ", \"title\": \"다시\"" : "", i == broken ? " x" : "",
                    i * 1000, i + 1 < n ? "," : "");
    }
    strbuf_addstr(&sb, "]}\n");
    return strbuf_detach(&sb, NULL);
}

static void loads_a_large_array_in_order_with_every_field(void **state)
{
    struct run r;
    size_t i, n = 9000;
    char *json = many_pledges(n, (size_t)-1, (size_t)-1, (size_t)-1);

    (void)state;
    run_raw(&r, json, strlen(json), 0);
    assert_int_equal(r.rc, 0);
    assert_int_equal(r.diags.count, 0);
    assert_int_equal(r.ds.n_pledges, n);
    for (i = 0; i < n; i += 997) {
        char id[16];
        snprintf(id, sizeof id, "P%05zu", i);
        assert_string_equal(r.ds.pledges[i].id, id);
        assert_int_equal(r.ds.pledges[i].src.index, (int)i);
        assert_int_equal(r.ds.pledges[i].amount_krw, (int64_t)(i * 1000));
    }
    done(&r);
}

static void reports_problems_of_a_large_array_in_record_order(void **state)
{
    struct run r;
    char *json = many_pledges(9000, 8000, 300, (size_t)-1);

    (void)state;
    run_raw(&r, json, strlen(json), 0);
    assert_int_equal(r.rc, 0);
    assert_int_equal(r.diags.count, 2);
    assert_int_equal(r.diags.items[0].code, DIAG_JSON_DUPLICATE_KEY);
    assert_int_equal(r.diags.items[0].pos.line, 3 + 300);
    assert_int_equal(r.diags.items[1].code, DIAG_CATEGORY_UNKNOWN);
    assert_int_equal(r.diags.items[1].record, 8001);
    assert_int_equal(r.diags.items[1].pos.line, 3 + 8000);
    done(&r);

    json = many_pledges(9000, 100, (size_t)-1, 5000);
    run_raw(&r, json, strlen(json), 0);
    assert_int_equal(r.rc, -1);          /* stops at the syntax error */
    assert_int_equal(r.diags.count, 1);  /* category errors come from validation */
    assert_int_equal(r.diags.items[0].code, DIAG_JSON_SYNTAX);
    assert_int_equal(r.diags.items[0].pos.line, 3 + 5000);
    done(&r);
}

/* A title, a category and a company of 'n' characters (caller frees). */
static char *long_names_doc(size_t n)
{
    struct strbuf name = STRBUF_INIT, doc = STRBUF_INIT;
    size_t i;

    for (i = 0; i < n; i++)
        strbuf_addstr(&name, i % 2 ? "가" : "a");
    strbuf_addf(&doc, "{\"title\": \"%s\", \"categories\": [\"기타\", \"%s\"],\n"
                      "\"meetings\": [{\"id\": \"M1\", \"date\": \"2024-11-06\", \"title\": \"t\"}],\n"
                      "\"pledges\": [{\"id\": \"P1\", \"meeting\": \"M1\", \"company\": \"%s\",\n"
                      "\"category\": \"기타\", \"title\": \"t\"}]}",
                name.buf, name.buf, name.buf);
    strbuf_release(&name);
    return strbuf_detach(&doc, NULL);
}

static void names_shown_in_bookmarks_hold_at_most_ten_thousand_characters(void **state)
{
    struct run r;
    char *doc;
    const struct diag *d;
    (void)state;

    doc = long_names_doc(10000);
    run_raw(&r, doc, strlen(doc), 0);
    expect_clean(&r);
    done(&r);

    doc = long_names_doc(10001);
    run_raw(&r, doc, strlen(doc), 0);
    assert_int_equal(r.errors, 3);
    d = expect_at(&r, DIAG_TEXT_TOO_LONG, "/title", "\"a가", 0, 0, NULL);
    assert_string_equal(d->text, "10,001 characters, at most 10,000 in a title: "
                                 "'a가a가a가a가a가a가a가a가a가a가a가a가a가a가a가a가a가a가a가a가…' "
                                 "(20001 bytes)");
    expect_at(&r, DIAG_TEXT_TOO_LONG, "/categories/1", "\"a가", 1, 0, NULL);
    d = expect_at(&r, DIAG_TEXT_TOO_LONG, "/pledges/0/company", "\"a가", 2, 1, "P1");
    assert_int_equal(strncmp(d->text, "10,001 characters, at most 10,000 in a company name: ",
                             strlen("10,001 characters, at most 10,000 in a company name: ")),
                     0);
    done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accepts_a_minimal_document),
        cmocka_unit_test(loads_every_meeting_field),
        cmocka_unit_test(loads_every_pledge_field),
        cmocka_unit_test(custom_categories_replace_the_vocabulary),
        cmocka_unit_test(reports_problems_in_the_custom_vocabulary),
        cmocka_unit_test(reports_every_error_of_a_file_in_one_run),
        cmocka_unit_test(locates_column_in_characters_after_korean_text),
        cmocka_unit_test(locates_errors_in_crlf_and_cr_only_files),
        cmocka_unit_test(reports_a_syntax_error_at_its_line_and_column),
        cmocka_unit_test(rejects_documents_that_are_not_objects),
        cmocka_unit_test(reports_missing_and_mistyped_top_level_arrays),
        cmocka_unit_test(strips_a_byte_order_mark),
        cmocka_unit_test(loads_a_large_array_in_order_with_every_field),
        cmocka_unit_test(reports_problems_of_a_large_array_in_record_order),
        cmocka_unit_test(reports_a_duplicate_key_and_keeps_reading),
        cmocka_unit_test(normalises_every_string_to_nfc),
        cmocka_unit_test(refuses_control_characters_in_strings),
        cmocka_unit_test(rejects_an_integer_beyond_64_bits),
        cmocka_unit_test(warns_about_unknown_fields_and_wording_only_when_strict),
        cmocka_unit_test(survives_a_10000_deep_nested_array),
        cmocka_unit_test(loads_a_one_megabyte_string),
        cmocka_unit_test(release_leaves_a_reusable_dataset),
        cmocka_unit_test(names_shown_in_bookmarks_hold_at_most_ten_thousand_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
