/*
 * diag.c - the diagnostic catalogue (level, exit status, message per code),
 * collection up to a cap, and the one printing format.
 */
#include "diag.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "utf8.h"
#include "xalloc.h"

#define STRICT 1 /* reported only with --strict */
#define WHOLE 2  /* quoted values are file names or options: never cut */

static const struct {
    enum diag_level level;
    enum exit_status exit;
    int flags;    /* STRICT, WHOLE */
    const char *message;
} catalogue[DIAG_CODE_COUNT] = {
    [DIAG_IO_READ] = {DIAG_ERROR, EXIT_IO, WHOLE, "cannot read"},
    [DIAG_IO_WRITE] = {DIAG_ERROR, EXIT_IO, WHOLE, "cannot write"},
    [DIAG_OUTPUT_TARGET] = {DIAG_ERROR, EXIT_IO, WHOLE, "will not replace"},
    [DIAG_OUTPUT_REPAIRED] = {DIAG_WARNING, EXIT_OK, WHOLE,
                              "the previous run was interrupted while replacing its files"},
    [DIAG_JSON_SYNTAX] = {DIAG_ERROR, EXIT_DATA, 0, "invalid JSON"},
    [DIAG_JSON_DUPLICATE_KEY] = {DIAG_ERROR, EXIT_DATA, 0, "duplicate key"},
    [DIAG_JSON_ROOT] = {DIAG_ERROR, EXIT_DATA, 0, "top-level value must be an object"},
    [DIAG_FIELD_MISSING] = {DIAG_ERROR, EXIT_DATA, 0, "required field missing"},
    [DIAG_FIELD_TYPE] = {DIAG_ERROR, EXIT_DATA, 0, "wrong type"},
    [DIAG_FIELD_EMPTY] = {DIAG_ERROR, EXIT_DATA, 0, "empty value"},
    [DIAG_FIELD_UNKNOWN] = {DIAG_WARNING, EXIT_OK, STRICT, "unknown field"},
    [DIAG_TEXT_CONTROL] = {DIAG_ERROR, EXIT_DATA, 0, "control character in text"},
    [DIAG_TEXT_TOO_LONG] = {DIAG_ERROR, EXIT_DATA, 0, "text too long"},
    [DIAG_ID_DUPLICATE] = {DIAG_ERROR, EXIT_DATA, 0, "duplicate id"},
    [DIAG_MEETING_UNKNOWN] = {DIAG_ERROR, EXIT_DATA, 0, "unknown meeting"},
    [DIAG_DATE_SYNTAX] = {DIAG_ERROR, EXIT_DATA, 0, "date must be YYYY-MM-DD"},
    [DIAG_DATE_INVALID] = {DIAG_ERROR, EXIT_DATA, 0, "not a calendar date"},
    [DIAG_CATEGORY_UNKNOWN] = {DIAG_ERROR, EXIT_DATA, 0, "unknown category"},
    [DIAG_CATEGORY_DUPLICATE] = {DIAG_ERROR, EXIT_DATA, 0, "category listed twice"},
    [DIAG_STATUS_UNKNOWN] = {DIAG_ERROR, EXIT_DATA, 0, "unknown status"},
    [DIAG_AMOUNT_SYNTAX] = {DIAG_ERROR, EXIT_DATA, 0, "amount not understood"},
    [DIAG_AMOUNT_RANGE] = {DIAG_ERROR, EXIT_DATA, 0, "amount out of range"},
    [DIAG_TIMELINE_UNKNOWN] = {DIAG_WARNING, EXIT_OK, STRICT,
                               "deadline wording not understood, no due date derived"},
    [DIAG_DUE_BEFORE_MEETING] = {DIAG_WARNING, EXIT_OK, STRICT,
                                 "due date before the meeting"},
    [DIAG_COMPANY_UNKNOWN] = {DIAG_ERROR, EXIT_DATA, WHOLE, "unknown company"},
    [DIAG_LAYOUT] = {DIAG_ERROR, EXIT_DATA, 0, "invalid layout"},
    [DIAG_PLACEHOLDER] = {DIAG_ERROR, EXIT_DATA, 0, "unknown placeholder"},
    [DIAG_FONT] = {DIAG_ERROR, EXIT_FONT, WHOLE, "cannot use font"},
    [DIAG_GLYPH_MISSING] = {DIAG_ERROR, EXIT_FONT, 0, "no glyph for character"},
    [DIAG_ENCODE] = {DIAG_ERROR, EXIT_DATA, 0, "character not representable"},
    [DIAG_TOO_MANY_PAGES] = {DIAG_ERROR, EXIT_DATA, 0, "briefing too long"},
    [DIAG_PDF] = {DIAG_ERROR, EXIT_IO, 0, "PDF output failed"},
};

