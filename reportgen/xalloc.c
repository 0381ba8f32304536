/*
 * xalloc.c - exit-on-OOM allocation wrappers, the string arena, and the
 * REPORTGEN_FAIL_ALLOC hook that makes the Nth allocation fail so that
 * tests can prove every out-of-memory path exits cleanly.
 */
#define _DEFAULT_SOURCE 1   /* madvise: not in POSIX.1-2008, in every Unix we build on */
#include "xalloc.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#ifdef __GLIBC__   /* defined by the headers above */
#include <malloc.h>
#endif

#define MAX_ON_FAIL 8

static void (*on_fail[MAX_ON_FAIL])(void);
static size_t n_on_fail;
static atomic_int failing;                 /* some thread is in xalloc_fail */
static _Thread_local int failing_here;     /* this thread is */

/* Allocations may come from several threads: the hook counts atomically. */
static atomic_long fail_at = -1;           /* -1: not read yet; 0: hook off */
static atomic_ulong alloc_calls;

/* 1 when this allocation is the one REPORTGEN_FAIL_ALLOC asks to fail. */
static int injected_failure(void)
{
    long at = atomic_load_explicit(&fail_at, memory_order_relaxed);

    if (at < 0) {
        const char *v = getenv("REPORTGEN_FAIL_ALLOC");
        char *end;
        at = 0;
        if (v && *v) {
            at = strtol(v, &end, 10);
            if (*end != '\0' || at < 0)
                at = 0;
        }
        atomic_store_explicit(&fail_at, at, memory_order_relaxed);
    }
    if (at == 0)
        return 0;
    return atomic_fetch_add_explicit(&alloc_calls, 1, memory_order_relaxed) + 1 ==
           (unsigned long)at;
}

void xalloc_fail_after(unsigned long n)
{
    unsigned long done = atomic_load(&alloc_calls);
    atomic_store(&fail_at, n ? (long)(done + n) : 0);
}

void xalloc_on_fail(void (*fn)(void))
{
    size_t i;
    for (i = 0; i < n_on_fail; i++)
        if (on_fail[i] == fn)
            return;
    if (n_on_fail < MAX_ON_FAIL)
        on_fail[n_on_fail++] = fn;
}

void xalloc_fail(size_t size)
{
    if (failing_here) {             /* a cleanup function ran out of memory itself */
        static const char msg[] = "reportgen: out of memory\n";
        if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0)
            _exit(4);
        _exit(4);
    }
    failing_here = 1;
    if (atomic_exchange(&failing, 1)) {
        for (;;)                    /* another thread is exiting: let it finish */
            pause();
    }
    while (n_on_fail > 0)
        on_fail[--n_on_fail]();
    fprintf(stderr, "reportgen: out of memory (%zu bytes)\n", size);
    /*
     * _exit, not exit: another thread may still be running, and exit's
     * tear-down (stdio, atexit handlers) would pull things from under it.
     * Nothing needs it: the temporaries are gone, stderr is unbuffered.
     */
    _exit(4);
}

void *xmalloc(size_t size)
{
    void *p = injected_failure() ? NULL : malloc(size ? size : 1);
    if (!p)
        xalloc_fail(size);
    return p;
}

void *xcalloc(size_t count, size_t size)
{
    void *p = injected_failure() ? NULL : calloc(count ? count : 1, size ? size : 1);
    if (!p)
        xalloc_fail(count > SIZE_MAX / (size ? size : 1) ? SIZE_MAX : count * size);
    return p;
}

void *xrealloc(void *ptr, size_t size)
{
    void *p = injected_failure() ? NULL : realloc(ptr, size ? size : 1);
    if (!p)
        xalloc_fail(size);
    return p;
}

/* sanitizers bring heaps of their own, which mallopt does not steer */
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) || \
    __has_feature(thread_sanitizer) || __has_feature(hwaddress_sanitizer)
#define SANITIZED_HEAP 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__) || \
    defined(__SANITIZE_HWADDRESS__)
#define SANITIZED_HEAP 1
#endif

#if defined(__GLIBC__) && defined(MADV_POPULATE_WRITE) && !defined(SANITIZED_HEAP)
/* 1 when the kernel populates pages on request (Linux 5.14 and later). */
static int can_populate(size_t page)
{
    void *p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int ok;

    if (p == MAP_FAILED)
        return 0;
    ok = madvise(p, page, MADV_POPULATE_WRITE) == 0;
    munmap(p, page);
    return ok;
}
#endif

