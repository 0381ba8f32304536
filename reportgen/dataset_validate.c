/*
 * dataset_validate.c - the checks that types cannot express: unique ids,
 * references between records, calendar dates, the category vocabulary,
 * statuses and amounts; and the derivation of due dates from the source's
 * deadline wording.  Every problem is reported; nothing stops at the first.
 */
#include "dataset.h"

#include <stdio.h>
#include <string.h>

#include "amount.h"
#include "diag.h"
#include "strbuf.h"
#include "strmap.h"
#include "utf8.h"

int dataset_category_index(const struct dataset *ds, const char *name)
{
    size_t i;
    for (i = 0; i < ds->categories.count; i++)
        if (strcmp(ds->categories.items[i], name) == 0)
            return (int)i;
    return -1;
}

static void vocabulary_list(const struct dataset *ds, struct strbuf *out)
{
    size_t i;
    for (i = 0; i < ds->categories.count; i++) {
        if (i)
            strbuf_addstr(out, ", ");
        strbuf_addstr(out, ds->categories.items[i]);
    }
}

/* Parse a date field; reports and returns -1 on failure. */
static int check_date(struct dataset *ds, struct diag_list *diags, int is_pledge, size_t i,
                      const char *field, const char *s, struct date *out)
{
    switch (date_parse(s, strlen(s), out)) {
    case DATE_OK:
        return 0;
    case DATE_SYNTAX:
        dataset_report(ds, diags, DIAG_DATE_SYNTAX, is_pledge, i, field, "'%s'", s);
        return -1;
    case DATE_INVALID:
        dataset_report(ds, diags, DIAG_DATE_INVALID, is_pledge, i, field, "'%s'", s);
        return -1;
    }
    return -1;
}

/*
 * A name printed whole in bookmarks and the document information: at most
 * DATASET_MAX_NAME_CHARS characters.  Reported at the record's field
 * (index >= 0) or at 'pointer'.
 */
static size_t check_name(struct dataset *ds, struct diag_list *diags, const char *s,
                         const char *what, size_t index, const char *pointer)
{
    struct strbuf n = STRBUF_INIT, max = STRBUF_INIT;
    size_t chars;

    if (!s || (chars = utf8_count(s, strlen(s))) <= DATASET_MAX_NAME_CHARS)
        return 0;
    amount_format_grouped((int64_t)chars, &n);
    amount_format_grouped(DATASET_MAX_NAME_CHARS, &max);
    if (index != (size_t)-1)
        dataset_report(ds, diags, DIAG_TEXT_TOO_LONG, 1, index, pointer,
                       "%s characters, at most %s in a %s: '%s'", n.buf, max.buf, what, s);
    else
        dataset_report_pointer(ds, diags, DIAG_TEXT_TOO_LONG, pointer,
                               "%s characters, at most %s in a %s: '%s'", n.buf, max.buf, what,
                               s);
    strbuf_release(&n);
    strbuf_release(&max);
    return 1;
}

/* The dataset's title and the vocabulary's names. */
static size_t check_names(struct dataset *ds, struct diag_list *diags)
{
    size_t k, errors = check_name(ds, diags, ds->title, "title", (size_t)-1, "/title");
    char pointer[48];

    if (!ds->custom_categories)
        return errors;
    for (k = 0; k < ds->categories.count; k++) {
        snprintf(pointer, sizeof pointer, "/categories/%zu", k);
        errors += check_name(ds, diags, ds->categories.items[k], "category name", (size_t)-1,
                             pointer);
    }
    return errors;
}

static size_t check_meetings(struct dataset *ds, struct diag_list *diags, struct strmap *ids)
{
    size_t i, errors = 0;

    for (i = 0; i < ds->n_meetings; i++) {
        struct meeting *m = &ds->meetings[i];
        size_t first;

        if (m->id) {
            first = i;
            if (strmap_get(ids, m->id, &first, 1)) {
                dataset_report(ds, diags, DIAG_ID_DUPLICATE, 0, i, "/id",
                               "'%s' (first used by meeting record %d)", m->id,
                               ds->meetings[first].src.index + 1);
                errors++;
            }
        }
        if (m->date_text && check_date(ds, diags, 0, i, "/date", m->date_text, &m->date) < 0)
            errors++;
    }
    return errors;
}