void diag_list_init(struct diag_list *list)
{
    memset(list, 0, sizeof *list);
    list->max = 100;
}

void diag_list_release(struct diag_list *list)
{
    size_t i;
    for (i = 0; i < list->count; i++) {
        free((char *)list->items[i].pos.file);
        free(list->items[i].record_id);
        free(list->items[i].path);
        free(list->items[i].text);
    }
    free(list->items);
    diag_list_init(list);
}

enum diag_level diag_level_of(enum diag_code code)
{
    return catalogue[code].level;
}

enum exit_status diag_exit_of(enum diag_code code)
{
    return catalogue[code].exit;
}

const char *diag_message(enum diag_code code)
{
    return catalogue[code].message;
}

/* Order of severity of exit statuses: I/O > font > data > usage > ok. */
static int severity(enum exit_status s)
{
    switch (s) {
    case EXIT_OK: return 0;
    case EXIT_USAGE: return 1;
    case EXIT_DATA: return 2;
    case EXIT_FONT: return 3;
    case EXIT_IO: return 4;
    }
    return 0;
}

/*
 * The detail as valid UTF-8: a parser's message may quote a piece of the
 * input cut anywhere, or bytes that are not UTF-8 at all; those bytes are
 * shown as \xNN.  Takes the buffer; caller frees the result.
 */
static char *printable(struct strbuf *sb)
{
    struct strbuf out = STRBUF_INIT;
    size_t i = 0, used;

    if (utf8_valid(sb->buf, sb->len))
        return strbuf_detach(sb, NULL);
    while (i < sb->len) {
        uint32_t cp = utf8_decode(sb->buf + i, sb->len - i, &used);
        if (cp == 0xFFFD && !(sb->len - i >= 3 && memcmp(sb->buf + i, "\xEF\xBF\xBD", 3) == 0))
            strbuf_addf(&out, "\\x%02X", (unsigned char)sb->buf[i]);
        else
            strbuf_add(&out, sb->buf + i, used);
        i += used;
    }
    strbuf_release(sb);
    return strbuf_detach(&out, NULL);
}

/* Bytes of the first DIAG_SHOW_CHARS characters of 's', or 'len' when it has no more. */
static size_t shown_bytes(const char *s, size_t len)
{
    size_t i = 0, n = 0, used;
    while (i < len && n < DIAG_SHOW_CHARS) {
        utf8_decode(s + i, len - i, &used);
        i += used;
        n++;
    }
    return i;
}

/* One printf conversion 'spec' with its star arguments and value. */
#define EMIT(value)                                                   \
    do {                                                              \
        if (nstar == 2)                                               \
            strbuf_addf(out, spec, star[0], star[1], value);          \
        else if (nstar == 1)                                          \
            strbuf_addf(out, spec, star[0], value);                   \
        else                                                          \
            strbuf_addf(out, spec, value);                            \
    } while (0)

