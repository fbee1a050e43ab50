/* lxcrun: OCI runtime front end. Parses the global options (which come before
 * the command, as with runc) and dispatches to one cmd_* function per command. */
#include "config.h"
#include "commands.h"
#include "error.h"
#include "log.h"
#include "spec.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	int (*fn)(const global_options *, int, char **);
	const char *summary;
} commands[] = {
    {"create", cmd_create, "create a container"},
    {"start", cmd_start, "start the user process of a created container"},
    {"state", cmd_state, "print the state of a container"},
    {"kill", cmd_kill, "send a signal to a container's init (or all its processes)"},
    {"delete", cmd_delete, "delete a container and everything it created"},
    {"run", cmd_run, "create and start a container"},
    {"list", cmd_list, "list containers"},
    {"spec", cmd_spec, "write a default config.json"},
    {"pause", cmd_pause, "freeze every process of a container"},
    {"resume", cmd_pause, "thaw a paused container"},
    {"ps", cmd_ps, "list the processes of a container"},
    {"exec", cmd_exec, "run a process in a running container"},
    {"update", cmd_update, "change the resource limits of a container"},
    {"events", cmd_events, "print a container's resource usage and OOM events"},
    {"lxc-export", cmd_lxc_export, "turn a bundle into a standalone lxc container"},
    {"features", cmd_features, "print what this build of lxcrun supports (JSON)"},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: lxcrun [global options] COMMAND [options] ID\n\n"
		   "An OCI container runtime backed by liblxc.\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nglobal options:\n"
		   "  --root DIR            state directory (default /run/lxcrun)\n"
		   "  --log FILE            log file (default: stderr)\n"
		   "  --log-format FORMAT   text or json\n"
		   "  --debug               log debug messages\n"
		   "  --systemd-cgroup      cgroupsPath is slice:prefix:name\n"
		   "  -v, --version         print the version\n"
		   "  -h, --help            print this help\n");
}

static void version(void)
{
	printf("lxcrun version %s\ncommit: %s\nliblxc: %s\nspec: %s\n", PACKAGE_VERSION,
	       LXCRUN_COMMIT, LXC_BUILD_VERSION, LXCRUN_OCI_VERSION);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"root", required_argument, NULL, 'r'},
	    {"log", required_argument, NULL, 'l'},
	    {"log-format", required_argument, NULL, 'f'},
	    {"debug", no_argument, NULL, 'd'},
	    {"systemd-cgroup", no_argument, NULL, 's'},
	    {"version", no_argument, NULL, 'v'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	global_options g = {.root = "/run/lxcrun"};
	const char *log_file = NULL, *log_format = "text";
	lxr_error *err = NULL;
	int c;

	/* '+': stop at the command name; its own options are parsed by the command */
	while ((c = getopt_long(argc, argv, "+vh", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			g.root = optarg;
			break;
		case 'l':
			log_file = optarg;
			break;
		case 'f':
			log_format = optarg;
			break;
		case 'd':
			g.debug = true;
			break;
		case 's':
			g.systemd_cgroup = true;
			break;
		case 'v':
			version();
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 1;
		}
	}
	if (lxr_log_open(log_file, log_format, g.debug, &err) < 0)
		return cmd_fail(&err);
	if (optind >= argc) {
		usage(stderr);
		return 1;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[optind], commands[i].name) == 0) {
			char **sub = argv + optind;
			int subc = argc - optind;

			optind = 0; /* reset getopt for the command's own parsing */
			return commands[i].fn(&g, subc, sub);
		}
	}
	lxr_error_set(&err, 0, "unknown command `%s` (see lxcrun --help)", argv[optind]);
	return cmd_fail(&err);
}
