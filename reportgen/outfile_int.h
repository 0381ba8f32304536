/*
 * outfile_int.h - what outfile.c (writing) shares with outcommit.c
 * (committing): not for other modules.
 */
#ifndef RG_OUTFILE_INT_H
#define RG_OUTFILE_INT_H

#include "outfile.h"

/* Report DIAG_IO_WRITE for 'path' with errno 'err'. */
void outfile_io_error(struct diag_list *diags, const char *path, int err);
/* Directory part of 'path' ("." when none); caller frees. */
char *outfile_dir_of(const char *path);
/* Wait until every temporary of the set is on disk; 0, or -1 after reporting. */
int outfile_sync_all(struct outset *set, struct diag_list *diags);

/*
 * Undo the commit under way: put back each replaced target, remove the
 * backups and the journal.  Allocates nothing (the exit hook calls it when
 * memory runs out).  Returns -1, or the index of a file that could not be
 * put back (errno set; the journal then stays for the next run).
 */
int outfile_undo_commit(struct outset *set);

#endif /* RG_OUTFILE_INT_H */
