/*
 * dataset_load.c - JSON text -> dataset model.  The only file that uses
 * jansson for the dataset.
 *
 * The top-level object is scanned by hand and the "meetings" and "pledges"
 * arrays are parsed one record at a time (json_loadb with
 * JSON_DISABLE_EOF_CHECK), so no DOM of the whole file is ever built and
 * each record's byte offset is known for diagnostics.  Each record is
 * converted at once: types are checked, strings normalised into the arena.
 */
#include "dataset.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "srcpos.h"
#include "strbuf.h"
#include "strmap.h"
#include "text.h"
#include "utf8.h"
#include "xalloc.h"

const char *const pledge_status_names[STATUS_COUNT] = {
    "planned", "in_preparation", "ongoing", "done", "reported",
};

const char *const pledge_status_labels[STATUS_COUNT] = {
    "계획", "준비 중", "진행 중", "완료", "결과 보고",
};

/* The default vocabulary of the dataset contract (middle dot is U+00B7). */
static const char *const default_categories[] = {
    "판로지원", "디지털전환·교육", "이용자보호", "종사자지원", "창작자지원",
    "지역·사회", "정산·대금", "자율규제·거버넌스", "상생기금·재원", "해외진출",
    "금융지원", "수수료", "기타",
};

#define JSON_FLAGS (JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK | JSON_ALLOW_NUL)

void dataset_setup(void)
{
    static int allocators_set;
    if (!allocators_set) { /* jansson allocates through xalloc (counted, hookable) */
        json_set_alloc_funcs(xalloc_lib_malloc, xalloc_lib_free);
        allocators_set = 1;
    }
}

void dataset_init(struct dataset *ds)
{
    dataset_setup();
    memset(ds, 0, sizeof *ds);
    ds->categories.items = (const char **)default_categories;
    ds->categories.count = sizeof default_categories / sizeof default_categories[0];
}

void dataset_release(struct dataset *ds)
{
    size_t i;
    for (i = 0; i < ds->n_meetings; i++) {
        free(ds->meetings[i].attendees);
        free(ds->meetings[i].sources.items);
    }
    free(ds->meetings);
    for (i = 0; i < ds->n_pledges; i++) {
        free(ds->pledges[i].conflicts);
        free(ds->pledges[i].sources.items);
    }
    free(ds->pledges);
    if (ds->custom_categories)
        free(ds->categories.items);
    if (ds->srcmap) {
        srcmap_release(ds->srcmap);
        free(ds->srcmap);
    }
    free(ds->source);
    arena_release(&ds->arena);
    dataset_init(ds);
}

/* Line and column of byte 'offset' of the text after the BOM. */
void dataset_drop_source(struct dataset *ds)
{
    if (ds->srcmap) {
        srcmap_release(ds->srcmap);
        free(ds->srcmap);
        ds->srcmap = NULL;
    }
    free(ds->source);
    ds->source = NULL;
    ds->source_len = ds->source_skip = 0;
}

static void locate(struct dataset *ds, size_t offset, struct diag_pos *pos)
{
    if (!ds->source) { /* dropped: the file without a position */
        pos->file = ds->file;
        pos->line = pos->column = 0;
        return;
    }
    if (!ds->srcmap) { /* over the text after the BOM: the BOM is no column */
        ds->srcmap = xmalloc(sizeof(struct srcmap));
        srcmap_init(ds->srcmap, ds->source + ds->source_skip,
                    ds->source_len - ds->source_skip);
    }
    pos->file = ds->file;
    srcmap_locate(ds->srcmap, offset, &pos->line, &pos->column);
}

static const char *text(struct dataset *ds)
{
    return ds->source + ds->source_skip;
}

static size_t text_len(struct dataset *ds)
{
    return ds->source_len - ds->source_skip;
}

