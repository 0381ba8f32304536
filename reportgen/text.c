/*
 * text.c - NFC normalisation (libunistring) and character clean-up for
 * dataset strings.  ASCII and precomposed Hangul, the bulk of the data,
 * take a fast path that copies without calling the normaliser.
 */
#include "text.h"

#include <stdlib.h>
#include <string.h>
#include <uninorm.h>

#include "strbuf.h"
#include "utf8.h"
#include "xalloc.h"

int text_is_invisible(uint32_t cp)
{
    return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF || cp == 0x061C;
}

static int is_refused(uint32_t cp)
{
    return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
           (cp >= 0x7F && cp <= 0x9F);
}

/* Characters that are certainly NFC-stable on their own and in sequence. */
static int is_fast(uint32_t cp)
{
    return cp < 0x300 || (cp >= 0xAC00 && cp <= 0xD7A3);
}

char *text_normalize(struct arena *a, const char *s, size_t len, size_t *outlen,
                     uint32_t *bad)
{
    size_t i, used, n;
    int nfc = 0, edit = 0;
    struct strbuf sb = STRBUF_INIT;
    uint8_t *composed;
    char *res;

    for (i = 0; i < len; i += used) {
        uint32_t cp = utf8_decode(s + i, len - i, &used);
        if (is_refused(cp)) {
            *bad = cp;
            return NULL;
        }
        if (!is_fast(cp)) {
            if (cp == 0x2027 || cp == 0x2219 || cp == 0x2028 || cp == 0x2029 ||
                text_is_invisible(cp))
                edit = 1;
            else
                nfc = 1;
        }
    }
    /*
     * Replace and remove first: a removed character between two jamo or
     * before a combining mark would otherwise stop them composing.
     */
    if (edit) {
        for (i = 0; i < len; i += used) {
            uint32_t cp = utf8_decode(s + i, len - i, &used);
            if (cp == 0x2027 || cp == 0x2219)
                strbuf_add(&sb, "\xC2\xB7", 2);
            else if (cp == 0x2028 || cp == 0x2029) /* line and paragraph separators */
                strbuf_addch(&sb, '\n');
            else if (!text_is_invisible(cp))
                strbuf_add(&sb, s + i, used);
        }
        s = sb.buf;
        len = sb.len;
    }
    if (!nfc) {
        res = arena_strndup(a, s, len);
        *outlen = len;
        strbuf_release(&sb);
        return res;
    }
    n = 0;
    composed = u8_normalize(UNINORM_NFC, (const uint8_t *)s, len, NULL, &n);
    if (!composed)
        xalloc_fail(len * 3);
    res = arena_strndup(a, (const char *)composed, n);
    *outlen = n;
    free(composed);
    strbuf_release(&sb);
    return res;
}
