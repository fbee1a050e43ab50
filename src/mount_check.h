/* Checks on where a config.json mount may go, beyond the path's syntax. Pure. */
#ifndef LXCRUN_MOUNT_CHECK_H
#define LXCRUN_MOUNT_CHECK_H

#include <stddef.h>

#include "error.h"
#include "spec.h"

/* Refuses mount i if it lands on /proc or inside it, except a proc filesystem at /proc
 * itself and bind mounts over the files lxcfs provides (/proc/cpuinfo, ...); -1 with an
 * error naming mounts[i].destination. */
int mount_check_proc(const spec_mount *m, size_t i, lxr_error **err);

#endif