void dataset_report(struct dataset *ds, struct diag_list *diags, int code, int is_pledge,
                    size_t index, const char *field, const char *fmt, ...)
{
    const struct record_src *src;
    const char *id;
    struct diag_pos pos;
    struct strbuf path = STRBUF_INIT;
    va_list ap;

    if (is_pledge) {
        src = &ds->pledges[index].src;
        id = ds->pledges[index].id;
    } else {
        src = &ds->meetings[index].src;
        id = ds->meetings[index].id;
    }
    locate(ds, json_text_pointer(text(ds), text_len(ds), src->offset, field), &pos);
    strbuf_addf(&path, "/%s/%d%s", is_pledge ? "pledges" : "meetings", src->index, field);
    va_start(ap, fmt);
    diag_vadd(diags, (enum diag_code)code, &pos, src->index + 1, id, path.buf, fmt, ap);
    va_end(ap);
    strbuf_release(&path);
}

void dataset_report_pointer(struct dataset *ds, struct diag_list *diags, int code,
                            const char *pointer, const char *fmt, ...)
{
    struct diag_pos pos;
    va_list ap;

    locate(ds, json_text_pointer(text(ds), text_len(ds), 0, pointer), &pos);
    va_start(ap, fmt);
    diag_vadd(diags, (enum diag_code)code, &pos, 0, NULL, pointer, fmt, ap);
    va_end(ap);
}

/* Report a problem at byte 'offset' with an absolute JSON Pointer 'path'. */
static void report_at(struct dataset *ds, struct diag_list *diags, enum diag_code code,
                      size_t offset, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
static void report_at(struct dataset *ds, struct diag_list *diags, enum diag_code code,
                      size_t offset, const char *path, const char *fmt, ...)
{
    struct diag_pos pos;
    va_list ap;

    locate(ds, offset, &pos);
    va_start(ap, fmt);
    diag_vadd(diags, code, &pos, 0, NULL, path, fmt, ap);
    va_end(ap);
}

/* A jansson error inside the text that starts at byte 'base'. */
static void report_json_error(struct dataset *ds, struct diag_list *diags, size_t base,
                              const json_error_t *e)
{
    struct diag_pos pos;
    enum diag_code code = DIAG_JSON_SYNTAX;
    const char *near = strstr(e->text, " near '");

    if (json_error_code(e) == json_error_out_of_memory)
        xalloc_fail(0);
    size_t end = base + (e->position > 0 ? (size_t)e->position : 0);
    size_t at = end > base ? end - 1 : base, n = 0;

    /* jansson's position is just past the offending token, which its message
       quotes ("... near 'x'"): point at the token's first character.  Lines
       are counted by our own map, which also knows CR-only line ends. */
    if (near) {
        n = strlen(near + 7);
        if (n >= 1 && near[7 + n - 1] == '\'' && n - 1 <= end - base && n > 1 &&
            memcmp(text(ds) + end - (n - 1), near + 7, n - 1) == 0)
            at = end - (n - 1);
    }
    if (at > text_len(ds))
        at = text_len(ds);
    locate(ds, at, &pos);
    if (json_error_code(e) == json_error_duplicate_key && near && n > 1) {
        /* the key as a JSON string literal: show it decoded */
        json_t *key = json_loadb(near + 7, n - 1, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
        code = DIAG_JSON_DUPLICATE_KEY;
        if (json_is_string(key)) {
            diag_add(diags, code, &pos, 0, NULL, NULL, "'%s'", json_string_value(key));
            json_decref(key);
            return;
        }
        json_decref(key);
    }
    diag_add(diags, code, &pos, 0, NULL, NULL, "%s", e->text);
}

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "an integer";
    case JSON_REAL: return "a number";
    case JSON_TRUE: case JSON_FALSE: return "a boolean";
    case JSON_NULL: return "null";
    }
    return "a value";
}

/* Conversion of one record. */
struct rec {
    struct dataset *ds;
    struct diag_list *diags;
    int is_pledge;
    size_t index;   /* in ds->meetings or ds->pledges */
};

static void rec_report(struct rec *r, enum diag_code code, const char *field, const char *fmt,
                       ...) __attribute__((format(printf, 4, 5)));
