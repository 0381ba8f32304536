/*
 * xalloc.c - exit-on-OOM allocation wrappers and the string arena.
 */
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void xalloc_fail(size_t size)
{
    fprintf(stderr, "reportgen: out of memory (%zu bytes)\n", size);
    exit(4);
}

void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        xalloc_fail(size);
    return p;
}

void *xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        xalloc_fail(count * size);
    return p;
}

void *xrealloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);
    if (!p)
        xalloc_fail(size);
    return p;
}

char *xstrndup(const char *s, size_t len)
{
    char *p = xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

void xgrow(void **items, size_t size, size_t *alloc, size_t need)
{
    size_t n = *alloc ? *alloc : 8;
    if (need <= *alloc)
        return;
    while (n < need) {
        if (n > ((size_t)-1) / 2 / size)
            xalloc_fail(need * size);
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
    size_t need = (size + align - 1) / align * align;
    size_t start = b ? (b->used + align - 1) / align * align : 0;
    void *p;

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
    if (b && b->size - b->used >= len + 1) {
        p = (char *)b->data + b->used;
        b->used += len + 1;
    } else {
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
