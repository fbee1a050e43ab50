/* mount_check_proc: see mount_check.h.
 *
 * Why: a mount over /proc or a file in it hides what the kernel shows there
 * from the runtime's later steps and from the LSM: a bind mount over
 * /proc/self/attr or /proc/sys turns the AppArmor profile and the read-only
 * /proc/sys of the spec into no-ops (CVE-2019-16884 is this class). As runc
 * does, only proc itself may go to /proc, and only the files lxcfs serves may
 * be bound over inside it. */
#include "config.h"
#include "mount_check.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Inside /proc, relative to it: what lxcfs bind-mounts to virtualise. */
static const char *const lxcfs_files[] = {
    "cpuinfo", "diskstats", "meminfo",	"stat",	   "swaps",
    "uptime",  "loadavg",   "slabinfo", "net/dev", "sys/kernel/ns_last_pid"};

/* dest with empty and "." components dropped ("//proc/./sys/" -> "proc/sys"); malloc'd. */
static char *normalize(const char *dest)
{
	char *out = malloc(strlen(dest) + 1);
	size_t len = 0;

	if (out == NULL)
		abort();
	for (const char *p = dest; *p;) {
		size_t n = strcspn(p, "/");

		if (n > 0 && !(n == 1 && p[0] == '.')) {
			if (len > 0)
				out[len++] = '/';
			memcpy(out + len, p, n);
			len += n;
		}
		p += n;
		while (*p == '/')
			p++;
	}
	out[len] = '\0';
	return out;
}

int mount_check_proc(const spec_mount *m, size_t i, lxr_error **err)
{
	char *d = normalize(m->destination);
	int r = 0;

	if (strcmp(d, "proc") == 0) {
		if (m->type == NULL || strcmp(m->type, "proc") != 0 || spec_mount_is_bind(m))
			r = lxr_error_set(err, EINVAL,
					  "mounts[%zu].destination: only a proc filesystem may be "
					  "mounted at /proc",
					  i);
	} else if (strncmp(d, "proc/", 5) == 0) {
		bool ok = false;

		for (size_t k = 0; k < sizeof(lxcfs_files) / sizeof(lxcfs_files[0]); k++)
			ok = ok || strcmp(d + 5, lxcfs_files[k]) == 0;
		if (!ok || !spec_mount_is_bind(m))
			r = lxr_error_set(
			    err, EINVAL,
			    "mounts[%zu].destination: `%s` is inside /proc: only bind "
			    "mounts over lxcfs's files (/proc/cpuinfo, /proc/meminfo, "
			    "...) may go there",
			    i, m->destination);
	}
	free(d);
	return r;
}