static void rec_report(struct rec *r, enum diag_code code, const char *field, const char *fmt,
                       ...)
{
    struct strbuf msg = STRBUF_INIT;
    va_list ap;

    va_start(ap, fmt);
    diag_vformat(&msg, code, fmt, ap);
    va_end(ap);
    dataset_report(r->ds, r->diags, code, r->is_pledge, r->index, field, "%s", msg.buf);
    strbuf_release(&msg);
}

/* Normalise a JSON string value into the arena; NULL after reporting. */
static const char *rec_text(struct rec *r, const json_t *v, const char *field)
{
    size_t n;
    uint32_t bad = 0;
    const char *s = text_normalize(&r->ds->arena, json_string_value(v), json_string_length(v),
                                   &n, &bad);
    if (!s)
        rec_report(r, DIAG_TEXT_CONTROL, field, "U+%04X", (unsigned)bad);
    return s;
}

/* "/key" into 'field' ('size' bytes), cut if too long: cheaper than snprintf per field. */
static void key_path(char *field, size_t size, const char *key)
{
    size_t n = strlen(key);

    if (n > size - 2)
        n = size - 2;
    field[0] = '/';
    memcpy(field + 1, key, n);
    field[n + 1] = '\0';
}

/*
 * The string under 'key': NULL when absent or null (reported when
 * 'required'), or when it has the wrong type (reported).
 */
static const char *rec_string(struct rec *r, const json_t *obj, const char *key, int required)
{
    const json_t *v = json_object_get(obj, key);
    char field[64];
    const char *s;

    key_path(field, sizeof field, key);
    if (!v || json_is_null(v)) {
        if (required)
            rec_report(r, v ? DIAG_FIELD_TYPE : DIAG_FIELD_MISSING, field,
                       v ? "'%s' must be a string, not null" : "'%s'", key);
        return NULL;
    }
    if (!json_is_string(v)) {
        rec_report(r, DIAG_FIELD_TYPE, field, "'%s' must be a string, not %s", key,
                   type_name(v));
        return NULL;
    }
    s = rec_text(r, v, field);
    if (s && required) {
        const char *p = s;
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        if (!*p) {
            rec_report(r, DIAG_FIELD_EMPTY, field, "'%s' must not be empty", key);
            return NULL;
        }
    }
    return s;
}

/* An optional array of strings under 'key'; items owned by the caller's record. */
static void rec_strlist(struct rec *r, const json_t *obj, const char *key, struct strlist *out)
{
    const json_t *v = json_object_get(obj, key);
    size_t i, n;
    char field[96];

    out->items = NULL;
    out->count = 0;
    if (!v || json_is_null(v))
        return;
    if (!json_is_array(v)) {
        snprintf(field, sizeof field, "/%s", key);
        rec_report(r, DIAG_FIELD_TYPE, field, "'%s' must be an array of strings, not %s",
                   key, type_name(v));
        return;
    }
    n = json_array_size(v);
    out->items = xcalloc(n ? n : 1, sizeof *out->items);
    for (i = 0; i < n; i++) {
        const json_t *e = json_array_get(v, i);
        snprintf(field, sizeof field, "/%s/%zu", key, i);
        if (!json_is_string(e)) {
            rec_report(r, DIAG_FIELD_TYPE, field, "'%s' items must be strings, not %s", key,
                       type_name(e));
            continue;
        }
        if ((out->items[out->count] = rec_text(r, e, field)) != NULL)
            out->count++;
    }
}

static int known_key(const char *key, const char *const *known)
{
    for (; *known; known++)
        if (strcmp(key, *known) == 0)
            return 1;
    return 0;
}

/* Append 'key' to a JSON Pointer, escaping '~' and '/' (RFC 6901). */
static void pointer_add(struct strbuf *sb, const char *key)
{
    strbuf_addch(sb, '/');
    for (; *key; key++) {
        if (*key == '~')
            strbuf_addstr(sb, "~0");
        else if (*key == '/')
            strbuf_addstr(sb, "~1");
        else
            strbuf_addch(sb, *key);
    }
}

