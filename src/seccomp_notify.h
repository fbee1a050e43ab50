/* SCMP_ACT_NOTIFY: the host side of handing the seccomp listener fd to
 * linux.seccomp.listenerPath. create leaves a listening socket in the state dir
 * for the init; start connects to it, receives the fd the init got from
 * seccomp(2) and sends it to the listener with the container process state. */
#ifndef LXCRUN_SECCOMP_NOTIFY_H
#define LXCRUN_SECCOMP_NOTIFY_H

#include <sys/types.h>

#include "error.h"
#include "spec.h"

/* The runtime-spec's containerProcessState JSON: ociVersion, fds ["seccompFd"], pid,
 * metadata (left out when NULL or empty) and state (state_json, inserted as is). */
char *seccomp_notify_state_json(const char *state_json, pid_t pid, const char *metadata);

/* create, before any side effect: listenerPath must be a unix socket now. */
int seccomp_notify_check(const spec_seccomp *sc, lxr_error **err);

/* create: saves listenerPath and listenerMetadata in dir and returns a listening socket
 * bound to dir/notify.sock (close-on-exec), which the init inherits. */
int seccomp_notify_prepare(const char *dir, const spec_seccomp *sc, lxr_error **err);

/* start, before releasing the init: connects to dir/notify.sock; *conn = -1 when the
 * container has no NOTIFY rules. */
int seccomp_notify_connect(const char *dir, int *conn, lxr_error **err);

/* start, after releasing the init: waits (until deadline_ms, a now_ms() value) for the
 * init's listener fd on conn, sends it with the state to listenerPath and tells the init
 * to go on. 0 also when the init exited first (its own error comes through the fifo). */
int seccomp_notify_forward(int conn, const char *dir, const char *state_json, pid_t pid,
			   long long deadline_ms, lxr_error **err);

#endif
