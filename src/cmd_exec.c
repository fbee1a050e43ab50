/* lxcrun exec [options] ID [COMMAND [ARG...]]
 *
 * Runs one more process in a container: described by --process FILE (a process
 * JSON, as in config.json; "-" reads it from stdin) or by COMMAND with the
 * container's own process settings, either way adjusted by the flags. Exit
 * status: the process's (128+N for signal N) when attached, 0 when detached,
 * 255 when the process could not be started, 1 for any other error. */
#include "config.h"
#include "commands.h"
#include "container_exec.h"
#include "container_io.h"
#include "create_opts.h"
#include "log.h"
#include "supervise.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: lxcrun exec [options] ID [COMMAND [ARG...]]\n\n"
    "Runs a process in a running container.\n\n"
    "  -p, --process FILE        process JSON (as config.json's \"process\"; - for stdin)\n"
    "  -t, --tty                 allocate a terminal\n"
    "      --console-socket S    send the pty master to the AF_UNIX socket S\n"
    "  -d, --detach              return once the process runs\n"
    "      --pid-file FILE       write the process's host pid to FILE\n"
    "      --preserve-fds N      pass fds 3..3+N-1 to the process\n"
    "      --cwd DIR             working directory in the container\n"
    "  -e, --env KEY=VALUE       set an environment variable (repeatable)\n"
    "  -u, --user UID[:GID]      run as this user\n"
    "  -g, --additional-gids GID add a supplementary group (repeatable)\n"
    "  -c, --cap CAP             add a capability (repeatable)\n"
    "      --no-new-privs        set no_new_privs\n"
    "      --apparmor PROFILE    AppArmor profile\n"
    "      --process-label L     SELinux label\n"
    "      --ignore-paused       exec into a paused container (the process starts "
    "frozen)\n"
    "      --cgroup PATH         run in this sub-cgroup of the container's cgroup\n";

typedef struct {
	char **v;
	size_t n;
} strlist;

static void strlist_add(strlist *l, char *s)
{
	l->v = realloc(l->v, (l->n + 1) * sizeof(char *));
	if (l->v == NULL)
		abort();
	l->v[l->n++] = s;
}

/* Parses the options before ID; returns the index of ID, or -1 with *err set. */
static int parse_options(int argc, char **argv, exec_options *o, exec_request *rq,
			 const char **process_file, strlist *lists, lxr_error **err)
{
	static const struct option opts[] = {
	    {"process", required_argument, NULL, 'p'},
	    {"tty", no_argument, NULL, 't'},
	    {"console-socket", required_argument, NULL, 'S'},
	    {"detach", no_argument, NULL, 'd'},
	    {"pid-file", required_argument, NULL, 'P'},
	    {"preserve-fds", required_argument, NULL, 'F'},
	    {"cwd", required_argument, NULL, 'w'},
	    {"env", required_argument, NULL, 'e'},
	    {"user", required_argument, NULL, 'u'},
	    {"additional-gids", required_argument, NULL, 'g'},
	    {"cap", required_argument, NULL, 'c'},
	    {"no-new-privs", no_argument, NULL, 'n'},
	    {"apparmor", required_argument, NULL, 'a'},
	    {"process-label", required_argument, NULL, 'l'},
	    {"ignore-paused", no_argument, NULL, 'i'},
	    {"cgroup", required_argument, NULL, 'C'},
	    {NULL, 0, NULL, 0},
	};
	int c;

	opterr = 0;
	/* '+': options after ID belong to the command */
	while ((c = getopt_long(argc, argv, "+:p:tde:u:g:c:", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			*process_file = optarg;
			break;
		case 't':
			rq->tty = true;
			break;
		case 'S':
			o->console_socket = optarg;
			break;
		case 'd':
			o->detach = true;
			break;
		case 'P':
			o->pid_file = optarg;
			break;
		case 'F':
			if (parse_preserve_fds(optarg, &o->preserve_fds, err) < 0)
				return -1;
			break;
		case 'w':
			rq->cwd = optarg;
			break;
		case 'e':
			if (strchr(optarg, '=') == NULL || optarg[0] == '=')
				return lxr_error_set(err, EINVAL, "--env: `%s` is not KEY=VALUE",
						     optarg);
			strlist_add(&lists[0], optarg);
			break;
		case 'u':
			rq->user = optarg;
			break;
		case 'g':
			strlist_add(&lists[1], optarg);
			break;
		case 'c':
			strlist_add(&lists[2], optarg);
			break;
		case 'n':
			rq->no_new_privs = true;
			break;
		case 'a':
			rq->apparmor = optarg;
			break;
		case 'l':
			rq->label = optarg;
			break;
		case 'i':
			o->ignore_paused = true;
			break;
		case 'C':
			o->cgroup = optarg;
			break;
		case ':':
			return lxr_error_set(err, EINVAL, "option `%s` needs a value",
					     argv[optind - 1]);
		default:
			return lxr_error_set(err, EINVAL, "unknown option `%s`", argv[optind - 1]);
		}
	}
	return optind;
}

static int load_process(const char *file, spec_process *p, lxr_error **err)
{
	_cleanup_free_ char *text = NULL;
	size_t len = 0;

	text = read_file(strcmp(file, "-") == 0 ? "/dev/stdin" : file, &len, err);
	if (text == NULL)
		return lxr_error_wrap(err, "--process");
	return spec_parse_process(text, len, p, err);
}

int cmd_exec(const global_options *g, int argc, char **argv)
{
	exec_options o = {.root = g->root};
	exec_request rq = {0};
	strlist lists[3] = {{0}}; /* env, gids, caps */
	spec_process proc = {0};
	const char *process_file = NULL;
	lxr_error *err = NULL;
	int pos, status = 0, r, code = 1, listen;
	char listen_env[32];

	if (cmd_wants_help(argc, argv, usage))
		return 0;
	pos = parse_options(argc, argv, &o, &rq, &process_file, lists, &err);
	if (pos < 0)
		goto fail;
	if (pos >= argc) {
		fprintf(stderr, "lxcrun: exec needs a container id\n%s", usage);
		goto out;
	}
	o.id = argv[pos];
	rq.args = argv + pos + 1;
	rq.n_args = (size_t)(argc - pos - 1);
	if (process_file) {
		if (rq.n_args) {
			lxr_error_set(&err, EINVAL, "exec: give either --process or a command");
			goto fail;
		}
		if (load_process(process_file, &proc, &err) < 0)
			goto fail;
		rq.process = &proc;
	}
	listen = listen_fds_count();
	if (listen > 0) {
		/* socket activation, as for create: these fds come first */
		snprintf(listen_env, sizeof(listen_env), "LISTEN_FDS=%d", listen);
		strlist_add(&lists[0], listen_env);
		strlist_add(&lists[0], "LISTEN_PID=1");
		o.preserve_fds += listen;
	}
	rq.env = lists[0].v;
	rq.n_env = lists[0].n;
	rq.gids = lists[1].v;
	rq.n_gids = lists[1].n;
	rq.caps = lists[2].v;
	rq.n_caps = lists[2].n;
	r = container_exec(&o, &rq, &status, &err);
	if (r == -2) {
		/* the process could not be started: runc's status, which podman maps
		 * (with the message) to 126/127 */
		lxr_log_fatal(err);
		lxr_error_free(&err);
		code = 255;
		goto out;
	}
	if (r < 0)
		goto fail;
	code = o.detach ? 0 : exit_code_of(status);
	goto out;
fail:
	code = cmd_fail(&err);
out:
	for (int i = 0; i < 3; i++)
		free(lists[i].v);
	spec_process_free(&proc);
	return code;
}
