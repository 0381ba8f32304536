/*
 * main.c - the command line: parse options, run the pipeline stages in
 * order (load -> validate -> aggregate -> layout -> outputs), print the
 * diagnostics, exit with the status of the worst one.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "aggregate.h"
#include "csv_write.h"
#include "dataset.h"
#include "diag.h"
#include "display.h"
#include "fontmetrics.h"
#include "fonts.h"
#include "layout.h"
#include "layoutdef.h"
#include "outfile.h"
#include "render.h"
#include "strbuf.h"
#include "strmap.h"
#include "version.h"
#include "xalloc.h"

#define MAX_COMPANIES 64

struct options {
    int verbose, quiet, strict, timings;
    int aggregate;              /* dump --aggregate */
    int layout_dump;            /* dump --layout-dump */
    int split_by_company;       /* --split-by company */
    int lock;                   /* --lock */
    const char *layout;         /* --layout FILE */
    const char *as_of;          /* --as-of YYYY-MM-DD */
    const char *month;          /* --month YYYY-MM */
    const char *from, *to;      /* --from, --to */
    const char *output;         /* -o */
    const char *companies[MAX_COMPANIES];
    size_t n_companies;
    struct csv_options csv;
    const char *command;
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

#define PARALLEL_MIN_INPUT ((size_t)1 << 20)

enum output_kind { OUT_NONE, OUT_PDF, OUT_CSV, OUT_RENDER };

struct command {
    const char *name;
    int nargs;                  /* -1: 0 or 1 */
    enum output_kind output;
    int (*run)(struct options *opt);
    const char *synopsis;
    const char *help;
};

static int cmd_validate(struct options *opt);
static int cmd_dump(struct options *opt);
static int cmd_produce(struct options *opt);
static int cmd_help(struct options *opt);

#define PERIOD_HELP                                                                      \
    "  --month YYYY-MM          the meetings of that month and their pledges, plus\n"    \
    "                           pledges of earlier meetings due in the month or overdue\n" \
    "                           at its end; file names get the suffix -YYYY-MM\n"        \
    "  --from DATE --to DATE    the same for any period (suffix -YYYYMMDD-YYYYMMDD)\n"   \
    "  --company NAME           only this company (repeatable)\n"

static const struct command commands[] = {
    {"validate", 1, OUT_NONE, cmd_validate, "validate [--strict] FILE",
     "Check FILE (a dataset, '-' for standard input) against the dataset\n"
     "contract and report every problem as FILE:LINE:COL with the record and\n"
     "the JSON path.  Prints nothing when the dataset is valid.\n"
     "--strict also warns about unknown fields, deadline wording that gives no\n"
     "due date, and due dates before their meeting.\n"},
    {"dump", 1, OUT_NONE, cmd_dump, "dump [--aggregate | --layout-dump] [--as-of DATE] FILE",
     "Print the normalised dataset as stable text: every meeting and pledge,\n"
     "with parsed amounts and the due date with the rule that derived it.\n"
     "--aggregate prints every aggregate figure instead; --layout-dump prints\n"
     "the laid-out pages (every text run, rule and box with its position), as\n"
     "the PDF would draw them.\n"},
    {"pdf", 1, OUT_PDF, cmd_produce, "pdf FILE -o OUT.pdf [--layout LAYOUT.json] [PERIOD]",
     "Render the briefing as a PDF.  The layout defaults to layouts/briefing.json.\n"
     "A character without a glyph in the layout's fonts is an error (exit 3)\n"
     "and no PDF is written.\n" PERIOD_HELP},
    {"csv", 1, OUT_CSV, cmd_produce, "csv FILE -o DIR [PERIOD] [CSV OPTIONS]",
     "Write by_company.csv, by_category.csv, company_category.csv,\n"
     "pledges.csv and meetings.csv into DIR (created if missing).  All files\n"
     "are replaced together, only when every one was written completely.\n"
     "  --csv-header ko|en       column headers in Korean (default) or English\n"
     "  --no-bom                 no UTF-8 byte order mark\n"
     "  --csv-encoding utf-8|cp949\n"
     "                           CP949 for old software; a character CP949 cannot\n"
     "                           hold is an error\n"
     "  --csv-totals             add a totals row to the summary tables\n" PERIOD_HELP},
    {"render", 1, OUT_RENDER, cmd_produce,
     "render FILE -o DIR [--layout LAYOUT.json] [PERIOD] [--split-by company] [CSV OPTIONS]",
     "Write DIR/briefing.pdf and the CSV summaries together: all files are\n"
     "replaced only when every one was produced completely.\n"
     "  --split-by company       also one briefing and CSV set per company in\n"
     "                           DIR/<company>/ (names made safe for file systems)\n"
     PERIOD_HELP},
    {"help", -1, OUT_NONE, cmd_help, "help [COMMAND]", "Show help for COMMAND.\n"},
};