static void rec_unknown_keys(struct rec *r, const json_t *obj, const char *const *known)
{
    const char *key;
    json_t *v;
    struct strbuf field = STRBUF_INIT;

    json_object_foreach((json_t *)obj, key, v) {
        if (!known_key(key, known)) {
            strbuf_reset(&field);
            pointer_add(&field, key);
            rec_report(r, DIAG_FIELD_UNKNOWN, field.buf, "'%s'", key);
        }
    }
    strbuf_release(&field);
}

static void convert_meeting(struct rec *r, const json_t *obj)
{
    static const char *const known[] = {"id", "date", "title", "venue", "host", "attendees",
                                        "sources", NULL};
    struct meeting *m = &r->ds->meetings[r->index];
    const json_t *att;

    if (!json_is_object(obj)) {
        rec_report(r, DIAG_FIELD_TYPE, "", "a meeting must be an object, not %s",
                   type_name(obj));
        return;
    }
    m->id = rec_string(r, obj, "id", 1);
    m->date_text = rec_string(r, obj, "date", 1);
    m->title = rec_string(r, obj, "title", 1);
    m->venue = rec_string(r, obj, "venue", 0);
    m->host = rec_string(r, obj, "host", 0);
    rec_strlist(r, obj, "sources", &m->sources);
    att = json_object_get(obj, "attendees");
    if (att && !json_is_null(att)) {
        size_t i, n;
        if (!json_is_array(att)) {
            rec_report(r, DIAG_FIELD_TYPE, "/attendees",
                       "'attendees' must be an array of objects, not %s", type_name(att));
        } else {
            n = json_array_size(att);
            m->attendees = xcalloc(n ? n : 1, sizeof *m->attendees);
            for (i = 0; i < n; i++) {
                const json_t *a = json_array_get(att, i);
                struct attendee *out = &m->attendees[m->n_attendees];
                char field[64];
                const json_t *name;

                memset(out, 0, sizeof *out); /* the slot may hold a rejected attendee */
                snprintf(field, sizeof field, "/attendees/%zu", i);
                if (!json_is_object(a)) {
                    rec_report(r, DIAG_FIELD_TYPE, field,
                               "an attendee must be an object, not %s", type_name(a));
                    continue;
                }
                name = json_object_get(a, "name");
                snprintf(field, sizeof field, "/attendees/%zu/name", i);
                if (!name || !json_is_string(name)) {
                    rec_report(r, name ? DIAG_FIELD_TYPE : DIAG_FIELD_MISSING, field,
                               name ? "'name' must be a string, not %s" : "'name'%s",
                               name ? type_name(name) : "");
                    continue;
                }
                out->name = rec_text(r, name, field);
                snprintf(field, sizeof field, "/attendees/%zu/org", i);
                if (json_is_string(json_object_get(a, "org")))
                    out->org = rec_text(r, json_object_get(a, "org"), field);
                snprintf(field, sizeof field, "/attendees/%zu/role", i);
                if (json_is_string(json_object_get(a, "role")))
                    out->role = rec_text(r, json_object_get(a, "role"), field);
                if (out->name)
                    m->n_attendees++;
            }
        }
    }
    rec_unknown_keys(r, obj, known);
}

/* Render a conflict value (any JSON) as text into the arena. */
static const char *value_text(struct rec *r, const json_t *v)
{
    const char *s;
    char *dump;

    if (!v)
        return NULL;
    if (json_is_string(v))
        return rec_text(r, v, "/conflicts");
    dump = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
    if (!dump)
        xalloc_fail(64);
    s = arena_strdup(&r->ds->arena, dump);
    free(dump);
    return s;
}

