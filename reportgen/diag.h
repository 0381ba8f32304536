/*
 * diag.h - the one catalogue of diagnostics, and their collection.
 *
 * Every stage reports problems here instead of printing: a diagnostic has a
 * code from the catalogue (which fixes its level, its exit status and the
 * start of its message), a position (file, line, column in characters,
 * record, JSON Pointer path) and a detail text.  main prints them in one
 * format and exits with the status of the worst one:
 *
 *   reportgen: data/x.json:41:17: error: amount not understood: '천억 원 안팎'
 *       (record 18 'P24-NAVER-02', /pledges/17/amount_krw)
 *
 * (on one line).  A list stores at most 'max' entries but keeps counting, so
 * the tail is summarised as "N more errors".
 *
 * A message stays short whatever the data: a value quoted in the format
 * ('%s', '%.*s') that is longer than DIAG_SHOW_CHARS characters is shown as
 * its first DIAG_SHOW_CHARS characters and "…", followed by its length
 * ('가나다…' (1048576 bytes)); so are a record id, and each step of a path.
 * The codes about files and the command line (DIAG_IO_READ, DIAG_IO_WRITE,
 * DIAG_FONT, DIAG_COMPANY_UNKNOWN) quote file names and options: theirs
 * are shown whole.
 */
#ifndef RG_DIAG_H
#define RG_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* Exit statuses of the program; a diagnostic's code maps to one of them. */
enum exit_status {
    EXIT_OK = 0,
    EXIT_DATA = 1,   /* invalid data or layout */
    EXIT_USAGE = 2,  /* bad command line */
    EXIT_FONT = 3,   /* font cannot be used, or a character has no glyph */
    EXIT_IO = 4      /* cannot read or write a file, out of memory */
};

enum diag_level { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR };

/*
 * The catalogue.  Keep in step with the table in diag.c; HACKING.md explains
 * how to add one.  Warnings marked (strict) are only reported with --strict.
 */
enum diag_code {
    /* reading files */
    DIAG_IO_READ,            /* error, exit 4: cannot read a file */
    DIAG_IO_WRITE,           /* error, exit 4: cannot write a file */
    DIAG_OUTPUT_TARGET,      /* error, exit 4: an output path is not a file reportgen may replace */
    DIAG_OUTPUT_REPAIRED,    /* warning: a killed run's half-done commit was repaired */
    /* JSON syntax */
    DIAG_JSON_SYNTAX,        /* invalid JSON (parser's message) */
    DIAG_JSON_DUPLICATE_KEY, /* the same key twice in one object */
    DIAG_JSON_ROOT,          /* top-level value is not an object */
    /* structure */
    DIAG_FIELD_MISSING,      /* a required field is absent */
    DIAG_FIELD_TYPE,         /* a field has the wrong JSON type */
    DIAG_FIELD_EMPTY,        /* a required string is empty */
    DIAG_FIELD_UNKNOWN,      /* warning (strict): a field the contract does not know */
    DIAG_TEXT_CONTROL,       /* a string holds a control or invisible format character */
    DIAG_TEXT_TOO_LONG,      /* a name printed in bookmarks and headers is too long */
    /* references and values */
    DIAG_ID_DUPLICATE,       /* an id used twice */
    DIAG_MEETING_UNKNOWN,    /* pledge refers to a meeting that does not exist */
    DIAG_DATE_SYNTAX,        /* not YYYY-MM-DD */
    DIAG_DATE_INVALID,       /* not a calendar date */
    DIAG_CATEGORY_UNKNOWN,   /* category not in the vocabulary */
    DIAG_CATEGORY_DUPLICATE, /* the vocabulary lists a name twice */
    DIAG_STATUS_UNKNOWN,     /* status not in the enum */
    DIAG_AMOUNT_SYNTAX,      /* amount string not understood */
    DIAG_AMOUNT_RANGE,       /* amount negative, fractional or too large */
    DIAG_TIMELINE_UNKNOWN,   /* warning (strict): deadline wording not understood */
    DIAG_DUE_BEFORE_MEETING, /* warning (strict): due date before the meeting */
    DIAG_COMPANY_UNKNOWN,    /* --company names no company of the dataset */
    /* layout files */
    DIAG_LAYOUT,             /* error, exit 1: layout file invalid */
    DIAG_PLACEHOLDER,        /* error, exit 1: unknown placeholder in a layout text */
    /* fonts and output */
    DIAG_FONT,               /* error, exit 3: font cannot be loaded */
    DIAG_GLYPH_MISSING,      /* error, exit 3: a character has no glyph */
    DIAG_ENCODE,             /* error, exit 1: character not representable in the output encoding */
    DIAG_TOO_MANY_PAGES,     /* error, exit 1: the briefing needs more pages than a PDF holds */
    DIAG_PDF,                /* error, exit 4: the PDF library failed */
    DIAG_CODE_COUNT
};

