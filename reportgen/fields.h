/*
 * fields.h - the table sources of layouts and their fields, declared once:
 * each source's name, rows and fields, each field's name, type and
 * accessor.  Layout files name them (layoutdef.c checks the names), tables
 * show and sort them and conditions filter on them (layout); the values
 * come from the aggregate, typed, and layout formats them by type.
 */
#ifndef RG_FIELDS_H
#define RG_FIELDS_H

#include <stddef.h>
#include <stdint.h>

struct aggregate;

enum lsource {
    SRC_COMPANIES, SRC_CATEGORIES, SRC_MEETINGS, SRC_PLEDGES, SRC_STATUSES, SRC_CARRIED,
    SRC_COUNT
};

enum field_type {
    FT_TEXT,     /* text; 'num' orders it when the field is 'ordered' */
    FT_COUNT,    /* a count: num */
    FT_AMOUNT,   /* won: num; missing when no amount is known */
    FT_DATE,     /* days since 1970-01-01: num; missing when none */
    FT_SHARE,    /* num of den, shown as a percentage */
    FT_RANK,     /* position in the source's order, from 1 */
    FT_STATUS,   /* a pledge status: num the status, text its name (planned, done, ...) */
    FT_BOOL,     /* 0 or 1: num */
    FT_NAMES     /* a meeting's attendees: num the meeting's index in the dataset */
};

struct field_value {
    enum field_type type;
    int missing;
    int ordered;        /* FT_TEXT: compare by num (the field's 'ordered') */
    int64_t num, den;
    const char *text;   /* borrowed from the dataset or aggregate; NULL when no text */
};

/* Row index of a table's totals row, for the figure fields. */
#define FIELD_TOTAL ((size_t)-1)

struct field_def {
    const char *name;
    enum field_type type;
    int ordered;        /* FT_TEXT: sorts by num (vocabulary order), not by text */
    void (*get)(const struct aggregate *a, size_t item, struct field_value *v);
};

struct source_def {
    const char *name;
    const struct field_def *fields;
    int n_fields;
    int totals;         /* a totals row makes sense (figures, not items) */
    /* how many rows, and the item each row shows (in the source's own order) */
    size_t (*count)(const struct aggregate *a);
    size_t (*item)(const struct aggregate *a, size_t row);
};

/* The table of sources, indexed by enum lsource. */
extern const struct source_def field_sources[SRC_COUNT];

/* The field of 'src' named 'name' ('len' bytes), or -1. */
int fields_find(enum lsource src, const char *name, size_t len);

/* Value of field 'field' of 'src' for 'item' (FIELD_TOTAL: the totals row). */
void fields_get(const struct aggregate *a, enum lsource src, int field, size_t item,
                struct field_value *v);

/*
 * Compare two values of one field for sorting: numbers as numbers, texts
 * by code point, ordered texts by their order; a missing amount sorts as
 * the smallest, a missing date as the latest.
 */
int fields_compare(const struct field_value *x, const struct field_value *y);

/*
 * The figures of a whole document, for conditions on blocks ("pledges > 0",
 * "period == 'month'"): the same kind of table, read with item 0.  'overdue'
 * counts the carried-over pledges too; 'period' is 'all', 'month' or
 * 'range'; 'company' is the company of a one-company run, else empty.
 */
extern const struct field_def field_figures[];
extern const int field_n_figures;

#endif /* RG_FIELDS_H */
