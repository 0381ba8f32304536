/*
 * layoutdef.c - read and check a layout file (jansson), resolving names to
 * ids and filling defaults, so that the layout engine never meets an
 * unknown name.  Every problem is reported with file:line:col and path.
 */
#include "layoutdef.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "srcpos.h"
#include "strbuf.h"
#include "text.h"

struct ctx {
    struct layoutdef *def;
    struct diag_list *diags;
    const char *text;     /* the file, BOM skipped */
    size_t len;
    struct srcmap map;
    int errors;
};

static void report(struct ctx *c, enum diag_code code, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void report(struct ctx *c, enum diag_code code, const char *path, const char *fmt, ...)
{
    struct diag_pos pos;
    va_list ap;

    pos.file = c->def->file;
    srcmap_locate(&c->map, json_text_pointer(c->text, c->len, 0, path), &pos.line,
                  &pos.column);
    va_start(ap, fmt);
    diag_vadd(c->diags, code, &pos, 0, NULL, path, fmt, ap);
    va_end(ap);
    c->errors++;
}

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: case JSON_REAL: return "a number";
    case JSON_TRUE: case JSON_FALSE: return "a boolean";
    case JSON_NULL: return "null";
    }
    return "a value";
}

static char *path_join(struct ctx *c, const char *base, const char *key)
{
    struct strbuf sb = STRBUF_INIT;
    char *p;
    strbuf_addf(&sb, "%s/%s", base, key);
    p = arena_strndup(&c->def->arena, sb.buf, sb.len);
    strbuf_release(&sb);
    return p;
}

static char *path_index(struct ctx *c, const char *base, size_t i)
{
    char num[32];
    snprintf(num, sizeof num, "%zu", i);
    return path_join(c, base, num);
}

/* Warn about keys an object should not have. */
static void check_keys(struct ctx *c, const json_t *obj, const char *path,
                       const char *const *known)
{
    const char *key;
    json_t *v;

    json_object_foreach((json_t *)obj, key, v) {
        const char *const *k;
        for (k = known; *k; k++)
            if (strcmp(*k, key) == 0)
                break;
        if (!*k) {
            struct strbuf list = STRBUF_INIT;
            for (k = known; *k; k++)
                strbuf_addf(&list, "%s%s", k == known ? "" : ", ", *k);
            report(c, DIAG_LAYOUT, path_join(c, path, key), "unknown key '%s' (known: %s)",
                   key, list.buf);
            strbuf_release(&list);
        }
    }
}

static const json_t *get_object(struct ctx *c, const json_t *parent, const char *key,
                                const char *path)
{
    const json_t *v = json_object_get(parent, key);
    if (v && !json_is_object(v)) {
        report(c, DIAG_LAYOUT, path_join(c, path, key), "'%s' must be an object, not %s", key,
               type_name(v));
        return NULL;
    }
    return v;
}

/* A number in [lo, hi]; keeps '*out' when absent. */
static void get_number(struct ctx *c, const json_t *parent, const char *key, const char *path,
                       double lo, double hi, double *out)
{
    const json_t *v = json_object_get(parent, key);
    double d;

    if (!v)
        return;
    if (!json_is_number(v)) {
        report(c, DIAG_LAYOUT, path_join(c, path, key), "'%s' must be a number, not %s", key,
               type_name(v));
        return;
    }
    d = json_number_value(v);
    if (!(d >= lo && d <= hi)) {
        report(c, DIAG_LAYOUT, path_join(c, path, key), "'%s' must be between %g and %g, not %g",
               key, lo, hi, d);
        return;
    }
    *out = d;
}

static void get_bool(struct ctx *c, const json_t *parent, const char *key, const char *path,
                     int *out)
{
    const json_t *v = json_object_get(parent, key);
    if (!v)
        return;
    if (!json_is_boolean(v)) {
        report(c, DIAG_LAYOUT, path_join(c, path, key), "'%s' must be true or false, not %s",
               key, type_name(v));
        return;
    }
    *out = json_is_true(v);
}

/* Check the {placeholders} of a text against the scope. */
static void check_placeholders(struct ctx *c, const char *s, const char *path, int scope)
{
    const char *p = s;

    while ((p = strchr(p, '{')) != NULL) {
        const char *end = strchr(p + 1, '}');
        if (!end) {
            report(c, DIAG_PLACEHOLDER, path, "'{' without '}' in '%s'", s);
            return;
        }
        if (!layoutdef_placeholder_ok(p + 1, (size_t)(end - p - 1), scope))
            report(c, DIAG_PLACEHOLDER, path, "'{%.*s}'%s", (int)(end - p - 1), p + 1,
                   scope & SCOPE_PAGE ? "" : (layoutdef_placeholder_ok(p + 1,
                   (size_t)(end - p - 1), SCOPE_PAGE) ? " (only in the header and footer)" :
                   (layoutdef_placeholder_ok(p + 1, (size_t)(end - p - 1), SCOPE_COMPANY)
                    ? " (only in company sections)" : "")));
        p = end + 1;
    }
}

