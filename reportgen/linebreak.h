/*
 * linebreak.h - split a paragraph into lines that fit a given width.
 *
 * Layout stage 2: takes widths from a measure callback (normally
 * fontmetrics), hands lines to the layout builder.  Break opportunities come
 * from UAX #14 (libunistring), then Korean keep-all: no break between two
 * "word" characters (Hangul syllables or jamo, Han, letters, digits), so an
 * 어절 stays whole.  A word wider than the line falls back to breaks between
 * characters (syllables), still never before ) , . % and never after (.
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
 * (valid UTF-8), keep-all applied.  out[i] is LB_NONE for continuation bytes
 * and for i == 0.
 */
void linebreak_opportunities(const char *text, size_t len, char *out);

/*
 * Break 'text' ('len' bytes of valid UTF-8) into lines no wider than
 * 'max_width', appending to 'out' (always at least one line, possibly empty).
 * Spaces at a break are dropped (not counted at the end of a line, skipped at
 * the start of the next).  LF forces a break.  A single character wider than
 * 'max_width' gets a line of its own.  Caller releases 'out'.
 */
void linebreak_fill(const char *text, size_t len, const struct lb_measure *m,
                    long max_width, struct lb_lines *out);

/* Free the items of 'lines' and reset it to LB_LINES_INIT. */
void lb_lines_release(struct lb_lines *lines);

#endif /* RG_LINEBREAK_H */
