/* lxcrun run [create options] [-d|--detach] ID
 *
 * Foreground: lxcrun becomes a child subreaper, so the container's init is
 * re-parented to it when the monitor goes; it forwards every catchable signal to
 * the init, reaps it, deletes the container and exits with its status (128+N for
 * a signal N). With process.terminal and no --console-socket it receives the pty
 * master over a socket pair and is the container's terminal. Detached: create +
 * start, as runc does. */
#include "config.h"
#include "commands.h"
#include "container.h"
#include "container_io.h"
#include "create_opts.h"
#include "log.h"
#include "supervise.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static const char usage[] =
    "usage: lxcrun run [options] ID\n\n"
    "Creates and starts a container; waits for it unless --detach.\n\n"
    "  -b, --bundle DIR          bundle directory (default: current directory)\n"
    "  -d, --detach              return once the container runs\n"
    "      --pid-file FILE       write the container init's host pid to FILE\n"
    "      --console-socket S    send the pty master to the AF_UNIX socket S\n"
    "      --preserve-fds N      pass fds 3..3+N-1 to the container\n";

int cmd_run(const global_options *g, int argc, char **argv)
{
	create_options o = {.root = g->root,
			    .console_fd = -1,
			    .systemd_cgroup = g->systemd_cgroup,
			    .debug = g->debug,
			    .detach = true};
	lxr_error *err = NULL;
	sigset_t all, old;
	bool detach = false;
	pid_t pid;
	int pos, status, tty[2] = {-1, -1};
	supervise_opts so = {.master = -1, .reap_all = true};

	if (cmd_wants_help(argc, argv, usage))
		return 0;
	pos = parse_create_options(argc, argv, &o, &detach, &err);
	if (pos < 0)
		return cmd_fail(&err);
	if (!cmd_check_args(argc - pos, 1, 1, usage))
		return 1;
	o.id = argv[pos];
	o.detach = detach;
	if (!detach) {
		/* block before create so no signal between create and supervise is lost */
		supervise_block_signals(&all, &old);
		prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
		/* used only if the config asks for a terminal */
		if (o.console_socket == NULL &&
		    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, tty) == 0)
			o.console_fd = tty[1];
	}
	if (container_create(&o, &pid, &err) < 0)
		return cmd_fail(&err);
	if (tty[1] >= 0) {
		close(tty[1]);
		/* the init sent it before it reported ready */
		so.master = recv_fd(tty[0], MSG_DONTWAIT);
		close(tty[0]);
	}
	if (container_start(g->root, o.id, &err) < 0) {
		lxr_error *derr = NULL;

		container_delete(g->root, o.id, true, &derr);
		lxr_error_free(&derr);
		if (!detach)
			waitpid(pid, NULL, 0);
		return cmd_fail(&err);
	}
	if (detach)
		return 0;
	so.pid = pid;
	status = supervise(&so, &all);
	if (so.master >= 0)
		close(so.master);
	if (container_delete(g->root, o.id, true, &err) < 0)
		lxr_log_fatal(err), lxr_error_free(&err);
	return exit_code_of(status);
}
