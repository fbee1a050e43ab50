/* lxcrun create [--bundle DIR] [--pid-file F] [--console-socket S] [--preserve-fds N]
 *               [--no-pivot] [--no-new-keyring] ID */
#include "config.h"
#include "commands.h"
#include "container.h"
#include "create_opts.h"

#include <stdio.h>

static const char usage[] =
    "usage: lxcrun create [options] ID\n\n"
    "Creates a container from an OCI bundle; its process waits for `lxcrun start`.\n\n"
    "  -b, --bundle DIR          bundle directory (default: current directory)\n"
    "      --pid-file FILE       write the container init's host pid to FILE\n"
    "      --console-socket S    send the pty master to the AF_UNIX socket S\n"
    "      --preserve-fds N      pass fds 3..3+N-1 to the container\n"
    "      --no-pivot            accepted for compatibility (liblxc always pivots)\n"
    "      --no-new-keyring      accepted for compatibility\n";

int cmd_create(const global_options *g, int argc, char **argv)
{
	create_options o = {.root = g->root,
			    .console_fd = -1,
			    .systemd_cgroup = g->systemd_cgroup,
			    .debug = g->debug,
			    .detach = true};
	lxr_error *err = NULL;
	pid_t pid;
	int pos;

	if (cmd_wants_help(argc, argv, usage))
		return 0;
	pos = parse_create_options(argc, argv, &o, NULL, &err);
	if (pos < 0)
		return cmd_fail(&err);
	if (!cmd_check_args(argc - pos, 1, 1, usage))
		return 1;
	o.id = argv[pos];
	if (container_create(&o, &pid, &err) < 0)
		return cmd_fail(&err);
	return 0;
}
