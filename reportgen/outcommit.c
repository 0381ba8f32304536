/*
 * outcommit.c - the commit of a set of outputs, all or nothing: targets
 * checked, previous versions kept as hard links, renames undone when one
 * fails, and a journal that lets the next run repair a killed commit.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "outfile.h"
#include "outfile_int.h"
#include "strbuf.h"
#include "xalloc.h"

long outfile_fail_rename_at;
long outfile_kill_after_rename;

/* rename(2) with the test hooks; 'nth' counts the commit's renames */
static int hooked_rename(const char *from, const char *to, long *nth)
{
    ++*nth;
    if (outfile_fail_rename_at > 0 && *nth == outfile_fail_rename_at) {
        errno = EIO;
        return -1;
    }
    return rename(from, to);
}

static void after_rename(long nth)
{
    if (outfile_kill_after_rename > 0 && nth == outfile_kill_after_rename)
        raise(SIGKILL);
}

static const char *kind_of(mode_t mode)
{
    return S_ISDIR(mode) ? "a directory" : S_ISLNK(mode) ? "a symbolic link"
           : S_ISFIFO(mode) ? "a FIFO" : S_ISCHR(mode) ? "a character device"
           : S_ISBLK(mode) ? "a block device" : S_ISSOCK(mode) ? "a socket"
           : "not a regular file";
}

/*
 * Every target must be a regular file or absent: nothing else is ever
 * renamed over.  Marks which targets are there, and names their backups.
 */
static int check_targets(struct outset *set, struct diag_list *diags)
{
    size_t i;
    struct stat st;

    for (i = 0; i < set->count; i++) {
        struct outfile *f = &set->files[i];
        f->exists = f->aside = f->renamed = 0;
        if (f->stream)
            continue;
        if (lstat(f->path, &st) < 0) {
            if (errno == ENOENT)
                continue;
            outfile_io_error(diags, f->path, errno);
            return -1;
        }
        if (!S_ISREG(st.st_mode)) {
            diag_add(diags, DIAG_OUTPUT_TARGET, NULL, 0, NULL, NULL,
                     "'%s' is %s; move it away, or choose another -o", f->path,
                     kind_of(st.st_mode));
            return -1;
        }
        f->exists = 1;
    }
    return 0;
}

/* The backup's name: the temporary's, ".NAME.tmp-XXXXXX" -> ".NAME.old-XXXXXX". */
static char *backup_name(const char *tmp)
{
    char *b = xstrdup(tmp);
    char *mark = strstr(b, ".tmp-"), *next;
    while (mark && (next = strstr(mark + 1, ".tmp-")) != NULL)
        mark = next;
    if (mark)
        memcpy(mark, ".old-", 5);
    return b;
}

/* 'path' relative to 'root', or NULL when it is not below it. */
static const char *below(const char *root, const char *path)
{
    size_t n = strlen(root);
    if (strncmp(path, root, n) != 0 || path[n] != '/')
        return NULL;
    return path + n + 1;
}

/*
 * The journal: what the next run needs to finish or undo this commit.
 * "F\tTARGET\tTEMPORARY\tBACKUP" (BACKUP "-" for a new file) and
 * "D\tDIRECTORY" for each directory the run created, paths relative to
 * the root.  Made before anything changes; returns 0, or -1 when some file
 * is not below the root (the commit then goes without a journal).
 */
static int journal_text(struct outset *set, struct strbuf *j)
{
    size_t i;

    strbuf_addstr(j, "reportgen journal 1\n");
    for (i = 0; i < set->n_dirs; i++) {
        const char *d = below(set->root, set->made_dirs[i]);
        if (d)
            strbuf_addf(j, "D\t%s\n", d);
    }
    for (i = 0; i < set->count; i++) {
        const struct outfile *f = &set->files[i];
        const char *t, *tmp, *b;
        if (f->stream)
            continue;
        t = below(set->root, f->path);
        tmp = below(set->root, f->tmp);
        b = f->backup ? below(set->root, f->backup) : "-";
        if (!t || !tmp || !b)
            return -1;
        strbuf_addf(j, "F\t%s\t%s\t%s\n", t, tmp, b);
    }
    return 0;
}

/*
 * Written, not fsync'd: it guards against the process dying, and with it
 * the page cache lives on.  Allocates nothing.
 */
