/* Checks on where a config.json mount may go, beyond the path's syntax. */
#ifndef LXCRUN_MOUNT_CHECK_H
#define LXCRUN_MOUNT_CHECK_H

#include <stddef.h>

#include "error.h"
#include "spec.h"

/* Refuses mount i if it lands on /proc or inside it, except a proc filesystem at /proc
 * itself and bind mounts over the files lxcfs provides (/proc/cpuinfo, ...); -1 with an
 * error naming mounts[i].destination. */
int mount_check_proc(const spec_mount *m, size_t i, lxr_error **err);

/* Refuses a mount whose destination passes through a symbolic link that exists before
 * create (in the rootfs, or in the source of an earlier bind mount it lies under); bind
 * sources must be absolute already. Looks at the filesystem, changes nothing. */
int mount_check_symlinks(const spec_config *spec, const char *rootfs, lxr_error **err);

#endif