/* A string (normalised, owned by the layout); NULL when absent or wrong. */
static const char *get_string(struct ctx *c, const json_t *parent, const char *key,
                              const char *path, int required, int scope)
{
    const json_t *v = json_object_get(parent, key);
    const char *s;
    size_t n;
    uint32_t bad = 0;

    if (!v) {
        if (required)
            report(c, DIAG_LAYOUT, path_join(c, path, key), "required key '%s' missing", key);
        return NULL;
    }
    if (!json_is_string(v)) {
        report(c, DIAG_LAYOUT, path_join(c, path, key), "'%s' must be a string, not %s", key,
               type_name(v));
        return NULL;
    }
    s = text_normalize(&c->def->arena, json_string_value(v), json_string_length(v), &n, &bad);
    if (!s) {
        report(c, DIAG_TEXT_CONTROL, path_join(c, path, key), "U+%04X", (unsigned)bad);
        return NULL;
    }
    if (scope)
        check_placeholders(c, s, path_join(c, path, key), scope);
    return s;
}

static int parse_color(const char *s, struct dl_color *out)
{
    unsigned v = 0;
    int i;
    if (!s || s[0] != '#' || strlen(s) != 7)
        return -1;
    for (i = 1; i < 7; i++) {
        char ch = s[i];
        v <<= 4;
        if (ch >= '0' && ch <= '9') v |= (unsigned)(ch - '0');
        else if (ch >= 'a' && ch <= 'f') v |= (unsigned)(ch - 'a' + 10);
        else if (ch >= 'A' && ch <= 'F') v |= (unsigned)(ch - 'A' + 10);
        else return -1;
    }
    out->r = (uint8_t)(v >> 16);
    out->g = (uint8_t)(v >> 8);
    out->b = (uint8_t)v;
    return 0;
}

static void get_color(struct ctx *c, const json_t *parent, const char *key, const char *path,
                      struct dl_color *out)
{
    const char *s = get_string(c, parent, key, path, 0, 0);
    if (s && parse_color(s, out) < 0)
        report(c, DIAG_LAYOUT, path_join(c, path, key), "'%s' must be a colour '#RRGGBB', not '%s'",
               key, s);
}

static const char *const style_names[LS_COUNT] = {
    "title", "subtitle", "h1", "h2", "body", "table", "table_header", "small", "kpi_value",
    "kpi_label", "caption",
};

static int style_index(const char *name)
{
    int i;
    for (i = 0; i < LS_COUNT; i++)
        if (strcmp(style_names[i], name) == 0)
            return i;
    return -1;
}

static void defaults(struct layoutdef *def)
{
    static const struct { double size; int bold; unsigned color; double leading, before, after; }
        d[LS_COUNT] = {
        [LS_TITLE] = {20, 1, 0x1F3864, 1.3, 0, 4},
        [LS_SUBTITLE] = {10.5, 0, 0x595959, 1.4, 0, 12},
        [LS_H1] = {14, 1, 0x1F3864, 1.3, 14, 6},
        [LS_H2] = {11.5, 1, 0x1F3864, 1.3, 10, 4},
        [LS_BODY] = {10, 0, 0x222222, 1.6, 0, 6},
        [LS_TABLE] = {8.5, 0, 0x222222, 1.35, 0, 0},
        [LS_TABLE_HEADER] = {8.5, 1, 0x1F2A44, 1.35, 0, 0},
        [LS_SMALL] = {8, 0, 0x595959, 1.3, 0, 0},
        [LS_KPI_VALUE] = {15, 1, 0x1F3864, 1.2, 0, 0},
        [LS_KPI_LABEL] = {8.5, 0, 0x595959, 1.3, 0, 0},
        [LS_CAPTION] = {9, 1, 0x333333, 1.3, 4, 4},
    };
    static const unsigned palette[] = {
        0x1F3864, 0x2E75B6, 0x9DC3E6, 0xC55A11, 0xF4B183, 0x548235, 0xA9D18E, 0x7F6000,
        0xFFD966, 0x7030A0, 0xB4A7D6, 0x808080, 0x3A7D7C,
    };
    int i;

    def->page_w = 595.276;
    def->page_h = 841.89;
    def->margin_top = def->margin_bottom = 20 * 72 / 25.4;
    def->margin_left = def->margin_right = 18 * 72 / 25.4;
    def->font_family[DL_REGULAR] = "NanumGothic";
    def->font_family[DL_BOLD] = "NanumGothicBold";
    for (i = 0; i < LS_COUNT; i++) {
        def->styles[i].size = d[i].size;
        def->styles[i].bold = d[i].bold;
        def->styles[i].color.r = (uint8_t)(d[i].color >> 16);
        def->styles[i].color.g = (uint8_t)(d[i].color >> 8);
        def->styles[i].color.b = (uint8_t)d[i].color;
        def->styles[i].leading = d[i].leading;
        def->styles[i].space_before = d[i].before;
        def->styles[i].space_after = d[i].after;
    }
    parse_color("#1F3864", &def->accent);
    parse_color("#595959", &def->muted);
    parse_color("#8497B0", &def->rule);
    parse_color("#DCE3EE", &def->header_fill);
    parse_color("#F3F5F9", &def->zebra);
    parse_color("#222222", &def->text);
    def->n_palette = sizeof palette / sizeof palette[0];
    for (i = 0; i < (int)def->n_palette; i++) {
        def->palette[i].r = (uint8_t)(palette[i] >> 16);
        def->palette[i].g = (uint8_t)(palette[i] >> 8);
        def->palette[i].b = (uint8_t)palette[i];
    }
}

