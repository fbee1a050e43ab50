/* ptydrive: a real terminal for the integration tests, standing in for a user
 * at a shell.
 *
 * usage: ptydrive [-t SECONDS] [-s ROWSxCOLS] [-w MARKER] [-W ROWSxCOLS] [-i INPUT]
 *                 COMMAND [ARG...]
 *
 * Opens a pty pair, sets its size (-s, default 24x80) and runs COMMAND as the
 * session leader with the pty as its controlling terminal and stdio. Copies what
 * the master reads to stdout. Once MARKER (-w) has appeared in the output (or at
 * once without -w), resizes the pty to -W if given (the kernel sends SIGWINCH)
 * and then writes INPUT (-i; "\r" and "\n" escapes are understood) to the master.
 * When COMMAND has exited and its output is drained, prints on stderr
 * "ptydrive: exit N" (or "signal N") and "ptydrive: termios restored" or
 * "ptydrive: termios changed" (comparing the pty's settings with the ones before
 * COMMAND ran: a raw mode left behind shows here). Exits 0 then; 2 on a usage or
 * system error, 3 on timeout (default 60 s).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static int parse_size(const char *s, struct winsize *ws)
{
	unsigned r, c;

	if (sscanf(s, "%ux%u", &r, &c) != 2 || r > 65535 || c > 65535)
		return -1;
	ws->ws_row = (unsigned short)r;
	ws->ws_col = (unsigned short)c;
	return 0;
}

/* "\r" and "\n" in s become CR and LF, in place. */
static void unescape(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (s[0] == '\\' && (s[1] == 'r' || s[1] == 'n')) {
			*o++ = s[1] == 'r' ? '\r' : '\n';
			s++;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
	struct winsize ws = {.ws_row = 24, .ws_col = 80}, ws2 = {0};
	const char *marker = NULL;
	char *input = NULL, seen[8192] = "";
	size_t seen_len = 0;
	bool resize = false, sent = false;
	struct termios before, after;
	int opt, master, slave, pidfd, status = 0, timeout = 60;
	long long deadline;
	pid_t pid;

	while ((opt = getopt(argc, argv, "+t:s:w:W:i:")) != -1) {
		switch (opt) {
		case 't':
			timeout = atoi(optarg);
			break;
		case 's':
			if (parse_size(optarg, &ws) < 0)
				return 2;
			break;
		case 'w':
			marker = optarg;
			break;
		case 'W':
			if (parse_size(optarg, &ws2) < 0)
				return 2;
			resize = true;
			break;
		case 'i':
			input = optarg;
			unescape(input);
			break;
		default:
			return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: ptydrive [-t S] [-s RxC] [-w MARKER] [-W RxC] [-i INPUT] "
				"COMMAND [ARG...]\n");
		return 2;
	}
	if (openpty(&master, &slave, NULL, NULL, &ws) < 0 || tcgetattr(slave, &before) < 0) {
		perror("ptydrive: openpty");
		return 2;
	}
	pid = fork();
	if (pid < 0)
		return 2;
	if (pid == 0) {
		setsid();
		ioctl(slave, TIOCSCTTY, 0);
		dup2(slave, 0);
		dup2(slave, 1);
		dup2(slave, 2);
		close(master);
		if (slave > 2)
			close(slave);
		execvp(argv[optind], argv + optind);
		perror("ptydrive: exec");
		_exit(127);
	}
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pidfd < 0)
		return 2;
	deadline = now_ms() + timeout * 1000LL;
	for (;;) {
		/* our own slave fd keeps the master from ever giving EIO: the pidfd says
		 * when the command is done */
		struct pollfd pfd[2] = {{.fd = master, .events = POLLIN},
					{.fd = pidfd, .events = POLLIN}};
		char buf[4096];
		ssize_t n;
		int left = (int)(deadline - now_ms());

		if (!sent && (marker == NULL || strstr(seen, marker))) {
			if (resize)
				ioctl(master, TIOCSWINSZ, &ws2);
			if (input && write(master, input, strlen(input)) < 0)
				return 2;
			sent = true;
		}
		if (left <= 0) {
			fprintf(stderr, "ptydrive: timeout\n");
			kill(pid, SIGKILL);
			return 3;
		}
		if (poll(pfd, 2, left) <= 0)
			continue;
		if (pfd[1].revents) {
			waitpid(pid, &status, 0);
			fcntl(master, F_SETFL, O_NONBLOCK);
			while ((n = read(master, buf, sizeof(buf))) > 0)
				fwrite(buf, 1, (size_t)n, stdout);
			break;
		}
		n = read(master, buf, sizeof(buf));
		if (n <= 0)
			continue;
		fwrite(buf, 1, (size_t)n, stdout);
		fflush(stdout);
		if (seen_len + (size_t)n < sizeof(seen)) {
			memcpy(seen + seen_len, buf, (size_t)n);
			seen_len += (size_t)n;
			seen[seen_len] = '\0';
		}
	}
	fflush(stdout);
	if (WIFEXITED(status))
		fprintf(stderr, "ptydrive: exit %d\n", WEXITSTATUS(status));
	else
		fprintf(stderr, "ptydrive: signal %d\n", WTERMSIG(status));
	tcgetattr(slave, &after);
	fprintf(stderr, "ptydrive: termios %s\n",
		before.c_lflag == after.c_lflag && before.c_iflag == after.c_iflag &&
			before.c_oflag == after.c_oflag
		    ? "restored"
		    : "changed");
	return 0;
}