static size_t check_amount(struct dataset *ds, struct diag_list *diags, size_t i)
{
    struct pledge *p = &ds->pledges[i];

    switch (p->amount_form) {
    case AMOUNT_NONE:
    case AMOUNT_BAD:
        return 0;
    case AMOUNT_INTEGER:
        if (p->amount_krw < 0) {
            dataset_report(ds, diags, DIAG_AMOUNT_RANGE, 1, i, "/amount_krw",
                           "'amount_krw' must not be negative: %lld",
                           (long long)p->amount_krw);
            return 1;
        }
        p->has_amount = 1;
        return 0;
    case AMOUNT_TEXT:
        switch (amount_parse(p->amount_raw, strlen(p->amount_raw), &p->amount_krw)) {
        case AMOUNT_OK:
            p->has_amount = 1;
            return 0;
        case AMOUNT_OVERFLOW:
            dataset_report(ds, diags, DIAG_AMOUNT_RANGE, 1, i, "/amount_krw",
                           "too large: '%s'", p->amount_raw);
            return 1;
        case AMOUNT_SYNTAX:
            dataset_report(ds, diags, DIAG_AMOUNT_SYNTAX, 1, i, "/amount_krw", "'%s'",
                           p->amount_raw);
            return 1;
        }
    }
    return 0;
}

static size_t check_pledges(struct dataset *ds, struct diag_list *diags, struct strmap *mids)
{
    struct strmap ids = STRMAP_INIT;
    struct strbuf vocab = STRBUF_INIT;
    size_t i, errors = 0;

    for (i = 0; i < ds->n_pledges; i++) {
        struct pledge *p = &ds->pledges[i];
        size_t first = i, m;
        int meeting_ok = 0;

        if (p->id && strmap_get(&ids, p->id, &first, 1)) {
            dataset_report(ds, diags, DIAG_ID_DUPLICATE, 1, i, "/id",
                           "'%s' (first used by pledge record %d)", p->id,
                           ds->pledges[first].src.index + 1);
            errors++;
        }
        if (p->meeting_id) {
            if (strmap_get(mids, p->meeting_id, &m, 0)) {
                p->meeting = m;
                meeting_ok = ds->meetings[m].date.year > 0; /* date valid */
            } else {
                dataset_report(ds, diags, DIAG_MEETING_UNKNOWN, 1, i, "/meeting",
                               "'%s' is not the id of a meeting in this file",
                               p->meeting_id);
                errors++;
            }
        }
        if (p->category_name) {
            p->category = dataset_category_index(ds, p->category_name);
            if (p->category < 0) {
                if (!vocab.len)
                    vocabulary_list(ds, &vocab);
                dataset_report(ds, diags, DIAG_CATEGORY_UNKNOWN, 1, i, "/category",
                               "'%s' (allowed: %s)", p->category_name, vocab.buf);
                errors++;
            }
        }
        if (p->status_text) {
            int s;
            for (s = 0; s < STATUS_COUNT; s++)
                if (strcmp(p->status_text, pledge_status_names[s]) == 0)
                    break;
            if (s == STATUS_COUNT) {
                dataset_report(ds, diags, DIAG_STATUS_UNKNOWN, 1, i, "/status",
                               "'%s' (allowed: planned, in_preparation, ongoing, done, "
                               "reported)", p->status_text);
                errors++;
            } else {
                p->status = (enum pledge_status)s;
            }
        }
        errors += check_name(ds, diags, p->company, "company name", i, "/company");
        errors += check_amount(ds, diags, i);
        if (p->due_text) {
            if (check_date(ds, diags, 1, i, "/due", p->due_text, &p->due) < 0)
                errors++;
            else
                p->due_origin = DUE_GIVEN;
        } else if (p->timeline_text && meeting_ok) {
            if (date_from_timeline(p->timeline_text, strlen(p->timeline_text),
                                   ds->meetings[p->meeting].date, &p->due, &p->due_rule) == 0)
                p->due_origin = DUE_DERIVED;
            else
                dataset_report(ds, diags, DIAG_TIMELINE_UNKNOWN, 1, i, "/timeline_text",
                               "'%s'", p->timeline_text);
        }
        if (p->due_origin == DUE_GIVEN && meeting_ok &&
            date_cmp(p->due, ds->meetings[p->meeting].date) < 0)
            dataset_report(ds, diags, DIAG_DUE_BEFORE_MEETING, 1, i, "/due", "'%s'",
                           p->due_text);
    }
    strbuf_release(&vocab);
    strmap_release(&ids);
    return errors;
}

size_t dataset_validate(struct dataset *ds, struct diag_list *diags)
{
    struct strmap mids = STRMAP_INIT;
    size_t errors = check_names(ds, diags);
    errors += check_meetings(ds, diags, &mids);
    errors += check_pledges(ds, diags, &mids);
    strmap_release(&mids);
    return errors;
}
