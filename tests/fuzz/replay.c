/*
 * replay.c - run a fuzz target without libFuzzer: calls
 * LLVMFuzzerTestOneInput once on every file named on the command line and
 * on every file of every directory named (not recursively), in name order,
 * so that `make check` replays the committed corpus under the sanitizers.
 * A hang (15 s) or a runaway allocation (3 GB) fails too; -v names each input.
 */
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define REPLAY_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define REPLAY_ASAN 1
#endif
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * An input that runs longer than this many seconds is a hang, one that needs
 * more memory than this a runaway: fail, before the machine suffers.
 */
#define TIME_LIMIT 15
#define MEMORY_LIMIT_MB 3072

#ifdef REPLAY_ASAN
/* AddressSanitizer reserves huge address ranges: let it watch the RSS instead. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "hard_rss_limit_mb=3072";
}
#endif

static void limit_memory(void)
{
#ifndef REPLAY_ASAN
    struct rlimit rl;
    rl.rlim_cur = rl.rlim_max = (rlim_t)MEMORY_LIMIT_MB << 20;
    if (setrlimit(RLIMIT_AS, &rl) < 0)
        perror("replay: setrlimit");
#endif
}

static const char *current;   /* the input being run, NULL between inputs */

/* Name the input when the code under test calls exit() (out of memory). */
static void on_exit_during_input(void)
{
    if (current)
        fprintf(stderr, "replay: exit while running %s\n", current);
}

/* Name the input when an invariant check aborts. */
static void on_abort(int sig)
{
    static const char msg[] = "replay: aborted while running ";
    if (current && (write(STDERR_FILENO, msg, sizeof msg - 1) < 0 ||
                    write(STDERR_FILENO, current, strlen(current)) < 0 ||
                    write(STDERR_FILENO, "\n", 1) < 0))
        _exit(3);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void on_alarm(int sig)
{
    static const char msg[] = "replay: time limit exceeded on ";
    (void)sig;
    if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0 ||
        write(STDERR_FILENO, current ? current : "", current ? strlen(current) : 0) < 0 ||
        write(STDERR_FILENO, "\n", 1) < 0)
        _exit(3);
    _exit(3);
}

struct names {
    char **items;
    size_t count, alloc;
};

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_name(struct names *n, const char *dir, const char *base)
{
    size_t len = strlen(dir) + strlen(base) + 2;
    if (n->count == n->alloc) {
        n->alloc = n->alloc ? n->alloc * 2 : 64;
        n->items = realloc(n->items, n->alloc * sizeof *n->items);
        if (!n->items) {
            fputs("replay: out of memory\n", stderr);
            exit(2);
        }
    }
    n->items[n->count] = malloc(len);
    if (!n->items[n->count]) {
        fputs("replay: out of memory\n", stderr);
        exit(2);
    }
    if (*dir)
        snprintf(n->items[n->count], len, "%s/%s", dir, base);
    else
        snprintf(n->items[n->count], len, "%s", base);
    n->count++;
}

/* Read the whole file; returns 0, or -1 with a message. */
static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    size_t len = 0, alloc = 0, n;

    if (!f) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return -1;
    }
    for (;;) {
        if (alloc - len < 65536) {
            alloc = alloc ? alloc * 2 : 65536;
            buf = realloc(buf, alloc);
            if (!buf) {
                fputs("replay: out of memory\n", stderr);
                exit(2);
            }
        }
        n = fread(buf + len, 1, alloc - len, f);
        if (n == 0)
            break;
        len += n;
    }
    if (ferror(f)) {
        fprintf(stderr, "replay: %s: read error\n", path);
        fclose(f);
        free(buf);
        return -1;
    }
    fclose(f);
    /* an exact-size copy, so that reading past the input is caught */
    {
        unsigned char *exact = malloc(len ? len : 1);
        if (!exact) {
            fputs("replay: out of memory\n", stderr);
            exit(2);
        }
        memcpy(exact, buf, len);
        free(buf);
        current = path;
        alarm(TIME_LIMIT);
        LLVMFuzzerTestOneInput(exact, len);
        alarm(0);
        current = NULL;
        free(exact);
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct names names = { NULL, 0, 0 };
    size_t i;
    int a, failed = 0, verbose = 0;

    signal(SIGALRM, on_alarm);
    signal(SIGABRT, on_abort);
    atexit(on_exit_during_input);
    limit_memory();
    for (a = 1; a < argc; a++) {
        struct stat st;
        if (strcmp(argv[a], "-v") == 0) {
            verbose = 1;
            continue;
        }
        if (stat(argv[a], &st) < 0) {
            fprintf(stderr, "replay: %s: %s\n", argv[a], strerror(errno));
            failed = 1;
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            DIR *d = opendir(argv[a]);
            struct dirent *e;
            size_t first = names.count;
            if (!d) {
                fprintf(stderr, "replay: %s: %s\n", argv[a], strerror(errno));
                failed = 1;
                continue;
            }
            while ((e = readdir(d)) != NULL)
                if (e->d_name[0] != '.')
                    add_name(&names, argv[a], e->d_name);
            closedir(d);
            qsort(names.items + first, names.count - first, sizeof *names.items, cmp_names);
        } else {
            add_name(&names, "", argv[a]);
        }
    }
    for (i = 0; i < names.count; i++) {
        if (verbose)
            fprintf(stderr, "replay: %s\n", names.items[i]);
        if (run_file(names.items[i]) < 0)
            failed = 1;
        free(names.items[i]);
    }
    free(names.items);
    if (!verbose)
        fprintf(stderr, "replay: %zu inputs%s\n", names.count,
                failed ? ", some unreadable" : "");
    return failed;
}
