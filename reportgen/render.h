/*
 * render.h - the backends that turn a display list into output bytes.
 *
 * Last stage of the pipeline.  render_pdf is the only code that knows the
 * PDF library; render_dump prints the display list as stable text, so that
 * golden tests compare text and never PDF bytes.
 */
#ifndef RG_RENDER_H
#define RG_RENDER_H

#include <stddef.h>

struct display_list;
struct diag_list;
struct strbuf;

/*
 * Render 'dl' as a PDF into 'out' (bytes appended).  Fonts are embedded as
 * subsets, text is extractable (correct ToUnicode), headings become
 * bookmarks, the document information comes from dl.  The same display
 * list always gives the same bytes.  Returns 0, or -1 after reporting
 * DIAG_FONT (exit 3) or DIAG_PDF to 'diags'.
 */
int render_pdf(const struct display_list *dl, struct strbuf *out, struct diag_list *diags)
    __attribute__((warn_unused_result));

/* Number of streams render_pdf has compressed so far. */
unsigned long render_pdf_deflate_calls(void);

/*
 * The same, page by page, for display lists that stream their pages
 * (display.h): render_pdf_begin ('name', the output, is named in
 * diagnostics; may be NULL), then render_pdf_page as the display
 * list's (or layout's) page sink, then render_pdf_finish, which writes the
 * document through 'write' (returning -1 after reporting stops it).
 * render_pdf_page may be given a page again: it appends to it.  Errors are
 * reported once; finish then returns -1.  Free with render_pdf_free.
 */
struct pdf_job;
struct pdf_job *render_pdf_begin(const struct display_list *dl, const char *name,
                                 struct diag_list *diags);
void render_pdf_page(void *job, const struct display_list *dl, size_t page);
/*
 * Compress the streams on 'threads' threads (1, the default, or 2) when
 * render_pdf_finish assembles the document.
 */
void render_pdf_set_threads(struct pdf_job *job, int threads);
int render_pdf_finish(struct pdf_job *job,
                      int (*write)(void *ctx, const void *buf, size_t len), void *ctx)
    __attribute__((warn_unused_result));
void render_pdf_free(struct pdf_job *job);

/* Append the text form of 'dl' to 'out'. */
void render_dump(const struct display_list *dl, struct strbuf *out);

#endif /* RG_RENDER_H */