static int write_journal(const char *path, const struct strbuf *j)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    ssize_t n;

    if (fd < 0)
        return -1;
    n = write(fd, j->buf, j->len);
    if (n != (ssize_t)j->len || close(fd) < 0) {
        int err = n < 0 ? errno : ENOSPC;
        unlink(path);
        errno = err;
        return -1;
    }
    return 0;
}

int outfile_undo_commit(struct outset *set)
{
    size_t i;
    int bad = -1;

    for (i = 0; i < set->count; i++) {
        struct outfile *f = &set->files[i];
        if (f->stream)
            continue;
        if (f->renamed || f->aside) {   /* the target was replaced or moved */
            if (f->backup ? rename(f->backup, f->path) < 0 : unlink(f->path) < 0 &&
                                                             errno != ENOENT) {
                if (bad < 0)
                    bad = (int)i;
                continue;
            }
        } else if (f->backup && f->linked) {
            unlink(f->backup);
        }
        f->renamed = f->aside = f->linked = 0;
    }
    if (bad < 0 && set->journal)
        unlink(set->journal);
    set->committing = 0;
    return bad;
}

/* Undo and report; 'err' and 'what' say what failed. */
static int fail_commit(struct outset *set, const char *what, int err, struct diag_list *diags)
{
    int bad = outfile_undo_commit(set);
    if (bad < 0) {
        diag_add(diags, DIAG_IO_WRITE, NULL, 0, NULL, NULL,
                 "'%s': %s; the files of the previous run were kept", what, strerror(err));
    } else {
        struct outfile *f = &set->files[bad];
        outfile_io_error(diags, what, err);
        diag_add(diags, DIAG_IO_WRITE, NULL, 0, NULL, NULL,
                 "cannot put back '%s' (its previous version is '%s'): %s; the next run "
                 "will try again", f->path, f->backup ? f->backup : "none", strerror(errno));
    }
    return -1;
}

static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd); /* best effort: some file systems refuse it */
        close(fd);
    }
}

/*
 * Everything that allocates happens before the first link: from then on
 * an exit on out-of-memory (while reporting) finds the set in a state that
 * outfile_undo_commit, run by the exit hook, can undo.
 */
int outset_commit(struct outset *set, struct diag_list *diags)
{
    struct strbuf j = STRBUF_INIT;
    char **dirs;
    size_t i, files = 0;
    long nth = 0;
    int rc = -1;

    if (outfile_sync_all(set, diags) < 0)
        return -1;
    dirs = xcalloc(set->count + 1, sizeof *dirs);
    for (i = 0; i < set->count; i++) {
        dirs[i] = outfile_dir_of(set->files[i].path);
        files += !set->files[i].stream;
    }
    if (check_targets(set, diags) < 0)
        goto out;
    for (i = 0; i < set->count; i++)
        if (set->files[i].exists)
            set->files[i].backup = backup_name(set->files[i].tmp);
    free(set->journal);
    set->journal = NULL;
    if (set->root && files > 1 && journal_text(set, &j) == 0) {
        struct strbuf path = STRBUF_INIT;
        strbuf_addf(&path, "%s/%s", set->root, OUTSET_JOURNAL);
        set->journal = strbuf_detach(&path, NULL);
    }
    set->committing = 1;
    for (i = 0; i < set->count; i++) {
        struct outfile *f = &set->files[i];
        if (!f->exists)
            continue;
        if (link(f->path, f->backup) == 0) {
            f->linked = 1;
        } else if (errno != EPERM && errno != EXDEV && errno != EMLINK && errno != ENOTSUP &&
                   errno != EOPNOTSUPP) {
            rc = fail_commit(set, f->backup, errno, diags);
            goto out;
        }   /* no hard links here: the target is renamed aside at its turn */
    }
    if (set->journal && write_journal(set->journal, &j) < 0) {
        int err = errno;
        free(set->journal);   /* not ours to remove */
        set->journal = NULL;
        if (err == EEXIST) {
            outfile_undo_commit(set);
            diag_add(diags, DIAG_OUTPUT_TARGET, NULL, 0, NULL, NULL,
                     "'%s/%s' holds the journal of another run writing there now", set->root,
                     OUTSET_JOURNAL);
        } else {
            rc = fail_commit(set, set->root, err, diags);
        }
        goto out;
    }
    for (i = 0; i < set->count; i++) {
        struct outfile *f = &set->files[i];
        if (f->stream)
            continue;
        if (f->exists && !f->linked) {
            if (hooked_rename(f->path, f->backup, &nth) < 0) {
                rc = fail_commit(set, f->path, errno, diags);
                goto out;
            }
            f->aside = 1;
            after_rename(nth);
        }
        if (hooked_rename(f->tmp, f->path, &nth) < 0) {
            rc = fail_commit(set, f->path, errno, diags);
            goto out;
        }
        f->renamed = 1;
        after_rename(nth);
    }
    for (i = 0; i < set->count; i++) { /* each directory once */
        struct outfile *f = &set->files[i];
        if (!f->stream && (i == 0 || strcmp(dirs[i], dirs[i - 1]) != 0))
            sync_dir(dirs[i]);
    }
    for (i = 0; i < set->count; i++) {
        struct outfile *f = &set->files[i];
        if (f->backup)
            unlink(f->backup);
        free(f->tmp);
        f->tmp = NULL;
        f->renamed = f->aside = f->linked = 0;
    }
    if (set->journal)
        unlink(set->journal);
    set->committing = 0;
    set->committed = 1;
    rc = 0;
out:
    strbuf_release(&j);
    for (i = 0; i < set->count; i++)
        free(dirs[i]);
    free(dirs);
    return rc;
}

