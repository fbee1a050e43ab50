/* The host side of linux.netDevices, read at create before anything moves. */
#include "config.h"
#include "netdev_addrs.h"
#include "util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The prefix length of a netmask (its leading one bits). */
static unsigned prefix_len(const unsigned char *mask, size_t len)
{
	unsigned n = 0;

	for (size_t i = 0; i < len; i++)
		for (int b = 7; b >= 0 && (mask[i] >> b & 1); b--)
			n++;
	return n;
}

/* "addr/prefix" of one getifaddrs entry; NULL for a family or scope not kept. */
static char *cidr_of(const struct ifaddrs *ifa, bool *ipv6)
{
	char text[INET6_ADDRSTRLEN], *out = NULL;
	const void *addr, *mask;
	size_t mask_len;
	int family = ifa->ifa_addr->sa_family;

	if (family == AF_INET) {
		addr = &((const struct sockaddr_in *)(const void *)ifa->ifa_addr)->sin_addr;
		mask = ifa->ifa_netmask
			   ? &((const struct sockaddr_in *)(const void *)ifa->ifa_netmask)->sin_addr
			   : NULL;
		mask_len = 4;
	} else if (family == AF_INET6) {
		const struct in6_addr *a6 =
		    &((const struct sockaddr_in6 *)(const void *)ifa->ifa_addr)->sin6_addr;

		/* the kernel gives a moved device a new link-local address of its own */
		if (IN6_IS_ADDR_LINKLOCAL(a6) || IN6_IS_ADDR_LOOPBACK(a6))
			return NULL;
		addr = a6;
		mask =
		    ifa->ifa_netmask
			? &((const struct sockaddr_in6 *)(const void *)ifa->ifa_netmask)->sin6_addr
			: NULL;
		mask_len = 16;
	} else {
		return NULL;
	}
	if (inet_ntop(family, addr, text, sizeof(text)) == NULL)
		return NULL;
	if (asprintf(&out, "%s/%u", text,
		     mask ? prefix_len(mask, mask_len) : (unsigned)mask_len * 8) < 0)
		abort();
	/* liblxc computes a wrong broadcast address of its own: pass the device's */
	if (family == AF_INET && (ifa->ifa_flags & IFF_BROADCAST) && ifa->ifa_broadaddr) {
		const struct in_addr *b =
		    &((const struct sockaddr_in *)(const void *)ifa->ifa_broadaddr)->sin_addr;
		char bcast[INET_ADDRSTRLEN], *both = NULL;

		if (b->s_addr != 0 && inet_ntop(AF_INET, b, bcast, sizeof(bcast)) != NULL) {
			if (asprintf(&both, "%s %s", out, bcast) < 0)
				abort();
			free(out);
			out = both;
		}
	}
	*ipv6 = family == AF_INET6;
	return out;
}

int netdev_addrs_collect(const spec_config *spec, lxc_netdev_addr **out, size_t *n, lxr_error **err)
{
	const spec_linux *l = &spec->linux_;
	struct ifaddrs *all = NULL;

	*out = NULL;
	*n = 0;
	if (!spec->has_linux || l->n_net_devices == 0)
		return 0;
	for (size_t i = 0; i < l->n_net_devices; i++)
		if (if_nametoindex(l->net_devices[i].host_name) == 0)
			return lxr_error_set(err, errno == ENODEV ? ENODEV : errno,
					     "linux.netDevices.%s: no network device \"%s\" in "
					     "lxcrun's network namespace",
					     l->net_devices[i].host_name,
					     l->net_devices[i].host_name);
	if (getifaddrs(&all) < 0)
		return lxr_error_sys(err, "read the addresses of linux.netDevices");
	for (size_t i = 0; i < l->n_net_devices; i++)
		for (const struct ifaddrs *ifa = all; ifa; ifa = ifa->ifa_next) {
			bool ipv6 = false;
			char *cidr;

			if (ifa->ifa_addr == NULL ||
			    strcmp(ifa->ifa_name, l->net_devices[i].host_name) != 0)
				continue;
			cidr = cidr_of(ifa, &ipv6);
			if (cidr == NULL)
				continue;
			*out = realloc(*out, (*n + 1) * sizeof(**out));
			if (*out == NULL)
				abort();
			(*out)[(*n)++] = (lxc_netdev_addr){
			    .dev = l->net_devices[i].host_name, .ipv6 = ipv6, .cidr = cidr};
		}
	freeifaddrs(all);
	return 0;
}

void netdev_addrs_free(lxc_netdev_addr *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free((char *)a[i].cidr);
	free(a);
}