#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *out)
{
    size_t i;
    fputs("usage: reportgen [OPTIONS] COMMAND [ARGS]\n\ncommands:\n", out);
    for (i = 0; i < N_COMMANDS; i++)
        fprintf(out, "  reportgen %s\n", commands[i].synopsis);
    fputs("\noptions:\n"
          "  -o PATH           output directory or file\n"
          "  --layout FILE     layout definition (default: layouts/briefing.json)\n"
          "  --as-of DATE      report date YYYY-MM-DD for overdue and due-soon figures\n"
          "                    (default: the period's end, else SOURCE_DATE_EPOCH, else today)\n"
          "  --month YYYY-MM, --from DATE --to DATE, --company NAME\n"
          "                    restrict the briefing (see 'reportgen help render')\n"
          "  --lock            wait (up to 60 s) for another run writing to the same place\n"
          "  -v, --verbose     say what was written; with --timings, the time of each stage\n"
          "  -q, --quiet       do not print warnings\n"
          "  --strict          report questionable data as warnings\n"
          "  -h, --help        show this help\n"
          "  --version         show the version\n"
          "\nexit status: 0 success (warnings allowed), 1 invalid data or layout,\n"
          "2 usage error, 3 font or glyph error, 4 I/O error\n",
          out);
}

static const struct command *find_command(const char *name)
{
    size_t i;
    for (i = 0; i < N_COMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static int usage_error(const char *fmt, const char *arg)
{
    fputs("reportgen: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'reportgen --help' for more information.\n", stderr);
    return EXIT_USAGE;
}

static int cmd_help(struct options *opt)
{
    const struct command *c;

    if (opt->nargs == 0) {
        usage(stdout);
        return 0;
    }
    c = find_command(opt->args[0]);
    if (!c)
        return usage_error("unknown command '%s'", opt->args[0]);
    printf("usage: reportgen %s\n\n%s", c->synopsis, c->help);
    return 0;
}

/* ---- time, progress and timings ---- */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double t_start;
static int progress_shown;

/* On a terminal, once a run takes over a second, say where it is. */
static void progress(const struct options *opt, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void progress(const struct options *opt, const char *fmt, ...)
{
    va_list ap;
    if (opt->quiet || !isatty(STDERR_FILENO) || now() - t_start < 1.0)
        return;
    va_start(ap, fmt);
    fputs("\rreportgen: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\033[K", stderr);
    va_end(ap);
    progress_shown = 1;
}

static void progress_end(void)
{
    if (progress_shown)
        fputs("\r\033[K", stderr);
    progress_shown = 0;
}

struct timings {
    double load, validate, aggregate, layout, render, write;
    double draw;  /* drawing laid-out pages into the PDF, inside 'layout' (streamed) */
    double csv;   /* rendering the CSV tables */
    int csv_beside;   /* ... on a thread of its own, beside layout */
};

static void stage_time(double *slot, double since)
{
    *slot += now() - since;
}

/* ---- loading ---- */

static int parse_date_arg(const char *what, const char *s, struct date *out)
{
    if (date_parse(s, strlen(s), out) != DATE_OK) {
        fprintf(stderr, "reportgen: %s needs a date YYYY-MM-DD, not '%s'\n", what, s);
        fputs("Try 'reportgen --help' for more information.\n", stderr);
        return EXIT_USAGE;
    }
    return 0;
}

struct period {
    int has;
    struct date from, to;
    char label[32], suffix[32];
};

static int parse_period(const struct options *opt, struct period *p)
{
    int rc;

    memset(p, 0, sizeof *p);
    if (opt->month && (opt->from || opt->to))
        return usage_error("--month and --from/--to exclude each other%s", "");
    if (opt->month) {
        char buf[16];
        if (strlen(opt->month) != 7 || opt->month[4] != '-')
            return usage_error("--month needs YYYY-MM, not '%s'", opt->month);
        snprintf(buf, sizeof buf, "%s-01", opt->month);
        if (date_parse(buf, 10, &p->from) != DATE_OK)
            return usage_error("--month needs YYYY-MM, not '%s'", opt->month);
        p->to = date_end_of_month(p->from, 0);
        snprintf(p->label, sizeof p->label, "%.7s", opt->month);
        snprintf(p->suffix, sizeof p->suffix, "-%.7s", opt->month);
        p->has = 1;
    } else if (opt->from || opt->to) {
        char a[11], b[11];
        if (!opt->from || !opt->to)
            return usage_error("--from and --to go together%s", "");
        if ((rc = parse_date_arg("--from", opt->from, &p->from)) != 0 ||
            (rc = parse_date_arg("--to", opt->to, &p->to)) != 0)
            return rc;
        if (date_cmp(p->from, p->to) > 0)
            return usage_error("--from '%s' is after --to", opt->from);
        date_format(p->from, a);
        date_format(p->to, b);
        snprintf(p->label, sizeof p->label, "%s~%s", a, b);
        snprintf(p->suffix, sizeof p->suffix, "-%.4s%.2s%.2s-%.4s%.2s%.2s", a, a + 5, a + 8,
                 b, b + 5, b + 8);
        p->has = 1;
    }
    return 0;
}

/* The report date: --as-of, else the period's end, else SOURCE_DATE_EPOCH, else today. */
static int report_date(const struct options *opt, const struct period *per, struct date *out)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    time_t t;
    struct tm tm;

    if (opt->as_of)
        return parse_date_arg("--as-of", opt->as_of, out);
    if (per->has) {
        *out = per->to;
        return 0;
    }
    if (sde && *sde) {
        char *end;
        long long v;
        errno = 0;
        v = strtoll(sde, &end, 10);
        if (errno || *end || v < 0 || v > 253402300799LL)
            return usage_error("SOURCE_DATE_EPOCH must be seconds since 1970, not '%s'", sde);
        t = (time_t)v;
    } else {
        t = time(NULL);
    }
    if (!gmtime_r(&t, &tm))
        return usage_error("cannot convert the time%s", "");
    out->year = tm.tm_year + 1900;
    out->month = tm.tm_mon + 1;
    out->day = tm.tm_mday;
    return 0;
}

struct page_sink {
    const struct options *opt;
    struct pdf_job *pdf;
    double *draw;       /* seconds spent drawing pages, accumulated */
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

static void run_init(struct options *opt, struct run *r)
{
    memset(r, 0, sizeof *r);
    dataset_init(&r->ds);
    diag_list_init(&r->diags);
    r->diags.strict = opt->strict;
    r->diags.quiet = opt->quiet;
}

/* Check that every --company names a company of the dataset. */
static void check_companies(const struct options *opt, struct run *r)
{
    size_t i, k;
    for (i = 0; i < opt->n_companies; i++) {
        for (k = 0; k < r->ds.n_pledges; k++)
            if (strcmp(r->ds.pledges[k].company, opt->companies[i]) == 0)
                break;
        if (k == r->ds.n_pledges)
            diag_add(&r->diags, DIAG_COMPANY_UNKNOWN, NULL, 0, NULL, NULL,
                     "'%s' made no pledge in '%s'", opt->companies[i], r->ds.file);
    }
}

/*
 * Load and validate (and aggregate when asked); prints the diagnostics so
 * far.  Returns the exit status so far.
 */
static int load(struct options *opt, struct run *r, int want_aggregate)
{
    double t0 = now();
    int rc;

    run_init(opt, r);
    if (want_aggregate) {
        if ((rc = parse_period(opt, &r->period)) != 0 ||
            (rc = report_date(opt, &r->period, &r->ao.as_of)) != 0)
            return rc;
        r->ao.has_period = r->period.has;
        r->ao.period_from = r->period.from;
        r->ao.period_to = r->period.to;
        r->ao.period_label = r->period.has ? r->period.label : NULL;
        if (opt->n_companies) {
            r->ao.companies = opt->companies;
            r->ao.n_companies = opt->n_companies;
        }
    }
    if (dataset_load(&r->ds, opt->args[0], &r->diags) == 0) {
        stage_time(&r->tm.load, t0);
        t0 = now();
        dataset_validate(&r->ds, &r->diags);
        stage_time(&r->tm.validate, t0);
    } else {
        stage_time(&r->tm.load, t0);
    }
    progress(opt, "read %zu meetings and %zu pledges", r->ds.n_meetings, r->ds.n_pledges);
    if (!r->diags.errors && want_aggregate) {
        check_companies(opt, r);
        t0 = now();
        if (!r->diags.errors) {
            r->have_agg = 1;
            if (aggregate_build(&r->agg, &r->ds, &r->ao, &r->diags) < 0) {
                /* the overflow is reported in diags; the aggregate is still released */
            }
        }
        stage_time(&r->tm.aggregate, t0);
    }
    diag_print_all(stderr, &r->diags);
    return r->diags.errors ? (int)r->diags.status : EXIT_OK;
}

static void release(struct run *r)
{
    if (r->have_agg)
        aggregate_release(&r->agg);
    dataset_release(&r->ds);
    diag_list_release(&r->diags);
}

static int cmd_validate(struct options *opt)
{
    struct run r;
    int rc = load(opt, &r, 0);

    if (opt->verbose && rc == EXIT_OK)
        fprintf(stderr, "reportgen: %s: valid: %zu meetings, %zu pledges, %zu warnings\n",
                r.ds.file, r.ds.n_meetings, r.ds.n_pledges, r.diags.warnings);
    release(&r);
    return rc;
}

static int write_stdout(const char *buf, size_t len)
{
    if (fwrite(buf, 1, len, stdout) != len || fflush(stdout) != 0) {
        fprintf(stderr, "reportgen: error: cannot write: standard output: %s\n",
                strerror(errno));
        return EXIT_IO;
    }
    return EXIT_OK;
}

/* Print the diagnostics added after 'from' and return the run's status. */
static int finish(struct run *r, size_t from)
{
    size_t i;
    for (i = from; i < r->diags.count; i++)
        if (!r->diags.quiet || diag_level_of(r->diags.items[i].code) == DIAG_ERROR)
            diag_print(stderr, &r->diags.items[i]);
    return r->diags.errors ? (int)r->diags.status : EXIT_OK;
}

/* ---- layout ---- */

/* The directory holding layouts/ and fonts/: REPORTGEN_DATADIR, else next to
   the executable (a build tree) or PREFIX/share/reportgen (an install). */
static char *data_dir(void)
{
    const char *env = getenv("REPORTGEN_DATADIR");
    char exe[4096];
    ssize_t n;
    struct strbuf sb = STRBUF_INIT;
    char *slash;

    if (env && *env)
        return xstrdup(env);
    n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            strbuf_addf(&sb, "%s/../share/reportgen/layouts/briefing.json", exe);
            if (access(sb.buf, R_OK) == 0) {
                strbuf_reset(&sb);
                strbuf_addf(&sb, "%s/../share/reportgen", exe);
                return strbuf_detach(&sb, NULL);
            }
            /* a build tree: build/reportgen or build/<variant>/reportgen */
            for (n = 1; n <= 2; n++) {
                strbuf_reset(&sb);
                strbuf_addf(&sb, "%s/..%s/layouts/briefing.json", exe, n == 2 ? "/.." : "");
                if (access(sb.buf, R_OK) == 0) {
                    strbuf_reset(&sb);
                    strbuf_addf(&sb, "%s/..%s", exe, n == 2 ? "/.." : "");
                    return strbuf_detach(&sb, NULL);
                }
            }
        }
    }
    strbuf_release(&sb);
    return xstrdup(".");
}

/* Creation time of documents: SOURCE_DATE_EPOCH, else --as-of, else now. */
static long long creation_time(const struct options *opt, const struct aggregate *agg)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde)
        return strtoll(sde, NULL, 10);
    if (opt->as_of)
        return (date_to_days(agg->opt.as_of) - date_to_days((struct date){1970, 1, 1})) *
               86400LL;
    return (long long)time(NULL);
}

