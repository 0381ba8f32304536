/*
 * test_strmap.c - unit tests for strmap.c: insertion and look-up of many
 * keys across rehashes, absent keys, borrowed keys compared by content,
 * Korean keys, release and reuse.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "strmap.h"
#include "xalloc.h"

#define MANY 100000

static void finds_nothing_in_an_empty_map(void **state)
{
    struct strmap map = STRMAP_INIT;
    size_t value = 42;
    (void)state;

    assert_int_equal(strmap_get(&map, "absent", &value, 0), 0);
    assert_int_equal(strmap_get(&map, "", NULL, 0), 0);
    assert_int_equal(value, 42);
    /* a look-up alone allocates nothing */
    assert_null(map.slots);
    assert_int_equal(map.count, 0);
    strmap_release(&map);
}

static void inserts_and_finds_100000_keys_across_rehashes(void **state)
{
    struct strmap map = STRMAP_INIT;
    struct arena keys = ARENA_INIT;
    const char **key = xmalloc(MANY * sizeof *key);
    size_t i, value, last_cap = 0, rehashes = 0;
    char buf[32];
    (void)state;

    for (i = 0; i < MANY; i++) {
        snprintf(buf, sizeof buf, "P24-%zu", i);
        key[i] = arena_strdup(&keys, buf);
        value = i * 3;
        assert_int_equal(strmap_get(&map, key[i], &value, 1), 0);
        assert_int_equal(map.count, i + 1);
        /* capacity is a power of two and the table at most 3/4 full */
        assert_int_equal(map.cap & (map.cap - 1), 0);
        assert_true(map.count * 4 <= map.cap * 3);
        if (map.cap != last_cap) {
            rehashes++;
            last_cap = map.cap;
        }
    }
    assert_true(rehashes > 10);
    for (i = 0; i < MANY; i++) {
        value = 0;
        snprintf(buf, sizeof buf, "P24-%zu", i); /* a different pointer, same content */
        if (strmap_get(&map, buf, &value, 0) != 1 || value != i * 3)
            fail_msg("key '%s' lost after rehashing (value %zu)", buf, value);
    }
    for (i = 0; i < MANY; i++) {
        value = 7;
        snprintf(buf, sizeof buf, "P25-%zu", i);
        assert_int_equal(strmap_get(&map, buf, &value, 0), 0);
        assert_int_equal(value, 7);
    }
    assert_int_equal(map.count, MANY);
    strmap_release(&map);
    arena_release(&keys);
    free(key);
}

static void keeps_the_first_value_when_a_key_is_inserted_twice(void **state)
{
    struct strmap map = STRMAP_INIT;
    size_t value = 1;
    char copy[] = "M2024-11-06";
    (void)state;

    assert_int_equal(strmap_get(&map, "M2024-11-06", &value, 1), 0);
    value = 2;
    assert_int_equal(strmap_get(&map, copy, &value, 1), 1);
    assert_int_equal(value, 1);  /* the stored value comes back */
    assert_int_equal(map.count, 1);
    strmap_release(&map);
}

static void lookup_without_insert_adds_nothing(void **state)
{
    struct strmap map = STRMAP_INIT;
    size_t value = 5;
    (void)state;

    assert_int_equal(strmap_get(&map, "a", &value, 1), 0);
    assert_int_equal(strmap_get(&map, "b", &value, 0), 0);
    assert_int_equal(map.count, 1);
    assert_int_equal(strmap_get(&map, "b", NULL, 0), 0);
    assert_int_equal(strmap_get(&map, "a", NULL, 0), 1);
    strmap_release(&map);
}

static void stores_zero_when_inserted_without_a_value(void **state)
{
    struct strmap map = STRMAP_INIT;
    size_t value = 99;
    (void)state;

    assert_int_equal(strmap_get(&map, "x", NULL, 1), 0);
    assert_int_equal(strmap_get(&map, "x", &value, 0), 1);
    assert_int_equal(value, 0);
    strmap_release(&map);
}

