/*
 * test_text.c - unit tests for text.c: NFC composition (Hangul jamo, Latin
 * marks, singletons), U+2027/U+2219 -> U+00B7, removal of invisible format
 * characters, refusal of control characters, the ASCII and Hangul fast path.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "strbuf.h"
#include "text.h"
#include "xalloc.h"

/* Normalise the 'len' bytes of 's' (copied without a NUL); NULL if refused. */
static char *norm_n(struct arena *a, const char *s, size_t len, size_t *outlen, uint32_t *bad)
{
    char *copy = xmalloc(len ? len : 1);
    char *r;

    memcpy(copy, s, len);
    r = text_normalize(a, copy, len, outlen, bad);
    free(copy);
    return r;
}

/* Assert that 'in' normalises to 'want'. */
static void check_norm(const char *in, const char *want)
{
    struct arena a = ARENA_INIT;
    size_t outlen = 12345;
    uint32_t bad = 0;
    char *r = norm_n(&a, in, strlen(in), &outlen, &bad);

    assert_non_null(r);
    assert_string_equal(r, want);
    assert_int_equal(outlen, strlen(want));
    assert_int_equal(bad, 0);
    arena_release(&a);
}

/* Assert that 'len' bytes of 'in' are refused because of 'want_bad'. */
static void check_refused(const char *in, size_t len, uint32_t want_bad)
{
    struct arena a = ARENA_INIT;
    size_t outlen = 0;
    uint32_t bad = 0;
    char *r = norm_n(&a, in, len, &outlen, &bad);

    if (r || bad != want_bad)
        print_error("expected U+%04X to be refused, got %s and U+%04X\n", (unsigned)want_bad,
                    r ? "a result" : "NULL", (unsigned)bad);
    assert_null(r);
    assert_int_equal(bad, want_bad);
    arena_release(&a);
}

static void composes_decomposed_jamo_into_a_syllable(void **state)
{
    (void)state;

    check_norm("\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB", "한");  /* U+1112 U+1161 U+11AB */
    check_norm("\xE1\x84\x92\xE1\x85\xA1", "하");              /* L V */
    /* a whole decomposed word between precomposed text */
    check_norm("네이버 \xE1\x84\x89\xE1\x85\xA1\xE1\x86\xBC\xE1\x84\x89\xE1\x85\xA2\xE1\x86"
               "\xBC 교육",
               "네이버 상생 교육");
}

static void composes_a_precomposed_syllable_with_a_following_final_jamo(void **state)
{
    (void)state;
    check_norm("하\xE1\x86\xAB", "한");  /* U+D558 U+11AB */
    check_norm("A하\xE1\x86\xAB", "A한");
}

static void composes_latin_letters_and_combining_marks(void **state)
{
    (void)state;

    check_norm("Cafe\xCC\x81", "Café");
    check_norm("e\xCC\x81\xCC\xA3", "ẹ\xCC\x81");  /* marks reordered, dot below composes */
    check_norm("\xE2\x84\xAB", "Å");               /* U+212B ANGSTROM SIGN */
    check_norm("\xEF\xA4\x80", "\xE8\xB1\x88");    /* U+F900 -> U+8C48 */
}

static void applies_nfc_not_nfkc(void **state)
{
    (void)state;

    check_norm("①Ａｱ㈜ㄱ", "①Ａｱ㈜ㄱ");  /* compatibility characters stay */
    check_norm("韓國 😀 ·", "韓國 😀 ·");
}

static void replaces_one_dot_leaders_and_bullet_operators_by_middle_dots(void **state)
{
    (void)state;

    check_norm("정산\xE2\x80\xA7대금", "정산·대금");  /* U+2027 */
    check_norm("지역\xE2\x88\x99사회", "지역·사회");  /* U+2219 */
    check_norm("\xE2\x80\xA7\xE2\x88\x99", "··");
    check_norm("정산·대금", "정산·대금");              /* U+00B7 itself stays */
}