/* What a layout needs that does not depend on the data: loaded once a run. */
struct typeset {
    char *layout_path;          /* named in diagnostics: lives as long as the run */
    struct layoutdef def;
    struct font_metrics *fm[DL_FONT_COUNT];
    char *font_file[DL_FONT_COUNT];
    int loaded;
};

static int typeset_load(struct options *opt, struct diag_list *diags, struct typeset *ts)
{
    char *dir = data_dir();
    struct strbuf sb = STRBUF_INIT;
    int f, rc = -1;

    memset(ts, 0, sizeof *ts);
    if (opt->layout) {
        ts->layout_path = xstrdup(opt->layout);
    } else {
        strbuf_addf(&sb, "%s/layouts/briefing.json", dir);
        ts->layout_path = strbuf_detach(&sb, NULL);
    }
    ts->loaded = 1;
    if (layoutdef_load(&ts->def, ts->layout_path, diags) < 0)
        goto out;
    strbuf_reset(&sb);
    strbuf_addf(&sb, "%s/fonts/manifest.json", dir);
    for (f = 0; f < DL_FONT_COUNT; f++) {
        char err[256];
        ts->font_file[f] = fonts_find(sb.buf, ts->def.font_family[f], diags);
        if (!ts->font_file[f])
            goto out;
        ts->fm[f] = fontmetrics_load(ts->font_file[f], err, sizeof err);
        if (!ts->fm[f]) {
            diag_add(diags, DIAG_FONT, NULL, 0, NULL, NULL, "'%s': %s", ts->font_file[f],
                     err);
            goto out;
        }
    }
    rc = 0;
out:
    strbuf_release(&sb);
    free(dir);
    return rc;
}