void diag_vformat(struct strbuf *out, enum diag_code code, const char *fmt, va_list ap)
{
    const char *p = fmt;

    while (*p) {
        const char *pct = strchr(p, '%'), *q;
        char spec[32], len1 = 0, len2 = 0, conv;
        int star[2] = {0, 0}, nstar = 0, width = 0, prec = -1;

        if (!pct) {
            strbuf_addstr(out, p);
            return;
        }
        strbuf_add(out, p, (size_t)(pct - p));
        q = pct + 1;
        while (*q && strchr("-+ #0", *q))
            q++;
        if (*q == '*') {
            star[nstar++] = va_arg(ap, int);
            width = 1;
            q++;
        }
        while (*q >= '0' && *q <= '9') {
            width = 1;
            q++;
        }
        if (*q == '.') {
            prec = 0;
            q++;
            if (*q == '*') {
                star[nstar++] = prec = va_arg(ap, int);
                q++;
            } else {
                while (*q >= '0' && *q <= '9')
                    prec = prec * 10 + (*q++ - '0');
            }
        }
        if (*q && strchr("hlzjtL", *q)) {
            len1 = *q++;
            if ((len1 == 'h' || len1 == 'l') && *q == len1)
                len2 = *q++;
        }
        conv = *q;
        if (!conv || (size_t)(q + 1 - pct) >= sizeof spec) { /* not a conversion */
            strbuf_addstr(out, pct);
            return;
        }
        q++;
        memcpy(spec, pct, (size_t)(q - pct));
        spec[q - pct] = '\0';
        switch (conv) {
        case '%':
            strbuf_addch(out, '%');
            break;
        case 'd': case 'i':
            if (len1 == 'l' && len2) EMIT(va_arg(ap, long long));
            else if (len1 == 'l') EMIT(va_arg(ap, long));
            else if (len1 == 'z' || len1 == 't') EMIT(va_arg(ap, ptrdiff_t));
            else if (len1 == 'j') EMIT(va_arg(ap, intmax_t));
            else EMIT(va_arg(ap, int));
            break;
        case 'u': case 'o': case 'x': case 'X':
            if (len1 == 'l' && len2) EMIT(va_arg(ap, unsigned long long));
            else if (len1 == 'l') EMIT(va_arg(ap, unsigned long));
            else if (len1 == 'z' || len1 == 't') EMIT(va_arg(ap, size_t));
            else if (len1 == 'j') EMIT(va_arg(ap, uintmax_t));
            else EMIT(va_arg(ap, unsigned));
            break;
        case 'c':
            EMIT(va_arg(ap, int));
            break;
        case 'p':
            EMIT(va_arg(ap, void *));
            break;
        case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A':
            if (len1 == 'L') EMIT(va_arg(ap, long double));
            else EMIT(va_arg(ap, double));
            break;
        case 's': {
            const char *v = va_arg(ap, const char *);
            size_t n, shown;
            /* a value in quotes, '%s': cut when long */
            if (v && !width && !(catalogue[code].flags & WHOLE) && pct > fmt && pct[-1] == '\'' &&
                *q == '\'') {
                const char *end = prec >= 0 ? memchr(v, '\0', (size_t)prec) : NULL;
                n = prec >= 0 ? (end ? (size_t)(end - v) : (size_t)prec) : strlen(v);
                shown = shown_bytes(v, n);
                if (shown < n) {
                    strbuf_add(out, v, shown);
                    strbuf_addf(out, "…' (%zu bytes)", n);
                    q++;   /* past the closing quote */
                    break;
                }
            }
            EMIT(v);
            break;
        }
        case 'n':
            (void)va_arg(ap, int *);
            break;
        default:
            strbuf_addstr(out, spec);
            break;
        }
        p = q;
    }
}

#undef EMIT

void diag_format(struct strbuf *out, enum diag_code code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vformat(out, code, fmt, ap);
    va_end(ap);
}

/* A copy of a record id, cut when long; its whole length in '*bytes' then. */
static char *cut_id(const char *id, size_t *bytes)
{
    size_t n = strlen(id), shown = shown_bytes(id, n);
    struct strbuf sb = STRBUF_INIT;

    *bytes = 0;
    if (shown == n)
        return xstrdup(id);
    strbuf_add(&sb, id, shown);
    strbuf_addstr(&sb, "…");
    *bytes = n;
    return strbuf_detach(&sb, NULL);
}

/* A copy of a JSON Pointer, each step cut when long. */
static char *cut_path(const char *path)
{
    struct strbuf sb = STRBUF_INIT;
    const char *p = path;

    while (*p) {   /* a '/' and the step after it */
        size_t n = strcspn(p + 1, "/"), shown = shown_bytes(p + 1, n);
        strbuf_add(&sb, p, 1 + shown);
        if (shown < n)
            strbuf_addstr(&sb, "…");
        p += 1 + n;
    }
    return strbuf_detach(&sb, NULL);
}

