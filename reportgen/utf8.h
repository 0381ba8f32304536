/*
 * utf8.h - the few UTF-8 primitives every stage needs.
 *
 * Strings inside reportgen are valid UTF-8 once the dataset loader has
 * accepted them; these helpers still never read past 'len' and decode an
 * invalid byte as U+FFFD consuming one byte, so they are safe on any input.
 */
#ifndef RG_UTF8_H
#define RG_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decode the code point at 's' ('len' > 0 bytes available).  Stores the
 * number of bytes used in '*used' (1..4) and returns the code point, or
 * 0xFFFD for an invalid or truncated sequence (then '*used' is 1).
 */
uint32_t utf8_decode_slow(const char *s, size_t len, size_t *used);

/* Inline fast paths for ASCII and well-formed 3-byte sequences (Hangul). */
static inline uint32_t utf8_decode(const char *s, size_t len, size_t *used)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80) {
        *used = 1;
        return u[0];
    }
    if (len >= 3 && (u[0] & 0xF0) == 0xE0 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
        uint32_t cp = ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) |
                      (u[2] & 0x3F);
        if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
            *used = 3;
            return cp;
        }
    }
    return utf8_decode_slow(s, len, used);
}

/* Encode 'cp' into 'out' (room for 4 bytes); returns the byte count. */
size_t utf8_encode(uint32_t cp, char *out);

/*
 * Number of code points in the first 'len' bytes of 's'; an invalid byte
 * counts as one, as utf8_decode reads it.
 */
size_t utf8_count(const char *s, size_t len);

/* 1 if the 'len' bytes are well-formed UTF-8 (no surrogates, no overlongs). */
int utf8_valid(const char *s, size_t len);

#endif /* RG_UTF8_H */
