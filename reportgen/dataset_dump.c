/*
 * dataset_dump.c - the normalised dataset as stable, line-oriented text:
 * what `reportgen dump` prints and what golden tests compare.  One
 * "key: value" per line, records separated by a blank line, nothing that
 * depends on the machine or the time.
 */
#include "dataset.h"

#include <string.h>

#include "amount.h"
#include "strbuf.h"

/* Append 'key: value', escaping newlines so that one field stays on one line. */
static void field(struct strbuf *out, const char *key, const char *value)
{
    const char *p;

    if (!value)
        return;
    strbuf_addf(out, "  %s: ", key);
    for (p = value; *p; p++) {
        if (*p == '\n')
            strbuf_addstr(out, "\\n");
        else if (*p == '\r')
            strbuf_addstr(out, "\\r");
        else if (*p == '\t')
            strbuf_addstr(out, "\\t");
        else if (*p == '\\')
            strbuf_addstr(out, "\\\\");
        else
            strbuf_addch(out, *p);
    }
    strbuf_addch(out, '\n');
}

static void list(struct strbuf *out, const char *key, const struct strlist *l)
{
    size_t i;
    if (!l->count)
        return;
    strbuf_addf(out, "  %s: ", key);
    for (i = 0; i < l->count; i++)
        strbuf_addf(out, "%s%s", i ? ", " : "", l->items[i]);
    strbuf_addch(out, '\n');
}

static void dump_meeting(const struct meeting *m, struct strbuf *out)
{
    size_t i;

    strbuf_addf(out, "meeting %s\n", m->id ? m->id : "?");
    field(out, "date", m->date_text);
    field(out, "title", m->title);
    field(out, "venue", m->venue);
    field(out, "host", m->host);
    for (i = 0; i < m->n_attendees; i++) {
        const struct attendee *a = &m->attendees[i];
        strbuf_addf(out, "  attendee: %s", a->name);
        if (a->org || a->role) {
            strbuf_addf(out, " (%s%s%s)", a->org ? a->org : "", a->org && a->role ? ", " : "",
                        a->role ? a->role : "");
        }
        strbuf_addch(out, '\n');
    }
    list(out, "sources", &m->sources);
    strbuf_addch(out, '\n');
}

static void dump_pledge(const struct dataset *ds, const struct pledge *p, struct strbuf *out)
{
    char date[11];
    size_t i;

    strbuf_addf(out, "pledge %s\n", p->id ? p->id : "?");
    field(out, "meeting", p->meeting_id);
    field(out, "company", p->company);
    field(out, "category", p->category >= 0 ? ds->categories.items[p->category]
                                             : p->category_name);
    field(out, "title", p->title);
    field(out, "description", p->description);
    if (p->has_amount) {
        strbuf_addf(out, "  amount: %lld (", (long long)p->amount_krw);
        amount_format(p->amount_krw, out);
        strbuf_addstr(out, p->amount_form == AMOUNT_TEXT ? ") parsed from '" : ")");
        if (p->amount_form == AMOUNT_TEXT)
            strbuf_addf(out, "%s'", p->amount_raw);
        strbuf_addch(out, '\n');
    } else {
        strbuf_addstr(out, "  amount: -\n");
    }
    field(out, "amount_text", p->amount_text);
    switch (p->due_origin) {
    case DUE_NONE:
        strbuf_addstr(out, "  due: -\n");
        break;
    case DUE_GIVEN:
        date_format(p->due, date);
        strbuf_addf(out, "  due: %s (given)\n", date);
        break;
    case DUE_DERIVED:
        date_format(p->due, date);
        strbuf_addf(out, "  due: %s (derived: %s)\n", date, p->due_rule);
        break;
    }
    field(out, "timeline", p->timeline_text);
    strbuf_addf(out, "  status: %s\n", pledge_status_names[p->status]);
    list(out, "sources", &p->sources);
    for (i = 0; i < p->n_conflicts; i++) {
        const struct conflict *c = &p->conflicts[i];
        strbuf_addf(out, "  conflict: %s: %s", c->field, c->values ? c->values : "");
        if (c->used)
            strbuf_addf(out, "; used %s", c->used);
        strbuf_addch(out, '\n');
        field(out, "  why", c->why);
    }
    strbuf_addch(out, '\n');
}

void dataset_dump(const struct dataset *ds, struct strbuf *out)
{
    size_t i;

    strbuf_addf(out, "dataset: %s\n", ds->title ? ds->title : "-");
    strbuf_addf(out, "categories: %zu%s\n", ds->categories.count,
                ds->custom_categories ? " (from the file)" : " (default)");
    for (i = 0; i < ds->categories.count; i++)
        strbuf_addf(out, "  %s\n", ds->categories.items[i]);
    strbuf_addf(out, "meetings: %zu\npledges: %zu\n\n", ds->n_meetings, ds->n_pledges);
    for (i = 0; i < ds->n_meetings; i++)
        dump_meeting(&ds->meetings[i], out);
    for (i = 0; i < ds->n_pledges; i++)
        dump_pledge(ds, &ds->pledges[i], out);
}
