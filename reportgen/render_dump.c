/*
 * render_dump.c - the text backend: prints a display list as stable text.
 *
 * Golden tests compare this instead of PDF bytes.  Numbers are %.2f (never
 * "-0.00"), colours #rrggbb, strings quoted with " \ and controls escaped.
 */
#include "render.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "display.h"
#include "strbuf.h"
#include "utf8.h"

/* Append ' ' and 'v' as %.2f; a value that rounds to zero prints as 0.00. */
static void add_num(struct strbuf *out, double v)
{
    char buf[64];

    snprintf(buf, sizeof buf, "%.2f", v);
    strbuf_addch(out, ' ');
    strbuf_addstr(out, strcmp(buf, "-0.00") == 0 ? "0.00" : buf);
}

static void add_color(struct strbuf *out, struct dl_color c)
{
    strbuf_addf(out, " #%02x%02x%02x", c.r, c.g, c.b);
}

/*
 * Append ' ' and the string quoted: " and \ get a backslash, TAB LF CR are
 * \t \n \r, other C0 controls, DEL and bytes that are not UTF-8 are \xHH,
 * C1 controls are \u00HH.  NULL prints as -.
 */
static void add_quoted(struct strbuf *out, const char *s, size_t len)
{
    size_t i = 0;

    strbuf_addch(out, ' ');
    if (!s) {
        strbuf_addch(out, '-');
        return;
    }
    strbuf_addch(out, '"');
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        size_t used;
        uint32_t cp;

        if (c < 0x80) {
            switch (c) {
            case '"': strbuf_addstr(out, "\\\""); break;
            case '\\': strbuf_addstr(out, "\\\\"); break;
            case '\t': strbuf_addstr(out, "\\t"); break;
            case '\n': strbuf_addstr(out, "\\n"); break;
            case '\r': strbuf_addstr(out, "\\r"); break;
            default:
                if (c < 0x20 || c == 0x7F)
                    strbuf_addf(out, "\\x%02X", c);
                else
                    strbuf_addch(out, c);
            }
            i++;
            continue;
        }
        cp = utf8_decode(s + i, len - i, &used);
        if (cp == 0xFFFD && used == 1)   /* invalid byte (a real U+FFFD takes 3) */
            strbuf_addf(out, "\\x%02X", c);
        else if (cp >= 0x80 && cp <= 0x9F)
            strbuf_addf(out, "\\u%04X", (unsigned)cp);
        else
            strbuf_add(out, s + i, used);
        i += used;
    }
    strbuf_addch(out, '"');
}

static void add_info(struct strbuf *out, const char *key, const char *value)
{
    strbuf_addstr(out, key);
    add_quoted(out, value, value ? strlen(value) : 0);
    strbuf_addch(out, '\n');
}

static void add_created(struct strbuf *out, long long created)
{
    time_t t = (time_t)created;
    struct tm tm;

    if (created == -1) {
        strbuf_addstr(out, "created -\n");
        return;
    }
    if ((long long)t == created && gmtime_r(&t, &tm))
        strbuf_addf(out, "created %04d-%02d-%02dT%02d:%02d:%02dZ\n", tm.tm_year + 1900,
                    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    else
        strbuf_addf(out, "created %lld\n", created);
}

static void add_item(struct strbuf *out, const struct dl_item *it)
{
    switch (it->kind) {
    case DL_TEXT:
        strbuf_addstr(out, "  text");
        add_num(out, it->x);
        add_num(out, it->y);
        strbuf_addstr(out, it->font == DL_REGULAR ? " R" : it->font == DL_BOLD ? " B" : " ?");
        add_num(out, it->size);
        add_color(out, it->color);
        add_quoted(out, it->text, it->len);
        break;
    case DL_RECT:
        strbuf_addstr(out, "  rect");
        add_num(out, it->x);
        add_num(out, it->y);
        add_num(out, it->w);
        add_num(out, it->h);
        strbuf_addstr(out, " fill");
        if (it->fill)
            add_color(out, it->color);
        else
            strbuf_addstr(out, " none");
        strbuf_addstr(out, " stroke");
        if (it->do_stroke) {
            add_color(out, it->stroke);
            add_num(out, it->line_width);
        } else {
            strbuf_addstr(out, " none");
        }
        break;
    case DL_LINE:
        strbuf_addstr(out, "  line");
        add_num(out, it->x);
        add_num(out, it->y);
        add_num(out, it->x + it->w);
        add_num(out, it->y + it->h);
        add_color(out, it->stroke);
        add_num(out, it->line_width);
        break;
    default:
        strbuf_addf(out, "  unknown %d", (int)it->kind);
        break;
    }
    strbuf_addch(out, '\n');
}

void render_dump(const struct display_list *dl, struct strbuf *out)
{
    size_t p, i;

    strbuf_addstr(out, "document");
    add_num(out, dl->page_w);
    add_num(out, dl->page_h);
    strbuf_addf(out, " pages %zu\n", dl->n_pages);
    add_info(out, "title", dl->title);
    add_info(out, "subject", dl->subject);
    add_info(out, "author", dl->author);
    add_info(out, "keywords", dl->keywords);
    add_info(out, "creator", dl->creator);
    add_created(out, dl->created);
    strbuf_addstr(out, "fonts R");
    add_quoted(out, dl->font_name[DL_REGULAR],
               dl->font_name[DL_REGULAR] ? strlen(dl->font_name[DL_REGULAR]) : 0);
    strbuf_addstr(out, " B");
    add_quoted(out, dl->font_name[DL_BOLD],
               dl->font_name[DL_BOLD] ? strlen(dl->font_name[DL_BOLD]) : 0);
    strbuf_addch(out, '\n');
    strbuf_addf(out, "outlines %zu\n", dl->n_outlines);
    for (i = 0; i < dl->n_outlines; i++) {
        const struct dl_outline *o = &dl->outlines[i];
        strbuf_addf(out, "  outline %d page %zu", o->level, o->page + 1);
        add_num(out, o->y);
        add_quoted(out, o->title, o->title ? strlen(o->title) : 0);
        strbuf_addch(out, '\n');
    }
    for (p = 0; p < dl->n_pages; p++) {
        strbuf_addf(out, "page %zu\n", p + 1);
        for (i = 0; i < dl->pages[p].count; i++)
            add_item(out, &dl->pages[p].items[i]);
    }
}