#define RESERVE_MAX ((size_t)256 << 20)
#define RESERVE_BLOCK ((size_t)16 << 20)   /* below glibc's largest M_MMAP_THRESHOLD */

size_t xalloc_reserve(size_t size)
{
#if defined(__GLIBC__) && defined(MADV_POPULATE_WRITE) && !defined(SANITIZED_HEAP)
    void *block[RESERVE_MAX / RESERVE_BLOCK];
    long page = sysconf(_SC_PAGESIZE);
    size_t done = 0, n = 0, k;

    if (size > RESERVE_MAX)
        size = RESERVE_MAX;
    if (page <= 0 || size < 2 * (size_t)page || !can_populate((size_t)page))
        return 0;
    /*
     * Blocks below 32 MB come from the heap rather than from mappings of
     * their own, and freed memory stays in the heap for the rest of the run
     * instead of being returned and faulted in again.  The reservation is
     * taken in blocks from the heap's top and freed, so that they merge
     * into one free top chunk.  (Sharing this heap with the other threads,
     * M_ARENA_MAX 1, made them wait for each other: 10,000 pledges took
     * 327 ms instead of 306, 100,000 3.12 s instead of 2.85.)
     */
    /* where the C library refuses (32-bit glibc caps M_MMAP_THRESHOLD at
       512 KB), the blocks would be mappings of their own: give up */
    if (mallopt(M_MMAP_THRESHOLD, (int)(2 * RESERVE_BLOCK)) != 1 ||
        mallopt(M_TRIM_THRESHOLD, (int)(RESERVE_MAX + RESERVE_BLOCK)) != 1)
        return 0;
    while (done < size) {
        size_t want = size - done < RESERVE_BLOCK ? size - done : RESERVE_BLOCK;
        uintptr_t start, end;
        char *p = malloc(want);

        if (!p)
            break;
        block[n++] = p;
        start = ((uintptr_t)p + (uintptr_t)page - 1) & ~((uintptr_t)page - 1);
        end = ((uintptr_t)p + want) & ~((uintptr_t)page - 1);
        if (end <= start || madvise((void *)start, end - start, MADV_POPULATE_WRITE) != 0)
            break;
        done += want;
    }
    for (k = n; k > 0; k--)
        free(block[k - 1]);
    return done;
#else
    (void)size;
    return 0;
#endif
}

char *xstrndup(const char *s, size_t len)
{
    char *p;
    if (len == SIZE_MAX)
        xalloc_fail(len);
    p = xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

void *xalloc_lib_malloc(size_t size)
{
    void *p = injected_failure() ? NULL : malloc(size ? size : 1);
    if (!p)
        xalloc_fail(size);
    return p;
}

void xalloc_lib_free(void *ptr)
{
    free(ptr);
}

void xgrow(void **items, size_t size, size_t *alloc, size_t need)
{
    size_t n = *alloc ? *alloc : 8;
    if (need <= *alloc)
        return;
    while (n < need) {
        if (n > ((size_t)-1) / 2 / size)
            xalloc_fail(need > SIZE_MAX / size ? SIZE_MAX : need * size);
        n *= 2;
    }
    *items = xrealloc(*items, n * size);
    *alloc = n;
}

struct arena_block {
    struct arena_block *next;
    size_t used, size;
    max_align_t data[];
};

#define ARENA_BLOCK 65536

void *arena_alloc(struct arena *a, size_t size)
{
    struct arena_block *b = a->head;
    size_t align = sizeof(max_align_t);
    size_t need, start;
    void *p;

    if (size > SIZE_MAX - sizeof *b - align)
        xalloc_fail(size);
    need = (size + align - 1) / align * align;
    start = b ? (b->used + align - 1) / align * align : 0;
    if (!b || start > b->size || b->size - start < need) {
        size_t bsize = need > ARENA_BLOCK ? need : ARENA_BLOCK;
        b = xmalloc(sizeof *b + bsize);
        b->used = 0;
        b->size = bsize;
        b->next = a->head;
        a->head = b;
        start = 0;
    }
    p = (char *)b->data + start;
    b->used = start + need;
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
    struct arena_block *b = a->head;
    char *p;

    /* strings need no alignment: pack them */
    if (b && len < SIZE_MAX && b->size - b->used >= len + 1) {
        p = (char *)b->data + b->used;
        b->used += len + 1;
    } else {
        if (len == SIZE_MAX)
            xalloc_fail(len);
        p = arena_alloc(a, len + 1);
    }
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

void arena_release(struct arena *a)
{
    struct arena_block *b = a->head;
    while (b) {
        struct arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
}