#define MM (72 / 25.4)

static void load_page(struct ctx *c, const json_t *root)
{
    static const char *const known[] = {"size", "orientation", "margin_mm", NULL};
    const json_t *page = get_object(c, root, "page", "");
    const char *size, *orient;
    struct layoutdef *def = c->def;

    if (!page)
        return;
    check_keys(c, page, "/page", known);
    size = get_string(c, page, "size", "/page", 0, 0);
    if (size) {
        if (strcmp(size, "A4") == 0) {
            def->page_w = 595.276;
            def->page_h = 841.89;
        } else if (strcmp(size, "A3") == 0) {
            def->page_w = 841.89;
            def->page_h = 1190.551;
        } else if (strcmp(size, "B5") == 0) {
            def->page_w = 498.898;
            def->page_h = 708.661;
        } else if (strcmp(size, "Letter") == 0) {
            def->page_w = 612;
            def->page_h = 792;
        } else {
            report(c, DIAG_LAYOUT, "/page/size", "unknown page size '%s' (known: A4, A3, B5, Letter)",
                   size);
        }
    }
    orient = get_string(c, page, "orientation", "/page", 0, 0);
    if (orient) {
        if (strcmp(orient, "landscape") == 0) {
            double t = def->page_w;
            def->page_w = def->page_h;
            def->page_h = t;
        } else if (strcmp(orient, "portrait") != 0) {
            report(c, DIAG_LAYOUT, "/page/orientation",
                   "'orientation' must be 'portrait' or 'landscape', not '%s'", orient);
        }
    }
    {
        const json_t *m = json_object_get(page, "margin_mm");
        double v[4];
        size_t i;
        if (m) {
            if (!json_is_array(m) || json_array_size(m) != 4) {
                report(c, DIAG_LAYOUT, "/page/margin_mm",
                       "'margin_mm' must be [top, right, bottom, left] in mm");
                return;
            }
            for (i = 0; i < 4; i++) {
                const json_t *e = json_array_get(m, i);
                v[i] = json_is_number(e) ? json_number_value(e) : -1;
                if (!(v[i] >= 0 && v[i] <= 100)) {
                    report(c, DIAG_LAYOUT, path_index(c, "/page/margin_mm", i),
                           "a margin must be a number of mm between 0 and 100");
                    return;
                }
            }
            def->margin_top = v[0] * MM;
            def->margin_right = v[1] * MM;
            def->margin_bottom = v[2] * MM;
            def->margin_left = v[3] * MM;
        }
    }
    if (def->page_w - def->margin_left - def->margin_right < 72 ||
        def->page_h - def->margin_top - def->margin_bottom < 144)
        report(c, DIAG_LAYOUT, "/page/margin_mm",
               "the margins leave less than 1 inch of width or 2 inches of height");
}

static void load_styles(struct ctx *c, const json_t *root)
{
    static const char *const known[] = {"size", "bold", "color", "leading", "space_before",
                                        "space_after", NULL};
    const json_t *styles = get_object(c, root, "styles", "");
    const char *key;
    json_t *v;

    if (!styles)
        return;
    json_object_foreach((json_t *)styles, key, v) {
        int i = style_index(key);
        const char *path = path_join(c, "/styles", key);
        struct lstyle *st;
        if (i < 0) {
            struct strbuf list = STRBUF_INIT;
            int k;
            for (k = 0; k < LS_COUNT; k++)
                strbuf_addf(&list, "%s%s", k ? ", " : "", style_names[k]);
            report(c, DIAG_LAYOUT, path, "unknown style '%s' (known: %s)", key, list.buf);
            strbuf_release(&list);
            continue;
        }
        if (!json_is_object(v)) {
            report(c, DIAG_LAYOUT, path, "a style must be an object, not %s", type_name(v));
            continue;
        }
        st = &c->def->styles[i];
        check_keys(c, v, path, known);
        get_number(c, v, "size", path, 4, 72, &st->size);
        get_bool(c, v, "bold", path, &st->bold);
        get_color(c, v, "color", path, &st->color);
        get_number(c, v, "leading", path, 0.8, 4, &st->leading);
        get_number(c, v, "space_before", path, 0, 200, &st->space_before);
        get_number(c, v, "space_after", path, 0, 200, &st->space_after);
    }
}

