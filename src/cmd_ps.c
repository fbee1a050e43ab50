/* lxcrun ps [--format table|json] ID: the container's processes (host pids). */
#include "config.h"
#include "commands.h"
#include "container.h"
#include "util.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] = "usage: lxcrun ps [--format|-f table|json] ID\n\n"
			    "Lists the container's processes with their host pids; json prints\n"
			    "only an array of pids.\n";

/* The command line of pid for the table, from /proc (NUL separators as blanks). */
static void print_row(pid_t pid)
{
	char path[64];
	size_t len = 0;
	char *cmd;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	cmd = read_file(path, &len, NULL);
	for (size_t i = 0; cmd && i + 1 < len; i++)
		if (cmd[i] == '\0')
			cmd[i] = ' ';
	printf("%-8d %s\n", (int)pid, cmd && *cmd ? cmd : "?");
	free(cmd);
}

int cmd_ps(const global_options *g, int argc, char **argv)
{
	static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	const char *format = "table";
	lxr_error *err = NULL;
	pid_t *pids;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+f:h", opts, NULL)) != -1) {
		if (c == 'h') {
			printf("%s", usage);
			return 0;
		}
		if (c != 'f') {
			fprintf(stderr, "%s", usage);
			return 1;
		}
		format = optarg;
	}
	if (strcmp(format, "table") != 0 && strcmp(format, "json") != 0) {
		fprintf(stderr, "lxcrun: ps: unknown format `%s` (table or json)\n", format);
		return 1;
	}
	/* runc passes anything after the id to ps(1); lxcrun has no such options */
	if (!cmd_check_args(argc - optind, 1, 1, usage))
		return 1;
	pids = container_pids(g->root, argv[optind], &err);
	if (pids == NULL)
		return cmd_fail(&err);
	if (strcmp(format, "json") == 0) {
		printf("[");
		for (size_t i = 0; pids[i]; i++)
			printf("%s%d", i ? "," : "", (int)pids[i]);
		printf("]\n");
	} else {
		printf("%-8s %s\n", "PID", "CMD");
		for (size_t i = 0; pids[i]; i++)
			print_row(pids[i]);
	}
	free(pids);
	return 0;
}