static void typeset_release(struct typeset *ts)
{
    int f;
    if (!ts->loaded)
        return;
    layoutdef_release(&ts->def);
    for (f = 0; f < DL_FONT_COUNT; f++) {
        fontmetrics_free(ts->fm[f]);
        free(ts->font_file[f]);
    }
    free(ts->layout_path);
}

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

static void *typeset_job_run(void *arg)
{
    struct typeset_job *j = arg;
    j->rc = typeset_load(j->opt, &j->diags, &j->ts);
    return NULL;
}

static void typeset_job_start(struct typeset_job *j, struct options *opt)
{
    memset(j, 0, sizeof *j);
    j->opt = opt;
    diag_list_init(&j->diags);
    j->diags.strict = opt->strict;
    j->diags.quiet = opt->quiet;
    j->started = opt->parallel && pthread_create(&j->thread, NULL, typeset_job_run, j) == 0;
}

/* Wait for the job (or run it here); its diagnostics join 'diags' if given. */
static int typeset_job_join(struct typeset_job *j, struct diag_list *diags)
{
    if (!j->joined) {
        if (j->started)
            pthread_join(j->thread, NULL);
        else
            j->rc = typeset_load(j->opt, &j->diags, &j->ts);
        j->joined = 1;
        if (diags)
            diag_list_append(diags, &j->diags);
    }
    return j->rc;
}

static void typeset_job_release(struct typeset_job *j)
{
    typeset_job_join(j, NULL);
    typeset_release(&j->ts);
    diag_list_release(&j->diags);
}

/* Each finished page goes to the PDF; on a terminal, say how far layout is. */
static void page_done(void *ctx, const struct display_list *dl, size_t page)
{
    struct page_sink *k = ctx;
    double t0 = now();
    render_pdf_page(k->pdf, dl, page);
    stage_time(k->draw, t0);
    if (page % 100 == 99)
        progress(k->opt, "laid out %zu pages", page + 1);
}

/* Lay out one aggregate into 'dl'.  Returns 0 or -1 (reported). */
static int lay_out(struct options *opt, struct run *r, struct typeset *ts,
                   const struct aggregate *agg, struct display_list *dl, struct pdf_job *pdf)
{
    struct layout_input in;
    double t0 = now();
    int f, rc;

    memset(&in, 0, sizeof in);
    in.agg = agg;
    in.ds = &r->ds;
    in.def = &ts->def;
    for (f = 0; f < DL_FONT_COUNT; f++) {
        in.fonts[f] = ts->fm[f];
        in.font_file[f] = ts->font_file[f];
    }
    in.created = creation_time(opt, agg);
    if (!r->text_checked) {
        /* once a run: the same dataset for every briefing of it */
        if (layout_check_text(&in, &r->diags) < 0)
            return -1;
        r->text_checked = 1;
        /* no later stage reports positions in the dataset: free its text */
        dataset_drop_source(&r->ds);
    }
    if (pdf) { /* pages go to the PDF as they are laid out */
        struct page_sink *k = &r->sink;
        k->opt = opt;
        k->pdf = pdf;
        k->draw = &r->tm.draw;
        in.sink = page_done;
        in.sink_ctx = k;
    }
    rc = layout_build(dl, &in, &r->diags);
    stage_time(&r->tm.layout, t0);
    progress(opt, "laid out %zu pages", dl->n_pages);
    return rc;
}

