/*
 * srcpos.c - line/column mapping and a minimal JSON text scanner that finds
 * where a value starts.  It trusts nothing: on malformed text it gives up
 * (returns -1) without reading past the end.
 */
#include "srcpos.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "xalloc.h"

void srcmap_init(struct srcmap *map, const char *text, size_t len)
{
    map->text = text;
    map->len = len;
    map->lines = NULL;
    map->nlines = 0;
}

void srcmap_release(struct srcmap *map)
{
    free(map->lines);
    map->lines = NULL;
    map->nlines = 0;
}

static void build(struct srcmap *map)
{
    size_t i, alloc = 0;

    XGROW(map->lines, alloc, 1);
    map->lines[map->nlines++] = 0;
    for (i = 0; i < map->len; i++) {
        char c = map->text[i];
        if (c == '\n' || (c == '\r' && (i + 1 >= map->len || map->text[i + 1] != '\n'))) {
            XGROW(map->lines, alloc, map->nlines + 1);
            map->lines[map->nlines++] = i + 1;
        }
    }
}

void srcmap_locate(struct srcmap *map, size_t offset, int *line, int *column)
{
    size_t lo = 0, hi;

    if (!map->lines)
        build(map);
    if (offset > map->len)
        offset = map->len;
    hi = map->nlines;
    while (hi - lo > 1) { /* last line start <= offset */
        size_t mid = lo + (hi - lo) / 2;
        if (map->lines[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    *line = (int)(lo + 1);
    *column = (int)utf8_count(map->text + map->lines[lo], offset - map->lines[lo]) + 1;
}

static size_t skip_ws(const char *t, size_t len, size_t i)
{
    while (i < len && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
        i++;
    return i;
}

/* Offset just past the string starting at t[i] == '"', or 0 on error. */
static size_t skip_string(const char *t, size_t len, size_t i)
{
    for (i++; i < len; i++) {
        if (t[i] == '\\')
            i++;
        else if (t[i] == '"')
            return i + 1;
    }
    return 0;
}

/* Offset just past the value starting at t[i], or 0 on error. */
static size_t skip_value(const char *t, size_t len, size_t i)
{
    size_t depth = 0;

    if (i >= len)
        return 0;
    do {
        if (i >= len)
            return 0;
        switch (t[i]) {
        case '"':
            i = skip_string(t, len, i);
            if (!i)
                return 0;
            break;
        case '{': case '[':
            depth++;
            i++;
            break;
        case '}': case ']':
            if (!depth)
                return 0;
            depth--;
            i++;
            break;
        default:
            i++;
            /* scalars and separators inside containers */
            while (!depth && i < len && !strchr(",]} \t\r\n", t[i]))
                i++;
        }
    } while (depth);
    return i;
}

static unsigned hexval(const char *t, size_t len, size_t i)
{
    unsigned v = 0;
    size_t k;
    if (i + 4 > len)
        return 0xFFFFFFFFu;
    for (k = 0; k < 4; k++) {
        char c = t[i + k];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else return 0xFFFFFFFFu;
    }
    return v;
}

/* Does the JSON string at t[i] == '"' equal 'key' once unescaped? */
static int key_equals(const char *t, size_t len, size_t i, const char *key)
{
    size_t k = 0, klen = strlen(key);

    for (i++; i < len; i++) {
        char buf[4];
        size_t n;
        if (t[i] == '"')
            return k == klen;
        if (t[i] != '\\') {
            if (k >= klen || key[k] != t[i])
                return 0;
            k++;
            continue;
        }
        if (++i >= len)
            return 0;
        switch (t[i]) {
        case 'b': buf[0] = '\b'; n = 1; break;
        case 'f': buf[0] = '\f'; n = 1; break;
        case 'n': buf[0] = '\n'; n = 1; break;
        case 'r': buf[0] = '\r'; n = 1; break;
        case 't': buf[0] = '\t'; n = 1; break;
        case 'u': {
            unsigned cp = hexval(t, len, i + 1);
            if (cp == 0xFFFFFFFFu)
                return 0;
            i += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 < len && t[i + 1] == '\\' &&
                t[i + 2] == 'u') {
                unsigned lo = hexval(t, len, i + 3);
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    i += 6;
                }
            }
            n = utf8_encode(cp, buf);
            break;
        }
        default: buf[0] = t[i]; n = 1;
        }
        if (k + n > klen || memcmp(key + k, buf, n) != 0)
            return 0;
        k += n;
    }
    return 0;
}

long json_text_key(const char *t, size_t len, size_t start, const char *key)
{
    size_t i = skip_ws(t, len, start);
    long found = -1;

    if (i >= len || t[i] != '{')
        return -1;
    i = skip_ws(t, len, i + 1);
    /* go on after a match: the parser keeps the last of repeated keys */
    while (i < len && t[i] == '"') {
        int match = key_equals(t, len, i, key);
        i = skip_string(t, len, i);
        if (!i)
            return found;
        i = skip_ws(t, len, i);
        if (i >= len || t[i] != ':')
            return found;
        i = skip_ws(t, len, i + 1);
        if (match)
            found = (long)i;
        i = skip_value(t, len, i);
        if (!i)
            return found;
        i = skip_ws(t, len, i);
        if (i < len && t[i] == ',')
            i = skip_ws(t, len, i + 1);
    }
    return found;
}

long json_text_index(const char *t, size_t len, size_t start, size_t index)
{
    size_t i = skip_ws(t, len, start), n = 0;

    if (i >= len || t[i] != '[')
        return -1;
    i = skip_ws(t, len, i + 1);
    while (i < len && t[i] != ']') {
        if (n++ == index)
            return (long)i;
        i = skip_value(t, len, i);
        if (!i)
            return -1;
        i = skip_ws(t, len, i);
        if (i < len && t[i] == ',')
            i = skip_ws(t, len, i + 1);
    }
    return -1;
}

size_t json_text_pointer(const char *t, size_t len, size_t start, const char *pointer)
{
    size_t at = skip_ws(t, len, start);
    const char *p = pointer;

    while (*p == '/') {
        const char *end = strchr(p + 1, '/');
        size_t n = end ? (size_t)(end - p - 1) : strlen(p + 1);
        char *step = xstrndup(p + 1, n), *r, *w;
        long next;

        for (r = w = step; *r; r++, w++) { /* RFC 6901: ~1 is '/', ~0 is '~' */
            if (r[0] == '~' && (r[1] == '0' || r[1] == '1'))
                *w = *++r == '1' ? '/' : '~';
            else
                *w = *r;
        }
        *w = '\0';
        size_t i = skip_ws(t, len, at);

        if (i < len && t[i] == '[') {
            char *e;
            unsigned long idx = strtoul(step, &e, 10);
            next = (*step && !*e) ? json_text_index(t, len, i, idx) : -1;
        } else {
            next = json_text_key(t, len, i, step);
        }
        free(step);
        if (next < 0)
            break;
        at = (size_t)next;
        p += n + 1;
    }
    return at;
}
