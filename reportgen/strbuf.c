/*
 * strbuf.c - growable byte buffer.
 */
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

char strbuf_empty[1];

void strbuf_init(struct strbuf *sb)
{
    sb->buf = strbuf_empty;
    sb->len = sb->alloc = 0;
}

void strbuf_release(struct strbuf *sb)
{
    if (sb->alloc)
        free(sb->buf);
    strbuf_init(sb);
}

char *strbuf_detach(struct strbuf *sb, size_t *len)
{
    char *p = sb->alloc ? sb->buf : xstrdup("");
    if (len)
        *len = sb->len;
    strbuf_init(sb);
    return p;
}

void strbuf_reset(struct strbuf *sb)
{
    sb->len = 0;
    if (sb->alloc)
        sb->buf[0] = '\0';
}

static void grow(struct strbuf *sb, size_t extra)
{
    size_t need = sb->len + extra + 1;
    if (need <= sb->alloc)
        return;
    if (!sb->alloc)
        sb->buf = NULL;
    XGROW(sb->buf, sb->alloc, need);
}

void strbuf_grow(struct strbuf *sb, size_t extra)
{
    grow(sb, extra);
}

void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
    grow(sb, len);
    memcpy(sb->buf + sb->len, data, len);
    sb->len += len;
    sb->buf[sb->len] = '\0';
}

void strbuf_addstr(struct strbuf *sb, const char *s)
{
    strbuf_add(sb, s, strlen(s));
}

void strbuf_addch(struct strbuf *sb, int c)
{
    char ch = (char)c;
    strbuf_add(sb, &ch, 1);
}

void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
    va_list cp;
    int n;

    va_copy(cp, ap);
    n = vsnprintf(sb->buf + sb->len, sb->alloc ? sb->alloc - sb->len : 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return;
    if (sb->len + (size_t)n >= sb->alloc) {
        grow(sb, (size_t)n);
        vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, ap);
    }
    sb->len += (size_t)n;
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(sb, fmt, ap);
    va_end(ap);
}