struct diag_pos {
    const char *file;   /* NULL: no file; diag_add keeps its own copy */
    int line;           /* 1-based; 0 when unknown */
    int column;         /* 1-based, in characters; 0 when unknown */
};

/* Characters of a quoted value shown before it is cut with "…". */
#define DIAG_SHOW_CHARS 40

struct diag {
    enum diag_code code;
    struct diag_pos pos;
    int record;         /* 1-based index of the record in its array; 0 if none */
    char *record_id;    /* owned; NULL if none; cut with "…" when long */
    size_t record_id_bytes; /* the whole id's length when it was cut, else 0 */
    char *path;         /* owned JSON Pointer, e.g. "/pledges/17/amount_krw"; NULL if none */
    char *text;         /* owned detail text */
};

struct diag_list {
    struct diag *items;
    size_t count, alloc;
    size_t max;          /* store at most this many (default 100) */
    size_t dropped;      /* reported but not stored */
    size_t errors, warnings;
    int strict;          /* report (strict) warnings */
    int quiet;           /* do not print warnings */
    enum exit_status status; /* worst exit status so far */
};

void diag_list_init(struct diag_list *list);
void diag_list_release(struct diag_list *list);

/* Level and exit status that 'code' carries. */
enum diag_level diag_level_of(enum diag_code code);
enum exit_status diag_exit_of(enum diag_code code);
/* The catalogue's fixed message start for 'code' ("amount not understood"). */
const char *diag_message(enum diag_code code);

/*
 * Add a diagnostic.  'pos', 'record_id' and 'path' may be NULL; strings are
 * copied.  'fmt' gives the detail (lowercase, no full stop, subject quoted
 * with '…'); it may be NULL.  Strict-only warnings are dropped unless
 * list->strict.
 */
void diag_add(struct diag_list *list, enum diag_code code, const struct diag_pos *pos,
              int record, const char *record_id, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
void diag_vadd(struct diag_list *list, enum diag_code code, const struct diag_pos *pos,
               int record, const char *record_id, const char *path, const char *fmt,
               va_list ap) __attribute__((format(printf, 7, 0)));

/*
 * Append the detail text of 'fmt' (printf conversions) to 'out' as
 * diag_add would store it for 'code', long quoted values cut: for callers
 * that compose a message before they add it.
 */
struct strbuf;
void diag_format(struct strbuf *out, enum diag_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void diag_vformat(struct strbuf *out, enum diag_code code, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/*
 * Add every diagnostic of 'from' to 'to', in order, with its counts and
 * status (for a list another thread filled).
 */
void diag_list_append(struct diag_list *to, const struct diag_list *from);

/* Print one diagnostic in the standard format, with a newline. */
void diag_print(FILE *out, const struct diag *d);
/* Print all stored diagnostics (warnings unless quiet) and the "N more" line. */
void diag_print_all(FILE *out, const struct diag_list *list);

#endif /* RG_DIAG_H */