static int cmd_dump(struct options *opt)
{
    struct run r;
    int rc = load(opt, &r, opt->aggregate || opt->layout_dump);

    if (rc == EXIT_OK) {
        struct strbuf out = STRBUF_INIT;
        struct typeset ts;
        struct display_list dl;
        size_t mark = r.diags.count;

        memset(&ts, 0, sizeof ts);
        display_list_init(&dl);
        if (opt->layout_dump) {
            if (typeset_load(opt, &r.diags, &ts) < 0 ||
                lay_out(opt, &r, &ts, &r.agg, &dl, NULL) < 0)
                rc = finish(&r, mark);
            else
                render_dump(&dl, &out);
        } else if (opt->aggregate) {
            aggregate_dump(&r.agg, &out);
        } else {
            dataset_dump(&r.ds, &out);
        }
        if (rc == EXIT_OK)
            rc = write_stdout(out.buf, out.len);
        display_list_release(&dl);
        typeset_release(&ts);
        strbuf_release(&out);
    }
    release(&r);
    return rc;
}

/* ---- producing files ---- */

/* Hold an exclusive lock on 'dir'/.reportgen.lock, waiting up to 60 s. */
static int take_lock(const struct options *opt, const char *dir, struct diag_list *diags)
{
    struct strbuf path = STRBUF_INIT;
    int fd, said = 0;
    double until = now() + 60;

    strbuf_addf(&path, "%s/.reportgen.lock", dir);
    fd = open(path.buf, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        diag_add(diags, DIAG_IO_WRITE, NULL, 0, NULL, NULL, "lock '%s': %s", path.buf,
                 strerror(errno));
        strbuf_release(&path);
        return -1;
    }
    while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
        struct timespec ts = {0, 100000000};
        if (errno != EWOULDBLOCK && errno != EINTR) {
            diag_add(diags, DIAG_IO_WRITE, NULL, 0, NULL, NULL, "lock '%s': %s", path.buf,
                     strerror(errno));
            close(fd);
            strbuf_release(&path);
            return -1;
        }
        if (now() > until) {
            diag_add(diags, DIAG_IO_WRITE, NULL, 0, NULL, NULL,
                     "'%s' is locked by another reportgen run (waited 60 s)", dir);
            close(fd);
            strbuf_release(&path);
            return -1;
        }
        if (!said && !opt->quiet && isatty(STDERR_FILENO)) {
            fprintf(stderr, "reportgen: waiting for another run writing to '%s'\n", dir);
            said = 1;
        }
        nanosleep(&ts, NULL);
    }
    strbuf_release(&path);
    return fd; /* released when the process exits */
}

/* The PDF's bytes go to the open temporary file in writes of about 1 MB. */
struct sink {
    struct outset *set;
    struct diag_list *diags;
    size_t bytes;
    struct strbuf buf;
};

static int sink_flush(struct sink *k)
{
    int rc = outset_write(k->set, k->buf.buf, k->buf.len, k->diags);
    strbuf_reset(&k->buf);
    return rc;
}

static int write_out(void *ctx, const void *buf, size_t len)
{
    struct sink *k = ctx;
    k->bytes += len;
    strbuf_add(&k->buf, buf, len);
    return k->buf.len >= (1u << 20) ? sink_flush(k) : 0;
}

/*
 * The CSV tables of a render are rendered by a second thread while the
 * main one lays out the PDF: csv_render_all reads only the aggregate and
 * fills its own buffers and diagnostics.  The thread is joined before any
 * file is opened, so that files stay one thread's; the tables become
 * files and their diagnostics the run's when the PDF is done (dropped if
 * it failed).
 */
struct csv_job {
    const struct aggregate *agg;
    struct csv_options co;
    struct strbuf out[CSV_TABLE_COUNT];
    struct diag_list diags;
    double seconds;
    int rc;
};

static void *csv_job_run(void *arg)
{
    struct csv_job *j = arg;
    double t0 = now();

    j->rc = csv_render_all(j->agg, &j->co, j->out, &j->diags);
    j->seconds = now() - t0;
    return NULL;
}

static void csv_job_init(struct csv_job *j, const struct options *opt, const struct run *r,
                         const struct aggregate *agg)
{
    int t;

    memset(j, 0, sizeof *j);
    j->agg = agg;
    j->co = opt->csv;
    j->co.suffix = r->period.suffix;
    for (t = 0; t < CSV_TABLE_COUNT; t++)
        strbuf_init(&j->out[t]);
    diag_list_init(&j->diags);
    j->diags.strict = r->diags.strict;
    j->diags.quiet = r->diags.quiet;
    j->diags.max = r->diags.max;
}

