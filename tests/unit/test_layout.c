/*
 * test_layout.c - the layout engine on small datasets with the default
 * layout and fonts: how the size of the display list grows with the length
 * of a text that is printed on every page, and what running texts show.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "aggregate.h"
#include "dataset.h"
#include "diag.h"
#include "display.h"
#include "fontmetrics.h"
#include "fonts.h"
#include "layout.h"
#include "layoutdef.h"
#include "strbuf.h"
#include "utf8.h"

#include "testfiles.h"

struct fixture {
    struct layoutdef def;
    struct font_metrics *fm[DL_FONT_COUNT];
    char *file[DL_FONT_COUNT];
};

static int setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof *fx);
    struct diag_list diags;
    int f;

    diag_list_init(&diags);
    if (!fx || layoutdef_load(&fx->def, "layouts/briefing.json", &diags) < 0)
        return -1;
    for (f = 0; f < DL_FONT_COUNT; f++) {
        char err[256];
        fx->file[f] = fonts_find("fonts/manifest.json", fx->def.font_family[f], &diags);
        if (!fx->file[f] || !(fx->fm[f] = fontmetrics_load(fx->file[f], err, sizeof err)))
            return -1;
    }
    diag_list_release(&diags);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    int f;

    layoutdef_release(&fx->def);
    for (f = 0; f < DL_FONT_COUNT; f++) {
        fontmetrics_free(fx->fm[f]);
        free(fx->file[f]);
    }
    free(fx);
    return 0;
}

/* One meeting and one pledge under a dataset title of 'n' copies of 'unit'. */
static void dataset_json(struct strbuf *out, const char *unit, size_t n)
{
    size_t i;

    strbuf_addstr(out, "{\"title\": \"");
    for (i = 0; i < n; i++)
        strbuf_addstr(out, unit);
    strbuf_addstr(out, "\", \"meetings\": [{\"id\": \"M1\", \"date\": \"2024-11-06\", "
                       "\"title\": \"간담회\"}], \"pledges\": [{\"id\": \"P1\", "
                       "\"meeting\": \"M1\", \"company\": \"네이버\", \"category\": \"기타\", "
                       "\"title\": \"약속\"}]}");
}

/* A dataset loaded, validated and aggregated, ready for layout with 'def'. */
struct built {
    struct dataset ds;
    struct aggregate agg;
    struct layout_input in;
    struct diag_list diags;
};

static void build(struct fixture *fx, const struct layoutdef *def, const char *json,
                  struct built *b)
{
    struct aggregate_options ao;
    int f;

    diag_list_init(&b->diags);
    dataset_init(&b->ds);
    assert_int_equal(dataset_load_buffer(&b->ds, "t.json", json, strlen(json), &b->diags), 0);
    assert_int_equal(dataset_validate(&b->ds, &b->diags), 0);
    memset(&ao, 0, sizeof ao);
    ao.as_of = (struct date){2024, 12, 31};
    assert_int_equal(aggregate_build(&b->agg, &b->ds, &ao, &b->diags), 0);
    memset(&b->in, 0, sizeof b->in);
    b->in.agg = &b->agg;
    b->in.ds = &b->ds;
    b->in.def = def ? def : &fx->def;
    for (f = 0; f < DL_FONT_COUNT; f++) {
        b->in.fonts[f] = fx->fm[f];
        b->in.font_file[f] = fx->file[f];
    }
    b->in.created = -1;
}

static void unbuild(struct built *b)
{
    aggregate_release(&b->agg);
    dataset_release(&b->ds);
    diag_list_release(&b->diags);
}

/* Lay out 'json' with the default layout into 'dl' (every page kept). */
static void lay_out(struct fixture *fx, const char *json, struct display_list *dl)
{
    struct built b;

    build(fx, NULL, json, &b);
    display_list_init(dl);
    assert_int_equal(layout_check_text(&b.in, &b.diags), 0);
    assert_int_equal(layout_build(dl, &b.in, &b.diags), 0);
    assert_int_equal(b.diags.errors, 0);
    unbuild(&b);
}

/* Bytes of text on all pages: what the PDF's page content grows with. */
static size_t text_bytes(const struct display_list *dl)
{
    size_t p, i, n = 0;
    for (p = 0; p < dl->n_pages; p++)
        for (i = 0; i < dl->pages[p].count; i++)
            if (dl->pages[p].items[i].kind == DL_TEXT)
                n += dl->pages[p].items[i].len;
    return n;
}

