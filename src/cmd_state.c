/* lxcrun state ID: prints the OCI state JSON. */
#include "config.h"
#include "commands.h"
#include "state.h"
#include "util.h"

#include <stdio.h>

static const char usage[] = "usage: lxcrun state ID\n\n"
			    "Prints the container's state as OCI state JSON.\n";

int cmd_state(const global_options *g, int argc, char **argv)
{
	_cleanup_free_ char *dir = NULL, *json = NULL;
	lxr_error *err = NULL;
	container_state st;

	if (cmd_wants_help(argc, argv, usage))
		return 0;
	if (!cmd_no_options(argc, argv, usage) || !cmd_check_args(argc - 1, 1, 1, usage))
		return 1;
	if (state_validate_id(argv[1], &err) < 0 || state_read(g->root, argv[1], &st, &err) < 0)
		return cmd_fail(&err);
	dir = state_dir(g->root, argv[1]);
	json = state_to_json(&st, state_status(dir, &st));
	fputs(json, stdout);
	state_free(&st);
	return 0;
}
