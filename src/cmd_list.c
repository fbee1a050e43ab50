/* lxcrun list [-q|--quiet] [-f|--format table|json] */
#include "config.h"
#include "commands.h"
#include "state.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] = "usage: lxcrun list [options]\n\n"
			    "Lists the containers under --root.\n\n"
			    "  -q, --quiet           print only the ids\n"
			    "  -f, --format FORMAT   table (default) or json\n";

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The container ids under root, sorted. */
static char **list_ids(const char *root, size_t *n)
{
	DIR *d = opendir(root);
	char **ids = NULL;
	struct dirent *e;

	*n = 0;
	if (d == NULL)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || state_validate_id(e->d_name, NULL) < 0)
			continue;
		ids = realloc(ids, (*n + 1) * sizeof(char *));
		if (ids == NULL)
			abort();
		ids[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (*n)
		qsort(ids, *n, sizeof(char *), by_name);
	return ids;
}

int cmd_list(const global_options *g, int argc, char **argv)
{
	static const struct option opts[] = {{"quiet", no_argument, NULL, 'q'},
					     {"format", required_argument, NULL, 'f'},
					     {NULL, 0, NULL, 0}};
	const char *format = "table";
	lxr_error *err = NULL;
	bool quiet = false;
	size_t n;
	char **ids;
	int c;

	if (cmd_wants_help(argc, argv, usage))
		return 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+qf:", opts, NULL)) != -1) {
		if (c == 'q') {
			quiet = true;
		} else if (c == 'f') {
			format = optarg;
		} else {
			lxr_error_set(&err, EINVAL, "unknown option `%s`", argv[optind - 1]);
			return cmd_fail(&err);
		}
	}
	if (strcmp(format, "table") != 0 && strcmp(format, "json") != 0) {
		lxr_error_set(&err, EINVAL, "--format: `%s` is neither table nor json", format);
		return cmd_fail(&err);
	}
	if (!cmd_check_args(argc - optind, 0, 0, usage))
		return 1;
	ids = list_ids(g->root, &n);
	if (strcmp(format, "json") == 0)
		printf("[");
	else if (!quiet)
		printf("%-20s %-8s %-10s %-40s %-31s %s\n", "ID", "PID", "STATUS", "BUNDLE",
		       "CREATED", "OWNER");
	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *dir = state_dir(g->root, ids[i]);
		container_state st;
		const char *status;

		if (state_read(g->root, ids[i], &st, NULL) < 0)
			continue;
		status = state_status(dir, &st);
		if (strcmp(format, "json") == 0) {
			_cleanup_free_ char *j = state_to_json(&st, status);

			printf("%s%s", i ? "," : "", j);
		} else if (quiet) {
			printf("%s\n", ids[i]);
		} else {
			printf("%-20s %-8d %-10s %-40s %-31s %s\n", ids[i],
			       strcmp(status, "stopped") ? (int)st.pid : 0, status,
			       st.bundle ? st.bundle : "", st.created ? st.created : "",
			       st.owner && *st.owner ? st.owner : "root");
		}
		state_free(&st);
		free(ids[i]);
	}
	if (strcmp(format, "json") == 0)
		printf("]\n");
	free(ids);
	return 0;
}
