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

/* Lay out 'json' with the default layout into 'dl' (every page kept). */
static void lay_out(struct fixture *fx, const char *json, struct display_list *dl)
{
    struct dataset ds;
    struct aggregate agg;
    struct aggregate_options ao;
    struct layout_input in;
    struct diag_list diags;
    int f;

    diag_list_init(&diags);
    dataset_init(&ds);
    assert_int_equal(dataset_load_buffer(&ds, "t.json", json, strlen(json), &diags), 0);
    assert_int_equal(dataset_validate(&ds, &diags), 0);
    memset(&ao, 0, sizeof ao);
    ao.as_of = (struct date){2024, 12, 31};
    assert_int_equal(aggregate_build(&agg, &ds, &ao, &diags), 0);
    memset(&in, 0, sizeof in);
    in.agg = &agg;
    in.ds = &ds;
    in.def = &fx->def;
    for (f = 0; f < DL_FONT_COUNT; f++) {
        in.fonts[f] = fx->fm[f];
        in.font_file[f] = fx->file[f];
    }
    in.created = -1;
    display_list_init(dl);
    assert_int_equal(layout_check_text(&in, &diags), 0);
    assert_int_equal(layout_build(dl, &in, &diags), 0);
    assert_int_equal(diags.errors, 0);
    aggregate_release(&agg);
    dataset_release(&ds);
    diag_list_release(&diags);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(page_text_grows_linearly_with_the_title),
        cmocka_unit_test(a_long_title_is_cut_to_one_header_line),
        cmocka_unit_test(a_short_title_is_the_whole_header),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
