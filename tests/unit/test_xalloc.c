/*
 * test_xalloc.c - unit tests for xalloc.c: a heap reservation is populated
 * in one go, so that memory allocated from it is used without a page fault
 * per page; small reservations are ignored; a failed allocation exits with
 * status 4, also the libraries' (never NULL into a library); growth of
 * arrays; the string arena.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "xalloc.h"

#define MB ((size_t)1 << 20)

static long minor_faults(void)
{
    struct rusage ru;
    assert_int_equal(getrusage(RUSAGE_SELF, &ru), 0);
    return ru.ru_minflt;
}

/* Valgrind's allocator delays the reuse of freed blocks: a reservation cannot help there. */
static int under_valgrind(void)
{
    const char *p = getenv("LD_PRELOAD");
    return p && strstr(p, "vgpreload") != NULL;
}

static void reserved_memory_is_used_without_a_fault_per_page(void **state)
{
    size_t got, size = 4 * MB;
    long before, faults;
    char *p;
    (void)state;

    if (under_valgrind())
        skip();
    got = xalloc_reserve(8 * MB);
    if (got == 0)
        skip(); /* not glibc on Linux 5.14 or later, or a sanitizer's heap */
    assert_true(got >= 8 * MB - 2 * 65536);
    assert_true(got <= 8 * MB);
    before = minor_faults();
    p = xmalloc(size);
    memset(p, 1, size);
    faults = minor_faults() - before;
    free(p);
    /* 1,024 pages of 4 KiB: one fault each without the reservation */
    assert_true(faults < 64);
}

static void small_reservations_are_ignored(void **state)
{
    (void)state;
    assert_int_equal(xalloc_reserve(0), 0);
    assert_int_equal(xalloc_reserve(100), 0);
}

/* Run 'fn' in a child process, its stderr discarded; its exit status, -1 on a signal. */
static int in_child(void (*fn)(void))
{
    int status;
    pid_t pid = fork();

    assert_true(pid >= 0);
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stderr))
            _exit(99);
        fn();
        _exit(0);
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/*
 * What the child holds when xmalloc exits: reachable, as a program's memory
 * is at that exit (make check-valgrind checks the child too, and counts only
 * memory no pointer reaches as a leak).
 */
static void *held[2];

static void third_malloc_fails(void)
{
    xalloc_fail_after(3);
    held[0] = xmalloc(10);
    held[1] = xmalloc(10);
    if (!held[0] || !held[1])
        _exit(1);
    (void)xmalloc(10);
    _exit(2);   /* not reached: the third exits */
}

static void library_malloc_fails(void)
{
    void *p;
    xalloc_fail_after(1);
    p = xalloc_lib_malloc(64);
    _exit(p ? 2 : 1);   /* not reached: a library is never handed NULL */
}

static void failed_allocations_exit_with_status_4(void **state)
{
    (void)state;
    assert_int_equal(in_child(third_malloc_fails), 4);
    /*
     * libharu 2.3.0 goes on with a dictionary it freed when an allocation
     * in HPDF_Dict_Add fails (AddResource): a library must never get NULL.
     */
    assert_int_equal(in_child(library_malloc_fails), 4);
}

static void grows_arrays_geometrically(void **state)
{
    int *items = NULL;
    size_t alloc = 0, last = 0, i, changes = 0;
    (void)state;

    for (i = 1; i <= 100000; i++) {
        XGROW(items, alloc, i);
        items[i - 1] = (int)i;
        assert_true(alloc >= i);
        if (alloc != last) {
            changes++;
            last = alloc;
        }
    }
    assert_true(changes <= 16);
    for (i = 0; i < 100000; i++)
        assert_int_equal(items[i], (int)i + 1);
    free(items);
}

static void arena_keeps_strings_and_aligns_objects(void **state)
{
    struct arena a = ARENA_INIT;
    char big[100000];
    const char *s[1000];
    size_t i;
    (void)state;

    for (i = 0; i < 1000; i++) {
        char buf[32];
        snprintf(buf, sizeof buf, "약속-%zu", i);
        s[i] = arena_strdup(&a, buf);
    }
    for (i = 0; i < 1000; i++) {
        char buf[32];
        snprintf(buf, sizeof buf, "약속-%zu", i);
        assert_string_equal(s[i], buf);
        assert_true(((uintptr_t)arena_alloc(&a, 3) % _Alignof(max_align_t)) == 0);
    }
    /* larger than a block */
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_string_equal(arena_strdup(&a, big), big);
    assert_string_equal(arena_strndup(&a, "abcdef", 3), "abc");
    arena_release(&a);
    assert_null(a.head);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reserved_memory_is_used_without_a_fault_per_page),
        cmocka_unit_test(small_reservations_are_ignored),
        cmocka_unit_test(failed_allocations_exit_with_status_4),
        cmocka_unit_test(grows_arrays_geometrically),
        cmocka_unit_test(arena_keeps_strings_and_aligns_objects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
