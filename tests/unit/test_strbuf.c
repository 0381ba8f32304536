/*
 * test_strbuf.c - unit tests for strbuf.c: the empty-buffer invariants,
 * growth through add/addch/addf across many sizes, detach, reset, release.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "strbuf.h"
#include "xalloc.h"

/* The invariants strbuf.h promises, after any operation. */
static void check_invariants(const struct strbuf *sb)
{
    assert_non_null(sb->buf);
    assert_int_equal(sb->buf[sb->len], '\0');
    if (sb->alloc)
        assert_true(sb->len < sb->alloc);
    else
        assert_true(sb->buf == strbuf_empty && sb->len == 0);
    assert_int_equal(strbuf_empty[0], '\0');
}

static void fill_pattern(char *p, size_t n, size_t seed)
{
    size_t i;
    for (i = 0; i < n; i++)
        p[i] = (char)('a' + (i + seed) % 26);
}

static void starts_empty_with_a_terminated_buffer(void **state)
{
    struct strbuf a = STRBUF_INIT, b;
    (void)state;

    memset(&b, 0x5A, sizeof b);
    strbuf_init(&b);
    check_invariants(&a);
    check_invariants(&b);
    assert_string_equal(a.buf, "");
    assert_int_equal(a.len, 0);
    assert_int_equal(a.alloc, 0);
    assert_ptr_equal(b.buf, strbuf_empty);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.alloc, 0);
    strbuf_release(&a);
    strbuf_release(&b);
    check_invariants(&a);
}

static void adds_bytes_across_many_sizes(void **state)
{
    size_t size;
    (void)state;

    for (size = 0; size <= 5000; size += size < 300 ? 1 : 37) {
        struct strbuf sb = STRBUF_INIT;
        char *want = xmalloc(size * 2 + 1);

        fill_pattern(want, size, 0);
        fill_pattern(want + size, size, 7);
        strbuf_add(&sb, want, size);
        check_invariants(&sb);
        assert_int_equal(sb.len, size);
        strbuf_add(&sb, want + size, size);
        check_invariants(&sb);
        assert_int_equal(sb.len, 2 * size);
        assert_memory_equal(sb.buf, want, 2 * size);
        strbuf_release(&sb);
        free(want);
    }
}

static void grows_one_character_at_a_time(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    size_t i, regrowths = 0, last_alloc = 0;
    (void)state;

    for (i = 0; i < 100000; i++) {
        strbuf_addch(&sb, 'a' + (int)(i % 26));
        assert_int_equal(sb.len, i + 1);
        assert_int_equal(sb.buf[i], 'a' + (int)(i % 26));
        assert_int_equal(sb.buf[i + 1], '\0');
        assert_true(sb.len < sb.alloc);
        if (sb.alloc != last_alloc) {
            regrowths++;
            last_alloc = sb.alloc;
        }
    }
    /* geometric growth, not one reallocation per character */
    assert_true(regrowths < 40);
    strbuf_release(&sb);
}

static void keeps_embedded_nul_bytes(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    (void)state;

    strbuf_add(&sb, "a\0b", 3);
    strbuf_addch(&sb, '\0');
    strbuf_addstr(&sb, "c");
    assert_int_equal(sb.len, 5);
    assert_memory_equal(sb.buf, "a\0b\0c", 6);
    check_invariants(&sb);
    strbuf_release(&sb);
}

static void adding_nothing_to_an_empty_buffer_keeps_it_valid(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    (void)state;

    strbuf_add(&sb, "", 0);
    check_invariants(&sb);
    strbuf_addstr(&sb, "");
    check_invariants(&sb);
    assert_int_equal(sb.len, 0);
    assert_string_equal(sb.buf, "");
    strbuf_release(&sb);
}

/* addf output is the same as snprintf's, for every length around a growth. */
static void formats_like_snprintf_at_every_length(void **state)
{
    size_t prefix, width;
    (void)state;

    for (prefix = 0; prefix < 70; prefix++) {
        for (width = 0; width < 140; width++) {
            struct strbuf sb = STRBUF_INIT;
            char want[512], pre[80];
            int n;

            fill_pattern(pre, prefix, 3);
            pre[prefix] = '\0';
            strbuf_addstr(&sb, pre);
            strbuf_addf(&sb, "%*d|%s", (int)width, (int)width, "끝");
            n = snprintf(want, sizeof want, "%s%*d|%s", pre, (int)width, (int)width, "끝");
            assert_int_equal(sb.len, (size_t)n);
            assert_string_equal(sb.buf, want);
            check_invariants(&sb);
            strbuf_release(&sb);
        }
    }
}

static void formats_into_an_empty_buffer(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    (void)state;

    strbuf_addf(&sb, "%d개 기업, %s", 12, "네이버");
    assert_string_equal(sb.buf, "12개 기업, 네이버");
    assert_int_equal(sb.len, strlen("12개 기업, 네이버"));
    check_invariants(&sb);
    strbuf_release(&sb);
}

static void empty_format_leaves_an_empty_buffer_valid(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    (void)state;

    strbuf_addf(&sb, "%s", "");
    check_invariants(&sb);
    assert_int_equal(sb.len, 0);
    assert_string_equal(sb.buf, "");
    strbuf_addf(&sb, "%s", "x");
    assert_string_equal(sb.buf, "x");
    strbuf_release(&sb);
}

