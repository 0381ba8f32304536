/*
 * test_diag.c - unit tests for diag.c: the catalogue (level, exit status and
 * message of every code), collection up to the cap, strict-only warnings,
 * the worst exit status, and the one printing format.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diag.h"
#include "strbuf.h"
#include "xalloc.h"

/* What diag_print writes for 'd', as a string the caller frees. */
static char *printed(const struct diag *d)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);

    assert_non_null(f);
    diag_print(f, d);
    assert_int_equal(fclose(f), 0);
    return buf;
}

static char *printed_all(const struct diag_list *list)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);

    assert_non_null(f);
    diag_print_all(f, list);
    assert_int_equal(fclose(f), 0);
    return buf;
}

static void gives_every_code_its_level_exit_status_and_message(void **state)
{
    static const struct {
        enum diag_code code;
        enum diag_level level;
        enum exit_status exit;
    } want[] = {
        {DIAG_IO_READ, DIAG_ERROR, EXIT_IO},
        {DIAG_IO_WRITE, DIAG_ERROR, EXIT_IO},
        {DIAG_OUTPUT_TARGET, DIAG_ERROR, EXIT_IO},
        {DIAG_OUTPUT_REPAIRED, DIAG_WARNING, EXIT_OK},
        {DIAG_JSON_SYNTAX, DIAG_ERROR, EXIT_DATA},
        {DIAG_JSON_DUPLICATE_KEY, DIAG_ERROR, EXIT_DATA},
        {DIAG_JSON_ROOT, DIAG_ERROR, EXIT_DATA},
        {DIAG_FIELD_MISSING, DIAG_ERROR, EXIT_DATA},
        {DIAG_FIELD_TYPE, DIAG_ERROR, EXIT_DATA},
        {DIAG_FIELD_EMPTY, DIAG_ERROR, EXIT_DATA},
        {DIAG_FIELD_UNKNOWN, DIAG_WARNING, EXIT_OK},
        {DIAG_TEXT_CONTROL, DIAG_ERROR, EXIT_DATA},
        {DIAG_TEXT_TOO_LONG, DIAG_ERROR, EXIT_DATA},
        {DIAG_ID_DUPLICATE, DIAG_ERROR, EXIT_DATA},
        {DIAG_MEETING_UNKNOWN, DIAG_ERROR, EXIT_DATA},
        {DIAG_DATE_SYNTAX, DIAG_ERROR, EXIT_DATA},
        {DIAG_DATE_INVALID, DIAG_ERROR, EXIT_DATA},
        {DIAG_CATEGORY_UNKNOWN, DIAG_ERROR, EXIT_DATA},
        {DIAG_CATEGORY_DUPLICATE, DIAG_ERROR, EXIT_DATA},
        {DIAG_STATUS_UNKNOWN, DIAG_ERROR, EXIT_DATA},
        {DIAG_AMOUNT_SYNTAX, DIAG_ERROR, EXIT_DATA},
        {DIAG_AMOUNT_RANGE, DIAG_ERROR, EXIT_DATA},
        {DIAG_TIMELINE_UNKNOWN, DIAG_WARNING, EXIT_OK},
        {DIAG_DUE_BEFORE_MEETING, DIAG_WARNING, EXIT_OK},
        {DIAG_COMPANY_UNKNOWN, DIAG_ERROR, EXIT_DATA},
        {DIAG_LAYOUT, DIAG_ERROR, EXIT_DATA},
        {DIAG_PLACEHOLDER, DIAG_ERROR, EXIT_DATA},
        {DIAG_FONT, DIAG_ERROR, EXIT_FONT},
        {DIAG_GLYPH_MISSING, DIAG_ERROR, EXIT_FONT},
        {DIAG_ENCODE, DIAG_ERROR, EXIT_DATA},
        {DIAG_TOO_MANY_PAGES, DIAG_ERROR, EXIT_DATA},
        {DIAG_PDF, DIAG_ERROR, EXIT_IO},
    };
    size_t i;
    int seen[DIAG_CODE_COUNT] = {0};
    (void)state;

    for (i = 0; i < sizeof want / sizeof want[0]; i++) {
        enum diag_code c = want[i].code;
        const char *msg = diag_message(c);
        if (diag_level_of(c) != want[i].level || diag_exit_of(c) != want[i].exit)
            fail_msg("code %d: level %d exit %d", (int)c, (int)diag_level_of(c),
                     (int)diag_exit_of(c));
        /* a message start: present, lowercase or an acronym, no full stop */
        assert_non_null(msg);
        assert_true(strlen(msg) > 3);
        assert_true(msg[strlen(msg) - 1] != '.');
        seen[c] = 1;
    }
    for (i = 0; i < DIAG_CODE_COUNT; i++)
        if (!seen[i])
            fail_msg("code %zu is not covered by this test", i);
    assert_string_equal(diag_message(DIAG_AMOUNT_SYNTAX), "amount not understood");
    assert_string_equal(diag_message(DIAG_FIELD_MISSING), "required field missing");
}