void diag_vadd(struct diag_list *list, enum diag_code code, const struct diag_pos *pos,
               int record, const char *record_id, const char *path, const char *fmt,
               va_list ap)
{
    struct diag *d;

    if ((catalogue[code].flags & STRICT) && !list->strict)
        return;
    if (catalogue[code].level == DIAG_ERROR)
        list->errors++;
    else
        list->warnings++;
    if (severity(catalogue[code].exit) > severity(list->status))
        list->status = catalogue[code].exit;
    if (list->count >= list->max) {
        list->dropped++;
        return;
    }
    XGROW(list->items, list->alloc, list->count + 1);
    d = &list->items[list->count++];
    d->code = code;
    if (pos) {
        d->pos = *pos;
        if (pos->file) /* a copy: the name may not outlive the call */
            d->pos.file = xstrdup(pos->file);
    } else {
        d->pos.file = NULL;
        d->pos.line = d->pos.column = 0;
    }
    d->record = record;
    d->record_id = record_id ? cut_id(record_id, &d->record_id_bytes) : NULL;
    d->path = path ? cut_path(path) : NULL;
    if (fmt) {
        struct strbuf sb = STRBUF_INIT;
        diag_vformat(&sb, code, fmt, ap);
        d->text = printable(&sb);
    } else {
        d->text = NULL;
    }
}

void diag_add(struct diag_list *list, enum diag_code code, const struct diag_pos *pos,
              int record, const char *record_id, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(list, code, pos, record, record_id, path, fmt, ap);
    va_end(ap);
}

void diag_list_append(struct diag_list *to, const struct diag_list *from)
{
    size_t i, stored_errors = 0;

    for (i = 0; i < from->count; i++) {
        const struct diag *d = &from->items[i];
        size_t before = to->count;
        if (catalogue[d->code].level == DIAG_ERROR)
            stored_errors++;
        diag_add(to, d->code, d->pos.file || d->pos.line ? &d->pos : NULL, d->record,
                 d->record_id, d->path, d->text ? "%s" : NULL, d->text);
        if (to->count > before && d->record_id_bytes) /* cut already: the whole id's length */
            to->items[to->count - 1].record_id_bytes = d->record_id_bytes;
    }
    /* what 'from' counted but did not keep still counts */
    to->dropped += from->dropped;
    to->errors += from->errors - stored_errors;
    to->warnings += from->warnings - (from->count - stored_errors);
    if (severity(from->status) > severity(to->status))
        to->status = from->status;
}

void diag_print(FILE *out, const struct diag *d)
{
    static const char *const level_name[] = {"note", "warning", "error"};

    fputs("reportgen: ", out);
    if (d->pos.file) {
        fputs(d->pos.file, out);
        if (d->pos.line > 0)
            fprintf(out, ":%d:%d", d->pos.line, d->pos.column > 0 ? d->pos.column : 1);
        fputs(": ", out);
    }
    fprintf(out, "%s: %s", level_name[catalogue[d->code].level], catalogue[d->code].message);
    if (d->text && *d->text)
        fprintf(out, ": %s", d->text);
    if (d->record || d->path) {
        fputs(" (", out);
        if (d->record) {
            fprintf(out, "record %d", d->record);
            if (d->record_id)
                fprintf(out, " '%s'", d->record_id);
            if (d->record_id && d->record_id_bytes)
                fprintf(out, " (%zu bytes)", d->record_id_bytes);
            if (d->path)
                fputs(", ", out);
        }
        if (d->path)
            fputs(d->path, out);
        fputc(')', out);
    }
    fputc('\n', out);
}

void diag_print_all(FILE *out, const struct diag_list *list)
{
    size_t i;
    for (i = 0; i < list->count; i++) {
        if (list->quiet && catalogue[list->items[i].code].level != DIAG_ERROR)
            continue;
        diag_print(out, &list->items[i]);
    }
    if (list->dropped)
        fprintf(out, "reportgen: %zu more problem%s not shown\n", list->dropped,
                list->dropped == 1 ? "" : "s");
}
