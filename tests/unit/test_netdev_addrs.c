/* netdev_addrs_collect on this process's own network namespace: its loopback
 * always has 127.0.0.1/8 (and ::1, which is not kept); a missing device is an
 * error naming the entry. */
#include "config.h"
#include "netdev_addrs.h"
#include "tap.h"

#include <errno.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

static int collect(const char *json, lxc_netdev_addr **a, size_t *n, lxr_error **err)
{
	spec_config s;
	int r;

	if (spec_parse(json, strlen(json), &s, err) < 0)
		return -2;
	r = netdev_addrs_collect(&s, a, n, err);
	/* the entries point at the spec's names: compare before it goes */
	for (size_t i = 0; r == 0 && i < *n; i++)
		(*a)[i].dev = strcmp((*a)[i].dev, "lo") == 0 ? "lo" : "?";
	spec_free(&s);
	return r;
}

/* IFF_UP of lo in this network namespace (sysfs may show another's). */
static bool lo_up(void)
{
	struct ifreq ifr = {0};
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	bool up = true;

	strcpy(ifr.ifr_name, "lo");
	if (fd >= 0 && ioctl(fd, SIOCGIFFLAGS, &ifr) == 0)
		up = ifr.ifr_flags & IFF_UP;
	if (fd >= 0)
		close(fd);
	return up;
}

#define CFG(linux_)                                                                                \
	"{\"ociVersion\":\"1.2.0\",\"root\":{\"path\":\"rootfs\"},\"linux\":{" linux_ "}}"

int main(void)
{
	lxc_netdev_addr *a = NULL;
	lxr_error *err = NULL;
	size_t n = 0;
	bool v4 = false, v6_loop = false;

	ok(collect(CFG(""), &a, &n, &err) == 0 && n == 0 && a == NULL, "no netDevices: nothing");
	ok(collect(CFG("\"netDevices\":{\"lo\":{\"name\":\"x\"}}"), &a, &n, &err) == 0,
	   "lo is read (%s)", err ? err->msg : "ok");
	lxr_error_free(&err);
	for (size_t i = 0; i < n; i++) {
		v4 |=
		    strcmp(a[i].cidr, "127.0.0.1/8") == 0 && !a[i].ipv6 && !strcmp(a[i].dev, "lo");
		v6_loop |= strncmp(a[i].cidr, "::1/", 4) == 0;
	}
	/* a fresh network namespace (a sandboxed build) has its lo down and bare */
	ok(v4 || !lo_up(), "127.0.0.1/8 of lo (when lo is up)");
	ok(!v6_loop, "::1 is not kept");
	netdev_addrs_free(a, n);

	ok(collect(CFG("\"netDevices\":{\"lo\":{},\"lxrtnone9\":{}}"), &a, &n, &err) == -1,
	   "a missing device fails");
	is_str(err ? err->msg : NULL,
	       "linux.netDevices.lxrtnone9: no network device \"lxrtnone9\" in lxcrun's network "
	       "namespace",
	       "the error names the entry");
	ok(err && err->errnum == ENODEV, "ENODEV");
	lxr_error_free(&err);
	return tap_done();
}