static void starts_empty_with_a_cap_of_one_hundred(void **state)
{
    struct diag_list list;
    (void)state;

    memset(&list, 0x5A, sizeof list);
    diag_list_init(&list);
    assert_int_equal(list.count, 0);
    assert_int_equal(list.max, 100);
    assert_int_equal(list.dropped, 0);
    assert_int_equal(list.errors, 0);
    assert_int_equal(list.warnings, 0);
    assert_int_equal(list.strict, 0);
    assert_int_equal(list.quiet, 0);
    assert_int_equal(list.status, EXIT_OK);
    diag_list_release(&list);
}

static void copies_position_record_path_and_formatted_text(void **state)
{
    struct diag_list list;
    struct diag_pos pos = {"data/x.json", 41, 17};
    char id[] = "P24-NAVER-02", path[] = "/pledges/17/amount_krw";
    const struct diag *d;
    (void)state;

    diag_list_init(&list);
    diag_add(&list, DIAG_AMOUNT_SYNTAX, &pos, 18, id, path, "'%s' (%d)", "천억 원 안팎", 3);
    id[0] = path[0] = 'X';  /* the list holds copies */
    assert_int_equal(list.count, 1);
    d = &list.items[0];
    assert_int_equal(d->code, DIAG_AMOUNT_SYNTAX);
    assert_string_equal(d->pos.file, "data/x.json");
    assert_int_equal(d->pos.line, 41);
    assert_int_equal(d->pos.column, 17);
    assert_int_equal(d->record, 18);
    assert_string_equal(d->record_id, "P24-NAVER-02");
    assert_string_equal(d->path, "/pledges/17/amount_krw");
    assert_string_equal(d->text, "'천억 원 안팎' (3)");
    assert_int_equal(list.errors, 1);
    assert_int_equal(list.status, EXIT_DATA);

    diag_add(&list, DIAG_IO_READ, NULL, 0, NULL, NULL, NULL);
    d = &list.items[1];
    assert_null(d->pos.file);
    assert_int_equal(d->pos.line, 0);
    assert_int_equal(d->pos.column, 0);
    assert_int_equal(d->record, 0);
    assert_null(d->record_id);
    assert_null(d->path);
    assert_null(d->text);
    diag_list_release(&list);
}

static void stores_at_most_max_and_counts_the_rest_as_dropped(void **state)
{
    struct diag_list list;
    int i;
    (void)state;

    diag_list_init(&list);
    list.max = 5;
    for (i = 0; i < 12; i++)
        diag_add(&list, DIAG_FIELD_TYPE, NULL, i + 1, NULL, NULL, "number %d", i);
    assert_int_equal(list.count, 5);
    assert_int_equal(list.dropped, 7);
    assert_int_equal(list.errors, 12);
    assert_string_equal(list.items[4].text, "number 4");  /* the first ones are kept */
    /* a worse problem past the cap still decides the exit status */
    diag_add(&list, DIAG_IO_WRITE, NULL, 0, NULL, NULL, "disk full");
    assert_int_equal(list.count, 5);
    assert_int_equal(list.dropped, 8);
    assert_int_equal(list.status, EXIT_IO);
    diag_list_release(&list);
    assert_int_equal(list.count, 0);
    assert_int_equal(list.dropped, 0);
}

