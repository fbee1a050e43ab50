/* Pure translation of a parsed OCI spec into liblxc configuration text.
 * No I/O, no global state: the same inputs always give the same text, so it is
 * unit-tested without root on golden cases (tests/unit/golden). */
#ifndef LXCRUN_LXC_CONFIG_H
#define LXCRUN_LXC_CONFIG_H

#include "cgroup_plan.h"
#include "spec.h"
#include "util.h"

/* One address of a host network device linux.netDevices moves (the kernel drops
 * addresses on a move: liblxc sets these again in the container). */
typedef struct {
	const char *dev;  /* the host name, as the linux.netDevices key */
	bool ipv6;	  /* else IPv4 */
	const char *cidr; /* "10.1.2.3/24", "fd00::1/64" */
} lxc_netdev_addr;

typedef struct {
	const char *id;		   /* container id (already validated) */
	const char *rootfs;	   /* absolute, resolved rootfs path on the host */
	const char *state_dir;	   /* <root>/<id>: where lxc.log and friends go */
	enum cgroup_layout layout; /* the host's cgroup layout */
	cg_support cgroups;	   /* the controllers it offers, where */
	const char
	    *cgroup_path; /* the container's cgroup without a leading '/': relative to the
			     hierarchy root, or to lxcrun-start's own cgroup if cgroup_relative;
			     NULL (standalone only): liblxc's default placement */
	bool cgroup_relative;
	const char *monitor_cgroup_path; /* where liblxc puts its short-lived monitor (same form) */
	const char *pivot_cgroup_path;	 /* where liblxc parks the monitor before removing its
					    cgroup on a failed start (same form) */
	const bool *mount_source_is_dir; /* per spec mount (n_mounts): the caller stat()ed the bind
					    source; decides create=dir or create=file */
	bool debug;			 /* raise liblxc's log level */
	/* lxcrun-hook on the host, which liblxc's mount hook runs when the spec has
	 * prestart, createRuntime or createContainer hooks, and the ready socket's fd
	 * number in the container's first process, over which it asks create to run
	 * the runtime-namespace ones */
	const char *hook_program;
	int hook_ready_fd;
	/* for plain lxc (lxc-export) instead of lxcrun: liblxc fills /dev and owns
	 * the console, its monitor stays, and lxc-destroy may remove the container */
	bool standalone;
	const lxc_netdev_addr *netdev_addrs; /* in linux.netDevices order per device */
	size_t n_netdev_addrs;
} lxc_config_input;

/* Renders the lxc config for spec+in as a NUL-terminated string (caller frees).
 * Returns NULL and sets *err naming the spec field when a field cannot be expressed. */
char *lxc_config_render(const spec_config *spec, const lxc_config_input *in, lxr_error **err);

/* True when the spec mounts devpts at /dev/pts (a standalone config then lets
 * liblxc mount its own there, for its console and lxc-attach's ptys). */
bool lxc_config_has_dev_pts(const spec_config *spec);
/* The i-th mount option name create knows (liblxc's flags and propagation, bind,
 * rbind, lxcrun's own and the mount_setattr ones); NULL past the last. Any other
 * option of a non-bind mount goes to the file system as data. */
const char *lxc_config_mount_option(size_t i);

/* Appends s to sb single-quoted for sh (a ' becomes '\''). */
void lxc_config_add_sh_quoted(strbuf *sb, const char *s);

#endif
