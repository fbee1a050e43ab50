/* `exec`: one more process in a running container, set up by lxcrun-init's exec
 * mode in the container's namespaces and cgroup (see doc/architecture.md, "exec"). */
#ifndef LXCRUN_CONTAINER_EXEC_H
#define LXCRUN_CONTAINER_EXEC_H

#include <stdbool.h>

#include "error.h"
#include "exec_build.h"

typedef struct {
	const char *root, *id;
	const char *console_socket; /* send the pty master there, or NULL */
	const char *pid_file;	    /* NULL: none */
	const char *cgroup;	    /* --cgroup: a sub-cgroup of the container's, or NULL */
	int preserve_fds;
	bool detach;	    /* return once the process runs; it stays our caller's descendant */
	bool ignore_paused; /* allow a paused container (the process starts frozen) */
} exec_options;

/* Starts the process rq describes. Detached: returns 0 once it is exec'd.
 * Attached: waits for it (proxying a terminal if it has one and no console socket
 * was given) and stores its wait status in *status. A process that could not be
 * started is an error whose message says why (e.g. "no such file or directory"). */
int container_exec(const exec_options *o, const exec_request *rq, int *status, lxr_error **err);

#endif
