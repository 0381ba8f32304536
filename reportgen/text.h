/*
 * text.h - normalisation of every string the dataset accepts.
 *
 * Applied once, by the dataset loader, so that later stages see one form:
 * Unicode NFC (decomposed Hangul jamo composed into syllables), U+2027 and
 * U+2219 (in no Nanum font) replaced by U+00B7, U+2028 and U+2029 (line and
 * paragraph separators, in no font) by a line feed, invisible format characters
 * (zero-width spaces and joiners, word joiner, byte order mark, bidi
 * embeddings, overrides and isolates) removed.  Control characters other
 * than TAB, LF and CR are refused: they have no place in a briefing.
 */
#ifndef RG_TEXT_H
#define RG_TEXT_H

#include <stddef.h>
#include <stdint.h>

struct arena;

/*
 * Normalise the 'len' bytes of valid UTF-8 at 's' into a NUL-terminated
 * string owned by 'a'; its length goes to '*outlen'.  Returns NULL when the
 * text holds a refused control character, whose code point goes to '*bad'.
 */
/*
 * 1 for an invisible format character (zero-width spaces and joiners, word
 * joiner and other default-ignorable format characters U+2060..U+2069,
 * byte order mark, bidi marks, embeddings, overrides and isolates), which
 * text_normalize removes.
 */
int text_is_invisible(uint32_t cp);

char *text_normalize(struct arena *a, const char *s, size_t len, size_t *outlen,
                     uint32_t *bad);

#endif /* RG_TEXT_H */