static void load_colors(struct ctx *c, const json_t *root)
{
    static const char *const known[] = {"accent", "muted", "rule", "header_fill", "zebra",
                                        "text", "palette", NULL};
    const json_t *colors = get_object(c, root, "colors", ""), *pal;
    struct layoutdef *def = c->def;

    if (!colors)
        return;
    check_keys(c, colors, "/colors", known);
    get_color(c, colors, "accent", "/colors", &def->accent);
    get_color(c, colors, "muted", "/colors", &def->muted);
    get_color(c, colors, "rule", "/colors", &def->rule);
    get_color(c, colors, "header_fill", "/colors", &def->header_fill);
    get_color(c, colors, "zebra", "/colors", &def->zebra);
    get_color(c, colors, "text", "/colors", &def->text);
    pal = json_object_get(colors, "palette");
    if (pal) {
        size_t i;
        if (!json_is_array(pal) || json_array_size(pal) < 1 || json_array_size(pal) > 16) {
            report(c, DIAG_LAYOUT, "/colors/palette", "'palette' must be 1 to 16 colours");
            return;
        }
        def->n_palette = json_array_size(pal);
        for (i = 0; i < def->n_palette; i++) {
            const json_t *e = json_array_get(pal, i);
            if (!json_is_string(e) || parse_color(json_string_value(e), &def->palette[i]) < 0)
                report(c, DIAG_LAYOUT, path_index(c, "/colors/palette", i),
                       "a colour must be '#RRGGBB'");
        }
    }
}

static void load_running(struct ctx *c, const json_t *root, const char *key, const char **out)
{
    static const char *const known[] = {"left", "center", "right", NULL};
    const json_t *o = get_object(c, root, key, "");
    const char *path = path_join(c, "", key);

    if (!o)
        return;
    check_keys(c, o, path, known);
    out[0] = get_string(c, o, "left", path, 0, SCOPE_DOCUMENT | SCOPE_PAGE);
    out[1] = get_string(c, o, "center", path, 0, SCOPE_DOCUMENT | SCOPE_PAGE);
    out[2] = get_string(c, o, "right", path, 0, SCOPE_DOCUMENT | SCOPE_PAGE);
}

static void load_fonts(struct ctx *c, const json_t *root)
{
    static const char *const known[] = {"regular", "bold", NULL};
    const json_t *o = get_object(c, root, "fonts", "");
    const char *s;

    if (!o)
        return;
    check_keys(c, o, "/fonts", known);
    if ((s = get_string(c, o, "regular", "/fonts", 0, 0)) != NULL)
        c->def->font_family[DL_REGULAR] = s;
    if ((s = get_string(c, o, "bold", "/fonts", 0, 0)) != NULL)
        c->def->font_family[DL_BOLD] = s;
}

static void load_metadata(struct ctx *c, const json_t *root)
{
    static const char *const known[] = {"title", "subject", "author", "keywords", NULL};
    const json_t *o = get_object(c, root, "metadata", "");
    struct layoutdef *def = c->def;

    if (!o)
        return;
    check_keys(c, o, "/metadata", known);
    def->meta_title = get_string(c, o, "title", "/metadata", 0, SCOPE_DOCUMENT);
    def->meta_subject = get_string(c, o, "subject", "/metadata", 0, SCOPE_DOCUMENT);
    def->meta_author = get_string(c, o, "author", "/metadata", 0, SCOPE_DOCUMENT);
    def->meta_keywords = get_string(c, o, "keywords", "/metadata", 0, SCOPE_DOCUMENT);
}

const char *layoutdef_field_name(enum lsource src, int field)
{
    return field_sources[src].fields[field].name;
}

static int field_index(enum lsource src, const char *name)
{
    return fields_find(src, name, strlen(name));
}

static void report_field(struct ctx *c, const char *path, enum lsource src, const char *name)
{
    struct strbuf list = STRBUF_INIT;
    int i;
    for (i = 0; i < field_sources[src].n_fields; i++)
        strbuf_addf(&list, "%s%s", i ? ", " : "", field_sources[src].fields[i].name);
    report(c, DIAG_LAYOUT, path, "unknown field '%s' for source '%s' (known: %s)", name,
           field_sources[src].name, list.buf);
    strbuf_release(&list);
}