/* ---- repairing a commit that a killed run left half done ---- */

/* A journal's path is relative, stays below its root and names no parent. */
static int safe_relative(const char *p)
{
    const char *s;
    if (!*p || *p == '/')
        return 0;
    for (s = p; *s; s++)
        if ((unsigned char)*s < 0x20)
            return 0;
    for (s = p; s; s = strchr(s, '/')) {
        if (*s == '/')
            s++;
        if (strncmp(s, "..", 2) == 0 && (s[2] == '/' || s[2] == '\0'))
            return 0;
        if (*s == '/' || *s == '\0')
            return 0;   /* an empty component */
    }
    return 1;
}

/* 'a' and 'b' lie in the same directory, and b's name is hidden (".NAME..."). */
static int hidden_beside(const char *a, const char *b)
{
    const char *sa = strrchr(a, '/'), *sb = strrchr(b, '/');
    size_t da = sa ? (size_t)(sa - a) : 0, db = sb ? (size_t)(sb - b) : 0;
    return da == db && strncmp(a, b, da) == 0 && (sb ? sb[1] : b[0]) == '.';
}

struct jentry {
    char kind;
    char *target, *tmp, *backup;   /* backup NULL for "-" */
};

/* Parse the journal's text in place; 0, or -1 when it is not one of ours. */
static int parse_journal(char *text, struct jentry **out, size_t *n)
{
    size_t alloc = 0;
    char *line = text, *nl;

    *out = NULL;
    *n = 0;
    if (strncmp(text, "reportgen journal 1\n", 20) != 0)
        return -1;
    for (line = text + 20; *line; line = nl + 1) {
        struct jentry e;
        char *f[4];
        int k = 0;
        if (!(nl = strchr(line, '\n')))
            return -1;
        *nl = '\0';
        f[0] = line;
        while (k < 3 && (f[k + 1] = strchr(f[k], '\t')) != NULL)
            *f[++k]++ = '\0';
        memset(&e, 0, sizeof e);
        if (strcmp(f[0], "D") == 0 && k == 1 && safe_relative(f[1])) {
            e.kind = 'D';
            e.target = f[1];
        } else if (strcmp(f[0], "F") == 0 && k == 3 && safe_relative(f[1]) &&
                   safe_relative(f[2]) && hidden_beside(f[1], f[2]) &&
                   (strcmp(f[3], "-") == 0 ||
                    (safe_relative(f[3]) && hidden_beside(f[1], f[3])))) {
            e.kind = 'F';
            e.target = f[1];
            e.tmp = f[2];
            e.backup = strcmp(f[3], "-") == 0 ? NULL : f[3];
        } else {
            return -1;
        }
        XGROW(*out, alloc, *n + 1);
        (*out)[(*n)++] = e;
    }
    return 0;
}

static int exists_at(int dfd, const char *rel)
{
    struct stat st;
    return fstatat(dfd, rel, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

static int recover_journal(const char *dir, struct diag_list *diags);

/* ".NAME.tmp-XXXXXX" or ".NAME.old-XXXXXX": a temporary or backup of outfile's */
static int ours(const char *name)
{
    size_t n = strlen(name), i;
    if (n < 13 || name[0] != '.' ||
        (strncmp(name + n - 11, ".tmp-", 5) != 0 && strncmp(name + n - 11, ".old-", 5) != 0))
        return 0;
    for (i = n - 6; i < n; i++)
        if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z') ||
              (name[i] >= '0' && name[i] <= '9')))
            return 0;
    return 1;
}

