/*
 * strbuf.h - a growable byte buffer, always NUL-terminated.
 *
 * Invariants: 'buf' is never NULL after strbuf_init (it points at a static
 * empty string until the first append), buf[len] == '\0', len < alloc
 * whenever alloc > 0.
 */
#ifndef RG_STRBUF_H
#define RG_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
    char *buf;
    size_t len;
    size_t alloc;
};

extern char strbuf_empty[];
#define STRBUF_INIT { strbuf_empty, 0, 0 }

void strbuf_init(struct strbuf *sb);
/* Free the contents and reset to STRBUF_INIT. */
void strbuf_release(struct strbuf *sb);
/* Hand the buffer to the caller (caller frees) and reset 'sb'. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_reset(struct strbuf *sb);
/* Make room for 'extra' more bytes after 'len' (and the NUL). */
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

#endif /* RG_STRBUF_H */