/* Write the job's tables into 'set' and report its diagnostics ('keep'), or drop them. */
static int csv_job_finish(struct csv_job *j, struct run *r, const char *dir, struct outset *set,
                          int keep, int verbose)
{
    int t, rc = j->rc;

    if (keep) {
        size_t before = set->count;
        double t0 = now();
        diag_list_append(&r->diags, &j->diags);
        if (rc == 0)
            rc = csv_add_all(dir, &j->co, j->out, set, &r->diags);
        r->tm.csv += j->seconds;
        r->tm.write += now() - t0;
        if (rc == 0 && verbose)
            for (; before < set->count; before++)
                fprintf(stderr, "reportgen: %s\n", set->files[before].path);
    }
    for (t = 0; t < CSV_TABLE_COUNT; t++)
        strbuf_release(&j->out[t]);
    diag_list_release(&j->diags);
    return rc;
}

/* Lay out, render and add one briefing's files to the set. */
static int produce_one(struct options *opt, struct run *r, struct typeset *ts,
                       const struct aggregate *agg, enum output_kind kind, const char *dir,
                       struct outset *set)
{
    struct strbuf path = STRBUF_INIT;
    struct display_list dl;
    struct csv_job csv;
    pthread_t csv_thread;
    int csv_started = 0, csv_done = 0, csv_wanted = kind == OUT_CSV || kind == OUT_RENDER;
    size_t csv_first = 0, csv_count = 0;   /* files the tables became, when written early */
    double t0;
    int rc = 0;

    display_list_init(&dl);
    if (csv_wanted)
        csv_job_init(&csv, opt, r, agg);
    if (kind == OUT_PDF || kind == OUT_RENDER) {
        struct pdf_job *pdf;
        struct sink k;

        if (kind == OUT_RENDER && opt->parallel)   /* on the second core, beside the PDF */
            r->tm.csv_beside = csv_started =
                pthread_create(&csv_thread, NULL, csv_job_run, &csv) == 0;
        if (kind == OUT_PDF)
            strbuf_addstr(&path, opt->output);
        else
            strbuf_addf(&path, "%s/briefing%s.pdf", dir, r->period.suffix);
        pdf = render_pdf_begin(&dl, path.buf, &r->diags);
        render_pdf_set_threads(pdf, opt->parallel ? 2 : 1);
        rc = lay_out(opt, r, ts, agg, &dl, pdf);
        if (csv_started) {   /* before any file is written: files are one thread's */
            pthread_join(csv_thread, NULL);
            csv_started = 0;
            csv_done = 1;
            if (rc == 0 && csv.rc == 0) {
                /* the tables' files now, so that their fsync overlaps the PDF's assembly */
                csv_first = set->count;
                rc = csv_job_finish(&csv, r, dir, set, 1, 0);
                csv_count = set->count - csv_first;
                csv_wanted = 0;
            }
        }
        t0 = now();
        k.set = set;
        k.diags = &r->diags;
        k.bytes = 0;
        strbuf_init(&k.buf);
        if (rc == 0)
            rc = outset_open(set, path.buf, &r->diags);
        if (rc == 0) {
            size_t before = set->count;
            rc = render_pdf_finish(pdf, write_out, &k);
            if (rc == 0)
                rc = sink_flush(&k);
            if (rc == 0)
                rc = outset_close(set, &r->diags);
            else if (set->count == before) /* the temporary is still open */
                outset_abandon(set);
        }
        strbuf_release(&k.buf);
        stage_time(&r->tm.render, t0);
        if (rc == 0 && opt->verbose) {
            fprintf(stderr, "reportgen: %s: %zu pages, %zu bytes\n", path.buf, dl.n_pages,
                    k.bytes);
            for (; csv_count > 0; csv_count--, csv_first++)
                fprintf(stderr, "reportgen: %s\n", set->files[csv_first].path);
        }
        render_pdf_free(pdf);
    }
    if (csv_wanted) {
        if (!csv_done && rc == 0)
            csv_job_run(&csv);
        if (csv_job_finish(&csv, r, dir, set, rc == 0, opt->verbose) < 0)
            rc = -1;
    }
    display_list_release(&dl);
    strbuf_release(&path);
    return rc;
}

