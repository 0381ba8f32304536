/*
 * main.c - the command line: the commands and their help, option parsing,
 * then the command runs (cli_run.c, cli_produce.c) and its status is the
 * exit status.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "outfile.h"
#include "version.h"
#include "xalloc.h"

#define PARALLEL_MIN_INPUT ((size_t)1 << 20)

struct command {
    const char *name;
    int nargs;                  /* -1: 0 or 1 */
    enum output_kind output;
    int (*run)(struct options *opt);
    const char *synopsis;
    const char *help;
};

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
     "-o - (or /dev/stdout) writes to standard output; a FIFO or character device\n"
     "is written into; a regular file is replaced only when the PDF is complete.\n"
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
     "replaced only when every one was produced completely, or none is (the\n"
     "previous run's files are put back if one cannot be replaced).\n"
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
          "  --no-lock         do not lock the output directory (by default a run waits,\n"
          "                    up to 60 s, for another run writing to the same place)\n"
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


/* After printing help or the version: was it written?  (stdout may be a full disk) */
static int stdout_status(void)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "reportgen: error: cannot write: standard output: %s\n",
                strerror(errno));
        return EXIT_IO;
    }
    return EXIT_OK;
}

static int cmd_help(struct options *opt)
{
    const struct command *c;

    if (opt->nargs == 0) {
        usage(stdout);
        return stdout_status();
    }
    c = find_command(opt->args[0]);
    if (!c)
        return cli_usage_error("unknown command '%s'", opt->args[0]);
    printf("usage: reportgen %s\n\n%s", c->synopsis, c->help);
    return stdout_status();
}

/* Options that take a value: the value is the next argument. */
static int option_value(int argc, char **argv, int *i, const char **out)
{
    if (*i + 1 >= argc)
        return cli_usage_error("option '%s' needs a value", argv[*i]);
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
    cli_start = cli_now();
    if ((v = getenv("REPORTGEN_PROGRESS_DELAY")) != NULL)
        cli_progress_delay = strtod(v, NULL);
    if ((v = getenv("REPORTGEN_FAIL_RENAME")) != NULL)
        outfile_fail_rename_at = strtol(v, NULL, 10);
    if ((v = getenv("REPORTGEN_KILL_AFTER_RENAME")) != NULL)
        outfile_kill_after_rename = strtol(v, NULL, 10);
    if ((v = getenv("REPORTGEN_FAIL_WRITE")) != NULL)
        outfile_fail_write_at = strtol(v, NULL, 10);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_args || a[0] != '-' || a[1] == '\0') {
            if (!opt.command)
                opt.command = a;
            else if (opt.nargs >= (int)(sizeof opt.args / sizeof opt.args[0]))
                return cli_usage_error("too many arguments at '%s'", a);
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
            opt.no_lock = 0;   /* the default; kept for old scripts */
        } else if (strcmp(a, "--no-lock") == 0) {
            opt.no_lock = 1;
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
                return cli_usage_error("at most 64 --company options, at '%s'", v);
            opt.companies[opt.n_companies++] = v;
        } else if (strcmp(a, "--split-by") == 0) {
            if ((rc = option_value(argc, argv, &i, &v)) != 0)
                return rc;
            if (strcmp(v, "company") != 0)
                return cli_usage_error("--split-by takes 'company', not '%s'", v);
            opt.split_by_company = 1;
        } else if (strcmp(a, "--csv-header") == 0) {
            if ((rc = option_value(argc, argv, &i, &v)) != 0)
                return rc;
            if (strcmp(v, "en") != 0 && strcmp(v, "ko") != 0)
                return cli_usage_error("--csv-header takes 'ko' or 'en', not '%s'", v);
            opt.csv.english = strcmp(v, "en") == 0;
        } else if (strcmp(a, "--csv-encoding") == 0) {
            if ((rc = option_value(argc, argv, &i, &v)) != 0)
                return rc;
            if (strcmp(v, "cp949") != 0 && strcmp(v, "utf-8") != 0)
                return cli_usage_error("--csv-encoding takes 'utf-8' or 'cp949', not '%s'", v);
            opt.csv.cp949 = strcmp(v, "cp949") == 0;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return stdout_status();
        } else if (strcmp(a, "--version") == 0) {
            printf("reportgen %s\n", REPORTGEN_VERSION);
            return stdout_status();
        } else {
            return cli_usage_error("unknown option '%s'", a);
        }
    }
    if (!opt.command) {
        usage(stderr);
        return EXIT_USAGE;
    }
    c = find_command(opt.command);
    if (!c)
        return cli_usage_error("unknown command '%s'", opt.command);
    if (c->nargs >= 0 && opt.nargs != c->nargs)
        return cli_usage_error(opt.nargs < c->nargs ? "'%s' needs a FILE argument"
                                                : "too many arguments for '%s'", c->name);
    if (c->nargs < 0 && opt.nargs > 1)
        return cli_usage_error("too many arguments for '%s'", c->name);
    if (c->output != OUT_NONE && !opt.output)
        return cli_usage_error("'%s' needs -o", c->name);
    if (opt.split_by_company && c->output != OUT_RENDER && c->output != OUT_CSV)
        return cli_usage_error("--split-by goes with 'render' or 'csv', not '%s'", c->name);
    opt.output_kind = c->output;
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

