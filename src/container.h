/* The lifecycle operations every command is built from. Each takes the
 * container's lock for its duration, and cleans up completely on failure. */
#ifndef LXCRUN_CONTAINER_H
#define LXCRUN_CONTAINER_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"
#include "spec.h"
#include "state.h"

/* How long create waits for the init to report ready, start for the exec, and
 * delete for the cgroup to empty. */
#define CREATE_TIMEOUT_MS 120000
#define START_TIMEOUT_MS  60000
#define DELETE_TIMEOUT_MS 30000

/* Siblings of the container's cgroup for liblxc's monitor (lxcrun-start), and
 * where liblxc moves a failing monitor (<cgroup><PIVOT_SUFFIX>/lxc.pivot) to
 * remove its cgroup: after a failed create, or a stray lxc-start on lxcrun's root */
#define MONITOR_SUFFIX ".lxcrun-monitor"
#define PIVOT_SUFFIX   ".lxcrun-pivot"

typedef struct {
	const char *root; /* --root */
	const char *id;
	const char *bundle;	    /* NULL: the current directory */
	const char *pid_file;	    /* NULL: none */
	const char *console_socket; /* NULL: none */
	int console_fd;		    /* without console_socket: a socket for the pty master, or -1 */
	int preserve_fds;	    /* including listen_fds */
	int listen_fds;		    /* socket activation fds among them (see listen_fds_count) */
	bool systemd_cgroup;
	bool debug;
	bool detach; /* false only for a foreground `run`, which proxies nothing yet */
} create_options;

/* Creates the container: returns once its init runs in all namespaces and waits on
 * exec.fifo. *init_pid gets the init's host pid. On failure nothing is left behind. */
int container_create(const create_options *o, pid_t *init_pid, lxr_error **err);

/* Makes the bind mounts' sources absolute (relative ones are the bundle's) and
 * sets (*is_dir)[i] (malloc'd) from a stat of each; errors name the mount. */
int container_prepare_mounts(spec_config *spec, const char *bundle, bool **is_dir, lxr_error **err);

/* Releases a created container's init and returns once the user process is exec'd. */
int container_start(const char *root, const char *id, lxr_error **err);

/* Sends sig to the init, or with all to every process of the container's cgroup. */
int container_kill(const char *root, const char *id, int sig, bool all, lxr_error **err);

/* Removes a stopped (or created) container; force also kills a running one. */
int container_delete(const char *root, const char *id, bool force, lxr_error **err);

/* Reads the container's state under its lock: *dir gets its state dir and *lock the
 * lock fd (the caller closes it); the state is re-read once the lock is held. */
int container_open_locked(const char *root, const char *id, container_state *st, char **dir,
			  int *lock, lxr_error **err);

/* Freezes every process of a running container (pause) or thaws a paused one (resume). */
int container_pause(const char *root, const char *id, bool pause, lxr_error **err);

/* Writes new resource limits into a created, running or paused container's cgroups. */
int container_update(const char *root, const char *id, const spec_resources *r, lxr_error **err);

/* Host pids of the container's processes (0-terminated array, caller frees). */
pid_t *container_pids(const char *root, const char *id, lxr_error **err);

/* Path of a helper program in lxcrun's libexec dir ($LXCRUN_LIBEXEC_DIR overrides it). */
char *libexec_path(const char *name);

#endif