static void stores_nothing_with_a_cap_of_zero(void **state)
{
    struct diag_list list;
    (void)state;

    diag_list_init(&list);
    list.max = 0;
    diag_add(&list, DIAG_DATE_SYNTAX, NULL, 0, NULL, NULL, "x");
    assert_int_equal(list.count, 0);
    assert_int_equal(list.dropped, 1);
    assert_int_equal(list.errors, 1);
    assert_int_equal(list.status, EXIT_DATA);
    diag_list_release(&list);
}

static void stores_more_than_the_default_cap_when_raised(void **state)
{
    struct diag_list list;
    size_t i;
    (void)state;

    diag_list_init(&list);
    list.max = 10000;
    for (i = 0; i < 10000; i++)
        diag_add(&list, DIAG_ID_DUPLICATE, NULL, (int)i, "id", "/pledges/0/id", "'%zu'", i);
    assert_int_equal(list.count, 10000);
    assert_int_equal(list.dropped, 0);
    assert_string_equal(list.items[9999].text, "'9999'");
    diag_list_release(&list);
}

static void drops_strict_only_warnings_unless_strict(void **state)
{
    static const enum diag_code strict_only[] = {DIAG_FIELD_UNKNOWN, DIAG_TIMELINE_UNKNOWN,
                                                 DIAG_DUE_BEFORE_MEETING};
    struct diag_list list;
    size_t i;
    (void)state;

    diag_list_init(&list);
    for (i = 0; i < 3; i++)
        diag_add(&list, strict_only[i], NULL, 1, "P1", "/pledges/0/x", "'x'");
    assert_int_equal(list.count, 0);
    assert_int_equal(list.warnings, 0);
    assert_int_equal(list.dropped, 0);
    assert_int_equal(list.status, EXIT_OK);
    diag_list_release(&list);

    diag_list_init(&list);
    list.strict = 1;
    for (i = 0; i < 3; i++)
        diag_add(&list, strict_only[i], NULL, 1, "P1", "/pledges/0/x", "'x'");
    assert_int_equal(list.count, 3);
    assert_int_equal(list.warnings, 3);
    assert_int_equal(list.errors, 0);
    assert_int_equal(list.status, EXIT_OK);  /* warnings do not fail the run */
    assert_int_equal(list.items[1].code, DIAG_TIMELINE_UNKNOWN);
    diag_list_release(&list);
}

static enum exit_status status_after(const enum diag_code *codes, size_t n)
{
    struct diag_list list;
    enum exit_status s;
    size_t i;

    diag_list_init(&list);
    for (i = 0; i < n; i++)
        diag_add(&list, codes[i], NULL, 0, NULL, NULL, NULL);
    s = list.status;
    diag_list_release(&list);
    return s;
}

static void keeps_the_worst_exit_status_io_then_font_then_data(void **state)
{
    const enum diag_code data_font_io[] = {DIAG_DATE_SYNTAX, DIAG_FONT, DIAG_IO_READ};
    const enum diag_code io_font_data[] = {DIAG_IO_READ, DIAG_FONT, DIAG_DATE_SYNTAX};
    const enum diag_code font_data[] = {DIAG_GLYPH_MISSING, DIAG_DATE_SYNTAX};
    const enum diag_code data_font[] = {DIAG_DATE_SYNTAX, DIAG_GLYPH_MISSING};
    const enum diag_code pdf_data[] = {DIAG_PDF, DIAG_LAYOUT};
    const enum diag_code data_warning[] = {DIAG_ENCODE, DIAG_FIELD_UNKNOWN};
    (void)state;

    assert_int_equal(status_after(data_font_io, 3), EXIT_IO);
    assert_int_equal(status_after(io_font_data, 3), EXIT_IO);
    assert_int_equal(status_after(font_data, 2), EXIT_FONT);
    assert_int_equal(status_after(data_font, 2), EXIT_FONT);
    assert_int_equal(status_after(pdf_data, 2), EXIT_IO);
    assert_int_equal(status_after(data_warning, 2), EXIT_DATA);
    assert_int_equal(status_after(NULL, 0), EXIT_OK);
}

