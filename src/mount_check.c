/* mount_check_proc, mount_check_symlinks: see mount_check.h.
 *
 * mount_check_proc is pure.
 * Why: a mount over /proc or a file in it hides what the kernel shows there
 * from the runtime's later steps and from the LSM: a bind mount over
 * /proc/self/attr or /proc/sys turns the AppArmor profile and the read-only
 * /proc/sys of the spec into no-ops (CVE-2019-16884 is this class). As runc
 * does, only proc itself may go to /proc, and only the files lxcfs serves may
 * be bound over inside it.
 *
 * mount_check_symlinks: liblxc creates a missing mount point with mkdir -p on
 * the host's view of <rootfs>/<destination> before it checks the path, so a
 * symlink in the image (/evil -> /etc, or ../../..) had it create directories
 * outside the rootfs, on the host, and only then refuse the mount. The check
 * has to happen before liblxc runs; what later mounts of the same config bring
 * along is covered as far as it can be seen beforehand: a destination under an
 * earlier bind mount is looked up in that mount's source, one under an earlier
 * filesystem mount (tmpfs, sysfs ...) starts out fresh. */
#include "config.h"
#include "mount_check.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

/* When normalized destination d lies under (or is) normalized destination e: the rest of d
 * after e ("" when equal); else NULL. */
static const char *under(const char *d, const char *e)
{
	size_t n = strlen(e);

	if (n == 0)
		return d;
	if (strncmp(d, e, n) != 0 || (d[n] != '\0' && d[n] != '/'))
		return NULL;
	return d + n + (d[n] == '/');
}

/* The first existing symlink met walking rel below base; 0 when none. */
static int walk(const char *base, const char *rel, const spec_mount *m, size_t i, lxr_error **err)
{
	size_t blen = strlen(base), rlen = strlen(rel);
	char *path = malloc(blen + 1 + rlen + 1);
	int r = 0;

	if (path == NULL)
		abort();
	memcpy(path, base, blen);
	for (size_t k = 0; k < rlen && r == 0;) {
		size_t n = strcspn(rel + k, "/");
		struct stat st;

		path[blen] = '/';
		memcpy(path + blen + 1, rel, k + n);
		path[blen + 1 + k + n] = '\0';
		if (lstat(path, &st) < 0)
			break; /* missing: liblxc creates it, as a directory, with no symlink */
		if (S_ISLNK(st.st_mode))
			r = lxr_error_set(
			    err, ELOOP,
			    "mounts[%zu].destination: `%s` passes through the symbolic "
			    "link `%s`",
			    i, m->destination, path);
		k += n + 1;
	}
	free(path);
	return r;
}

int mount_check_symlinks(const spec_config *spec, const char *rootfs, lxr_error **err)
{
	char **norm = calloc(spec->n_mounts + 1, sizeof(char *));
	int r = 0;

	if (norm == NULL)
		abort();
	for (size_t i = 0; i < spec->n_mounts; i++)
		norm[i] = normalize(spec->mounts[i].destination);
	for (size_t i = 0; i < spec->n_mounts && r == 0; i++) {
		const spec_mount *m = &spec->mounts[i];
		const char *base = rootfs, *rel = norm[i];
		size_t j;

		/* the innermost earlier mount it lies under decides where it is looked up */
		for (j = i; j-- > 0;) {
			const char *rest = under(norm[i], norm[j]);

			if (rest != NULL) {
				base = spec_mount_is_bind(&spec->mounts[j]) ? spec->mounts[j].source
									    : NULL;
				rel = rest;
				break;
			}
		}
		if (base != NULL)
			r = walk(base, rel, m, i, err);
	}
	for (size_t i = 0; i < spec->n_mounts; i++)
		free(norm[i]);
	free(norm);
	return r;
}