static void removes_invisible_format_characters(void **state)
{
    static const char *const invisible[] = {
        "\xE2\x80\x8B", /* U+200B ZERO WIDTH SPACE */
        "\xE2\x80\x8C", /* U+200C ZWNJ */
        "\xE2\x80\x8D", /* U+200D ZWJ */
        "\xE2\x80\x8E", /* U+200E LRM */
        "\xE2\x80\x8F", /* U+200F RLM */
        "\xE2\x80\xAA", /* U+202A LRE */
        "\xE2\x80\xAB", /* U+202B RLE */
        "\xE2\x80\xAC", /* U+202C PDF */
        "\xE2\x80\xAD", /* U+202D LRO */
        "\xE2\x80\xAE", /* U+202E RLO */
        "\xE2\x81\xA0", /* U+2060 WORD JOINER */
        "\xE2\x81\xA4", /* U+2064 INVISIBLE PLUS */
        "\xE2\x81\xA6", /* U+2066 LRI */
        "\xE2\x81\xA7", /* U+2067 RLI */
        "\xE2\x81\xA8", /* U+2068 FSI */
        "\xE2\x81\xA9", /* U+2069 PDI */
        "\xEF\xBB\xBF", /* U+FEFF BOM / ZWNBSP */
        "\xD8\x9C",     /* U+061C ARABIC LETTER MARK */
    };
    size_t i;
    (void)state;

    for (i = 0; i < sizeof invisible / sizeof invisible[0]; i++) {
        struct strbuf in = STRBUF_INIT;
        strbuf_addf(&in, "%s네이%s버%s", invisible[i], invisible[i], invisible[i]);
        check_norm(in.buf, "네이버");
        strbuf_reset(&in);
        strbuf_addstr(&in, invisible[i]);
        check_norm(in.buf, "");
        strbuf_release(&in);
    }
    check_norm("a\xE2\x80\x8B\xE2\x80\x8D\xEF\xBB\xBF\xE2\x80\xAE\xE2\x81\xA6z", "az");
}

/* Invisible characters between jamo or before a mark must not block composition. */
static void composes_across_removed_invisible_characters(void **state)
{
    (void)state;

    check_norm("\xE1\x84\x92\xE2\x80\x8B\xE1\x85\xA1\xE1\x86\xAB", "한");  /* L ZWSP V T */
    check_norm("하\xEF\xBB\xBF\xE1\x86\xAB", "한");                          /* LV BOM T */
    check_norm("e\xE2\x80\x8D\xCC\x81", "é");                                /* e ZWJ U+0301 */
    check_norm("\xE1\x84\x92\xE1\x85\xA1\xE2\x80\xAE\xE1\x86\xAB\xE2\x80\xA7", "한·");
}

static void refuses_control_characters_and_names_them(void **state)
{
    (void)state;

    check_refused("a\x07" "b", 3, 0x07);
    check_refused("a\0b", 3, 0x00);
    check_refused("\x7F", 1, 0x7F);
    check_refused("상생\xC2\x85협력", strlen("상생\xC2\x85협력"), 0x85);  /* U+0085 NEL */
    check_refused("\xC2\x80", 2, 0x80);
    check_refused("\xC2\x9F", 2, 0x9F);
    check_refused("\x1B[31m", 5, 0x1B);
    check_refused("\x0B", 1, 0x0B);
    check_refused("\x0C", 1, 0x0C);
    check_refused("x\x1F", 2, 0x1F);
    /* the first one is named, also when later text needs normalising */
    check_refused("\x01\x02", 2, 0x01);
    check_refused("\xE1\x84\x92\xE1\x85\xA1\x08", 7, 0x08);
    check_refused("\xE2\x80\x8B\x7F", 4, 0x7F);
}

