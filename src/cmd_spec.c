/* lxcrun spec [--bundle DIR]: writes a default config.json, as `runc spec` does. */
#include "config.h"
#include "commands.h"
#include "spec.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char usage[] = "usage: lxcrun spec [--bundle DIR]\n\n"
			    "Writes a default config.json into DIR (default: current directory).\n";

int cmd_spec(const global_options *g, int argc, char **argv)
{
	static const struct option opts[] = {{"bundle", required_argument, NULL, 'b'},
					     {NULL, 0, NULL, 0}};
	_cleanup_free_ char *path = NULL;
	const char *bundle = ".";
	lxr_error *err = NULL;
	int c, fd;

	(void)g;
	if (cmd_wants_help(argc, argv, usage))
		return 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+b:", opts, NULL)) != -1) {
		if (c != 'b') {
			lxr_error_set(&err, EINVAL, "unknown option `%s`", argv[optind - 1]);
			return cmd_fail(&err);
		}
		bundle = optarg;
	}
	if (!cmd_check_args(argc - optind, 0, 0, usage))
		return 1;
	if (asprintf(&path, "%s/config.json", bundle) < 0)
		return 1;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		if (errno == EEXIST)
			lxr_error_set(&err, EEXIST, "File %s exists. Remove it first", path);
		else
			lxr_error_sys(&err, "create `%s`", path);
		return cmd_fail(&err);
	}
	if (write(fd, spec_default_json, strlen(spec_default_json)) !=
	    (ssize_t)strlen(spec_default_json)) {
		lxr_error_sys(&err, "write `%s`", path);
		close(fd);
		return cmd_fail(&err);
	}
	close(fd);
	return 0;
}
