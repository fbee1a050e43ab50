/* The runtime side of the OCI hooks: the spec's lists as a hook_set, saved in and
 * loaded from the state dir, the state JSON hooks get on stdin, and running the
 * runtime-namespace lists from lxcrun itself (see doc/architecture.md, "Hooks"). */
#ifndef LXCRUN_HOOKS_H
#define LXCRUN_HOOKS_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"
#include "hook_set.h"
#include "spec.h"
#include "state.h"

/* Copies the spec's six hook lists into *out (which owns the copies; hook_set_free). */
void hooks_from_spec(const spec_config *spec, hook_set *out);

/* True when the spec has a hook that runs during create (prestart, createRuntime,
 * createContainer): the lxc config then calls lxcrun-hook at liblxc's mount hook. */
bool hooks_spec_has_create(const spec_config *spec);

/* Writes s to <dir>/hooks (0600) when it has any hook; nothing otherwise. */
int hooks_save(const char *dir, const hook_set *s, lxr_error **err);

/* Reads <dir>/hooks into *s; a missing file is an empty set. */
int hooks_load(const char *dir, hook_set *s, lxr_error **err);

/* The OCI state hooks get on stdin: ociVersion, id, status, pid, bundle, annotations. */
char *hooks_state_json(const container_state *st, const char *status, pid_t pid);

/* Runs the list of kind in order; the first failure is the error, naming the hook. */
int hooks_run(const hook_set *s, enum hook_kind kind, const char *state, const char *cwd,
	      lxr_error **err);

/* Runs every hook of the list; a failure is logged as a warning and the rest still run
 * (runtime-spec 1.2 for poststart and poststop). */
void hooks_run_warn(const hook_set *s, enum hook_kind kind, const char *state, const char *cwd);

#endif
