/*
 * main.c - the command line: parse options, run the pipeline stages in
 * order (load -> validate -> aggregate -> layout -> outputs), print the
 * diagnostics, exit with the status of the worst one.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
#include "version.h"

struct options {
    int verbose, quiet, strict;
    int aggregate;              /* dump --aggregate */
    int layout_dump;            /* dump --layout-dump */
    const char *layout;         /* --layout FILE */
    const char *as_of;          /* --as-of YYYY-MM-DD */
    const char *output;         /* -o */
    struct csv_options csv;
    const char *command;
    const char *args[8];
    int nargs;
};

struct command {
    const char *name;
    int nargs;
    int needs_output;
    int (*run)(struct options *opt);
    const char *synopsis;
    const char *help;
};

static int cmd_validate(struct options *opt);
static int cmd_dump(struct options *opt);
static int cmd_csv(struct options *opt);
static int cmd_pdf(struct options *opt);
static int cmd_render(struct options *opt);
static int cmd_help(struct options *opt);

static const struct command commands[] = {
    {"validate", 1, 0, cmd_validate, "validate [--strict] FILE",
     "Check FILE (a dataset, '-' for standard input) against the dataset\n"
     "contract and report every problem as FILE:LINE:COL with the record and\n"
     "the JSON path.  Prints nothing when the dataset is valid.\n"
     "--strict also warns about unknown fields, deadline wording that gives no\n"
     "due date, and due dates before their meeting.\n"},
    {"dump", 1, 0, cmd_dump, "dump [--aggregate | --layout-dump] [--as-of DATE] FILE",
     "Print the normalised dataset as stable text: every meeting and pledge,\n"
     "with parsed amounts and the due date with the rule that derived it.\n"
     "--aggregate prints every aggregate figure instead; --layout-dump prints\n"
     "the laid-out pages (every text run, rule and box with its position), as\n"
     "the PDF would draw them.\n"},
    {"pdf", 1, 1, cmd_pdf, "pdf FILE -o OUT.pdf [--layout LAYOUT.json]",
     "Render the briefing as a PDF.  The layout defaults to layouts/briefing.json.\n"
     "A character without a glyph in the layout's fonts is an error (exit 3)\n"
     "and no PDF is written.\n"},
    {"render", 1, 1, cmd_render, "render FILE -o DIR [--layout LAYOUT.json] [CSV OPTIONS]",
     "Write DIR/briefing.pdf and the CSV summaries together: all files are\n"
     "replaced only when every one was produced completely.\n"},
    {"csv", 1, 1, cmd_csv, "csv FILE -o DIR [CSV OPTIONS]",
     "Write by_company.csv, by_category.csv, company_category.csv,\n"
     "pledges.csv and meetings.csv into DIR (created if missing).  All files\n"
     "are replaced together, only when every one was written completely.\n"
     "  --csv-header ko|en      column headers in Korean (default) or English\n"
     "  --no-bom                no UTF-8 byte order mark\n"
     "  --csv-encoding utf-8|cp949\n"
     "                          CP949 for old software; a character CP949 cannot\n"
     "                          hold is an error\n"
     "  --csv-totals            add a totals row to the summary tables\n"},
    {"help", -1, 0, cmd_help, "help [COMMAND]", "Show help for COMMAND.\n"},
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
          "                    (default: SOURCE_DATE_EPOCH if set, else today)\n"
          "  -v, --verbose     say what was written\n"
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

/* The report date: --as-of, else SOURCE_DATE_EPOCH, else today (UTC). */
static int report_date(const struct options *opt, struct date *out)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    time_t t;
    struct tm tm;

    if (opt->as_of) {
        if (date_parse(opt->as_of, strlen(opt->as_of), out) != DATE_OK)
            return usage_error("--as-of needs a date YYYY-MM-DD, not '%s'", opt->as_of);
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

struct run {
    struct dataset ds;
    struct diag_list diags;
    struct aggregate agg;
    int have_agg;
};

/* Load and validate (and aggregate when asked); diagnostics are printed. */
static int load(struct options *opt, struct run *r, int want_aggregate)
{
    struct aggregate_options ao;
    int rc;

    memset(r, 0, sizeof *r);
    dataset_init(&r->ds);
    diag_list_init(&r->diags);
    r->diags.strict = opt->strict;
    r->diags.quiet = opt->quiet;
    memset(&ao, 0, sizeof ao);
    if (want_aggregate && (rc = report_date(opt, &ao.as_of)) != 0)
        return rc;
    if (dataset_load(&r->ds, opt->args[0], &r->diags) == 0)
        dataset_validate(&r->ds, &r->diags);
    if (!r->diags.errors && want_aggregate) {
        r->have_agg = 1;
        if (aggregate_build(&r->agg, &r->ds, &ao, &r->diags) < 0) {
            /* the overflow is reported in diags; the aggregate is still released */
        }
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
        diag_print(stderr, &r->diags.items[i]);
    return r->diags.errors ? (int)r->diags.status : EXIT_OK;
}

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
            strbuf_reset(&sb);
            strbuf_addf(&sb, "%s/../layouts/briefing.json", exe);
            if (access(sb.buf, R_OK) == 0) {
                strbuf_reset(&sb);
                strbuf_addf(&sb, "%s/..", exe);
                return strbuf_detach(&sb, NULL);
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

struct typeset {
    char *layout_path;          /* named in diagnostics: lives as long as the run */
    struct layoutdef def;
    struct font_metrics *fm[DL_FONT_COUNT];
    char *font_file[DL_FONT_COUNT];
    struct display_list dl;
};

/* Layout file, fonts, layout: fills ts->dl.  Returns 0 or -1 (reported). */
static int typeset(struct options *opt, struct run *r, struct typeset *ts)
{
    char *dir = data_dir(), *path = NULL;
    struct strbuf sb = STRBUF_INIT;
    struct layout_input in;
    int f, rc = -1;

    memset(ts, 0, sizeof *ts);
    display_list_init(&ts->dl);
    if (opt->layout) {
        path = xstrdup(opt->layout);
    } else {
        strbuf_addf(&sb, "%s/layouts/briefing.json", dir);
        path = strbuf_detach(&sb, NULL);
    }
    ts->layout_path = path;
    if (layoutdef_load(&ts->def, path, &r->diags) < 0)
        goto out;
    strbuf_reset(&sb);
    strbuf_addf(&sb, "%s/fonts/manifest.json", dir);
    for (f = 0; f < DL_FONT_COUNT; f++) {
        char err[256];
        ts->font_file[f] = fonts_find(sb.buf, ts->def.font_family[f], &r->diags);
        if (!ts->font_file[f])
            goto out;
        ts->fm[f] = fontmetrics_load(ts->font_file[f], err, sizeof err);
        if (!ts->fm[f]) {
            diag_add(&r->diags, DIAG_FONT, NULL, 0, NULL, NULL, "'%s': %s", ts->font_file[f],
                     err);
            goto out;
        }
    }
    memset(&in, 0, sizeof in);
    in.agg = &r->agg;
    in.ds = &r->ds;
    in.def = &ts->def;
    for (f = 0; f < DL_FONT_COUNT; f++) {
        in.fonts[f] = ts->fm[f];
        in.font_file[f] = ts->font_file[f];
    }
    in.created = creation_time(opt, &r->agg);
    if (layout_build(&ts->dl, &in, &r->diags) < 0)
        goto out;
    rc = 0;
out:
    strbuf_release(&sb);
    free(dir);
    return rc;
}

static void typeset_release(struct typeset *ts)
{
    int f;
    display_list_release(&ts->dl);
    layoutdef_release(&ts->def);
    free(ts->layout_path);
    for (f = 0; f < DL_FONT_COUNT; f++) {
        fontmetrics_free(ts->fm[f]);
        free(ts->font_file[f]);
    }
}

/* Render the PDF of a typeset run into the set as 'path'. */
static int add_pdf(struct run *r, struct typeset *ts, const char *path, struct outset *set)
{
    struct strbuf pdf = STRBUF_INIT;
    int rc = render_pdf(&ts->dl, &pdf, &r->diags);
    if (rc == 0)
        rc = outset_add(set, path, pdf.buf, pdf.len, &r->diags);
    strbuf_release(&pdf);
    return rc;
}

static int cmd_pdf(struct options *opt)
{
    struct run r;
    struct outset set = OUTSET_INIT;
    struct typeset ts;
    int rc = load(opt, &r, 1);
    size_t mark = r.diags.count;

    memset(&ts, 0, sizeof ts);
    if (rc == EXIT_OK) {
        if (typeset(opt, &r, &ts) < 0 || add_pdf(&r, &ts, opt->output, &set) < 0 ||
            outset_commit(&set, &r.diags) < 0)
            rc = finish(&r, mark);
        else if (opt->verbose)
            fprintf(stderr, "reportgen: wrote %s (%zu pages)\n", opt->output, ts.dl.n_pages);
        typeset_release(&ts);
    }
    outset_release(&set);
    release(&r);
    return rc;
}

static int cmd_render(struct options *opt)
{
    struct run r;
    struct outset set = OUTSET_INIT;
    struct typeset ts;
    struct strbuf path = STRBUF_INIT;
    int rc = load(opt, &r, 1);
    size_t mark = r.diags.count;

    memset(&ts, 0, sizeof ts);
    if (rc == EXIT_OK) {
        strbuf_addf(&path, "%s/briefing.pdf", opt->output);
        if (outdir_make(opt->output, &r.diags) < 0 || typeset(opt, &r, &ts) < 0 ||
            add_pdf(&r, &ts, path.buf, &set) < 0 ||
            csv_write_all(&r.agg, opt->output, &opt->csv, &set, &r.diags) < 0 ||
            outset_commit(&set, &r.diags) < 0) {
            rc = finish(&r, mark);
        } else if (opt->verbose) {
            size_t i;
            for (i = 0; i < set.count; i++)
                fprintf(stderr, "reportgen: wrote %s\n", set.files[i].path);
        }
        typeset_release(&ts);
    }
    strbuf_release(&path);
    outset_release(&set);
    release(&r);
    return rc;
}

static int cmd_csv(struct options *opt)
{
    struct run r;
    struct outset set = OUTSET_INIT;
    int rc = load(opt, &r, 1);
    size_t mark = r.diags.count;

    if (rc == EXIT_OK) {
        if (outdir_make(opt->output, &r.diags) < 0 ||
            csv_write_all(&r.agg, opt->output, &opt->csv, &set, &r.diags) < 0 ||
            outset_commit(&set, &r.diags) < 0) {
            rc = finish(&r, mark);
        } else if (opt->verbose) {
            size_t i;
            for (i = 0; i < set.count; i++)
                fprintf(stderr, "reportgen: wrote %s\n", set.files[i].path);
        }
    }
    outset_release(&set);
    release(&r);
    return rc;
}

static int cmd_dump(struct options *opt)
{
    struct run r;
    int rc = load(opt, &r, opt->aggregate || opt->layout_dump);

    if (rc == EXIT_OK) {
        struct strbuf out = STRBUF_INIT;
        struct typeset ts;
        size_t mark = r.diags.count;
        memset(&ts, 0, sizeof ts);
        if (opt->layout_dump) {
            if (typeset(opt, &r, &ts) < 0)
                rc = finish(&r, mark);
            else
                render_dump(&ts.dl, &out);
            typeset_release(&ts);
        } else if (opt->aggregate) {
            aggregate_dump(&r.agg, &out);
        } else {
            dataset_dump(&r.ds, &out);
        }
        if (rc == EXIT_OK)
            rc = write_stdout(out.buf, out.len);
        strbuf_release(&out);
    }
    release(&r);
    return rc;
}

/* Options that take a value: the value is the next argument. */
static int option_value(int argc, char **argv, int *i, const char **out)
{
    if (*i + 1 >= argc)
        return usage_error("option '%s' needs a value", argv[*i]);
    *out = argv[++*i];
    return 0;
}

int main(int argc, char **argv)
{
    struct options opt;
    const struct command *c;
    const char *v;
    int i, rc, only_args = 0;

    memset(&opt, 0, sizeof opt);
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
        } else if (strcmp(a, "--aggregate") == 0) {
            opt.aggregate = 1;
        } else if (strcmp(a, "--layout-dump") == 0) {
            opt.layout_dump = 1;
        } else if (strcmp(a, "--layout") == 0) {
            if ((rc = option_value(argc, argv, &i, &opt.layout)) != 0)
                return rc;
        } else if (strcmp(a, "--no-bom") == 0) {
            opt.csv.no_bom = 1;
        } else if (strcmp(a, "--csv-totals") == 0) {
            opt.csv.totals = 1;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if ((rc = option_value(argc, argv, &i, &opt.output)) != 0)
                return rc;
        } else if (strcmp(a, "--as-of") == 0) {
            if ((rc = option_value(argc, argv, &i, &opt.as_of)) != 0)
                return rc;
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
    if (c->needs_output && !opt.output)
        return usage_error("'%s' needs -o", c->name);
    return c->run(&opt);
}