static void ranks_data_errors_above_a_usage_error(void **state)
{
    /* main may record a usage error itself: exit 2 ranks below data errors */
    struct diag_list list;
    (void)state;

    diag_list_init(&list);
    list.status = EXIT_USAGE;
    diag_add(&list, DIAG_FIELD_TYPE, NULL, 0, NULL, NULL, NULL);
    assert_int_equal(list.status, EXIT_DATA);  /* data (1) is more severe than usage (2) */
    diag_add(&list, DIAG_FONT, NULL, 0, NULL, NULL, NULL);
    assert_int_equal(list.status, EXIT_FONT);
    diag_add(&list, DIAG_FIELD_TYPE, NULL, 0, NULL, NULL, NULL);
    assert_int_equal(list.status, EXIT_FONT);
    diag_list_release(&list);
}

static void prints_the_full_standard_format(void **state)
{
    struct diag_list list;
    struct diag_pos pos = {"data/x.json", 41, 17};
    char *out;
    (void)state;

    diag_list_init(&list);
    diag_add(&list, DIAG_AMOUNT_SYNTAX, &pos, 18, "P24-NAVER-02", "/pledges/17/amount_krw",
             "'%s'", "천억 원 안팎");
    out = printed(&list.items[0]);
    assert_string_equal(out, "reportgen: data/x.json:41:17: error: amount not understood: "
                             "'천억 원 안팎' (record 18 'P24-NAVER-02', "
                             "/pledges/17/amount_krw)\n");
    free(out);
    diag_list_release(&list);
}

static void prints_only_the_parts_a_diagnostic_has(void **state)
{
    static const struct {
        const char *file;
        int line, column, record;
        const char *id, *path, *text;
        const char *want;
    } cases[] = {
        {NULL, 0, 0, 0, NULL, NULL, NULL, "reportgen: error: amount not understood\n"},
        {NULL, 0, 0, 0, NULL, NULL, "", "reportgen: error: amount not understood\n"},
        {"f.json", 0, 0, 0, NULL, NULL, "'x'",
         "reportgen: f.json: error: amount not understood: 'x'\n"},
        {"f.json", 3, 0, 0, NULL, NULL, NULL,
         "reportgen: f.json:3:1: error: amount not understood\n"},
        {NULL, 3, 4, 0, NULL, NULL, NULL, "reportgen: error: amount not understood\n"},
        {"f.json", 2, 5, 4, NULL, NULL, NULL,
         "reportgen: f.json:2:5: error: amount not understood (record 4)\n"},
        {"f.json", 2, 5, 4, "P9", NULL, NULL,
         "reportgen: f.json:2:5: error: amount not understood (record 4 'P9')\n"},
        {"f.json", 2, 5, 0, NULL, "/categories/2", NULL,
         "reportgen: f.json:2:5: error: amount not understood (/categories/2)\n"},
        {"f.json", 2, 5, 4, NULL, "/pledges/3", "'y'",
         "reportgen: f.json:2:5: error: amount not understood: 'y' (record 4, /pledges/3)\n"},
    };
    size_t i;
    (void)state;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct diag d;
        char *out;

        memset(&d, 0, sizeof d);
        d.code = DIAG_AMOUNT_SYNTAX;
        d.pos.file = cases[i].file;
        d.pos.line = cases[i].line;
        d.pos.column = cases[i].column;
        d.record = cases[i].record;
        d.record_id = (char *)cases[i].id;
        d.path = (char *)cases[i].path;
        d.text = (char *)cases[i].text;
        out = printed(&d);
        if (strcmp(out, cases[i].want) != 0)
            print_error("case %zu printed: %s", i, out);
        assert_string_equal(out, cases[i].want);
        free(out);
    }
}

static void prints_warnings_with_their_level_name(void **state)
{
    struct diag_list list;
    struct diag_pos pos = {"<stdin>", 1, 2};
    char *out;
    (void)state;

    diag_list_init(&list);
    list.strict = 1;
    diag_add(&list, DIAG_FIELD_UNKNOWN, &pos, 1, "M1", "/meetings/0/place", "'%s'", "place");
    out = printed(&list.items[0]);
    assert_string_equal(out, "reportgen: <stdin>:1:2: warning: unknown field: 'place' "
                             "(record 1 'M1', /meetings/0/place)\n");
    free(out);
    diag_list_release(&list);
}

