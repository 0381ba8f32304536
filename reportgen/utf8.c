/*
 * utf8.c - UTF-8 decoding, encoding and counting.
 */
#include "utf8.h"

uint32_t utf8_decode_slow(const char *str, size_t len, size_t *used)
{
    const unsigned char *s = (const unsigned char *)str;
    uint32_t cp, min;
    size_t n, i;

    *used = 1;
    if (s[0] < 0x80)
        return s[0];
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        n = 2; cp = s[0] & 0x1F; min = 0x80;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        n = 3; cp = s[0] & 0x0F; min = 0x800;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        n = 4; cp = s[0] & 0x07; min = 0x10000;
    } else {
        return 0xFFFD;
    }
    if (len < n)
        return 0xFFFD;
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0xFFFD;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0xFFFD;
    *used = n;
    return cp;
}

size_t utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t utf8_count(const char *s, size_t len)
{
    size_t i = 0, n = 0, used;
    while (i < len) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
        } else {
            utf8_decode(s + i, len - i, &used);
            i += used;
        }
        n++;
    }
    return n;
}

int utf8_valid(const char *s, size_t len)
{
    size_t i = 0, used;
    while (i < len) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        if (utf8_decode(s + i, len - i, &used) == 0xFFFD &&
            !(len - i >= 3 && (unsigned char)s[i] == 0xEF &&
              (unsigned char)s[i + 1] == 0xBF && (unsigned char)s[i + 2] == 0xBD))
            return 0;
        i += used;
    }
    return 1;
}