static int get_source(struct ctx *c, const json_t *b, const char *key, const char *path,
                      enum lsource *out, int required)
{
    const char *s = get_string(c, b, key, path, required, 0);
    int i;
    if (!s)
        return -1;
    for (i = 0; i < SRC_COUNT; i++)
        if (strcmp(s, field_sources[i].name) == 0) {
            *out = (enum lsource)i;
            return 0;
        }
    report(c, DIAG_LAYOUT, path_join(c, path, key),
           "unknown source '%s' (known: companies, categories, meetings, pledges, statuses, "
           "carried)", s);
    return -1;
}

static void load_columns(struct ctx *c, const json_t *b, const char *path, struct lblock *blk,
                         int required)
{
    static const char *const known[] = {"field", "title", "width_mm", "weight", "align", NULL};
    const json_t *cols = json_object_get(b, "columns");
    const char *cpath = path_join(c, path, "columns");
    double fixed = 0, avail = (c->def->page_w - c->def->margin_left - c->def->margin_right);
    size_t i;

    if (!cols) {
        if (required)
            report(c, DIAG_LAYOUT, cpath, "required key 'columns' missing");
        return;
    }
    if (!json_is_array(cols) || json_array_size(cols) == 0 || json_array_size(cols) > 20) {
        report(c, DIAG_LAYOUT, cpath, "'columns' must be an array of 1 to 20 columns");
        return;
    }
    blk->n_columns = json_array_size(cols);
    blk->columns = arena_alloc(&c->def->arena, blk->n_columns * sizeof *blk->columns);
    for (i = 0; i < blk->n_columns; i++) {
        const json_t *col = json_array_get(cols, i);
        const char *p = path_index(c, cpath, i), *field, *align;
        struct lcolumn *lc = &blk->columns[i];

        memset(lc, 0, sizeof *lc);
        lc->weight = 1;
        if (!json_is_object(col)) {
            report(c, DIAG_LAYOUT, p, "a column must be an object, not %s", type_name(col));
            continue;
        }
        check_keys(c, col, p, known);
        field = get_string(c, col, "field", p, 1, 0);
        if (field && (lc->field = field_index(blk->source, field)) < 0)
            report_field(c, path_join(c, p, "field"), blk->source, field);
        lc->title = get_string(c, col, "title", p, 0, 0);
        if (!lc->title)
            lc->title = field ? field : "";
        get_number(c, col, "width_mm", p, 3, 2000, &lc->width);
        lc->width *= MM;
        fixed += lc->width;
        get_number(c, col, "weight", p, 0.1, 100, &lc->weight);
        align = get_string(c, col, "align", p, 0, 0);
        if (align) {
            if (strcmp(align, "left") == 0)
                lc->align = LA_LEFT;
            else if (strcmp(align, "center") == 0)
                lc->align = LA_CENTER;
            else if (strcmp(align, "right") == 0)
                lc->align = LA_RIGHT;
            else
                report(c, DIAG_LAYOUT, path_join(c, p, "align"),
                       "'align' must be left, center or right, not '%s'", align);
        }
    }
    if (fixed > avail + 0.01)
        report(c, DIAG_LAYOUT, cpath,
               "the columns are %.1f mm wide but the text area is only %.1f mm", fixed / MM,
               avail / MM);
}

static const char *const block_names[] = {
    [LB_TITLE] = "title", [LB_HEADING] = "heading", [LB_PARAGRAPH] = "paragraph",
    [LB_KPI] = "kpi", [LB_TABLE] = "table", [LB_CROSSTAB] = "crosstab", [LB_CHART] = "chart",
    [LB_MEETINGS] = "meetings", [LB_COMPANY_SECTIONS] = "company_sections",
    [LB_PAGE_BREAK] = "page_break", [LB_SPACER] = "spacer",
};

/* A table's rows: "sort" (a field of its source), "descending", "limit" (0 = all). */
static void load_order(struct ctx *c, const json_t *b, const char *path, struct lblock *blk)
{
    const char *s = get_string(c, b, "sort", path, 0, 0);
    double d = 0;

    if (s && (blk->sort_field = field_index(blk->source, s)) < 0)
        report_field(c, path_join(c, path, "sort"), blk->source, s);
    get_bool(c, b, "descending", path, &blk->sort_desc);
    get_number(c, b, "limit", path, 0, 1e9, &d);
    blk->limit = (size_t)d;
}

