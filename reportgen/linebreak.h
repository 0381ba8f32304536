/*
 * linebreak.h - split a paragraph into lines that fit a given width.
 *
 * Layout stage 2: takes widths from a measure callback (normally
 * fontmetrics), hands lines to the layout builder.  Break opportunities come
 * from UAX #14 (libunistring 1.0, u8_possible_linebreaks_v2), then Korean
 * keep-all: no break between two "word" characters (letters of any script,
 * so Hangul syllables and jamo and Han; numbers; combining marks; the
 * enclosed and squared signs ① ㈜ ㎡), so an 어절 stays whole.  Breaks that
 * remain are at spaces and around punctuation, e.g. 600억원|(5년간); there is
 * no break before a middle dot or wave dash (· ㆍ ・ ‧ ~ ～), which stay with
 * the word before them.
 *
 * Only a segment without any opportunity that is wider than the line falls
 * back to breaks between clusters (syllables).  The unit of filling is the
 * extended grapheme cluster of UAX #29 (libunistring, u8_grapheme_breaks):
 * a conjoining jamo sequence (L+ V+ T*, L+ LV V* T*, ...), a base with its
 * combining marks, an emoji with its modifiers and joined parts, a flag.  It
 * is measured whole and never split, neither by an opportunity nor by the
 * fallback; a space is always a unit of its own.  The fallback breaks avoid
 * starting a line with ) ] } , . : ; ! ? % ” ’ · ~ (and their full-width
 * forms) and ending one with ( [ { “ ‘ (the first character of a cluster
 * decides) whenever some break in the line allows it, and never break after
 * a zero width joiner.  Filling is a single pass: O(n) in the text.
 * Widths are integers (1/1000 em of the font in use), so the result is
 * exactly reproducible.
 */
#ifndef RG_LINEBREAK_H
#define RG_LINEBREAK_H

#include <stddef.h>
#include <stdint.h>

/* Advance of one code point, in the caller's unit (1/1000 em). */
struct lb_measure {
    int (*advance)(const void *ctx, uint32_t cp);
    const void *ctx;
};

struct lb_line {
    size_t start;  /* byte offset of the first character in the text */
    size_t len;    /* bytes, trailing spaces and the newline excluded */
    long width;    /* width of those bytes, same unit as the measure */
};

struct lb_lines {
    struct lb_line *items;
    size_t count, alloc;
};
#define LB_LINES_INIT { NULL, 0, 0 }

enum lb_break {
    LB_NONE = 0,      /* no break before this byte */
    LB_ALLOWED = 1,   /* a line may start at this byte */
    LB_MANDATORY = 2  /* a line must start at this byte (after a newline) */
};

/*
 * Fill 'out[0..len-1]' with the break opportunity before each byte of 'text'
 * (valid UTF-8), keep-all applied.  out[i] is LB_NONE for continuation bytes,
 * inside a grapheme cluster and for i == 0, and never LB_ALLOWED before a
 * space.  LB_MANDATORY marks the byte after a newline (after the LF of CR LF).
 */
void linebreak_opportunities(const char *text, size_t len, char *out);

/*
 * Break 'text' ('len' bytes of valid UTF-8) into lines no wider than
 * 'max_width', appending to 'out' (always at least one line, possibly empty).
 * Spaces (U+0020, TAB, U+3000) at the start and end of every line are
 * dropped: not counted at the end of a line, skipped at the start of the next
 * (also at the start of the text and after a newline), so 'start' points
 * past them; spaces inside a line are kept and counted.  A newline (LF, CR LF
 * as one, CR, or another UAX #14 mandatory break such as U+2028) ends the
 * line and is not part of it; a text ending in a newline ends with an empty
 * line, so n newlines give n + 1 lines.  A single grapheme cluster wider
 * than 'max_width' gets a line of its own.  Caller releases 'out'.
 */
void linebreak_fill(const char *text, size_t len, const struct lb_measure *m,
                    long max_width, struct lb_lines *out);

/* Free the items of 'lines' and reset it to LB_LINES_INIT. */
void lb_lines_release(struct lb_lines *lines);

#endif /* RG_LINEBREAK_H */
