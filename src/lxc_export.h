/* Pure translation of an OCI spec into a standalone lxc container config: what
 * `lxc-start` runs without lxcrun (no lxcrun-init, no lxcrun-hook). The shared
 * part comes from lxc_config_render(); this adds the process and paths that
 * lxcrun-init would apply, and rejects, by field, what plain lxc cannot do. */
#ifndef LXCRUN_LXC_EXPORT_H
#define LXCRUN_LXC_EXPORT_H

#include "lxc_config.h"
#include "spec.h"

/* The config text for spec+in (in->standalone must be set; caller frees), or NULL
 * with *err naming the first field plain lxc cannot express. rootfs_mount is the
 * host directory liblxc mounts the rootfs on (lxc.rootfs.mount). */
char *lxc_export_render(const spec_config *spec, const lxc_config_input *in,
			const char *rootfs_mount, lxr_error **err);

#endif