static void prints_all_stored_problems_and_a_count_of_the_rest(void **state)
{
    struct diag_list list;
    char *out;
    (void)state;

    diag_list_init(&list);
    list.max = 2;
    diag_add(&list, DIAG_DATE_SYNTAX, NULL, 0, NULL, NULL, "'a'");
    diag_add(&list, DIAG_DATE_SYNTAX, NULL, 0, NULL, NULL, "'b'");
    diag_add(&list, DIAG_DATE_SYNTAX, NULL, 0, NULL, NULL, "'c'");
    out = printed_all(&list);
    assert_string_equal(out, "reportgen: error: date must be YYYY-MM-DD: 'a'\n"
                             "reportgen: error: date must be YYYY-MM-DD: 'b'\n"
                             "reportgen: 1 more problem not shown\n");
    free(out);
    diag_add(&list, DIAG_DATE_SYNTAX, NULL, 0, NULL, NULL, "'d'");
    out = printed_all(&list);
    assert_non_null(strstr(out, "reportgen: 2 more problems not shown\n"));
    free(out);
    diag_list_release(&list);
}

static void leaves_warnings_out_when_quiet(void **state)
{
    struct diag_list list;
    char *out;
    (void)state;

    diag_list_init(&list);
    list.strict = 1;
    list.quiet = 1;
    diag_add(&list, DIAG_FIELD_UNKNOWN, NULL, 0, NULL, NULL, "'w'");
    diag_add(&list, DIAG_FIELD_EMPTY, NULL, 0, NULL, NULL, "'e'");
    out = printed_all(&list);
    assert_string_equal(out, "reportgen: error: empty value: 'e'\n");
    free(out);
    diag_list_release(&list);
}

