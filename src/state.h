/* Per-container state under the root dir: <root>/<id>/ holds state.json (what
 * `state` reports and `delete` needs), the lxc config, exec.fifo and lxc.log.
 * The directory is 0700; operations on one container take its lock. */
#ifndef LXCRUN_STATE_H
#define LXCRUN_STATE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"

typedef struct {
	char *id;
	char *bundle;
	char *rootfs;
	pid_t pid;	     /* host pid of the container's init; 0 while creating */
	uint64_t start_time; /* of pid, so a recycled pid is never mistaken for ours */
	char *created;	     /* RFC 3339 */
	char *owner;
	char *annotations_json; /* the spec's annotations object, verbatim JSON */
	char **cgroup_dirs;	/* NULL-terminated absolute cgroup directories we created */
	char *cgroup_unified;	/* the cgroup2 one among them, or NULL */
	char *config_cgroup;	/* the resolved cgroup path (for `list`/debugging) */
	pid_t creator_pid;	/* while creating: the `create` making it (0 once created) */
	uint64_t creator_start; /* and its start time */
} container_state;

/* The longest id: NAME_MAX less the "." of liblxc's lock file ".<id>". */
#define STATE_ID_MAX 254

/* Checks id against runc's rules: [A-Za-z0-9_+.-]+, not "." or "..", at most STATE_ID_MAX bytes. */
int state_validate_id(const char *id, lxr_error **err);

/* Creates the root dir and its missing parents (mode 0700), as runc does. */
int state_ensure_root(const char *root, lxr_error **err);

/* Returns "<root>/<id>" (caller frees). */
char *state_dir(const char *root, const char *id);

/* Atomically writes dir/state.json. */
int state_write(const char *dir, const container_state *s, lxr_error **err);

/* Reads dir/state.json; a missing container gives `container "<id>" does not exist`.
 * A state dir without state.json (a create or delete killed at the wrong moment)
 * reads as a container with pid 0 and no creator: "stopped". */
int state_read(const char *root, const char *id, container_state *s, lxr_error **err);

/* Removes the lock file liblxc made for the container in lxcrun-start
 * (/run/lxc/lock/<root>/.<id>). Its directory stays: a create in the same root
 * may be about to use it. */
void state_remove_liblxc_lock(const char *root, const char *id);

/* The directory commands act on: the cgroup2 one, else the first v1 one; NULL if none. */
const char *state_main_cgroup(const container_state *s);

/* The directory that freezes the container: the cgroup2 one, else the v1 freezer's; NULL if none.
 */
const char *state_freezer_cgroup(const container_state *s);

/* Frees the contents of s. */
void state_free(container_state *s);

/* Takes an exclusive lock on the container dir; returns the lock fd (close to unlock). */
int state_lock(const char *dir, lxr_error **err);

/* Locks the root dir (op: LOCK_EX or LOCK_SH); returns the lock fd. create holds it
 * exclusively from mkdir of a state dir until its first state.json is written, so
 * a reader that takes it shared never mistakes a state dir being made for a dead one. */
int state_lock_root(const char *root, int op, lxr_error **err);

/* The OCI status: "creating", "created", "running", "paused" or "stopped". */
const char *state_status(const char *dir, const container_state *s);

/* Renders the OCI state JSON as `state` prints it (caller frees). */
char *state_to_json(const container_state *s, const char *status);

#endif