static void convert_conflicts(struct rec *r, const json_t *list, struct pledge *p)
{
    size_t i, n;

    if (!list || json_is_null(list))
        return;
    if (!json_is_array(list)) {
        rec_report(r, DIAG_FIELD_TYPE, "/conflicts", "'conflicts' must be an array, not %s",
                   type_name(list));
        return;
    }
    n = json_array_size(list);
    p->conflicts = xcalloc(n ? n : 1, sizeof *p->conflicts);
    for (i = 0; i < n; i++) {
        const json_t *c = json_array_get(list, i), *vals;
        struct conflict *out = &p->conflicts[p->n_conflicts];
        struct strbuf sb = STRBUF_INIT;
        char field[64];
        size_t k;

        snprintf(field, sizeof field, "/conflicts/%zu", i);
        if (!json_is_object(c) || !json_is_string(json_object_get(c, "field"))) {
            rec_report(r, DIAG_FIELD_TYPE, field,
                       "a conflict must be an object with a 'field' string");
            continue;
        }
        out->field = rec_text(r, json_object_get(c, "field"), field);
        vals = json_object_get(c, "values");
        for (k = 0; json_is_array(vals) && k < json_array_size(vals); k++) {
            const json_t *e = json_array_get(vals, k);
            const char *val = value_text(r, json_object_get(e, "value"));
            const char *src = value_text(r, json_object_get(e, "source"));
            if (k)
                strbuf_addstr(&sb, "; ");
            strbuf_addstr(&sb, val ? val : "?");
            if (src)
                strbuf_addf(&sb, " (%s)", src);
        }
        out->values = arena_strndup(&r->ds->arena, sb.buf, sb.len);
        strbuf_release(&sb);
        out->used = value_text(r, json_object_get(c, "used"));
        out->why = value_text(r, json_object_get(c, "why"));
        p->n_conflicts++;
    }
}

static void convert_pledge(struct rec *r, const json_t *obj)
{
    static const char *const known[] = {"id", "meeting", "company", "category", "title",
                                        "description", "amount_krw", "amount_text", "due",
                                        "timeline_text", "status", "sources", "conflicts",
                                        NULL};
    struct pledge *p = &r->ds->pledges[r->index];
    const json_t *amount, *due;

    p->category = -1;
    p->status = STATUS_PLANNED;
    if (!json_is_object(obj)) {
        rec_report(r, DIAG_FIELD_TYPE, "", "a pledge must be an object, not %s",
                   type_name(obj));
        return;
    }
    p->id = rec_string(r, obj, "id", 1);
    p->meeting_id = rec_string(r, obj, "meeting", 1);
    p->company = rec_string(r, obj, "company", 1);
    p->category_name = rec_string(r, obj, "category", 1);
    p->title = rec_string(r, obj, "title", 1);
    p->description = rec_string(r, obj, "description", 0);
    p->amount_text = rec_string(r, obj, "amount_text", 0);
    p->timeline_text = rec_string(r, obj, "timeline_text", 0);
    p->status_text = rec_string(r, obj, "status", 0);
    rec_strlist(r, obj, "sources", &p->sources);

    amount = json_object_get(obj, "amount_krw");
    if (!amount || json_is_null(amount)) {
        p->amount_form = AMOUNT_NONE;
    } else if (json_is_integer(amount)) {
        p->amount_form = AMOUNT_INTEGER;
        p->amount_krw = json_integer_value(amount);
    } else if (json_is_string(amount)) {
        p->amount_form = AMOUNT_TEXT;
        p->amount_raw = rec_text(r, amount, "/amount_krw");
        if (!p->amount_raw)
            p->amount_form = AMOUNT_BAD;
    } else if (json_is_real(amount)) {
        p->amount_form = AMOUNT_BAD;
        rec_report(r, DIAG_AMOUNT_RANGE, "/amount_krw",
                   "'amount_krw' must be a whole number of won, not %.17g",
                   json_real_value(amount));
    } else {
        p->amount_form = AMOUNT_BAD;
        rec_report(r, DIAG_FIELD_TYPE, "/amount_krw",
                   "'amount_krw' must be an integer or a Korean amount string, not %s",
                   type_name(amount));
    }

    due = json_object_get(obj, "due");
    if (due && !json_is_null(due) && !json_is_string(due))
        rec_report(r, DIAG_FIELD_TYPE, "/due", "'due' must be a date string or null, not %s",
                   type_name(due));
    else
        p->due_text = rec_string(r, obj, "due", 0);

    convert_conflicts(r, json_object_get(obj, "conflicts"), p);
    rec_unknown_keys(r, obj, known);
}