static size_t text_bytes_for_title(struct fixture *fx, size_t n, size_t *pages)
{
    struct strbuf json = STRBUF_INIT;
    struct display_list dl;
    size_t bytes;

    dataset_json(&json, "가", n);
    lay_out(fx, json.buf, &dl);
    bytes = text_bytes(&dl);
    *pages = dl.n_pages;
    display_list_release(&dl);
    strbuf_release(&json);
    return bytes;
}

static void page_text_grows_linearly_with_the_title(void **state)
{
    struct fixture *fx = *state;
    size_t p0, p1, p2;
    size_t base = text_bytes_for_title(fx, 1, &p0);
    size_t one = text_bytes_for_title(fx, 4000, &p1) - base;
    size_t two = text_bytes_for_title(fx, 8000, &p2) - base;

    /* the title wraps over more pages: the header must not repeat all of it */
    assert_true(p2 > p1 && p1 > p0);
    assert_true(two < one * 5 / 2);
}

/* The header is one line left of the date, cut with an ellipsis. */
static void a_long_title_is_cut_to_one_header_line(void **state)
{
    struct fixture *fx = *state;
    struct strbuf json = STRBUF_INIT;
    struct display_list dl;
    size_t p, i, seen = 0;

    dataset_json(&json, "가나다 ", 2000);
    lay_out(fx, json.buf, &dl);
    assert_true(dl.n_pages > 2);
    for (p = 1; p < dl.n_pages; p++) {
        const struct dl_page *pg = &dl.pages[p];
        const struct dl_item *left = NULL, *date = NULL;
        for (i = 0; i < pg->count; i++) {
            const struct dl_item *it = &pg->items[i];
            if (it->kind != DL_TEXT || it->y > fx->def.margin_top)
                continue;
            if (strncmp(it->text, "가나다", strlen("가나다")) == 0)
                left = it;
            else if (strstr(it->text, "기준"))
                date = it;
        }
        assert_non_null(left);
        assert_non_null(date);
        assert_true(left->x >= fx->def.margin_left - 0.01);
        assert_true(left->x + (double)fontmetrics_text_width(fx->fm[left->font], left->text,
                                                             left->len) *
                                  left->size / 1000.0 < date->x);
        assert_true(left->len >= 3 && memcmp(left->text + left->len - 3, "…", 3) == 0);
        assert_true(left->text[left->len - 4] != ' ');
        seen++;
    }
    assert_int_equal(seen, dl.n_pages - 1);
    display_list_release(&dl);
    strbuf_release(&json);
}

/* A title that fits is the header as it is. */
static void a_short_title_is_the_whole_header(void **state)
{
    struct fixture *fx = *state;
    struct display_list dl;
    size_t len, i, seen = 0;
    char *json = (char *)read_file("data/pledges.json", &len);

    json = realloc(json, len + 1);
    assert_non_null(json);
    json[len] = '\0';
    lay_out(fx, json, &dl);
    assert_true(dl.n_pages >= 2);
    for (i = 0; i < dl.pages[1].count; i++) {
        const struct dl_item *it = &dl.pages[1].items[i];
        if (it->kind == DL_TEXT && it->y < fx->def.margin_top &&
            strcmp(it->text, "플랫폼 상생협력 이행 점검") == 0)
            seen++;
    }
    assert_int_equal(seen, 1);
    display_list_release(&dl);
    free(json);
}

/* The sample dataset, NUL-terminated (caller frees). */
static char *seed_json(void)
{
    size_t len;
    char *json = (char *)read_file("data/pledges.json", &len);

    json = realloc(json, len + 1);
    assert_non_null(json);
    json[len] = '\0';
    return json;
}

/* 'n' pledges of nine companies at 20 meetings, descriptions of many lengths. */
static void many_pledges(struct strbuf *out, size_t n, int with_text)
{
    static const char *const companies[] = {"네이버", "카카오", "쿠팡", "당근", "배민",
                                            "11번가", "지마켓", "롯데온", "우체국"};
    size_t i, k;

    strbuf_addstr(out, "{\"meetings\": [");
    for (i = 0; i < 20; i++)
        strbuf_addf(out, "%s{\"id\": \"M%zu\", \"date\": \"2024-%02zu-10\", \"title\": \"회의\"}",
                    i ? ", " : "", i, i % 12 + 1);
    strbuf_addstr(out, "], \"pledges\": [");
    for (i = 0; i < n; i++) {
        strbuf_addf(out, "%s{\"id\": \"P%06zu\", \"meeting\": \"M%zu\", \"company\": \"%s\", "
                         "\"category\": \"기타\", \"title\": \"약속 %zu\"",
                    i ? ",\n" : "", i, i % 20, companies[i % 9], i);
        if (with_text) {
            strbuf_addstr(out, ", \"description\": \"");
            for (k = 0; k < i % 23; k++)
                strbuf_addstr(out, k % 3 ? "소상공인 지원을 " : "확대한다 ");
            strbuf_addf(out, "\", \"amount_krw\": %zu", i * 1000000);
        }
        strbuf_addch(out, '}');
    }
    strbuf_addstr(out, "]}");
}