static void load_block(struct ctx *c, const json_t *b, const char *path, struct lblock *blk)
{
    static const char *const k_title[] = {"type", "when", "text", "subtitle", NULL};
    static const char *const k_heading[] = {"type", "when", "text", "level", NULL};
    static const char *const k_para[] = {"type", "when", "text", "style", NULL};
    static const char *const k_kpi[] = {"type", "when", "items", NULL};
    static const char *const k_table[] = {"type", "when", "where", "source", "columns", "totals", "sort",
                                          "descending", "limit", "text", NULL};
    static const char *const k_crosstab[] = {"type", "when", "series", "text", NULL};
    static const char *const k_chart[] = {"type", "when", "where", "kind", "series", "by", "limit", "text",
                                          NULL};
    static const char *const k_meetings[] = {"type", "when", NULL};
    static const char *const k_sections[] = {"type", "when", "text", "columns", "sort", "descending",
                                             "limit", NULL};
    static const char *const k_break[] = {"type", "when", NULL};
    static const char *const k_spacer[] = {"type", "when", "height_mm", NULL};
    static const char *const *const known[] = {
        [LB_TITLE] = k_title, [LB_HEADING] = k_heading, [LB_PARAGRAPH] = k_para,
        [LB_KPI] = k_kpi, [LB_TABLE] = k_table, [LB_CROSSTAB] = k_crosstab,
        [LB_CHART] = k_chart, [LB_MEETINGS] = k_meetings, [LB_COMPANY_SECTIONS] = k_sections,
        [LB_PAGE_BREAK] = k_break, [LB_SPACER] = k_spacer,
    };
    const char *type, *s;
    size_t k;
    double d;

    memset(blk, 0, sizeof *blk);
    blk->path = path;
    blk->sort_field = -1;
    blk->style = LS_BODY;
    if (!json_is_object(b)) {
        report(c, DIAG_LAYOUT, path, "a block must be an object, not %s", type_name(b));
        blk->kind = LB_SPACER;
        return;
    }
    type = get_string(c, b, "type", path, 1, 0);
    if (!type) {
        blk->kind = LB_SPACER;
        return;
    }
    for (k = 0; k < sizeof block_names / sizeof block_names[0]; k++)
        if (strcmp(type, block_names[k]) == 0)
            break;
    if (k == sizeof block_names / sizeof block_names[0]) {
        struct strbuf list = STRBUF_INIT;
        size_t i;
        for (i = 0; i < k; i++)
            strbuf_addf(&list, "%s%s", i ? ", " : "", block_names[i]);
        report(c, DIAG_LAYOUT, path_join(c, path, "type"), "unknown block type '%s' (known: %s)",
               type, list.buf);
        strbuf_release(&list);
        blk->kind = LB_SPACER;
        return;
    }
    blk->kind = (enum lblock_kind)k;
    check_keys(c, b, path, known[k]);
    blk->when_src = get_string(c, b, "when", path, 0, 0);
    if (blk->kind == LB_TABLE || blk->kind == LB_CHART)
        blk->where_src = get_string(c, b, "where", path, 0, 0);
    switch (blk->kind) {
    case LB_TITLE:
        blk->text = get_string(c, b, "text", path, 1, SCOPE_DOCUMENT);
        blk->subtitle = get_string(c, b, "subtitle", path, 0, SCOPE_DOCUMENT);
        break;
    case LB_HEADING:
        blk->text = get_string(c, b, "text", path, 1, SCOPE_DOCUMENT);
        d = 1;
        get_number(c, b, "level", path, 1, 2, &d);
        blk->level = (int)d;
        break;
    case LB_PARAGRAPH:
        blk->text = get_string(c, b, "text", path, 1, SCOPE_DOCUMENT);
        s = get_string(c, b, "style", path, 0, 0);
        if (s) {
            int i = style_index(s);
            if (i < 0)
                report(c, DIAG_LAYOUT, path_join(c, path, "style"), "unknown style '%s'", s);
            else
                blk->style = (enum lstyle_id)i;
        }
        break;
    case LB_KPI: {
        const json_t *items = json_object_get(b, "items");
        const char *ipath = path_join(c, path, "items");
        if (!json_is_array(items) || json_array_size(items) < 1 || json_array_size(items) > 6) {
            report(c, DIAG_LAYOUT, ipath, "'items' must be an array of 1 to 6 {label, value}");
            break;
        }
        blk->n_kpis = json_array_size(items);
        blk->kpis = arena_alloc(&c->def->arena, blk->n_kpis * sizeof *blk->kpis);
        for (k = 0; k < blk->n_kpis; k++) {
            const json_t *it = json_array_get(items, k);
            const char *p = path_index(c, ipath, k);
            static const char *const kk[] = {"label", "value", NULL};
            blk->kpis[k].label = blk->kpis[k].value = NULL;
            if (!json_is_object(it)) {
                report(c, DIAG_LAYOUT, p, "a KPI must be an object {label, value}");
                continue;
            }
            check_keys(c, it, p, kk);
            blk->kpis[k].label = get_string(c, it, "label", p, 1, SCOPE_DOCUMENT);
            blk->kpis[k].value = get_string(c, it, "value", p, 1, SCOPE_DOCUMENT);
        }
        break;
    }
    case LB_TABLE:
        blk->text = get_string(c, b, "text", path, 0, SCOPE_DOCUMENT);
        if (get_source(c, b, "source", path, &blk->source, 1) < 0)
            break;
        load_columns(c, b, path, blk, 1);
        get_bool(c, b, "totals", path, &blk->totals);
        if (blk->totals && (blk->source == SRC_PLEDGES || blk->source == SRC_MEETINGS ||
                            blk->source == SRC_CARRIED))
            report(c, DIAG_LAYOUT, path_join(c, path, "totals"),
                   "a totals row needs a summary source (companies, categories, statuses)");
        load_order(c, b, path, blk);
        break;
    case LB_CROSSTAB:
    case LB_CHART:
        blk->text = get_string(c, b, "text", path, 0, SCOPE_DOCUMENT);
        s = get_string(c, b, "series", path, 0, 0);
        if (s && strcmp(s, "total") == 0)
            blk->series = SERIES_TOTAL;
        else if (s && strcmp(s, "pledges") != 0)
            report(c, DIAG_LAYOUT, path_join(c, path, "series"),
                   "'series' must be 'pledges' or 'total', not '%s'", s);
        if (blk->kind == LB_CROSSTAB)
            break;
        s = get_string(c, b, "kind", path, 1, 0);
        if (s && strcmp(s, "stacked_bar") == 0)
            blk->chart = CHART_STACKED_BAR;
        else if (s && strcmp(s, "bar") != 0)
            report(c, DIAG_LAYOUT, path_join(c, path, "kind"),
                   "'kind' must be 'bar' or 'stacked_bar', not '%s'", s);
        blk->by = SRC_COMPANIES;
        s = get_string(c, b, "by", path, 0, 0);
        if (s && strcmp(s, "category") == 0)
            blk->by = SRC_CATEGORIES;
        else if (s && strcmp(s, "company") != 0)
            report(c, DIAG_LAYOUT, path_join(c, path, "by"),
                   "'by' must be 'company' or 'category', not '%s'", s);
        if (blk->chart == CHART_STACKED_BAR && blk->by != SRC_COMPANIES)
            report(c, DIAG_LAYOUT, path_join(c, path, "by"),
                   "a stacked bar chart stacks categories per company: 'by' must be 'company'");
        d = 0;
        get_number(c, b, "limit", path, 0, 1000, &d);
        blk->limit = (size_t)d;
        break;
    case LB_COMPANY_SECTIONS:
        blk->text = get_string(c, b, "text", path, 0, SCOPE_DOCUMENT | SCOPE_COMPANY);
        blk->source = SRC_PLEDGES;
        load_columns(c, b, path, blk, 1);
        load_order(c, b, path, blk);
        break;
    case LB_SPACER:
        d = 5;
        get_number(c, b, "height_mm", path, 0, 300, &d);
        blk->height = d * MM;
        break;
    case LB_MEETINGS:
    case LB_PAGE_BREAK:
        break;
    }
}

