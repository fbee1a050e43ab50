/* lsm_check: see lsm.h. lxcrun-init applies the profile or label (it writes
 * /proc/self/attr/.../exec just before the user process's exec); this is only the
 * question whether the host could, asked up front so `create` fails, not `start`. */
#include "config.h"
#include "lsm.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <unistd.h>

static bool apparmor_enabled(void)
{
	char c = 'N';
	int fd = open("/sys/module/apparmor/parameters/enabled", O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		if (read(fd, &c, 1) != 1)
			c = 'N';
		close(fd);
	}
	return c == 'Y';
}

static bool selinux_enabled(void)
{
	struct stat st;

	/* selinuxfs is mounted there whenever SELinux is active */
	return stat("/sys/fs/selinux/enforce", &st) == 0;
}

int lsm_check(const init_params *p, const char *aa_field, const char *label_field, lxr_error **err)
{
	if (p->apparmor_profile && !apparmor_enabled())
		return lxr_error_set(err, ENOTSUP, "%s: AppArmor is not enabled on this host",
				     aa_field);
	if (p->selinux_label && !selinux_enabled())
		return lxr_error_set(err, ENOTSUP, "%s: SELinux is not enabled on this host",
				     label_field);
	return 0;
}
