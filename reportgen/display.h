/*
 * display.h - the display list: what layout produces and backends draw.
 *
 * A display list is a sequence of pages, each a list of positioned
 * primitives (text runs, filled or stroked rectangles, lines), plus the
 * document outline (bookmarks) and metadata.  Coordinates are points with
 * the origin at the page's top-left corner and y growing downwards; a text
 * run's (x, y) is the start of its baseline.  Everything is final: text is
 * already broken into lines and every run's glyphs are known to exist in
 * its font, page numbers are filled in.  Backends (render_pdf.c,
 * render_dump.c) only draw; they never measure or move anything.
 *
 * The display list owns every string in it (its arena).
 */
#ifndef RG_DISPLAY_H
#define RG_DISPLAY_H

#include <stddef.h>
#include <stdint.h>

#include "xalloc.h"

enum dl_font { DL_REGULAR, DL_BOLD, DL_FONT_COUNT };

/*
 * What a PDF written by the backend can hold (libharu 2.3.0):
 * DL_MAX_PAGES pages, since every page goes into one Kids array of at most
 * HPDF_LIMIT_MAX_ARRAY entries; and in a bookmark's title or a document
 * information entry DL_MAX_TEXT_UNITS UTF-16 code units, since a PDF
 * string holds at most HPDF_LIMIT_MAX_STRING_LEN = 65,535 bytes, two of
 * them the byte order mark.  Layout checks both before it starts.
 */
#define DL_MAX_PAGES 32767
#define DL_MAX_TEXT_UNITS 32766

struct font_metrics;

struct dl_color {
    uint8_t r, g, b;
};

enum dl_kind {
    DL_TEXT,   /* text run: font, size, color, text */
    DL_RECT,   /* rectangle x, y, w, h: filled with 'color' if fill, outlined with
                  'stroke' of 'line_width' if stroke */
    DL_LINE    /* line from (x, y) to (x + w, y + h) in 'stroke', 'line_width' */
};

struct dl_item {
    enum dl_kind kind;
    double x, y, w, h;
    enum dl_font font;
    double size;             /* font size in points */
    struct dl_color color;   /* text colour, or rectangle fill */
    struct dl_color stroke;  /* rectangle outline or line colour */
    double line_width;
    unsigned fill : 1, do_stroke : 1;
    const char *text;        /* UTF-8, NUL-terminated, owned by the list */
    size_t len;              /* bytes */
};

struct dl_page {
    struct dl_item *items;
    size_t count, alloc;
    struct arena arena;      /* the texts of the items */
};

/* A bookmark: a heading's text, its level (0 = top) and where it is. */
struct dl_outline {
    const char *title;
    int level;
    size_t page;             /* 0-based */
    double y;                /* top of the heading on that page */
};

struct display_list {
    double page_w, page_h;   /* points */
    struct dl_page *pages;
    size_t n_pages, alloc_pages;
    struct dl_outline *outlines;
    size_t n_outlines, alloc_outlines;
    /* document information; any may be NULL */
    const char *title, *subject, *author, *keywords, *creator;
    long long created;       /* creation time, seconds since 1970 UTC; -1 = none */
    /*
     * the fonts the runs use: file paths, PostScript names, and the metrics
     * layout measured with (borrowed: they outlive the display list)
     */
    const char *font_file[DL_FONT_COUNT];
    const char *font_name[DL_FONT_COUNT];
    const struct font_metrics *font_metrics[DL_FONT_COUNT];
    struct arena arena;      /* metadata and outline strings */
    /*
     * Streaming: when 'flush' is set, a page's items are handed to it as
     * soon as the page is complete (when the next one starts, and at the end
     * for items added later, such as page numbers), then freed.  'flush' may
     * see the same page more than once: it appends.  Without it, every page
     * is kept until display_list_release.
     */
    void (*flush)(void *ctx, const struct display_list *dl, size_t page);
    void *flush_ctx;
};

void display_list_init(struct display_list *dl);
void display_list_release(struct display_list *dl);
/* Start a new page (flushing the previous one when streaming); returns its index. */
size_t dl_new_page(struct display_list *dl);
/* Hand page 'page' to the flush callback (if any) and free its items. */
void dl_flush(struct display_list *dl, size_t page);
/* Append an item to page 'page' (text is copied into the list's arena). */
struct dl_item *dl_add(struct display_list *dl, size_t page, enum dl_kind kind);
/* Insert an item before item 'index' of page 'page' (drawn under what follows). */
struct dl_item *dl_insert(struct display_list *dl, size_t page, size_t index, enum dl_kind kind);
void dl_text(struct display_list *dl, size_t page, double x, double y, enum dl_font font,
             double size, struct dl_color color, const char *text, size_t len);
void dl_rect(struct display_list *dl, size_t page, double x, double y, double w, double h,
             const struct dl_color *fill, const struct dl_color *stroke, double line_width);
void dl_line(struct display_list *dl, size_t page, double x1, double y1, double x2, double y2,
             struct dl_color stroke, double line_width);
void dl_outline(struct display_list *dl, const char *title, int level, size_t page, double y);

#endif /* RG_DISPLAY_H */