/*
 * Remove what killed runs left in 'dir' and the directories below it (the
 * companies of --split-by): temporaries never renamed, backups of a commit
 * that had not begun.  Only under the lock, after any journal was
 * handled: no run is writing there.
 */
static void remove_leftovers(const char *dir, int depth)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    struct stat st;

    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        if (ours(e->d_name)) {
            unlinkat(dirfd(d), e->d_name, 0);
        } else if (depth == 0 && e->d_name[0] != '.' &&
                   fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                   S_ISDIR(st.st_mode)) {
            struct strbuf sub = STRBUF_INIT;
            strbuf_addf(&sub, "%s/%s", dir, e->d_name);
            remove_leftovers(sub.buf, 1);
            strbuf_release(&sub);
        }
    }
    closedir(d);
}

int outset_recover(const char *dir, struct diag_list *diags)
{
    int rc = recover_journal(dir, diags);
    if (rc == 0)
        remove_leftovers(dir, 0);
    return rc;
}

static int recover_journal(const char *dir, struct diag_list *diags)
{
    struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
    struct jentry *e = NULL;
    struct stat st;
    size_t n = 0, i;
    int fd, dfd = -1, all_done = 1, rc = 0;
    ssize_t got;

    strbuf_addf(&path, "%s/%s", dir, OUTSET_JOURNAL);
    fd = open(path.buf, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        strbuf_release(&path);
        if (errno == ENOENT || errno == ENOTDIR)
            return 0;
        outfile_io_error(diags, dir, errno);
        return -1;
    }
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > (1 << 20))
        goto foreign;
    strbuf_grow(&text, (size_t)st.st_size);
    while ((got = read(fd, text.buf + text.len, (size_t)st.st_size - text.len)) > 0 &&
           text.len < (size_t)st.st_size)
        text.len += (size_t)got;
    if (got > 0)
        text.len += (size_t)got;
    text.buf[text.len] = '\0';
    if (strlen(text.buf) != text.len || parse_journal(text.buf, &e, &n) < 0 ||
        (dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
        goto foreign;
    /* every temporary gone: every rename was done, only the backups remain */
    for (i = 0; i < n; i++)
        if (e[i].kind == 'F' && exists_at(dfd, e[i].tmp))
            all_done = 0;
    for (i = 0; i < n; i++) {
        if (e[i].kind != 'F')
            continue;
        if (all_done) {
            if (e[i].backup)
                unlinkat(dfd, e[i].backup, 0);
        } else if (!exists_at(dfd, e[i].tmp)) {   /* renamed: undo */
            if (e[i].backup ? renameat(dfd, e[i].backup, dfd, e[i].target) < 0
                            : unlinkat(dfd, e[i].target, 0) < 0 && errno != ENOENT)
                rc = -1;
        } else {                                   /* not renamed: drop */
            if (e[i].backup && !exists_at(dfd, e[i].target))   /* it was renamed aside */
                rc |= renameat(dfd, e[i].backup, dfd, e[i].target);
            else if (e[i].backup)
                unlinkat(dfd, e[i].backup, 0);
            unlinkat(dfd, e[i].tmp, 0);
        }
    }
    for (i = n; !all_done && i > 0; i--)   /* the directories it made, if empty */
        if (e[i - 1].kind == 'D')
            unlinkat(dfd, e[i - 1].target, AT_REMOVEDIR);
    if (rc == 0) {
        unlinkat(dfd, OUTSET_JOURNAL, 0);
        fsync(dfd);
        diag_add(diags, DIAG_OUTPUT_REPAIRED, NULL, 0, NULL, NULL,
                 all_done ? "'%s': it had replaced every file; its commit is now finished"
                          : "'%s': its new files were removed and the previous ones put back",
                 dir);
    } else {
        diag_add(diags, DIAG_IO_WRITE, NULL, 0, NULL, NULL,
                 "cannot repair the interrupted run recorded in '%s': %s", path.buf,
                 strerror(errno));
        rc = -1;
    }
    goto out;
foreign:
    diag_add(diags, DIAG_OUTPUT_TARGET, NULL, 0, NULL, NULL,
             "'%s' is not a journal reportgen wrote; remove it if no run is writing there",
             path.buf);
    rc = -1;
out:
    if (dfd >= 0)
        close(dfd);
    close(fd);
    free(e);
    strbuf_release(&text);
    strbuf_release(&path);
    return rc;
}
