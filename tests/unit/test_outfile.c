/*
 * test_outfile.c - unit tests for outfile.c, outcommit.c and outlock.c:
 * modes of new and replaced files, a commit that fails half-way undone,
 * a killed commit repaired from its journal, targets that are not regular
 * files, directories a failed set created, the lock, safe names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "diag.h"
#include "outfile.h"
#include "outlock.h"
#include "strbuf.h"
#include "xalloc.h"

/* A fresh directory for one test: dir[] is its path. */
static void make_dir(char *dir)
{
    strcpy(dir, "/tmp/test_outfile.XXXXXX");
    assert_non_null(mkdtemp(dir));
}

static void remove_tree(const char *dir)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void put(const char *dir, const char *name, const char *text)
{
    char path[300];
    FILE *fp;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

/* The file's text ("" when absent), in a static buffer. */
static const char *text_of(const char *dir, const char *name)
{
    static char buf[256];
    char path[300];
    FILE *fp;
    size_t n;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    fp = fopen(path, "r");
    if (!fp)
        return "";
    n = fread(buf, 1, sizeof buf - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

/* How many entries the directory holds, hidden ones included. */
static int entries(const char *dir)
{
    char cmd[300];
    FILE *p;
    int n = -1;
    snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
    p = popen(cmd, "r");
    assert_non_null(p);
    assert_int_equal(fscanf(p, "%d", &n), 1);
    pclose(p);
    return n;
}

/* A set of files a, b, c in 'dir' with texts "new a" ..., rooted there. */
static void three_new(struct outset *set, const char *dir, struct diag_list *diags)
{
    static const char *const names[] = {"a", "b", "c"};
    char path[300], text[16];
    int i;

    outset_set_root(set, dir);
    set->sync_in_background = 0;
    for (i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        snprintf(text, sizeof text, "new %s", names[i]);
        assert_int_equal(outset_add(set, path, text, strlen(text), diags), 0);
    }
}

static void new_files_follow_the_umask_replaced_files_keep_their_mode(void **state)
{
    char dir[64], path[300];
    struct outset set = OUTSET_INIT;
    struct diag_list diags;
    struct stat st;
    mode_t old = umask(027);
    (void)state;

    make_dir(dir);
    diag_list_init(&diags);
    put(dir, "b", "old b");
    snprintf(path, sizeof path, "%s/b", dir);
    assert_int_equal(chmod(path, 0604), 0);
    three_new(&set, dir, &diags);
    assert_int_equal(outset_commit(&set, &diags), 0);
    outset_release(&set);
    umask(old);
    snprintf(path, sizeof path, "%s/a", dir);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0640);
    snprintf(path, sizeof path, "%s/b", dir);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0604);
    assert_string_equal(text_of(dir, "b"), "new b");
    assert_int_equal(entries(dir), 3);   /* no backup, journal or temporary left */
    diag_list_release(&diags);
    remove_tree(dir);
}

static void undoes_every_rename_when_a_later_one_fails(void **state)
{
    char dir[64];
    long n;
    (void)state;

    make_dir(dir);
    for (n = 1; n <= 3; n++) {
        struct outset set = OUTSET_INIT;
        struct diag_list diags;
        diag_list_init(&diags);
        put(dir, "a", "old a");
        put(dir, "c", "old c");   /* b is new */
        three_new(&set, dir, &diags);
        outfile_fail_rename_at = n;
        assert_int_equal(outset_commit(&set, &diags), -1);
        outfile_fail_rename_at = 0;
        outset_release(&set);
        assert_string_equal(text_of(dir, "a"), "old a");
        assert_string_equal(text_of(dir, "b"), "");
        assert_string_equal(text_of(dir, "c"), "old c");
        assert_int_equal(entries(dir), 2);
        assert_int_equal(diags.errors, 1);
        assert_non_null(strstr(diags.items[0].text, "files of the previous run were kept"));
        diag_list_release(&diags);
    }
    remove_tree(dir);
}

/* Commit a, b, c in a child killed after rename 'n'; then repair. */
static void kill_and_repair(const char *dir, long n, struct diag_list *diags)
{
    pid_t pid = fork();
    int status;

    assert_true(pid >= 0);
    if (pid == 0) {
        struct outset set = OUTSET_INIT;
        struct diag_list d;
        diag_list_init(&d);
        three_new(&set, dir, &d);
        outfile_kill_after_rename = n;
        if (outset_commit(&set, &d) == 0)
            _exit(1);   /* not killed: the test fails */
        _exit(0);
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(entries(dir) > 3, 1);   /* journal and temporaries or backups */
    assert_int_equal(outset_recover(dir, diags), 0);
}

static void repairs_a_commit_killed_between_two_renames(void **state)
{
    char dir[64];
    struct diag_list diags;
    (void)state;

    make_dir(dir);
    diag_list_init(&diags);
    put(dir, "a", "old a");
    put(dir, "b", "old b");
    kill_and_repair(dir, 2, &diags);   /* a and b replaced, c not */
    assert_string_equal(text_of(dir, "a"), "old a");
    assert_string_equal(text_of(dir, "b"), "old b");
    assert_string_equal(text_of(dir, "c"), "");
    assert_int_equal(entries(dir), 2);
    assert_int_equal(diags.warnings, 1);
    assert_int_equal(diags.items[0].code, DIAG_OUTPUT_REPAIRED);
    assert_non_null(strstr(diags.items[0].text, "previous ones put back"));

    kill_and_repair(dir, 3, &diags);   /* every rename done: finished */
    assert_string_equal(text_of(dir, "a"), "new a");
    assert_string_equal(text_of(dir, "c"), "new c");
    assert_int_equal(entries(dir), 3);
    assert_non_null(strstr(diags.items[1].text, "commit is now finished"));
    /* nothing to repair: nothing said */
    assert_int_equal(outset_recover(dir, &diags), 0);
    assert_int_equal(diags.count, 2);
    diag_list_release(&diags);
    remove_tree(dir);
}

static void never_renames_over_a_directory_or_fifo(void **state)
{
    char dir[64], path[300];
    int kind;
    (void)state;

    for (kind = 0; kind < 2; kind++) {
        struct outset set = OUTSET_INIT;
        struct diag_list diags;
        make_dir(dir);
        diag_list_init(&diags);
        put(dir, "a", "old a");
        snprintf(path, sizeof path, "%s/c", dir);
        assert_int_equal(kind == 0 ? mkdir(path, 0755) : mkfifo(path, 0644), 0);
        three_new(&set, dir, &diags);
        assert_int_equal(outset_commit(&set, &diags), -1);
        outset_release(&set);
        assert_string_equal(text_of(dir, "a"), "old a");   /* a comes first: untouched */
        assert_int_equal(entries(dir), 2);
        assert_int_equal(diags.items[0].code, DIAG_OUTPUT_TARGET);
        assert_non_null(strstr(diags.items[0].text, kind == 0 ? "a directory" : "a FIFO"));
        diag_list_release(&diags);
        remove_tree(dir);
    }
}

static void removes_the_directories_a_failed_set_created(void **state)
{
    char dir[64], sub[300];
    struct outset set = OUTSET_INIT;
    struct diag_list diags;
    (void)state;

    make_dir(dir);
    diag_list_init(&diags);
    snprintf(sub, sizeof sub, "%s/x/y", dir);
    assert_int_equal(outset_mkdir(&set, sub, &diags), 0);
    assert_int_equal(set.n_dirs, 2);
    outset_release(&set);   /* never committed */
    assert_int_equal(entries(dir), 0);
    /* a file in the way is named */
    put(dir, "x", "mine");
    assert_int_equal(outset_mkdir(&set, sub, &diags), -1);
    assert_non_null(strstr(diags.items[0].text, "cannot create directory"));
    outset_release(&set);
    assert_string_equal(text_of(dir, "x"), "mine");
    diag_list_release(&diags);
    remove_tree(dir);
}

static void lock_refuses_a_symbolic_link_and_leaves_no_file(void **state)
{
    char dir[64], path[300], target[300];
    struct outlock lk = OUTLOCK_INIT, other = OUTLOCK_INIT;
    struct diag_list diags;
    (void)state;

    make_dir(dir);
    diag_list_init(&diags);
    snprintf(path, sizeof path, "%s/%s", dir, OUTLOCK_FILE);
    snprintf(target, sizeof target, "%s/victim", dir);
    assert_int_equal(symlink(target, path), 0);
    assert_int_equal(outlock_take(&lk, dir, 1, NULL, &diags), -1);
    assert_non_null(strstr(diags.items[0].text, "symbolic link"));
    assert_int_equal(access(target, F_OK), -1);
    assert_int_equal(unlink(path), 0);

    assert_int_equal(outlock_take(&lk, dir, 1, NULL, &diags), 0);
    assert_int_equal(access(path, F_OK), 0);
    /* a second taker (another open file description) waits, then gives up */
    assert_int_equal(outlock_take(&other, dir, 0.2, NULL, &diags), -1);
    assert_non_null(strstr(diags.items[1].text, "locked by another reportgen run"));
    outlock_release(&lk);
    assert_int_equal(access(path, F_OK), -1);
    assert_int_equal(entries(dir), 0);
    diag_list_release(&diags);
    remove_tree(dir);
}

static void names_windows_devices_safely(void **state)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"CON", "CON_"}, {"con", "con_"}, {"nul.txt", "nul_.txt"}, {"COM1", "COM1_"},
        {"lpt9.csv", "lpt9_.csv"}, {"AUX.", "AUX_"}, {"COM10", "COM10"},
        {"CONSOLE", "CONSOLE"}, {"카카오", "카카오"}, {"PRN ", "PRN_"},
    };
    size_t i;
    (void)state;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct strbuf sb = STRBUF_INIT;
        outfile_safe_name(cases[i].in, &sb);
        assert_string_equal(sb.buf, cases[i].out);
        strbuf_release(&sb);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(new_files_follow_the_umask_replaced_files_keep_their_mode),
        cmocka_unit_test(undoes_every_rename_when_a_later_one_fails),
        cmocka_unit_test(repairs_a_commit_killed_between_two_renames),
        cmocka_unit_test(never_renames_over_a_directory_or_fifo),
        cmocka_unit_test(removes_the_directories_a_failed_set_created),
        cmocka_unit_test(lock_refuses_a_symbolic_link_and_leaves_no_file),
        cmocka_unit_test(names_windows_devices_safely),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
