/* Running OCI hooks: each hook gets the container's state JSON on stdin, only
 * its own args and env, and is killed when its timeout passes. Waits with a
 * pidfd and poll deadlines. libc only: used by lxcrun, lxcrun-hook and the static
 * lxcrun-init. */
#ifndef LXCRUN_HOOK_RUN_H
#define LXCRUN_HOOK_RUN_H

#include <stddef.h>

#include "hook_set.h"

/* How much of a failed hook's output (stdout and stderr) its error quotes. */
#define HOOK_OUTPUT_TAIL 512

/* Runs h with state on stdin, cwd as its working directory (NULL: ours). Returns 0
 * when it exits with status 0; else -1 with msg set to why ("exited with status 3:
 * <output tail>", "timed out after 5 s", ...). */
int hook_run(const hook_def *h, const char *state, const char *cwd, char *msg, size_t msglen);

/* Runs every hook of the list of kind in s in order, stopping at the first failure;
 * msg then reads "hooks.<kind>[i] `<path>`: <why>". */
int hook_run_list(const hook_set *s, enum hook_kind kind, const char *state, const char *cwd,
		  char *msg, size_t msglen);

#endif
