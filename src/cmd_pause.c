/* lxcrun pause ID / lxcrun resume ID */
#include "config.h"
#include "commands.h"
#include "container.h"

#include <string.h>

static const char pause_usage[] = "usage: lxcrun pause ID\n\n"
				  "Freezes every process of a running container.\n";
static const char resume_usage[] = "usage: lxcrun resume ID\n\n"
				   "Thaws the processes of a paused container.\n";

int cmd_pause(const global_options *g, int argc, char **argv)
{
	bool pause = strcmp(argv[0], "pause") == 0;
	const char *usage = pause ? pause_usage : resume_usage;
	lxr_error *err = NULL;

	if (cmd_wants_help(argc, argv, usage))
		return 0;
	if (!cmd_no_options(argc, argv, usage) || !cmd_check_args(argc - 1, 1, 1, usage))
		return 1;
	if (container_pause(g->root, argv[1], pause, &err) < 0)
		return cmd_fail(&err);
	return 0;
}
