/*
 * cli.h - the command line's shared parts: options, the state of one run
 * (dataset, diagnostics, period, aggregate, timings), the layout and fonts
 * a run typesets with, progress on a terminal.  main.c parses the options
 * and picks the command; cli_run.c loads and lays out; cli_produce.c
 * writes the files of pdf, csv and render.  Nothing else includes this.
 */
#ifndef RG_CLI_H
#define RG_CLI_H

#include <pthread.h>
#include <stddef.h>

#include "aggregate.h"
#include "csv_write.h"
#include "dataset.h"
#include "diag.h"
#include "display.h"
#include "layoutdef.h"

#define MAX_COMPANIES 64

enum output_kind { OUT_NONE, OUT_PDF, OUT_CSV, OUT_RENDER };

struct options {
    int verbose, quiet, strict, timings;
    int aggregate;              /* dump --aggregate */
    int layout_dump;            /* dump --layout-dump */
    int split_by_company;       /* --split-by company */
    int no_lock;                /* --no-lock (--lock, the default, is accepted) */
    const char *layout;         /* --layout FILE */
    const char *as_of;          /* --as-of YYYY-MM-DD */
    const char *month;          /* --month YYYY-MM */
    const char *from, *to;      /* --from, --to */
    const char *output;         /* -o */
    const char *companies[MAX_COMPANIES];
    size_t n_companies;
    struct csv_options csv;
    const char *command;
    enum output_kind output_kind;   /* the command's */
    const char *args[8];
    int nargs;
    /*
     * The dataset file's size (0 for standard input or when unknown), and
     * whether the run is large enough to use a second thread: starting one
     * costs 0.2 to 4 ms on the machines reportgen is measured on, more than
     * the overlap gains below about a megabyte of dataset (2,000 pledges).
     */
    size_t input_size;
    int parallel;
};

/* print "reportgen: " fmt (one %s) and the --help hint; returns EXIT_USAGE */
int cli_usage_error(const char *fmt, const char *arg);

/* ---- time, progress (cli_run.c) ---- */

double cli_now(void);
/* the run's start, set by main */
extern double cli_start;
/* seconds before progress shows (1; REPORTGEN_PROGRESS_DELAY, a test hook) */
extern double cli_progress_delay;
/*
 * On a terminal, once a run takes over a second, one line says which stage
 * the run is in ("laying out: 9500 pages"); it is cleared before anything
 * else is printed.  Nothing when standard error is not a terminal or with -q.
 */
void cli_progress(const struct options *opt, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void cli_progress_end(void);
/* A line on standard error ("reportgen: " fmt), the progress line cleared first. */
void cli_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

struct timings {
    double load, validate, aggregate, layout, render, write;
    double draw;  /* drawing laid-out pages into the PDF, inside 'layout' (streamed) */
    double csv;   /* rendering the CSV tables */
    int csv_beside;   /* ... on a thread of its own, beside layout */
};
void cli_stage_time(double *slot, double since);

/* ---- one run (cli_run.c) ---- */

struct period {
    int has;
    struct date from, to;
    char label[32], suffix[32];
};

struct pdf_job;
struct page_sink {
    const struct options *opt;
    struct pdf_job *pdf;
    double *draw;       /* seconds spent drawing pages, accumulated */
    size_t pages_seen;  /* pages passed on so far, for the progress line */
    int numbering;      /* ... now passed again, with their numbers */
};

struct run {
    struct dataset ds;
    struct diag_list diags;
    struct period period;
    struct aggregate_options ao;
    struct aggregate agg;
    int have_agg;
    int text_checked;           /* layout_check_text passed */
    struct page_sink sink;
    struct timings tm;
};

void run_init(struct options *opt, struct run *r);
/*
 * Load and validate (and aggregate when asked) into 'r' (run_init'ed);
 * prints the diagnostics so far.  Returns the exit status so far.
 */
int run_load(struct options *opt, struct run *r, int want_aggregate);
void run_release(struct run *r);
/* Print the diagnostics added after 'from' and return the run's status. */
int run_finish(struct run *r, size_t from);

/* What a layout needs that does not depend on the data: loaded once a run. */
struct typeset {
    char *layout_path;          /* named in diagnostics: lives as long as the run */
    struct layoutdef def;
    struct font_metrics *fm[DL_FONT_COUNT];
    char *font_file[DL_FONT_COUNT];
    int loaded;
};

/*
 * The layout, font manifest and fonts are read on a thread of their own
 * while the main thread loads the dataset (they share nothing: jansson's
 * allocators are set before, diagnostics go to the job's own list).
 */
struct typeset_job {
    struct options *opt;
    struct typeset ts;
    struct diag_list diags;
    pthread_t thread;
    int started, joined, rc;
};
void typeset_job_start(struct typeset_job *j, struct options *opt);
/* Wait for the job (or run it here); its diagnostics join 'diags' if given. */
int typeset_job_join(struct typeset_job *j, struct diag_list *diags);
void typeset_job_release(struct typeset_job *j);

/*
 * Check once a run, before any layout, what the layout and the PDF's limits
 * require of the data (glyphs, lengths, pages); then free the dataset's
 * source text.  0 or -1 (reported).
 */
int run_check_text(struct options *opt, struct run *r, struct typeset *ts,
                   const struct aggregate *agg);
/* Lay out one aggregate into 'dl', pages to 'pdf' if given.  0 or -1 (reported). */
int run_lay_out(struct options *opt, struct run *r, struct typeset *ts,
                const struct aggregate *agg, struct display_list *dl, struct pdf_job *pdf);

/* the commands */
int cmd_validate(struct options *opt);
int cmd_dump(struct options *opt);
int cmd_produce(struct options *opt);   /* cli_produce.c */

#endif /* RG_CLI_H */
