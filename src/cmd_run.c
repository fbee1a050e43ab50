/* lxcrun run [create options] [-d|--detach] ID
 *
 * Foreground: lxcrun becomes a child subreaper, so the container's init is
 * re-parented to it when the monitor goes; it forwards every catchable signal to
 * the init, reaps it, deletes the container and exits with its status (128+N for
 * a signal N). Detached: create + start, as runc does. */
#include "config.h"
#include "commands.h"
#include "container.h"
#include "create_opts.h"
#include "log.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
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

/* Forwards signals to the init until it exits; returns its wait status. */
static int supervise(pid_t init, const sigset_t *mask)
{
	int sfd = signalfd(-1, mask, SFD_CLOEXEC);
	int pidfd = (int)syscall(SYS_pidfd_open, init, 0);

	for (;;) {
		struct signalfd_siginfo si;
		int status;
		pid_t r;

		/* reap everything: orphans of the container are re-parented to us too */
		while ((r = waitpid(-1, &status, WNOHANG)) > 0)
			if (r == init) {
				close(sfd);
				close(pidfd);
				return status;
			}
		if (read(sfd, &si, sizeof(si)) != sizeof(si)) {
			if (errno == EINTR)
				continue;
			/* no signalfd: block in waitpid for the init itself */
			if (waitpid(init, &status, 0) == init)
				return status;
			return -1;
		}
		if (si.ssi_signo == SIGCHLD)
			continue;
		if (pidfd >= 0)
			syscall(SYS_pidfd_send_signal, pidfd, (int)si.ssi_signo, NULL, 0);
	}
}

static int exit_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 255;
}

int cmd_run(const global_options *g, int argc, char **argv)
{
	create_options o = {.root = g->root,
			    .systemd_cgroup = g->systemd_cgroup,
			    .debug = g->debug,
			    .detach = true};
	lxr_error *err = NULL;
	sigset_t all, old;
	bool detach = false;
	pid_t pid;
	int pos, status;

	if (cmd_wants_help(argc, argv, usage))
		return 0;
	pos = parse_create_options(argc, argv, &o, &detach, &err);
	if (pos < 0)
		return cmd_fail(&err);
	if (!cmd_check_args(argc - pos, 1, 1, usage))
		return 1;
	o.id = argv[pos];
	if (!detach) {
		/* block before create so no signal between create and supervise is lost */
		sigfillset(&all);
		sigdelset(&all, SIGSEGV);
		sigdelset(&all, SIGBUS);
		sigdelset(&all, SIGFPE);
		sigdelset(&all, SIGILL);
		sigprocmask(SIG_BLOCK, &all, &old);
		prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	}
	if (container_create(&o, &pid, &err) < 0)
		return cmd_fail(&err);
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
	status = supervise(pid, &all);
	if (container_delete(g->root, o.id, true, &err) < 0)
		lxr_log_fatal(err), lxr_error_free(&err);
	return exit_code(status);
}
