/* lxcrun delete [--force|-f] ID */
#include "config.h"
#include "commands.h"
#include "container.h"
#include "state.h"

#include <errno.h>
#include <getopt.h>

static const char usage[] = "usage: lxcrun delete [--force] ID\n\n"
			    "Deletes a stopped container and everything lxcrun created for it.\n\n"
			    "  -f, --force   kill a running container first\n";

int cmd_delete(const global_options *g, int argc, char **argv)
{
	static const struct option opts[] = {{"force", no_argument, NULL, 'f'}, {NULL, 0, NULL, 0}};
	lxr_error *err = NULL;
	bool force = false;
	int c;

	if (cmd_wants_help(argc, argv, usage))
		return 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+f", opts, NULL)) != -1) {
		if (c != 'f') {
			lxr_error_set(&err, EINVAL, "unknown option `%s`", argv[optind - 1]);
			return cmd_fail(&err);
		}
		force = true;
	}
	if (!cmd_check_args(argc - optind, 1, 1, usage))
		return 1;
	if (container_delete(g->root, argv[optind], force, &err) < 0) {
		/* containerd's shim deletes twice: a forced delete of a gone container succeeds */
		if (force && err->errnum == ENOENT) {
			lxr_error_free(&err);
			return 0;
		}
		return cmd_fail(&err);
	}
	return 0;
}