/* pdf, csv and render: one briefing, or one per company too. */
static int cmd_produce(struct options *opt)
{
    const struct command *c = find_command(opt->command);
    struct run r;
    struct outset set = OUTSET_INIT;
    struct typeset_job tj;
    struct strmap used = STRMAP_INIT;
    struct arena names = ARENA_INIT;
    char *lock_dir;
    size_t mark;
    int rc, lock_fd = -1;

    set.sync_in_background = opt->parallel;
    dataset_setup();   /* before any thread uses jansson */
    if (c->output != OUT_CSV) {
        typeset_job_start(&tj, opt);
    } else {
        memset(&tj, 0, sizeof tj);
        diag_list_init(&tj.diags);
        tj.joined = 1;
    }
    rc = load(opt, &r, 1);
    mark = r.diags.count;
    if (rc != EXIT_OK)
        goto out;
    if (c->output == OUT_PDF) { /* the lock goes beside the PDF */
        const char *slash = strrchr(opt->output, '/');
        lock_dir = !slash ? xstrdup(".") : slash == opt->output ? xstrdup("/")
                          : xstrndup(opt->output, (size_t)(slash - opt->output));
    } else {
        lock_dir = xstrdup(opt->output);
    }
    if ((c->output != OUT_PDF && outdir_make(opt->output, &r.diags) < 0) ||
        (opt->lock && (lock_fd = take_lock(opt, lock_dir, &r.diags)) < 0) ||
        (c->output != OUT_CSV && typeset_job_join(&tj, &r.diags) < 0) ||
        produce_one(opt, &r, &tj.ts, &r.agg, c->output, opt->output, &set) < 0) {
        free(lock_dir);
        rc = finish(&r, mark);
        goto out;
    }
    free(lock_dir);
    if (opt->split_by_company) {
        size_t i;
        for (i = 0; i < r.agg.n_companies && rc == EXIT_OK; i++) {
            struct aggregate one;
            struct aggregate_options ao = r.ao;
            struct strbuf name = STRBUF_INIT, dir = STRBUF_INIT;
            const char *company = r.agg.companies[i].name;
            int n = 1;

            /* a safe, unique directory name per company */
            outfile_safe_name(company, &name);
            while (strmap_get(&used, name.buf, NULL, 0)) {
                strbuf_reset(&name);
                outfile_safe_name(company, &name);
                strbuf_addf(&name, "-%d", ++n);
            }
            strmap_get(&used, arena_strdup(&names, name.buf), NULL, 1);
            strbuf_addf(&dir, "%s/%s", opt->output, name.buf);
            ao.companies = &company;
            ao.n_companies = 1;
            progress(opt, "company %zu of %zu", i + 1, r.agg.n_companies);
            if (outdir_make(dir.buf, &r.diags) < 0 ||
                aggregate_build(&one, &r.ds, &ao, &r.diags) < 0 ||
                produce_one(opt, &r, &tj.ts, &one, c->output, dir.buf, &set) < 0)
                rc = finish(&r, mark);
            aggregate_release(&one);
            strbuf_release(&name);
            strbuf_release(&dir);
        }
        if (rc != EXIT_OK)
            goto out;
    }
    {
        double t0 = now();
        progress(opt, "writing %zu files", set.count);
        if (outset_commit(&set, &r.diags) < 0)
            rc = finish(&r, mark);
        stage_time(&r.tm.write, t0);
    }
    if (rc == EXIT_OK && opt->verbose)
        fprintf(stderr, "reportgen: wrote %zu files in %.2f s\n", set.count, now() - t_start);
    if (rc == EXIT_OK && opt->verbose && opt->timings)
        fprintf(stderr,
                "reportgen: timings: load %.1f ms, validate %.1f ms, aggregate %.1f ms, "
                "layout %.1f ms, page drawing %.1f ms, PDF assembly %.1f ms, "
                "CSV tables %.1f ms%s, writing files %.1f ms, total %.1f ms\n",
                1e3 * r.tm.load, 1e3 * r.tm.validate, 1e3 * r.tm.aggregate,
                1e3 * (r.tm.layout - r.tm.draw), 1e3 * r.tm.draw, 1e3 * r.tm.render,
                1e3 * r.tm.csv, r.tm.csv_beside ? " (beside layout)" : "",
                1e3 * r.tm.write, 1e3 * (now() - t_start));
out:
    progress_end();
    if (lock_fd >= 0)
        close(lock_fd);
    outset_release(&set);
    typeset_job_release(&tj);
    strmap_release(&used);
    arena_release(&names);
    release(&r);
    return rc;
}

/* ---- options ---- */

/* Options that take a value: the value is the next argument. */
static int option_value(int argc, char **argv, int *i, const char **out)
{
    if (*i + 1 >= argc)
        return usage_error("option '%s' needs a value", argv[*i]);
    *out = argv[++*i];
    return 0;
}

/* The field of a plain string option ("--layout FILE"), or NULL. */
static const char **string_option(struct options *opt, const char *a)
{
    static const struct {
        const char *name, *alias;
        size_t offset;
    } opts[] = {
        {"-o", "--output", offsetof(struct options, output)},
        {"--layout", NULL, offsetof(struct options, layout)},
        {"--as-of", NULL, offsetof(struct options, as_of)},
        {"--month", NULL, offsetof(struct options, month)},
        {"--from", NULL, offsetof(struct options, from)},
        {"--to", NULL, offsetof(struct options, to)},
    };
    size_t k;

    for (k = 0; k < sizeof opts / sizeof opts[0]; k++)
        if (strcmp(a, opts[k].name) == 0 || (opts[k].alias && strcmp(a, opts[k].alias) == 0))
            return (const char **)(void *)((char *)opt + opts[k].offset);
    return NULL;
}

/*
 * The heap a command will need, roughly, so that it can be reserved in one
 * go (xalloc_reserve): 2 MB of fonts, layout and PDF objects at any size,
 * and for each byte of the dataset 3 bytes more when the command renders
 * (records, aggregate, display list, output) or 2 when it only reads.
 * Measured over the base process: 3 MB at 50 pledges; 5.2 and 4.7 bytes a
 * dataset byte for 'render' at 10,000 and 100,000 pledges, 2.2 for
 * 'validate': the estimate stays below what is used, since memory kept in
 * the heap once freed needs room too.  Standard input counts as empty.
 */