static size_t skip_ws(const char *t, size_t len, size_t i)
{
    while (i < len && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
        i++;
    return i;
}

/* A syntax error found by the hand-written top-level scanner. */
static void syntax_at(struct dataset *ds, struct diag_list *diags, size_t off, const char *what)
{
    const char *t = text(ds);
    size_t len = text_len(ds);

    if (off >= len)
        report_at(ds, diags, DIAG_JSON_SYNTAX, off, NULL, "%s near end of file", what);
    else {
        size_t used;
        utf8_decode(t + off, len - off, &used);
        report_at(ds, diags, DIAG_JSON_SYNTAX, off, NULL, "%s near '%.*s'", what, (int)used,
                  t + off);
    }
}

/*
 * Parse one value at '*off' with jansson; advances '*off'.  Returns NULL
 * after reporting a syntax error.  A duplicate key is reported and the value
 * parsed again without the check, so the rest of the file is still read.
 */
static json_t *parse_value(struct dataset *ds, struct diag_list *diags, size_t *off)
{
    json_error_t e;
    json_t *v = json_loadb(text(ds) + *off, text_len(ds) - *off,
                           JSON_FLAGS | JSON_REJECT_DUPLICATES, &e);
    if (!v) {
        report_json_error(ds, diags, *off, &e);
        if (json_error_code(&e) != json_error_duplicate_key)
            return NULL;
        v = json_loadb(text(ds) + *off, text_len(ds) - *off, JSON_FLAGS, &e);
        if (!v)
            return NULL;
    }
    *off += (size_t)e.position;
    return v;
}

/* Stream the array at '*off' ("meetings" or "pledges"). Returns -1 on syntax error. */
static int load_records(struct dataset *ds, struct diag_list *diags, size_t *off, int is_pledge)
{
    const char *t = text(ds);
    size_t len = text_len(ds), i = *off + 1;
    int index = 0;

    i = skip_ws(t, len, i);
    if (i < len && t[i] == ']') {
        *off = i + 1;
        return 0;
    }
    for (;;) {
        size_t start = skip_ws(t, len, i);
        struct rec r;
        json_t *v;

        i = start;
        v = parse_value(ds, diags, &i);
        if (!v)
            return -1;
        r.ds = ds;
        r.diags = diags;
        r.is_pledge = is_pledge;
        if (is_pledge) {
            XGROW(ds->pledges, ds->alloc_pledges, ds->n_pledges + 1);
            r.index = ds->n_pledges++;
            memset(&ds->pledges[r.index], 0, sizeof ds->pledges[r.index]);
            ds->pledges[r.index].src.offset = start;
            ds->pledges[r.index].src.index = index;
            convert_pledge(&r, v);
        } else {
            XGROW(ds->meetings, ds->alloc_meetings, ds->n_meetings + 1);
            r.index = ds->n_meetings++;
            memset(&ds->meetings[r.index], 0, sizeof ds->meetings[r.index]);
            ds->meetings[r.index].src.offset = start;
            ds->meetings[r.index].src.index = index;
            convert_meeting(&r, v);
        }
        json_decref(v);
        index++;
        i = skip_ws(t, len, i);
        if (i < len && t[i] == ',') {
            i++;
            continue;
        }
        if (i < len && t[i] == ']') {
            *off = i + 1;
            return 0;
        }
        syntax_at(ds, diags, i, "',' or ']' expected");
        return -1;
    }
}

static void load_categories(struct dataset *ds, struct diag_list *diags, const json_t *v,
                            size_t off)
{
    size_t i, k, n, *json_index;

    if (!json_is_array(v)) {
        report_at(ds, diags, DIAG_FIELD_TYPE, off, "/categories",
                  "'categories' must be an array of strings, not %s", type_name(v));
        return;
    }
    n = json_array_size(v);
    ds->custom_categories = 1;
    ds->categories.items = xcalloc(n ? n : 1, sizeof *ds->categories.items);
    ds->categories.count = 0;
    json_index = xcalloc(n ? n : 1, sizeof *json_index);
    for (i = 0; i < n; i++) {
        const json_t *e = json_array_get(v, i);
        char path[48];
        size_t item_off = (size_t)json_text_index(text(ds), text_len(ds), off, i), nlen;
        uint32_t bad = 0;
        const char *s;

        snprintf(path, sizeof path, "/categories/%zu", i);
        if (!json_is_string(e) || json_string_length(e) == 0) {
            report_at(ds, diags, json_is_string(e) ? DIAG_FIELD_EMPTY : DIAG_FIELD_TYPE,
                      item_off, path, "a category must be a non-empty string");
            continue;
        }
        s = text_normalize(&ds->arena, json_string_value(e), json_string_length(e), &nlen,
                           &bad);
        if (!s) {
            report_at(ds, diags, DIAG_TEXT_CONTROL, item_off, path, "U+%04X", (unsigned)bad);
            continue;
        }
        for (k = 0; k < ds->categories.count; k++)
            if (strcmp(ds->categories.items[k], s) == 0)
                break;
        if (k < ds->categories.count) {
            report_at(ds, diags, DIAG_CATEGORY_DUPLICATE, item_off, path, "'%s' (also item %zu)",
                      s, json_index[k]);
            continue;
        }
        json_index[ds->categories.count] = i;
        ds->categories.items[ds->categories.count++] = s;
    }
    free(json_index);
}

static int load_source(struct dataset *ds, const char *name, struct diag_list *diags);

int dataset_load_buffer(struct dataset *ds, const char *name, const char *buf, size_t len,
                        struct diag_list *diags)
{
    ds->source = xmalloc(len + 1);
    memcpy(ds->source, buf, len);
    ds->source[len] = '\0';
    ds->source_len = len;
    return load_source(ds, name, diags);
}

/* Parse ds->source (owned by the dataset from here on). */
static int load_source(struct dataset *ds, const char *name, struct diag_list *diags)
{
    const char *t;
    size_t i, tlen, len = ds->source_len;
    int seen_meetings = 0, seen_pledges = 0, seen_title = 0, seen_categories = 0;
    struct strmap top_keys = STRMAP_INIT;

    ds->file = name;
    if (len >= 3 && memcmp(ds->source, "\xEF\xBB\xBF", 3) == 0)
        ds->source_skip = 3;
    t = text(ds);
    tlen = text_len(ds);

    i = skip_ws(t, tlen, 0);
    if (i >= tlen || t[i] != '{') {
        json_error_t e;
        json_t *v = json_loadb(t, tlen, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
        if (!v) {
            report_json_error(ds, diags, 0, &e);
        } else {
            report_at(ds, diags, DIAG_JSON_ROOT, i, NULL, "found %s", type_name(v));
            json_decref(v);
        }
        return -1;
    }
    i = skip_ws(t, tlen, i + 1);
    if (i < tlen && t[i] == '}') {
        i++;
    } else {
        for (;;) {
            json_t *key, *v;
            size_t key_off = i, val_off;
            const char *k;
            int *seen = NULL;

            if (i >= tlen || t[i] != '"') {
                syntax_at(ds, diags, i, "string or '}' expected");
                goto fail;
            }
            key = parse_value(ds, diags, &i);
            if (!key)
                goto fail;
            k = json_string_value(key);
            if (json_string_length(key) != strlen(k)) { /* a NUL inside the key */
                report_at(ds, diags, DIAG_FIELD_UNKNOWN, key_off, NULL,
                          "a key with U+0000 in the top-level object");
                k = "";
            }
            if (strmap_get(&top_keys, k, NULL, 0)) {
                report_at(ds, diags, DIAG_JSON_DUPLICATE_KEY, key_off, NULL,
                          "'%s' appears twice in the top-level object", k);
                if (strcmp(k, "meetings") == 0 || strcmp(k, "pledges") == 0 ||
                    strcmp(k, "title") == 0 || strcmp(k, "categories") == 0) {
                    json_decref(key);
                    goto fail;
                }
            } else {
                strmap_get(&top_keys, arena_strdup(&ds->arena, k), NULL, 1);
            }
            i = skip_ws(t, tlen, i);
            if (i >= tlen || t[i] != ':') {
                json_decref(key);
                syntax_at(ds, diags, i, "':' expected");
                goto fail;
            }
            val_off = i = skip_ws(t, tlen, i + 1);
            if (strcmp(k, "meetings") == 0)
                seen = &seen_meetings;
            else if (strcmp(k, "pledges") == 0)
                seen = &seen_pledges;
            else if (strcmp(k, "title") == 0)
                seen = &seen_title;
            else if (strcmp(k, "categories") == 0)
                seen = &seen_categories;
            if (seen)
                *seen = 1;
            if ((seen == &seen_meetings || seen == &seen_pledges) && i < tlen && t[i] == '[') {
                if (load_records(ds, diags, &i, seen == &seen_pledges) < 0) {
                    json_decref(key);
                    goto fail;
                }
            } else {
                v = parse_value(ds, diags, &i);
                if (!v) {
                    json_decref(key);
                    goto fail;
                }
                if (seen == &seen_meetings || seen == &seen_pledges) {
                    report_at(ds, diags, DIAG_FIELD_TYPE, val_off,
                              seen == &seen_pledges ? "/pledges" : "/meetings",
                              "'%s' must be an array, not %s", k, type_name(v));
                } else if (seen == &seen_title) {
                    if (json_is_string(v)) {
                        size_t n;
                        uint32_t bad = 0;
                        ds->title = text_normalize(&ds->arena, json_string_value(v),
                                                   json_string_length(v), &n, &bad);
                        if (!ds->title)
                            report_at(ds, diags, DIAG_TEXT_CONTROL, val_off, "/title",
                                      "U+%04X", (unsigned)bad);
                    } else if (!json_is_null(v)) {
                        report_at(ds, diags, DIAG_FIELD_TYPE, val_off, "/title",
                                  "'title' must be a string, not %s", type_name(v));
                    }
                } else if (seen == &seen_categories) {
                    load_categories(ds, diags, v, val_off);
                } else {
                    struct strbuf path = STRBUF_INIT;
                    strbuf_addf(&path, "/%s", k);
                    report_at(ds, diags, DIAG_FIELD_UNKNOWN, key_off, path.buf, "'%s'", k);
                    strbuf_release(&path);
                }
                json_decref(v);
            }
            json_decref(key);
            i = skip_ws(t, tlen, i);
            if (i < tlen && t[i] == ',') {
                i = skip_ws(t, tlen, i + 1);
                continue;
            }
            if (i < tlen && t[i] == '}') {
                i++;
                break;
            }
            syntax_at(ds, diags, i, "',' or '}' expected");
            goto fail;
        }
    }
    i = skip_ws(t, tlen, i);
    if (i < tlen) {
        syntax_at(ds, diags, i, "end of file expected");
        goto fail;
    }
    if (!seen_meetings)
        report_at(ds, diags, DIAG_FIELD_MISSING, 0, "/meetings", "'meetings'");
    if (!seen_pledges)
        report_at(ds, diags, DIAG_FIELD_MISSING, 0, "/pledges", "'pledges'");
    strmap_release(&top_keys);
    return 0;
fail:
    strmap_release(&top_keys);
    return -1;
}

int dataset_load(struct dataset *ds, const char *path, struct diag_list *diags)
{
    FILE *f;
    struct strbuf sb = STRBUF_INIT;
    char buf[65536];
    size_t n;
    int rc, is_stdin = strcmp(path, "-") == 0;
    const char *name = is_stdin ? "<stdin>" : path;

    f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        diag_add(diags, DIAG_IO_READ, NULL, 0, NULL, NULL, "'%s': %s", name, strerror(errno));
        ds->file = name;
        return -1;
    }
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        strbuf_add(&sb, buf, n);
    if (ferror(f)) {
        diag_add(diags, DIAG_IO_READ, NULL, 0, NULL, NULL, "'%s': %s", name, strerror(errno));
        if (!is_stdin)
            fclose(f);
        strbuf_release(&sb);
        ds->file = name;
        return -1;
    }
    if (!is_stdin)
        fclose(f);
    /* the dataset takes the buffer over: the source is never copied */
    ds->source = strbuf_detach(&sb, &ds->source_len);
    rc = load_source(ds, name, diags);
    return rc;
}
