/* One function per command; each parses its own options (argv[0] is the command
 * name) and returns the process exit status. */
#ifndef LXCRUN_COMMANDS_H
#define LXCRUN_COMMANDS_H

#include <stdbool.h>

typedef struct {
	const char *root; /* --root, default /run/lxcrun */
	bool debug;
	bool systemd_cgroup;
} global_options;

/* Each cmd_* parses argv, runs the command, and returns the exit status (0 ok, 1 error). */
int cmd_create(const global_options *g, int argc, char **argv);
int cmd_start(const global_options *g, int argc, char **argv);
int cmd_state(const global_options *g, int argc, char **argv);
int cmd_kill(const global_options *g, int argc, char **argv);
int cmd_delete(const global_options *g, int argc, char **argv);
int cmd_run(const global_options *g, int argc, char **argv);
int cmd_list(const global_options *g, int argc, char **argv);
int cmd_spec(const global_options *g, int argc, char **argv);
int cmd_pause(const global_options *g, int argc, char **argv); /* also `resume` */
int cmd_ps(const global_options *g, int argc, char **argv);
int cmd_exec(const global_options *g, int argc, char **argv);
int cmd_update(const global_options *g, int argc, char **argv);
int cmd_events(const global_options *g, int argc, char **argv);
int cmd_lxc_export(const global_options *g, int argc, char **argv);
int cmd_features(const global_options *g, int argc, char **argv);

/* Reports err as the command's failure (log + stderr) and returns 1. */
struct lxr_error;
int cmd_fail(struct lxr_error **err);

/* Handles -h/--help for a command: prints usage to stdout and returns true if asked. */
bool cmd_wants_help(int argc, char **argv, const char *usage);

/* For commands without options: fails naming the first argument that looks like one. */
bool cmd_no_options(int argc, char **argv, const char *usage);

/* Checks the positional argument count; prints usage to stderr on mismatch. */
bool cmd_check_args(int n_pos, int min, int max, const char *usage);

#endif