static void least_pages_never_exceed_the_pages_laid_out(void **state)
{
    struct fixture *fx = *state;
    struct strbuf gen = STRBUF_INIT;
    char *seed = seed_json();
    const char *json[2];
    int i;

    many_pledges(&gen, 3000, 1);
    json[0] = seed;
    json[1] = gen.buf;
    for (i = 0; i < 2; i++) {
        struct built b;
        struct display_list dl;
        size_t rough, measured;

        build(fx, NULL, json[i], &b);
        rough = layout_least_pages(&b.in, 0);
        measured = layout_least_pages(&b.in, 1);
        display_list_init(&dl);
        assert_int_equal(layout_check_text(&b.in, &b.diags), 0);
        assert_int_equal(layout_build(&dl, &b.in, &b.diags), 0);
        if (!(rough <= measured && measured <= dl.n_pages))
            fail_msg("least pages %zu, measured %zu, laid out %zu", rough, measured,
                     dl.n_pages);
        if (i == 1 && measured < dl.n_pages / 2)   /* close enough to be of use */
            fail_msg("measured %zu of %zu pages", measured, dl.n_pages);
        display_list_release(&dl);
        unbuild(&b);
    }
    strbuf_release(&gen);
    free(seed);
}

/* One row a page: 72-point table text on a page whose margins leave 3.8 inches. */
static const char tall_rows[] =
    "{\"page\": {\"margin_mm\": [100, 18, 100, 18]},\n"
    " \"styles\": {\"table\": {\"size\": 72, \"leading\": 4}},\n"
    " \"blocks\": [{\"type\": \"table\", \"source\": \"pledges\",\n"
    "             \"columns\": [{\"field\": \"id\", \"title\": \"id\"}]}]}";

static void a_briefing_past_the_page_limit_is_refused_before_layout(void **state)
{
    struct fixture *fx = *state;
    struct layoutdef def;
    struct strbuf json = STRBUF_INIT;
    struct built b;
    const struct diag *d;
    struct diag_list diags;

    diag_list_init(&diags);
    assert_int_equal(layoutdef_load_buffer(&def, "tall.json", tall_rows, strlen(tall_rows),
                                           &diags), 0);
    many_pledges(&json, 32767, 0);   /* as many pages as a PDF can hold */
    build(fx, &def, json.buf, &b);
    assert_int_equal(layout_least_pages(&b.in, 0), 32767);
    assert_int_equal(layout_check_text(&b.in, &b.diags), 0);
    unbuild(&b);

    strbuf_reset(&json);
    many_pledges(&json, 32768, 0);
    build(fx, &def, json.buf, &b);
    assert_int_equal(layout_check_text(&b.in, &b.diags), -1);
    assert_int_equal(b.diags.count, 1);
    d = &b.diags.items[0];
    assert_int_equal(d->code, DIAG_TOO_MANY_PAGES);
    assert_string_equal(d->pos.file, "t.json");
    assert_int_equal(d->pos.line, 1);
    assert_int_equal(d->pos.column, (int)utf8_count(json.buf, (size_t)(strstr(json.buf,
                     "\"pledges\": [") - json.buf)) + 12);
    assert_string_equal(d->path, "/pledges");
    assert_string_equal(d->text, "32,768 pledges and 20 meetings need at least 32,768 pages "
                                 "with this layout, more than the 32,767 a PDF can hold; "
                                 "make briefings of a shorter period or fewer companies "
                                 "(--month, --from and --to, --company)");
    assert_int_equal(diag_exit_of(d->code), EXIT_DATA);
    unbuild(&b);
    layoutdef_release(&def);
    diag_list_release(&diags);
    strbuf_release(&json);
}

/* Texts that become bookmarks and document information, as expanded. */
static const char repeated_title[] =
    "{\"metadata\": {\"title\": \"{title} {title} {title} {title}\"},\n"
    " \"blocks\": [{\"type\": \"heading\", \"text\": \"{title} {title} {title} {title}\"}]}";