static void add_through_vadd(struct diag_list *list, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void add_through_vadd(struct diag_list *list, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(list, DIAG_PLACEHOLDER, NULL, 2, "L", "/blocks/1", fmt, ap);
    va_end(ap);
}

static void vadd_passes_its_arguments_through(void **state)
{
    struct diag_list list;
    char long_text[600];
    (void)state;

    memset(long_text, 'x', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    diag_list_init(&list);
    add_through_vadd(&list, "'{%s}' %d %s", "회사명", 7, long_text);
    assert_int_equal(list.count, 1);
    assert_int_equal(strncmp(list.items[0].text, "'{회사명}' 7 xxx", strlen("'{회사명}' 7 xxx")),
                     0);
    assert_int_equal(strlen(list.items[0].text), strlen("'{회사명}' 7 ") + 599);
    diag_list_release(&list);
}

/* 'n' copies of 'unit' (caller frees). */
static char *repeat(const char *unit, size_t n)
{
    size_t len = strlen(unit), i;
    char *s = malloc(len * n + 1);
    assert_non_null(s);
    for (i = 0; i < n; i++)
        memcpy(s + i * len, unit, len);
    s[len * n] = '\0';
    return s;
}

static void cuts_a_long_quoted_value_to_forty_characters_and_its_length(void **state)
{
    struct diag_list list;
    char *value = repeat("가", 1048576 / 3), *want = repeat("가", 40);
    char *expect = malloc(strlen(want) + 64);
    (void)state;

    assert_non_null(expect);
    sprintf(expect, "'%s…' (%zu bytes) is not an amount", want, strlen(value));
    diag_list_init(&list);
    diag_add(&list, DIAG_AMOUNT_SYNTAX, NULL, 0, NULL, NULL, "'%s' is not an amount", value);
    assert_string_equal(list.items[0].text, expect);
    diag_list_release(&list);
    free(value);
    free(want);
    free(expect);
}

static void keeps_a_quoted_value_of_forty_characters_whole(void **state)
{
    struct diag_list list;
    char *value = repeat("가", 40);
    (void)state;

    diag_list_init(&list);
    diag_add(&list, DIAG_AMOUNT_SYNTAX, NULL, 0, NULL, NULL, "'%s' %d", value, 5);
    assert_int_equal(strlen(list.items[0].text), strlen(value) + 4);
    assert_int_equal(strncmp(list.items[0].text + 1, value, strlen(value)), 0);
    diag_list_release(&list);
    free(value);
}

static void cuts_between_characters_and_counts_a_precision_bounded_value(void **state)
{
    struct diag_list list;
    char value[] = "abcdefghijklmnopqrstuvwxyz0123456789ABC가나다라마바사";
    (void)state;

    diag_list_init(&list);
    /* 39 ASCII letters, then 가 whole as the fortieth character */
    diag_add(&list, DIAG_AMOUNT_SYNTAX, NULL, 0, NULL, NULL, "x '%s'", value);
    assert_string_equal(list.items[0].text,
                        "x 'abcdefghijklmnopqrstuvwxyz0123456789ABC가…' (60 bytes)");
    /* only the bytes the precision allows are the value */
    diag_add(&list, DIAG_AMOUNT_SYNTAX, NULL, 0, NULL, NULL, "'%.*s'", 45, value);
    assert_string_equal(list.items[1].text,
                        "'abcdefghijklmnopqrstuvwxyz0123456789ABC가…' (45 bytes)");
    diag_add(&list, DIAG_AMOUNT_SYNTAX, NULL, 0, NULL, NULL, "'%.*s'", 3, value);
    assert_string_equal(list.items[2].text, "'abc'");
    diag_list_release(&list);
}

static void formats_every_other_conversion_as_printf_does(void **state)
{
    struct diag_list list;
    char want[256], *value = repeat("x", 100);
    (void)state;

    snprintf(want, sizeof want, "%d|%5u|%-4x|%04X|%ld|%lld|%zu|%.2f|%g|%c|%%|%s|%.3s|%*d|%p",
             -3, 7u, 255u, 0xABu, -5L, 1LL << 40, (size_t)9, 2.5, 1e-3, 'q', "plain", "abcdef",
             4, 12, (void *)want);
    diag_list_init(&list);
    diag_add(&list, DIAG_AMOUNT_SYNTAX, NULL, 0, NULL, NULL,
             "%d|%5u|%-4x|%04X|%ld|%lld|%zu|%.2f|%g|%c|%%|%s|%.3s|%*d|%p", -3, 7u, 255u,
             0xABu, -5L, 1LL << 40, (size_t)9, 2.5, 1e-3, 'q', "plain", "abcdef", 4, 12,
             (void *)want);
    assert_string_equal(list.items[0].text, want);
    /* a value not in quotes is the caller's composition: left whole */
    diag_add(&list, DIAG_AMOUNT_SYNTAX, NULL, 0, NULL, NULL, "(%s)", value);
    assert_int_equal(strlen(list.items[1].text), 102);
    diag_list_release(&list);
    free(value);
}

static void cuts_a_long_record_id_and_path_step(void **state)
{
    struct diag_list list;
    char *id = repeat("P", 100), *key = repeat("k", 50), path[128], *out;
    (void)state;

    snprintf(path, sizeof path, "/pledges/3/%s", key);
    diag_list_init(&list);
    diag_add(&list, DIAG_FIELD_UNKNOWN, NULL, 4, id, path, NULL);
    list.strict = 1;
    diag_add(&list, DIAG_FIELD_UNKNOWN, NULL, 4, id, path, NULL);
    out = printed(&list.items[0]);
    assert_string_equal(out, "reportgen: warning: unknown field (record 4 "
                             "'PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP…' (100 bytes), "
                             "/pledges/3/kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk…)\n");
    free(out);
    diag_list_release(&list);
    free(id);
    free(key);
}

static void shows_file_names_and_command_line_values_whole(void **state)
{
    struct diag_list list;
    char *path = repeat("/dir", 30);
    (void)state;

    diag_list_init(&list);
    diag_add(&list, DIAG_IO_WRITE, NULL, 0, NULL, NULL, "'%s': %s", path, "No space");
    diag_add(&list, DIAG_IO_READ, NULL, 0, NULL, NULL, "'%s'", path);
    diag_add(&list, DIAG_FONT, NULL, 0, NULL, NULL, "'%s'", path);
    diag_add(&list, DIAG_COMPANY_UNKNOWN, NULL, 0, NULL, NULL, "'%s'", path);
    assert_int_equal(strlen(list.items[0].text), 120 + 12);
    assert_int_equal(strlen(list.items[1].text), 122);
    assert_int_equal(strlen(list.items[2].text), 122);
    assert_int_equal(strlen(list.items[3].text), 122);
    diag_list_release(&list);
    free(path);
}

static void format_cuts_for_callers_that_compose_a_message(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    char *value = repeat("a", 41);
    (void)state;

    diag_format(&sb, DIAG_PDF, "bookmark '%s' and '%s'", value, "short");
    assert_string_equal(sb.buf, "bookmark 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…' (41 bytes)"
                                " and 'short'");
    strbuf_reset(&sb);
    diag_format(&sb, DIAG_FONT, "font '%s'", value);
    assert_int_equal(sb.len, 41 + 7);
    strbuf_release(&sb);
    free(value);
}

static void append_keeps_cut_texts_as_they_are(void **state)
{
    struct diag_list a, b;
    char *value = repeat("가", 100);
    (void)state;

    diag_list_init(&a);
    diag_list_init(&b);
    diag_add(&a, DIAG_AMOUNT_SYNTAX, NULL, 1, value, NULL, "'%s'", value);
    diag_list_append(&b, &a);
    assert_string_equal(b.items[0].text, a.items[0].text);
    assert_string_equal(b.items[0].record_id, a.items[0].record_id);
    assert_int_equal(b.items[0].record_id_bytes, 300);
    /* a full list keeps what it has as it was */
    b.max = 1;
    diag_list_append(&b, &a);
    assert_int_equal(b.count, 1);
    diag_list_release(&b);
    diag_add(&b, DIAG_AMOUNT_SYNTAX, NULL, 1, "P1", NULL, NULL);
    b.max = 1;
    diag_list_append(&b, &a);
    assert_int_equal(b.count, 1);
    assert_int_equal(b.items[0].record_id_bytes, 0);
    diag_list_release(&a);
    diag_list_release(&b);
    free(value);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(gives_every_code_its_level_exit_status_and_message),
        cmocka_unit_test(starts_empty_with_a_cap_of_one_hundred),
        cmocka_unit_test(copies_position_record_path_and_formatted_text),
        cmocka_unit_test(stores_at_most_max_and_counts_the_rest_as_dropped),
        cmocka_unit_test(stores_nothing_with_a_cap_of_zero),
        cmocka_unit_test(stores_more_than_the_default_cap_when_raised),
        cmocka_unit_test(drops_strict_only_warnings_unless_strict),
        cmocka_unit_test(keeps_the_worst_exit_status_io_then_font_then_data),
        cmocka_unit_test(ranks_data_errors_above_a_usage_error),
        cmocka_unit_test(prints_the_full_standard_format),
        cmocka_unit_test(prints_only_the_parts_a_diagnostic_has),
        cmocka_unit_test(prints_warnings_with_their_level_name),
        cmocka_unit_test(prints_all_stored_problems_and_a_count_of_the_rest),
        cmocka_unit_test(leaves_warnings_out_when_quiet),
        cmocka_unit_test(vadd_passes_its_arguments_through),
        cmocka_unit_test(cuts_a_long_quoted_value_to_forty_characters_and_its_length),
        cmocka_unit_test(keeps_a_quoted_value_of_forty_characters_whole),
        cmocka_unit_test(cuts_between_characters_and_counts_a_precision_bounded_value),
        cmocka_unit_test(formats_every_other_conversion_as_printf_does),
        cmocka_unit_test(cuts_a_long_record_id_and_path_step),
        cmocka_unit_test(shows_file_names_and_command_line_values_whole),
        cmocka_unit_test(format_cuts_for_callers_that_compose_a_message),
        cmocka_unit_test(append_keeps_cut_texts_as_they_are),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
