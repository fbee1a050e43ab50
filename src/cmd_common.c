/* Pieces every command uses: failure reporting and usage handling. */
#include "config.h"
#include "commands.h"
#include "error.h"
#include "log.h"

#include <stdio.h>
#include <string.h>

int cmd_fail(lxr_error **err)
{
	lxr_log_fatal(*err);
	lxr_error_free(err);
	return 1;
}

bool cmd_wants_help(int argc, char **argv, const char *usage)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			printf("%s", usage);
			return true;
		}
	}
	return false;
}

bool cmd_no_options(int argc, char **argv, const char *usage)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (argv[i][0] == '-' && argv[i][1] != '\0') {
			fprintf(stderr, "lxcrun: unknown option `%s`\n%s", argv[i], usage);
			return false;
		}
	}
	return true;
}

bool cmd_check_args(int n_pos, int min, int max, const char *usage)
{
	if (n_pos >= min && (max < 0 || n_pos <= max))
		return true;
	fprintf(stderr, "lxcrun: wrong number of arguments\n%s", usage);
	return false;
}