static void load_root(struct ctx *c, const json_t *root)
{
    static const char *const known[] = {"page", "fonts", "styles", "colors", "header",
                                        "footer", "metadata", "blocks", NULL};
    const json_t *blocks;
    size_t i;

    if (!json_is_object(root)) {
        report(c, DIAG_LAYOUT, "", "a layout must be a JSON object, not %s", type_name(root));
        return;
    }
    check_keys(c, root, "", known);
    load_page(c, root);
    load_fonts(c, root);
    load_styles(c, root);
    load_colors(c, root);
    load_running(c, root, "header", c->def->header);
    load_running(c, root, "footer", c->def->footer);
    load_metadata(c, root);
    blocks = json_object_get(root, "blocks");
    if (!blocks) {
        report(c, DIAG_LAYOUT, "/blocks", "required key 'blocks' missing");
        return;
    }
    if (!json_is_array(blocks)) {
        report(c, DIAG_LAYOUT, "/blocks", "'blocks' must be an array, not %s",
               type_name(blocks));
        return;
    }
    c->def->n_blocks = json_array_size(blocks);
    c->def->blocks = arena_alloc(&c->def->arena,
                                 (c->def->n_blocks ? c->def->n_blocks : 1) *
                                 sizeof *c->def->blocks);
    for (i = 0; i < c->def->n_blocks; i++)
        load_block(c, json_array_get(blocks, i), path_index(c, "/blocks", i),
                   &c->def->blocks[i]);
}

