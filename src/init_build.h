/* Pure translation of the process half of the spec into what lxcrun-init applies:
 * user, capabilities, rlimits, env, devices, masked and read-only paths. */
#ifndef LXCRUN_INIT_BUILD_H
#define LXCRUN_INIT_BUILD_H

#include "init_params.h"
#include "spec.h"

/* Fills *out from spec (fd numbers are left to the caller). Unknown capability or
 * rlimit names are errors naming the field. Strings in *out borrow from spec;
 * linux.seccomp is compiled to BPF here (see seccomp_build.h). */
int init_build(const spec_config *spec, init_params *out, lxr_error **err);

/* Frees the arrays and the seccomp program init_build allocated (not the borrowed strings). */
void init_build_free(init_params *p);

/* Maps "RLIMIT_NOFILE" to RLIMIT_NOFILE; -1 when unknown. */
int rlimit_from_name(const char *name);

/* True for a devpts mount at /dev/pts. liblxc 5.0 detaches whatever is mounted
 * on /dev/pts after all mount entries when it allocates no ptys itself
 * (lxc.pty.max = 0), so lxc_config_render stacks a throwaway tmpfs (the
 * "pts guard") on top of it for liblxc to detach, and lxcrun-init removes the
 * guard if a liblxc did not. */
bool mount_is_dev_pts(const spec_mount *m);

/* True when the spec mounts a file system at /dev (then the default devices are created). */
bool spec_mounts_dev(const spec_config *spec);

#endif
