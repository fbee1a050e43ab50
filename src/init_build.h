/* Pure translation of the process half of the spec into what lxcrun-init applies:
 * user, capabilities, rlimits, env, devices, masked and read-only paths. */
#ifndef LXCRUN_INIT_BUILD_H
#define LXCRUN_INIT_BUILD_H

#include "init_params.h"
#include "spec.h"

/* Fills *out from spec (fd numbers are left to the caller). Unknown capability or
 * rlimit names are errors naming the field. Strings in *out borrow from spec. */
int init_build(const spec_config *spec, init_params *out, lxr_error **err);

/* Frees the arrays init_build allocated (not the borrowed strings). */
void init_build_free(init_params *p);

/* Maps "RLIMIT_NOFILE" to RLIMIT_NOFILE; -1 when unknown. */
int rlimit_from_name(const char *name);

/* True for the mounts lxcrun-init performs instead of liblxc: devpts, because
 * liblxc 5.0 detaches whatever is mounted on /dev/pts when it allocates no
 * ptys of its own (lxc.pty.max = 0), after all mount entries are done. */
bool mount_done_by_init(const spec_mount *m);

/* True when the spec mounts a file system at /dev (then the default devices are created). */
bool spec_mounts_dev(const spec_config *spec);

#endif