static void bookmark_and_information_texts_must_fit_a_pdf_string(void **state)
{
    struct fixture *fx = *state;
    struct layoutdef def;
    struct strbuf json = STRBUF_INIT;
    struct built b;
    struct diag_list diags;
    const struct diag *d;

    diag_list_init(&diags);
    assert_int_equal(layoutdef_load_buffer(&def, "rep.json", repeated_title,
                                           strlen(repeated_title), &diags), 0);
    dataset_json(&json, "가", 8191);   /* 4 x 8191 + 3 = 32,767 units: one too many */
    build(fx, &def, json.buf, &b);
    assert_int_equal(layout_check_text(&b.in, &b.diags), -1);
    assert_int_equal(b.diags.count, 2);
    d = &b.diags.items[0];
    assert_int_equal(d->code, DIAG_TEXT_TOO_LONG);
    assert_string_equal(d->pos.file, "rep.json");
    assert_int_equal(d->pos.line, 1);
    assert_int_equal(d->pos.column, 24);
    assert_string_equal(d->path, "/metadata/title");
    assert_int_equal(strncmp(d->text, "the document title comes to 32,767 UTF-16 units, more "
                                      "than the 32,766 a PDF text string holds: '가가",
                             strlen("the document title comes to 32,767 UTF-16 units, more "
                                    "than the 32,766 a PDF text string holds: '가가")),
                     0);
    d = &b.diags.items[1];
    assert_int_equal(d->code, DIAG_TEXT_TOO_LONG);
    assert_string_equal(d->path, "/blocks/0/text");
    assert_int_equal(d->pos.line, 2);
    unbuild(&b);

    strbuf_reset(&json);
    dataset_json(&json, "가", 8190);
    build(fx, &def, json.buf, &b);
    assert_int_equal(layout_check_text(&b.in, &b.diags), 0);
    unbuild(&b);
    layoutdef_release(&def);
    diag_list_release(&diags);
    strbuf_release(&json);
}


/* A company name at the limit: its section heading runs over pages, not off them. */
static void a_heading_taller_than_a_page_goes_on_over_pages(void **state)
{
    struct fixture *fx = *state;
    struct strbuf json = STRBUF_INIT, name = STRBUF_INIT;
    struct display_list dl;
    size_t p, i, lines = 0;

    for (i = 0; i < 909; i++)   /* 9,999 characters */
        strbuf_addstr(&name, "주식회사 상생플랫폼 ");
    strbuf_addf(&json, "{\"meetings\": [{\"id\": \"M1\", \"date\": \"2024-11-06\", "
                       "\"title\": \"간담회\"}], \"pledges\": [{\"id\": \"P1\", "
                       "\"meeting\": \"M1\", \"company\": \"%s\", \"category\": \"기타\", "
                       "\"title\": \"약속\"}]}", name.buf);
    lay_out(fx, json.buf, &dl);
    for (p = 0; p < dl.n_pages; p++)
        for (i = 0; i < dl.pages[p].count; i++) {
            const struct dl_item *it = &dl.pages[p].items[i];
            if (it->kind != DL_TEXT)
                continue;
            if (it->y > fx->def.page_h - fx->def.margin_bottom + 30)   /* below the footer */
                fail_msg("page %zu: text at %.2f of %.2f: %.20s", p + 1, it->y,
                         fx->def.page_h, it->text);
            lines += it->size == fx->def.styles[LS_H2].size && it->font == DL_BOLD;
        }
    assert_true(lines > 100);   /* the heading's lines, all of them on some page */
    display_list_release(&dl);
    strbuf_release(&json);
    strbuf_release(&name);
}

/* A title over several pages: its bookmark is where it starts. */
static void a_long_title_s_bookmark_points_at_its_first_page(void **state)
{
    struct fixture *fx = *state;
    struct strbuf json = STRBUF_INIT;
    struct display_list dl;

    dataset_json(&json, "가나다 ", 2000);
    lay_out(fx, json.buf, &dl);
    assert_true(dl.n_outlines > 1);
    assert_int_equal(strncmp(dl.outlines[0].title, "가나다", strlen("가나다")), 0);
    assert_int_equal(dl.outlines[0].page, 0);
    assert_true(dl.outlines[1].page > 0);   /* "1. 요약" after the title */
    display_list_release(&dl);
    strbuf_release(&json);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(page_text_grows_linearly_with_the_title),
        cmocka_unit_test(a_long_title_is_cut_to_one_header_line),
        cmocka_unit_test(a_short_title_is_the_whole_header),
        cmocka_unit_test(least_pages_never_exceed_the_pages_laid_out),
        cmocka_unit_test(a_briefing_past_the_page_limit_is_refused_before_layout),
        cmocka_unit_test(bookmark_and_information_texts_must_fit_a_pdf_string),
        cmocka_unit_test(a_heading_taller_than_a_page_goes_on_over_pages),
        cmocka_unit_test(a_long_title_s_bookmark_points_at_its_first_page),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