static size_t heap_estimate(const struct command *c, const struct options *opt)
{
    size_t per_byte = c->output != OUT_NONE || opt->layout_dump ? 3 : 2;
    return ((size_t)2 << 20) + per_byte * opt->input_size;
}

/* The size of the dataset file, 0 for standard input or when it cannot be told. */
static size_t input_size(const struct options *opt)
{
    struct stat st;

    if (opt->nargs < 1 || strcmp(opt->args[0], "-") == 0 || stat(opt->args[0], &st) != 0 ||
        !S_ISREG(st.st_mode) || (uintmax_t)st.st_size > SIZE_MAX / 8)
        return 0;
    return (size_t)st.st_size;
}

int main(int argc, char **argv)
{
    struct options opt;
    const struct command *c;
    const char **field;
    const char *v;
    int i, rc, only_args = 0;

    memset(&opt, 0, sizeof opt);
    t_start = now();
    if ((v = getenv("REPORTGEN_FAIL_WRITE")) != NULL)
        outfile_fail_write_at = strtol(v, NULL, 10);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_args || a[0] != '-' || a[1] == '\0') {
            if (!opt.command)
                opt.command = a;
            else if (opt.nargs >= (int)(sizeof opt.args / sizeof opt.args[0]))
                return usage_error("too many arguments at '%s'", a);
            else
                opt.args[opt.nargs++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_args = 1;
        } else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
            opt.verbose = 1;
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            opt.quiet = 1;
        } else if (strcmp(a, "--strict") == 0) {
            opt.strict = 1;
        } else if (strcmp(a, "--timings") == 0) {
            opt.timings = 1;
        } else if (strcmp(a, "--aggregate") == 0) {
            opt.aggregate = 1;
        } else if (strcmp(a, "--layout-dump") == 0) {
            opt.layout_dump = 1;
        } else if (strcmp(a, "--lock") == 0) {
            opt.lock = 1;
        } else if (strcmp(a, "--no-bom") == 0) {
            opt.csv.no_bom = 1;
        } else if (strcmp(a, "--csv-totals") == 0) {
            opt.csv.totals = 1;
        } else if ((field = string_option(&opt, a)) != NULL) {
            if ((rc = option_value(argc, argv, &i, field)) != 0)
                return rc;
        } else if (strcmp(a, "--company") == 0) {
            if ((rc = option_value(argc, argv, &i, &v)) != 0)
                return rc;
            if (opt.n_companies >= MAX_COMPANIES)
                return usage_error("at most 64 --company options, at '%s'", v);
            opt.companies[opt.n_companies++] = v;
        } else if (strcmp(a, "--split-by") == 0) {
            if ((rc = option_value(argc, argv, &i, &v)) != 0)
                return rc;
            if (strcmp(v, "company") != 0)
                return usage_error("--split-by takes 'company', not '%s'", v);
            opt.split_by_company = 1;
        } else if (strcmp(a, "--csv-header") == 0) {
            if ((rc = option_value(argc, argv, &i, &v)) != 0)
                return rc;
            if (strcmp(v, "en") != 0 && strcmp(v, "ko") != 0)
                return usage_error("--csv-header takes 'ko' or 'en', not '%s'", v);
            opt.csv.english = strcmp(v, "en") == 0;
        } else if (strcmp(a, "--csv-encoding") == 0) {
            if ((rc = option_value(argc, argv, &i, &v)) != 0)
                return rc;
            if (strcmp(v, "cp949") != 0 && strcmp(v, "utf-8") != 0)
                return usage_error("--csv-encoding takes 'utf-8' or 'cp949', not '%s'", v);
            opt.csv.cp949 = strcmp(v, "cp949") == 0;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(a, "--version") == 0) {
            printf("reportgen %s\n", REPORTGEN_VERSION);
            return 0;
        } else {
            return usage_error("unknown option '%s'", a);
        }
    }
    if (!opt.command) {
        usage(stderr);
        return EXIT_USAGE;
    }
    c = find_command(opt.command);
    if (!c)
        return usage_error("unknown command '%s'", opt.command);
    if (c->nargs >= 0 && opt.nargs != c->nargs)
        return usage_error(opt.nargs < c->nargs ? "'%s' needs a FILE argument"
                                                : "too many arguments for '%s'", c->name);
    if (c->nargs < 0 && opt.nargs > 1)
        return usage_error("too many arguments for '%s'", c->name);
    if (c->output != OUT_NONE && !opt.output)
        return usage_error("'%s' needs -o", c->name);
    if (opt.split_by_company && c->output != OUT_RENDER && c->output != OUT_CSV)
        return usage_error("--split-by goes with 'render' or 'csv', not '%s'", c->name);
    if (c->run == cmd_help)
        return c->run(&opt);
    opt.input_size = input_size(&opt);
    /* standard input may be large: it gets the threads */
    opt.parallel = opt.input_size >= PARALLEL_MIN_INPUT ||
                   (opt.nargs >= 1 && strcmp(opt.args[0], "-") == 0);
    /* test hook: REPORTGEN_PARALLEL=0 or 1 decides instead of the size */
    if ((v = getenv("REPORTGEN_PARALLEL")) != NULL && (strcmp(v, "0") == 0 || strcmp(v, "1") == 0))
        opt.parallel = v[0] == '1';
    (void)xalloc_reserve(heap_estimate(c, &opt));
    return c->run(&opt);
}
