/* lxcrun kill [--all|-a] ID [SIGNAL] */
#include "config.h"
#include "commands.h"
#include "container.h"
#include "signals.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>

static const char usage[] =
    "usage: lxcrun kill [--all] ID [SIGNAL]\n\n"
    "Sends SIGNAL (name or number, default TERM) to the container's init.\n\n"
    "  -a, --all   signal every process of the container\n";

int cmd_kill(const global_options *g, int argc, char **argv)
{
	static const struct option opts[] = {{"all", no_argument, NULL, 'a'}, {NULL, 0, NULL, 0}};
	lxr_error *err = NULL;
	bool all = false;
	int c, sig = SIGTERM, npos;

	if (cmd_wants_help(argc, argv, usage))
		return 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+a", opts, NULL)) != -1) {
		if (c != 'a') {
			lxr_error_set(&err, EINVAL, "unknown option `%s`", argv[optind - 1]);
			return cmd_fail(&err);
		}
		all = true;
	}
	npos = argc - optind;
	if (!cmd_check_args(npos, 1, 2, usage))
		return 1;
	if (npos == 2) {
		sig = signal_parse(argv[optind + 1]);
		if (sig < 0) {
			lxr_error_set(&err, EINVAL, "unknown signal \"%s\"", argv[optind + 1]);
			return cmd_fail(&err);
		}
	}
	if (container_kill(g->root, argv[optind], sig, all, &err) < 0)
		return cmd_fail(&err);
	return 0;
}
