/* lxcrun start ID */
#include "config.h"
#include "commands.h"
#include "container.h"

static const char usage[] = "usage: lxcrun start ID\n\n"
			    "Starts the user process of a created container.\n";

int cmd_start(const global_options *g, int argc, char **argv)
{
	lxr_error *err = NULL;

	if (cmd_wants_help(argc, argv, usage))
		return 0;
	if (!cmd_no_options(argc, argv, usage) || !cmd_check_args(argc - 1, 1, 1, usage))
		return 1;
	if (container_start(g->root, argv[1], &err) < 0)
		return cmd_fail(&err);
	return 0;
}