static void keeps_tab_line_feed_and_carriage_return(void **state)
{
    (void)state;

    check_norm("a\tb\nc\rd\r\n", "a\tb\nc\rd\r\n");
    check_norm("\t한\n", "\t한\n");
    check_norm("\t\xE1\x84\x92\xE1\x85\xA1\n", "\t하\n");
    /* and the characters just around the refused ranges */
    check_norm(" ~\xC2\xA0\xC2\xB7", " ~\xC2\xA0\xC2\xB7");  /* U+0020 U+007E U+00A0 U+00B7 */
}

static void copies_ascii_and_precomposed_hangul_unchanged(void **state)
{
    static const char *const texts[] = {
        "", "a", "P24-NAVER-02", "향후 5년간 600억원을 투입해 소상공인의 AI 활용 교육을 지원한다.",
        "가힣", "{\"json\": [1, 2]}", "Ünïcödé below U+0300: ¡©®±µ¶·¼ÿ",
    };
    size_t i;
    (void)state;

    for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        struct arena a = ARENA_INIT;
        size_t len = strlen(texts[i]), outlen = 99;
        uint32_t bad = 0;
        char *copy = xmalloc(len + 1), *r;

        memcpy(copy, texts[i], len + 1);
        r = text_normalize(&a, copy, len, &outlen, &bad);
        assert_non_null(r);
        assert_ptr_not_equal(r, copy);  /* owned by the arena */
        assert_int_equal(outlen, len);
        assert_memory_equal(r, texts[i], len + 1);
        free(copy);
        assert_string_equal(r, texts[i]);  /* still there after the input is gone */
        arena_release(&a);
    }
}

static void reads_only_the_given_length(void **state)
{
    struct arena a = ARENA_INIT;
    size_t outlen = 0;
    uint32_t bad = 0;
    const char *s = "한국\x07";
    char *r;
    (void)state;

    /* the refused character lies past 'len' */
    r = norm_n(&a, s, strlen("한국"), &outlen, &bad);
    assert_string_equal(r, "한국");
    /* a decomposed syllable ending exactly at 'len' */
    r = norm_n(&a, "\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB", 6, &outlen, &bad);
    assert_string_equal(r, "하");
    assert_int_equal(outlen, 3);
    arena_release(&a);
}

static void normalises_a_megabyte_of_text(void **state)
{
    struct strbuf in = STRBUF_INIT, want = STRBUF_INIT;
    struct arena a = ARENA_INIT;
    size_t outlen = 0;
    uint32_t bad = 0;
    char *r;
    (void)state;

    while (in.len < (1u << 20)) {
        strbuf_addstr(&in, "\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB\xE2\x80\x8B\xE2\x80\xA7" "a");
        strbuf_addstr(&want, "한·a");
    }
    r = norm_n(&a, in.buf, in.len, &outlen, &bad);
    assert_non_null(r);
    assert_int_equal(outlen, want.len);
    assert_memory_equal(r, want.buf, want.len + 1);
    /* the fast path on the same amount of ASCII */
    memset(in.buf, 'x', in.len);
    r = norm_n(&a, in.buf, in.len, &outlen, &bad);
    assert_int_equal(outlen, in.len);
    assert_memory_equal(r, in.buf, in.len + 1);
    arena_release(&a);
    strbuf_release(&in);
    strbuf_release(&want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(composes_decomposed_jamo_into_a_syllable),
        cmocka_unit_test(composes_a_precomposed_syllable_with_a_following_final_jamo),
        cmocka_unit_test(composes_latin_letters_and_combining_marks),
        cmocka_unit_test(applies_nfc_not_nfkc),
        cmocka_unit_test(replaces_one_dot_leaders_and_bullet_operators_by_middle_dots),
        cmocka_unit_test(removes_invisible_format_characters),
        cmocka_unit_test(composes_across_removed_invisible_characters),
        cmocka_unit_test(refuses_control_characters_and_names_them),
        cmocka_unit_test(keeps_tab_line_feed_and_carriage_return),
        cmocka_unit_test(copies_ascii_and_precomposed_hangul_unchanged),
        cmocka_unit_test(reads_only_the_given_length),
        cmocka_unit_test(normalises_a_megabyte_of_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
