/*
 * replay.c - run a fuzz target without libFuzzer: calls
 * LLVMFuzzerTestOneInput once on every file named on the command line and
 * on every file of every directory named (not recursively), in name order,
 * so that `make check` replays the committed corpus under the sanitizers.
 */
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
        LLVMFuzzerTestOneInput(exact, len);
        free(exact);
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct names names = { NULL, 0, 0 };
    size_t i;
    int a, failed = 0, verbose = 0;

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
        fprintf(stderr, "replay: %zu inputs%s\n", names.count, failed ? ", some unreadable" : "");
    return failed;
}
