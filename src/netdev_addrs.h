/* What create reads of the host network devices linux.netDevices moves: that
 * they exist, and their addresses (the move drops them; see lxc_config.h). */
#ifndef LXCRUN_NETDEV_ADDRS_H
#define LXCRUN_NETDEV_ADDRS_H

#include "error.h"
#include "lxc_config.h"
#include "spec.h"

/* Fills *out (*n entries, malloc'd) with the IPv4 and non-link-local IPv6
 * addresses of every linux.netDevices device; a device missing from lxcrun's
 * network namespace is an error naming the entry. */
int netdev_addrs_collect(const spec_config *spec, lxc_netdev_addr **out, size_t *n,
			 lxr_error **err);

/* Frees what netdev_addrs_collect filled. */
void netdev_addrs_free(lxc_netdev_addr *a, size_t n);

#endif
