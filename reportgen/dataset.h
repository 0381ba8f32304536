/*
 * dataset.h - the data model: meetings, the pledges made at them, the
 * category vocabulary; loading and validating it from JSON.
 *
 * First stage of the pipeline.  dataset_load reads a JSON document (the
 * contract is documented in data/README.md and the dataset contract), checks
 * its syntax and the type of every field, and copies every string, normalised
 * to NFC, into the dataset's arena: the dataset owns every string, later
 * stages borrow them for as long as the dataset lives.  dataset_validate
 * then checks what types cannot (unique ids, references, calendar dates,
 * the category vocabulary, statuses, amounts) and derives the due dates.
 * Problems go to a diag_list with file:line:column, record and JSON path;
 * every problem of a run is reported, up to the list's cap.
 */
#ifndef RG_DATASET_H
#define RG_DATASET_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "xalloc.h"

struct diag_list;

enum pledge_status {
    STATUS_PLANNED,
    STATUS_IN_PREPARATION,
    STATUS_ONGOING,
    STATUS_DONE,
    STATUS_REPORTED,
    STATUS_COUNT
};

/* How a pledge's due date came about. */
enum due_origin {
    DUE_NONE,     /* no due date */
    DUE_GIVEN,    /* the "due" field */
    DUE_DERIVED   /* derived from timeline_text and the meeting date */
};

struct strlist {
    const char **items;  /* strings owned by the dataset */
    size_t count;
};

struct attendee {
    const char *name, *org, *role;  /* org and role may be NULL */
};

/* Where a record's JSON text is, for positions in later diagnostics. */
struct record_src {
    size_t offset;  /* byte offset of the record's '{' in the source */
    int index;      /* 0-based index in its array */
};

struct meeting {
    const char *id;
    const char *date_text;       /* as written */
    struct date date;            /* valid after dataset_validate */
    const char *title;
    const char *venue, *host;    /* NULL when absent */
    struct attendee *attendees;
    size_t n_attendees;
    struct strlist sources;
    struct record_src src;
};

struct conflict {
    const char *field;   /* which field the sources disagree on */
    const char *values;  /* "value (source); value (source)" */
    const char *used;    /* the value the dataset uses, as text; may be NULL */
    const char *why;     /* may be NULL */
};

enum amount_form { AMOUNT_NONE, AMOUNT_INTEGER, AMOUNT_TEXT, AMOUNT_BAD };

struct pledge {
    const char *id;
    const char *meeting_id;
    size_t meeting;              /* index into dataset.meetings, after validation */
    const char *company;
    const char *category_name;   /* as written */
    int category;                /* index into dataset.categories; -1 if unknown */
    const char *title;
    const char *description;     /* NULL when absent */
    enum amount_form amount_form;
    const char *amount_raw;      /* the string form, when amount_form == AMOUNT_TEXT */
    int has_amount;              /* after validation: amount_krw is meaningful */
    int64_t amount_krw;
    const char *amount_text;     /* the source's wording; may be NULL */
    const char *due_text;        /* "due" as written; NULL when absent or null */
    struct date due;
    enum due_origin due_origin;
    const char *due_rule;        /* static text of the derivation rule, DUE_DERIVED only */
    const char *timeline_text;   /* may be NULL */
    const char *status_text;     /* as written; NULL = default */
    enum pledge_status status;
    struct strlist sources;
    struct conflict *conflicts;
    size_t n_conflicts;
    struct record_src src;
};

struct dataset {
    const char *file;            /* name used in diagnostics ("-" shown as <stdin>) */
    const char *title;           /* may be NULL */
    struct strlist categories;   /* the vocabulary in use, in order */
    int custom_categories;       /* 1 when the file supplied "categories" */
    struct meeting *meetings;
    size_t n_meetings, alloc_meetings;
    struct pledge *pledges;
    size_t n_pledges, alloc_pledges;
    struct arena arena;          /* owns every string above */
    /* the source text, kept until dataset_release for diagnostic positions */
    char *source;
    size_t source_len, source_skip;  /* source_skip: BOM bytes skipped */
    void *srcmap;                /* struct srcmap, created on demand */
};

/*
 * The most characters a dataset title, a category name or a company name
 * may have.  Each is printed whole in PDF bookmarks and in the document
 * information (the title in the briefing's Title, a company in its
 * section's bookmark, either through {top_company} and {top_category}),
 * where a text string holds at most 32,766 UTF-16 units (libharu 2.3.0:
 * 65,535 bytes, HPDF_LIMIT_MAX_STRING_LEN, with the byte order mark).
 * 10,000 characters are at most 20,000 units, which leaves the layout's own
 * words room beside them; layout_check_text checks the texts as expanded.
 */
#define DATASET_MAX_NAME_CHARS 10000

/* Status codes as in the data, and their Korean labels for outputs. */
extern const char *const pledge_status_names[STATUS_COUNT];
extern const char *const pledge_status_labels[STATUS_COUNT];

/*
 * Route jansson's allocations through xalloc (counted, hookable).  Once per
 * process, before any thread uses jansson; dataset_init calls it too.
 */
void dataset_setup(void);
void dataset_init(struct dataset *ds);
/* Free everything the dataset owns; 'ds' may be reused after dataset_init. */
void dataset_release(struct dataset *ds);

/*
 * Read and parse 'path' ("-" for standard input).  Returns 0 when the
 * document could be read into the model (there may still be errors in
 * 'diags' for individual fields), -1 when it could not be parsed at all
 * (unreadable, not JSON).  Either way the dataset must be released.
 */
int dataset_load(struct dataset *ds, const char *path, struct diag_list *diags)
    __attribute__((warn_unused_result));
/* Same, from a buffer (copied); 'name' is used in diagnostics. */
int dataset_load_buffer(struct dataset *ds, const char *name, const char *buf, size_t len,
                        struct diag_list *diags) __attribute__((warn_unused_result));

/*
 * Check references, dates, vocabulary, statuses and amounts, the length of
 * the names (DATASET_MAX_NAME_CHARS), and derive due dates.  Returns the
 * number of errors found (0 = valid).
 */
size_t dataset_validate(struct dataset *ds, struct diag_list *diags);

/*
 * Report diagnostic 'code' about field 'field' (a JSON Pointer relative to
 * the record, e.g. "/amount_krw", or "" for the record itself) of pledge
 * (is_pledge) or meeting number 'index', positioned at the field's value.
 */
void dataset_report(struct dataset *ds, struct diag_list *diags, int code, int is_pledge,
                    size_t index, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/*
 * Report diagnostic 'code' about the value at the absolute JSON Pointer
 * 'pointer' (e.g. "/categories/2"), positioned at that value.
 */
void dataset_report_pointer(struct dataset *ds, struct diag_list *diags, int code,
                            const char *pointer, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/*
 * Free the source text kept for diagnostic positions, once no stage will
 * report about individual fields any more (later reports then name the
 * file, record and path, without line and column).
 */
void dataset_drop_source(struct dataset *ds);

/* Index of category 'name' in the vocabulary, or -1. */
int dataset_category_index(const struct dataset *ds, const char *name);

/*
 * Write the normalised dataset as stable, human-readable text: every
 * meeting and pledge, parsed amounts, derived due dates and their rules.
 */
struct strbuf;
void dataset_dump(const struct dataset *ds, struct strbuf *out);

#endif /* RG_DATASET_H */
