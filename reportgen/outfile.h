/*
 * outfile.h - write output files so that a failed run never leaves a
 * broken or half-written file where a good one was.
 *
 * Each file is written to a temporary file in the target's directory and
 * renamed over the target only by outset_commit, which waits until every
 * temporary is fsync'd (by default each is synced by a thread of its own
 * from the moment it is closed, so that syncing overlaps the work on the
 * next file), then renames all files of the set together, then fsyncs
 * their directories: only files written completely and durably replace
 * old ones.  On failure (or outset_release) the temporaries are removed and
 * the previous files stay untouched.
 */
#ifndef RG_OUTFILE_H
#define RG_OUTFILE_H

#include <stddef.h>

struct diag_list;
struct strbuf;

struct bg_sync;

struct outfile {
    char *path;   /* owned: final name */
    char *tmp;    /* owned: temporary name; NULL once committed or removed */
    int fd;       /* open while the file is being written; -1 after */
    struct bg_sync *bg;  /* owned: the fsync running since close; NULL if none */
    int synced;          /* fsync'd (successfully or not: see sync_err) */
    int sync_err;        /* errno of a failed fsync or close; 0 */
};

struct outset {
    struct outfile *files;
    size_t count, alloc;
    /*
     * 1 (the default): each file is fsync'd by a thread of its own from its
     * close.  0: outset_close fsyncs it on the calling thread; for small
     * runs, where starting threads costs more than the overlap gains.
     */
    int sync_in_background;
};
#define OUTSET_INIT { NULL, 0, 0, 1 }

/*
 * Write 'len' bytes to a new temporary file for 'path' and add it to the
 * set.  Returns 0, or -1 after reporting DIAG_IO_WRITE (nothing is left
 * behind).
 */
int outset_add(struct outset *set, const char *path, const void *data, size_t len,
               struct diag_list *diags) __attribute__((warn_unused_result));
/*
 * The same in steps, for output produced piece by piece: open a temporary
 * for 'path' as the set's last file, write to it, close it (flush, fsync).
 * Each returns 0, or -1 after reporting DIAG_IO_WRITE and removing that
 * temporary.  outset_abandon removes the file being written without a
 * report (when the producer failed and reported already).
 */
int outset_open(struct outset *set, const char *path, struct diag_list *diags)
    __attribute__((warn_unused_result));
int outset_write(struct outset *set, const void *data, size_t len, struct diag_list *diags)
    __attribute__((warn_unused_result));
int outset_close(struct outset *set, struct diag_list *diags)
    __attribute__((warn_unused_result));
void outset_abandon(struct outset *set);

/*
 * Rename every temporary over its target, then fsync the directories.
 * Returns 0, or -1 after reporting (remaining temporaries are removed).
 */
int outset_commit(struct outset *set, struct diag_list *diags)
    __attribute__((warn_unused_result));
/* Remove every temporary not yet committed and free the set. */
void outset_release(struct outset *set);

/* Create directory 'dir' (and parents) if missing; 0 or -1 after reporting. */
int outdir_make(const char *dir, struct diag_list *diags) __attribute__((warn_unused_result));

/*
 * Append to 'out' a file name made from 'name' (a company name): readable
 * Korean is kept; '/', '\\', control, bidi and invisible format characters
 * and characters that trouble shells or file systems (: * ? " < > |) become
 * '_'; leading '-' and '.' are dropped; at most 80 bytes, cut at a character
 * boundary; an empty result becomes "_".  Never "." or "..".
 */
void outfile_safe_name(const char *name, struct strbuf *out);

/*
 * Test hook: when set to N > 0, the Nth write(2) call made through this
 * module fails with ENOSPC.  Lets tests prove that a failed run leaves old
 * outputs untouched.  Read from REPORTGEN_FAIL_WRITE by main.
 */
extern long outfile_fail_write_at;

#endif /* RG_OUTFILE_H */
