/* start's side of the startContainer hooks: they run inside the container, by
 * lxcrun-init between its release and the exec of the user process; `start` hands
 * them over through exec.fifo together with the state they get on stdin. */
#ifndef LXCRUN_START_HOOKS_H
#define LXCRUN_START_HOOKS_H

#include "error.h"
#include "hook_set.h"

/* Releases the init waiting on exec.fifo (wfd, O_NONBLOCK): "G", or with
 * startContainer hooks "H", the payload's length as 8 hex digits, the state JSON, a
 * NUL and the hooks' records (hook_set.h). */
int start_hooks_release(int wfd, const hook_set *hs, const char *state, lxr_error **err);

/* How much longer than usual start may wait for the exec: the startContainer hooks'
 * timeouts, in ms. */
long long start_hooks_budget_ms(const hook_set *hs);

#endif