int layoutdef_load_buffer(struct layoutdef *def, const char *name, const char *buf,
                          size_t len, struct diag_list *diags)
{
    struct ctx c;
    json_error_t e;
    json_t *root;

    memset(def, 0, sizeof *def);
    def->file = name;
    defaults(def);
    memset(&c, 0, sizeof c);
    c.def = def;
    c.diags = diags;
    def->owned = xstrndup(buf, len);
    c.text = def->owned;
    c.len = len;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        c.text += 3;
        c.len -= 3;
    }
    srcmap_init(&c.map, c.text, c.len);
    root = json_loadb(c.text, c.len, JSON_REJECT_DUPLICATES, &e);
    if (!root && json_error_code(&e) == json_error_out_of_memory)
        xalloc_fail(0);
    if (!root) {
        struct diag_pos pos;
        pos.file = name;
        pos.line = e.line > 0 ? e.line : 1;
        pos.column = e.column > 0 ? e.column : 1;
        diag_add(diags, DIAG_LAYOUT, &pos, 0, NULL, NULL, "invalid JSON: %s", e.text);
        srcmap_release(&c.map);
        return -1;
    }
    load_root(&c, root);
    json_decref(root);
    srcmap_release(&c.map);
    /* every problem in one run: the conditions too, whatever else was wrong */
    if (layoutdef_compile_conditions(def, diags) < 0 || c.errors)
        return -1;
    return 0;
}

int layoutdef_load(struct layoutdef *def, const char *path, struct diag_list *diags)
{
    FILE *f = fopen(path, "rb");
    struct strbuf sb = STRBUF_INIT;
    char buf[16384];
    size_t n;
    int rc;

    if (!f) {
        memset(def, 0, sizeof *def);
        diag_add(diags, DIAG_IO_READ, NULL, 0, NULL, NULL, "layout '%s': %s", path,
                 strerror(errno));
        return -1;
    }
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        strbuf_add(&sb, buf, n);
    fclose(f);
    rc = layoutdef_load_buffer(def, path, sb.buf, sb.len, diags);
    strbuf_release(&sb);
    return rc;
}

void layoutdef_position(const struct layoutdef *def, const char *pointer,
                        struct diag_pos *pos)
{
    const char *t = def->owned;
    size_t len = t ? strlen(t) : 0;
    struct srcmap map;

    pos->file = def->file;
    pos->line = pos->column = 0;
    if (!t)
        return;
    if (len >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0) {
        t += 3;
        len -= 3;
    }
    srcmap_init(&map, t, len);
    srcmap_locate(&map, json_text_pointer(t, len, 0, pointer), &pos->line, &pos->column);
    srcmap_release(&map);
}

void layoutdef_release(struct layoutdef *def)
{
    layoutdef_free_conditions(def);
    free(def->owned);
    arena_release(&def->arena);
    memset(def, 0, sizeof *def);
}

/* Placeholder names and the scopes that allow them. */
static const struct {
    const char *name;
    int scope;
} placeholders[] = {
    {"title", SCOPE_DOCUMENT}, {"as_of", SCOPE_DOCUMENT}, {"period", SCOPE_DOCUMENT},
    {"pledges", SCOPE_DOCUMENT}, {"companies", SCOPE_DOCUMENT},
    {"meetings", SCOPE_DOCUMENT}, {"categories_used", SCOPE_DOCUMENT},
    {"total_krw", SCOPE_DOCUMENT}, {"with_amount", SCOPE_DOCUMENT},
    {"with_due", SCOPE_DOCUMENT}, {"overdue", SCOPE_DOCUMENT},
    {"due_soon", SCOPE_DOCUMENT}, {"done", SCOPE_DOCUMENT},
    {"top_company", SCOPE_DOCUMENT}, {"top_company_pledges", SCOPE_DOCUMENT},
    {"top_category", SCOPE_DOCUMENT}, {"top_category_pledges", SCOPE_DOCUMENT},
    {"first_meeting", SCOPE_DOCUMENT}, {"last_meeting", SCOPE_DOCUMENT},
    {"page", SCOPE_PAGE}, {"pages", SCOPE_PAGE},
    {"company", SCOPE_COMPANY}, {"company_pledges", SCOPE_COMPANY},
    {"company_total", SCOPE_COMPANY}, {"company_with_amount", SCOPE_COMPANY},
    {"company_meetings", SCOPE_COMPANY}, {"company_categories", SCOPE_COMPANY},
    {"company_overdue", SCOPE_COMPANY}, {"company_rank", SCOPE_COMPANY},
};

int layoutdef_placeholder_ok(const char *name, size_t len, int scope)
{
    size_t i;
    for (i = 0; i < sizeof placeholders / sizeof placeholders[0]; i++)
        if (strlen(placeholders[i].name) == len &&
            memcmp(placeholders[i].name, name, len) == 0)
            return (placeholders[i].scope & scope) != 0;
    return 0;
}