static void formats_a_megabyte_string(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    size_t n = 1 << 20;
    char *big = xmalloc(n + 1);
    (void)state;

    fill_pattern(big, n, 0);
    big[n] = '\0';
    strbuf_addstr(&sb, "<");
    strbuf_addf(&sb, "%s>%zu", big, n);
    assert_int_equal(sb.len, n + 2 + strlen("1048576"));
    assert_memory_equal(sb.buf + 1, big, n);
    assert_string_equal(sb.buf + n + 1, ">1048576");
    check_invariants(&sb);
    strbuf_release(&sb);
    free(big);
}

static void call_vaddf(struct strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void call_vaddf(struct strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(sb, fmt, ap);
    va_end(ap);
}

static void vaddf_reads_its_arguments_again_after_growing(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    int i;
    (void)state;

    strbuf_addstr(&sb, "x");
    for (i = 0; i < 200; i++)
        call_vaddf(&sb, "%s-%d-%s;", "가나다라마바사", i, "아자차카타파하");
    {
        struct strbuf want = STRBUF_INIT;
        char item[128];
        strbuf_addch(&want, 'x');
        for (i = 0; i < 200; i++) {
            snprintf(item, sizeof item, "%s-%d-%s;", "가나다라마바사", i, "아자차카타파하");
            strbuf_addstr(&want, item);
        }
        assert_int_equal(sb.len, want.len);
        assert_string_equal(sb.buf, want.buf);
        strbuf_release(&want);
    }
    strbuf_release(&sb);
}

static void detach_hands_over_the_text_and_resets(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    size_t len = 99;
    char *p;
    (void)state;

    strbuf_addstr(&sb, "플랫폼");
    p = strbuf_detach(&sb, &len);
    assert_string_equal(p, "플랫폼");
    assert_int_equal(len, strlen("플랫폼"));
    check_invariants(&sb);
    assert_int_equal(sb.alloc, 0);
    assert_int_equal(sb.len, 0);
    /* the buffer can be used again, independently of the detached text */
    strbuf_addstr(&sb, "new");
    assert_string_equal(p, "플랫폼");
    assert_string_equal(sb.buf, "new");
    free(p);
    strbuf_release(&sb);
}

static void detach_of_an_empty_buffer_gives_a_freeable_empty_string(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    size_t len = 99;
    char *p;
    (void)state;

    p = strbuf_detach(&sb, &len);
    assert_non_null(p);
    assert_ptr_not_equal(p, strbuf_empty);
    assert_string_equal(p, "");
    assert_int_equal(len, 0);
    free(p);
    /* also with a NULL length, and after a reset that kept the allocation */
    strbuf_addstr(&sb, "abc");
    strbuf_reset(&sb);
    p = strbuf_detach(&sb, NULL);
    assert_string_equal(p, "");
    free(p);
    check_invariants(&sb);
}

static void reset_empties_but_keeps_the_allocation(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    size_t alloc;
    char *buf;
    (void)state;

    strbuf_addstr(&sb, "some text that needs room");
    alloc = sb.alloc;
    buf = sb.buf;
    strbuf_reset(&sb);
    assert_int_equal(sb.len, 0);
    assert_int_equal(sb.alloc, alloc);
    assert_ptr_equal(sb.buf, buf);
    assert_string_equal(sb.buf, "");
    check_invariants(&sb);
    strbuf_addstr(&sb, "again");
    assert_string_equal(sb.buf, "again");
    assert_ptr_equal(sb.buf, buf);
    strbuf_release(&sb);
}

static void reset_of_an_empty_buffer_leaves_the_shared_empty_string_alone(void **state)
{
    struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
    (void)state;

    strbuf_reset(&a);
    check_invariants(&a);
    strbuf_addf(&b, "%s", "");
    strbuf_reset(&b);
    check_invariants(&b);
    strbuf_release(&a);
    strbuf_release(&b);
    assert_int_equal(strbuf_empty[0], '\0');
}

static void release_returns_to_the_initial_state(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    int round;
    (void)state;

    for (round = 0; round < 3; round++) {
        strbuf_addf(&sb, "round %d", round);
        strbuf_release(&sb);
        assert_ptr_equal(sb.buf, strbuf_empty);
        assert_int_equal(sb.len, 0);
        assert_int_equal(sb.alloc, 0);
    }
    strbuf_release(&sb); /* twice is harmless */
    check_invariants(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(starts_empty_with_a_terminated_buffer),
        cmocka_unit_test(adds_bytes_across_many_sizes),
        cmocka_unit_test(grows_one_character_at_a_time),
        cmocka_unit_test(keeps_embedded_nul_bytes),
        cmocka_unit_test(adding_nothing_to_an_empty_buffer_keeps_it_valid),
        cmocka_unit_test(formats_like_snprintf_at_every_length),
        cmocka_unit_test(formats_into_an_empty_buffer),
        cmocka_unit_test(empty_format_leaves_an_empty_buffer_valid),
        cmocka_unit_test(formats_a_megabyte_string),
        cmocka_unit_test(vaddf_reads_its_arguments_again_after_growing),
        cmocka_unit_test(detach_hands_over_the_text_and_resets),
        cmocka_unit_test(detach_of_an_empty_buffer_gives_a_freeable_empty_string),
        cmocka_unit_test(reset_empties_but_keeps_the_allocation),
        cmocka_unit_test(reset_of_an_empty_buffer_leaves_the_shared_empty_string_alone),
        cmocka_unit_test(release_returns_to_the_initial_state),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