static void tells_korean_keys_apart_by_their_bytes(void **state)
{
    static const char *const names[] = {
        "네이버", "카카오", "쿠팡", "배달의민족", "우아한형제들", "당근마켓",
        "네이버파이낸셜", "카카오모빌리티", "지역·사회", "한",
        "\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB", /* 한 as decomposed jamo */
        "", "네", "네이",
    };
    size_t n = sizeof names / sizeof names[0], i, value;
    struct strmap map = STRMAP_INIT;
    (void)state;

    for (i = 0; i < n; i++) {
        value = i;
        assert_int_equal(strmap_get(&map, names[i], &value, 1), 0);
    }
    for (i = 0; i < n; i++) {
        char *copy = xstrdup(names[i]);
        value = 999;
        assert_int_equal(strmap_get(&map, copy, &value, 0), 1);
        assert_int_equal(value, i);
        free(copy);
    }
    assert_int_equal(strmap_get(&map, "네이버 ", NULL, 0), 0);
    assert_int_equal(strmap_get(&map, "쿠", NULL, 0), 0);
    assert_int_equal(map.count, n);
    strmap_release(&map);
}

static void finds_every_key_in_a_small_crowded_table(void **state)
{
    /* 40 keys in the first 64-slot table: many probe past occupied slots. */
    struct strmap map = STRMAP_INIT;
    char keys[40][4];
    size_t i, value;
    (void)state;

    for (i = 0; i < 40; i++) {
        keys[i][0] = (char)('a' + i % 26);
        keys[i][1] = (char)('A' + i / 26);
        keys[i][2] = '\0';
        value = i;
        strmap_get(&map, keys[i], &value, 1);
    }
    assert_int_equal(map.cap, 64);
    for (i = 0; i < 40; i++) {
        assert_int_equal(strmap_get(&map, keys[i], &value, 0), 1);
        assert_int_equal(value, i);
    }
    strmap_release(&map);
}

/* The map's hash (32-bit FNV-1a), to show that two keys collide fully. */
static uint32_t fnv1a(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static void tells_apart_two_keys_with_the_same_hash(void **state)
{
    /* found by search: both hash to 0x19dfaf25 */
    const char *a = "P24-1723-67", *b = "P24-4190-00";
    struct strmap map = STRMAP_INIT;
    size_t value;
    (void)state;

    assert_int_equal(fnv1a(a), fnv1a(b));
    value = 1;
    assert_int_equal(strmap_get(&map, a, &value, 1), 0);
    assert_int_equal(strmap_get(&map, b, NULL, 0), 0);
    value = 2;
    assert_int_equal(strmap_get(&map, b, &value, 1), 0);
    assert_int_equal(map.count, 2);
    assert_int_equal(strmap_get(&map, a, &value, 0), 1);
    assert_int_equal(value, 1);
    assert_int_equal(strmap_get(&map, b, &value, 0), 1);
    assert_int_equal(value, 2);
    strmap_release(&map);
}

static void release_leaves_an_empty_reusable_map(void **state)
{
    struct strmap map = STRMAP_INIT;
    size_t value = 3;
    (void)state;

    strmap_get(&map, "a", &value, 1);
    strmap_release(&map);
    assert_null(map.slots);
    assert_int_equal(map.count, 0);
    assert_int_equal(map.cap, 0);
    assert_int_equal(strmap_get(&map, "a", NULL, 0), 0);
    assert_int_equal(strmap_get(&map, "a", &value, 1), 0);
    assert_int_equal(strmap_get(&map, "a", &value, 0), 1);
    assert_int_equal(value, 3);
    strmap_release(&map);
    strmap_release(&map); /* twice is harmless */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(finds_nothing_in_an_empty_map),
        cmocka_unit_test(inserts_and_finds_100000_keys_across_rehashes),
        cmocka_unit_test(keeps_the_first_value_when_a_key_is_inserted_twice),
        cmocka_unit_test(lookup_without_insert_adds_nothing),
        cmocka_unit_test(stores_zero_when_inserted_without_a_value),
        cmocka_unit_test(tells_korean_keys_apart_by_their_bytes),
        cmocka_unit_test(finds_every_key_in_a_small_crowded_table),
        cmocka_unit_test(tells_apart_two_keys_with_the_same_hash),
        cmocka_unit_test(release_leaves_an_empty_reusable_map),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
