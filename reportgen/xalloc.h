/*
 * xalloc.h - allocation that never returns NULL, and a string arena.
 *
 * reportgen is a tool, not a library: running out of memory prints one
 * message and exits with status 4.  Every module allocates through these
 * wrappers so that a test hook can fail the Nth allocation.
 */
#ifndef RG_XALLOC_H
#define RG_XALLOC_H

#include <stddef.h>

/* Like malloc/calloc/realloc/strdup, but exit(4) with a message on failure. */
void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t len);
/*
 * Make the heap hold about 'size' bytes (at most 256 MB) ready for use, for a
 * run that will need them: the pages are populated in one call instead of
 * one page fault each (a page fault costs about 12 us on the paravirtualised
 * machines reportgen is measured on, populating 0.7 us a page).  The heap
 * is the main thread's (other threads keep malloc arenas of their own, so
 * that they do not wait for each other's allocations).  Call once, first
 * thing, before any thread starts.  Nothing happens where the C library or the kernel offers
 * no way to do it (not glibc, Linux before 5.14, sanitizer builds); a
 * reservation that cannot be made is no error.  Returns the number of
 * bytes populated, 0 when none were.
 */
size_t xalloc_reserve(size_t size);
/*
 * Report that a library failed to allocate 'size' bytes, and exit(4).  The
 * functions registered with xalloc_on_fail run first, most recent first.
 */
void xalloc_fail(size_t size) __attribute__((noreturn));

/*
 * Register 'fn' to run when xalloc_fail is about to exit, e.g. to remove
 * temporary files (at most 8 functions; registering one twice is a no-op).
 * Register from one thread, while no other thread allocates.  'fn' runs
 * once, in the first thread that fails, with memory exhausted: it must not
 * allocate, and if it does, a failure there exits at once.  A second thread
 * failing meanwhile waits for the first to exit.
 */
void xalloc_on_fail(void (*fn)(void));

/*
 * The allocator given to the libraries (jansson, libharu, libdeflate):
 * malloc and free, taking part in the failure hook below.  Like xmalloc it
 * exits on failure instead of returning NULL into the library: their
 * recovery paths are not to be trusted (libharu 2.3.0's page set-up goes on
 * with a dictionary it has just freed when adding it failed), and the run
 * would end as out of memory anyway.  Never NULL.
 */
void *xalloc_lib_malloc(size_t size);
void xalloc_lib_free(void *ptr);

/*
 * Test hook: when the environment variable REPORTGEN_FAIL_ALLOC holds a
 * number N > 0 (read once, at the first allocation), the Nth allocation
 * fails.  Counted are xmalloc, xcalloc, xrealloc, xstrdup, xstrndup, the
 * arena's blocks (arena_alloc, arena_strdup and arena_strndup when they need
 * a new block) and xalloc_lib_malloc.  Each then exits with status 4 as on
 * a real failure, xalloc_lib_malloc included.  The count is atomic:
 * allocations from several threads are counted once each, in the order
 * they happen to reach the counter.  xalloc_fail_after(n) arms the same
 * hook from a test: the nth counted allocation from now fails (0: none).
 */
void xalloc_fail_after(unsigned long n);

/*
 * Grow '*items' (element size 'size', current capacity '*alloc') so that it
 * holds at least 'need' elements.  Capacity grows geometrically.
 */
void xgrow(void **items, size_t size, size_t *alloc, size_t need);
#define XGROW(items, alloc, need) \
    xgrow((void **)&(items), sizeof *(items), &(alloc), (need))

/*
 * struct arena - bump allocator for strings that live as long as their
 * owner (the dataset, the layout).  Freed all at once by arena_release.
 */
struct arena_block;
struct arena {
    struct arena_block *head;
};
#define ARENA_INIT { NULL }

/* Copy 'len' bytes of 's' into the arena and NUL-terminate; owned by 'a'. */
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_strdup(struct arena *a, const char *s);
/* 'size' bytes aligned for any object; owned by 'a'. */
void *arena_alloc(struct arena *a, size_t size);
/* Free every block; 'a' is empty afterwards and may be reused. */
void arena_release(struct arena *a);

#endif /* RG_XALLOC_H */
