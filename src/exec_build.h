/* Pure translation of an `exec` request into what lxcrun-init's exec mode applies:
 * the process JSON or the command line, over the container's own process settings. */
#ifndef LXCRUN_EXEC_BUILD_H
#define LXCRUN_EXEC_BUILD_H

#include "error.h"
#include "init_params.h"
#include "spec.h"

typedef struct {
	const spec_process *process; /* --process FILE, or NULL: args below */
	char **args;		     /* the command line's CMD [ARGS...] */
	size_t n_args;
	char **env; /* -e KEY=VALUE, over the process's env */
	size_t n_env;
	const char *cwd;  /* --cwd, or NULL */
	const char *user; /* -u UID[:GID], or NULL */
	char **gids;	  /* -g GID (repeatable) */
	size_t n_gids;
	char **caps; /* -c CAP_X (repeatable): added to bounding, effective, permitted */
	size_t n_caps;
	bool tty;	      /* -t */
	bool no_new_privs;    /* --no-new-privs */
	const char *apparmor; /* --apparmor, or NULL */
	const char *label;    /* --process-label, or NULL */
} exec_request;

/* Fills *out (owning every string and array; free with init_params_free) from the
 * container's parameters ctr and the request: what the process JSON leaves out
 * (capabilities, rlimits, noNewPrivileges, umask, oomScoreAdj, ioPriority,
 * scheduler, execCPUAffinity) comes from the
 * container, as runc does; the container's seccomp filter and personality always apply. Flags
 * given on the command line override both. fds are left at -1 for the caller. */
int exec_build(const init_params *ctr, const exec_request *rq, init_params *out, lxr_error **err);

#endif
