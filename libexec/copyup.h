/* tmpcopyup for lxcrun-init: fills a freshly mounted tmpfs with what the image
 * has beneath it (libc only: the init is static). */
#ifndef LXCRUN_COPYUP_H
#define LXCRUN_COPYUP_H

#include <stddef.h>

/* Copies the directory hidden under the mount at target (an absolute path in
 * the current root) into that mount: files, directories, symlinks and nodes,
 * with modes, owners and times, and gives the mount's root the hidden
 * directory's mode; entries the mount already has are kept. Nothing to copy
 * is no error. -1 with errno and the failing path in failed on error. */
int copyup_tmpfs(const char *target, char *failed, size_t failed_len);

#endif
