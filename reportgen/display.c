/*
 * display.c - building the display list.
 */
#include "display.h"

#include <stdlib.h>
#include <string.h>

void display_list_init(struct display_list *dl)
{
    memset(dl, 0, sizeof *dl);
    dl->created = -1;
}

void display_list_release(struct display_list *dl)
{
    size_t i;
    for (i = 0; i < dl->n_pages; i++) {
        free(dl->pages[i].items);
        arena_release(&dl->pages[i].arena);
    }
    free(dl->pages);
    free(dl->outlines);
    arena_release(&dl->arena);
    display_list_init(dl);
}

void dl_flush(struct display_list *dl, size_t page)
{
    struct dl_page *p = &dl->pages[page];
    if (!dl->flush)
        return;
    dl->flush(dl->flush_ctx, dl, page);
    free(p->items);
    p->items = NULL;
    p->count = p->alloc = 0;
    arena_release(&p->arena);
}

size_t dl_new_page(struct display_list *dl)
{
    if (dl->flush && dl->n_pages > 0)
        dl_flush(dl, dl->n_pages - 1);
    XGROW(dl->pages, dl->alloc_pages, dl->n_pages + 1);
    memset(&dl->pages[dl->n_pages], 0, sizeof dl->pages[dl->n_pages]);
    return dl->n_pages++;
}

struct dl_item *dl_add(struct display_list *dl, size_t page, enum dl_kind kind)
{
    struct dl_page *p = &dl->pages[page];
    struct dl_item *it;

    XGROW(p->items, p->alloc, p->count + 1);
    it = &p->items[p->count++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    return it;
}

struct dl_item *dl_insert(struct display_list *dl, size_t page, size_t index, enum dl_kind kind)
{
    struct dl_page *p = &dl->pages[page];
    struct dl_item *it;

    XGROW(p->items, p->alloc, p->count + 1);
    if (index > p->count)
        index = p->count;
    memmove(&p->items[index + 1], &p->items[index], (p->count - index) * sizeof *p->items);
    p->count++;
    it = &p->items[index];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    return it;
}

void dl_text(struct display_list *dl, size_t page, double x, double y, enum dl_font font,
             double size, struct dl_color color, const char *text, size_t len)
{
    struct dl_item *it = dl_add(dl, page, DL_TEXT);
    it->x = x;
    it->y = y;
    it->font = font;
    it->size = size;
    it->color = color;
    it->text = arena_strndup(&dl->pages[page].arena, text, len);
    it->len = len;
}

void dl_rect(struct display_list *dl, size_t page, double x, double y, double w, double h,
             const struct dl_color *fill, const struct dl_color *stroke, double line_width)
{
    struct dl_item *it = dl_add(dl, page, DL_RECT);
    it->x = x;
    it->y = y;
    it->w = w;
    it->h = h;
    if (fill) {
        it->fill = 1;
        it->color = *fill;
    }
    if (stroke) {
        it->do_stroke = 1;
        it->stroke = *stroke;
        it->line_width = line_width;
    }
}

void dl_line(struct display_list *dl, size_t page, double x1, double y1, double x2, double y2,
             struct dl_color stroke, double line_width)
{
    struct dl_item *it = dl_add(dl, page, DL_LINE);
    it->x = x1;
    it->y = y1;
    it->w = x2 - x1;
    it->h = y2 - y1;
    it->do_stroke = 1;
    it->stroke = stroke;
    it->line_width = line_width;
}

void dl_outline(struct display_list *dl, const char *title, int level, size_t page, double y)
{
    struct dl_outline *o;
    XGROW(dl->outlines, dl->alloc_outlines, dl->n_outlines + 1);
    o = &dl->outlines[dl->n_outlines++];
    o->title = arena_strdup(&dl->arena, title);
    o->level = level;
    o->page = page;
    o->y = y;
}
