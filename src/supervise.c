/* supervise: see supervise.h. One poll loop over a signalfd, stdin and the pty
 * master; the master is non-blocking so a process that does not read its input
 * can never stall its output. */
#include "config.h"
#include "supervise.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

void supervise_block_signals(sigset_t *all, sigset_t *old)
{
	sigfillset(all);
	/* faults of our own must still kill us */
	sigdelset(all, SIGSEGV);
	sigdelset(all, SIGBUS);
	sigdelset(all, SIGFPE);
	sigdelset(all, SIGILL);
	sigprocmask(SIG_BLOCK, all, old);
}

int exit_code_of(int status)
{
	if (status < 0)
		return 255;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 255;
}

typedef struct {
	int master;
	bool stdin_open;
	bool master_open;
	bool raw;
	struct termios saved;
	char in[4096]; /* read from stdin, not yet written to the master */
	size_t in_len, in_off;
} tty_proxy;

static void resize(const tty_proxy *t)
{
	struct winsize ws;

	if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0 && (ws.ws_row || ws.ws_col))
		ioctl(t->master, TIOCSWINSZ, &ws);
}

static void proxy_start(tty_proxy *t, int master)
{
	struct winsize ws = {0};

	memset(t, 0, sizeof(*t));
	t->master = master;
	t->stdin_open = true;
	t->master_open = true;
	fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
	if (tcgetattr(STDIN_FILENO, &t->saved) == 0) {
		struct termios raw = t->saved;

		cfmakeraw(&raw);
		t->raw = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
	}
	/* a size the init set from process.consoleSize wins over ours */
	if (ioctl(master, TIOCGWINSZ, &ws) < 0 || (ws.ws_row == 0 && ws.ws_col == 0))
		resize(t);
}

static void proxy_stop(tty_proxy *t)
{
	if (t->raw)
		tcsetattr(STDIN_FILENO, TCSANOW, &t->saved);
	t->raw = false;
}

static void write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return; /* our stdout is gone: drop the output, keep serving the process */
		buf += n;
		len -= (size_t)n;
	}
}

/* Copies what the master has to stdout; false once it has nothing more to give. */
static bool pump_master(tty_proxy *t)
{
	char buf[8192];

	for (;;) {
		ssize_t n = read(t->master, buf, sizeof(buf));

		if (n > 0) {
			write_all(STDOUT_FILENO, buf, (size_t)n);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return true;
		return false; /* EIO: every slave fd is closed */
	}
}

static void pump_stdin(tty_proxy *t)
{
	if (t->in_off == t->in_len) {
		ssize_t n = read(STDIN_FILENO, t->in, sizeof(t->in));

		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			return;
		if (n <= 0) {
			t->stdin_open = false;
			return;
		}
		t->in_off = 0;
		t->in_len = (size_t)n;
	}
	while (t->in_off < t->in_len) {
		ssize_t n = write(t->master, t->in + t->in_off, t->in_len - t->in_off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return; /* the rest waits for POLLOUT */
		if (n < 0) {
			t->in_off = t->in_len = 0;
			t->stdin_open = false;
			return;
		}
		t->in_off += (size_t)n;
	}
}

/* Passes a signal on to the process; SIGWINCH resizes the pty instead. */
static void forward(const struct signalfd_siginfo *si, const tty_proxy *t, int pidfd)
{
	if (si->ssi_signo == SIGCHLD)
		return; /* the loop reaps */
	if (si->ssi_signo == SIGWINCH && t) {
		resize(t);
		return;
	}
	if (pidfd >= 0)
		syscall(SYS_pidfd_send_signal, pidfd, (int)si->ssi_signo, NULL, 0);
}

/* Reaps what exited; true when o->pid is among it (*status set). */
static bool reap(const supervise_opts *o, int *status)
{
	pid_t r;
	int st;
	bool done = false;

	while ((r = waitpid(o->reap_all ? -1 : o->pid, &st, WNOHANG)) > 0)
		if (r == o->pid) {
			*status = st;
			done = true;
			if (!o->reap_all)
				break;
		}
	return done;
}

int supervise(const supervise_opts *o, const sigset_t *mask)
{
	int sfd = signalfd(-1, mask, SFD_CLOEXEC), pidfd = (int)syscall(SYS_pidfd_open, o->pid, 0);
	int status = -1;
	tty_proxy t = {.master = -1};
	bool proxy = o->master >= 0;

	if (proxy)
		proxy_start(&t, o->master);
	for (;;) {
		struct pollfd pfd[3] = {{.fd = sfd, .events = POLLIN},
					{.fd = -1, .events = POLLIN},
					{.fd = -1, .events = POLLIN}};
		struct signalfd_siginfo si;

		if (reap(o, &status))
			break;
		if (sfd < 0) {
			/* no signalfd: nothing to forward, block in waitpid */
			if (waitpid(o->pid, &status, 0) != o->pid)
				status = -1;
			break;
		}
		if (proxy) {
			if (t.stdin_open && t.in_off == t.in_len)
				pfd[1].fd = STDIN_FILENO;
			if (t.master_open) {
				pfd[2].fd = t.master;
				if (t.in_off < t.in_len)
					pfd[2].events |= POLLOUT;
			}
		}
		if (poll(pfd, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		/* signals first: a resize reaches the pty before input sent after it */
		if ((pfd[0].revents & POLLIN) && read(sfd, &si, sizeof(si)) == sizeof(si))
			forward(&si, proxy ? &t : NULL, pidfd);
		if (pfd[1].revents || (pfd[2].revents & POLLOUT))
			pump_stdin(&t);
		if (pfd[2].revents & (POLLIN | POLLHUP | POLLERR))
			t.master_open = pump_master(&t);
	}
	if (proxy) {
		/* what the process wrote just before it exited is still in the pty */
		if (t.master_open)
			pump_master(&t);
		proxy_stop(&t);
	}
	if (sfd >= 0)
		close(sfd);
	if (pidfd >= 0)
		close(pidfd);
	return status;
}
