/* subreaper: stands in for conmon / containerd-shim in the integration tests.
 *
 * usage: subreaper [-t SECONDS] PID_FILE COMMAND [ARG...]
 *
 * Makes itself a child subreaper (PR_SET_CHILD_SUBREAPER), runs COMMAND (e.g. a
 * shell running `lxcrun create --pid-file PID_FILE ... && lxcrun start ...`) and
 * waits for it. If COMMAND succeeds, reads the pid from PID_FILE and waits for
 * that process with waitpid(): this only works if the process became our
 * descendant (re-parented to us) once COMMAND returned. Prints one line:
 *   exited N      the process exited with status N
 *   signaled N    the process was killed by signal N
 * and exits 0. Exit 2 with a message on stderr when COMMAND fails, the pid file
 * is unreadable or malformed, or the pid is not our child; exit 3 on timeout
 * (default 60 s).
 *
 * usage: subreaper -r COMMAND [ARG...]
 *
 * Reaper mode, for the test harness: runs COMMAND as a child subreaper that
 * reaps every orphan re-parented to it (detached containers' inits once they
 * exit), forwards SIGINT, SIGTERM and SIGHUP to COMMAND and exits with its
 * status (128+N if it was killed by signal N). */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static void usage(void)
{
	fprintf(stderr, "usage: subreaper [-t SECONDS] PID_FILE COMMAND [ARG...]\n"
			"       subreaper -r COMMAND [ARG...]\n");
	exit(2);
}

static void on_alarm(int sig)
{
	static const char msg[] = "subreaper: timed out\n";

	(void)sig;
	if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0) {
		/* nothing else to do */
	}
	_exit(3);
}

/* Reads a pid written as digits only (a trailing newline is rejected, as
 * containerd's strconv.Atoi rejects it). */
static pid_t read_pid_file(const char *path)
{
	char buf[64];
	FILE *f = fopen(path, "re");
	size_t n;
	char *end;
	long v;

	if (f == NULL) {
		fprintf(stderr, "subreaper: open %s: %s\n", path, strerror(errno));
		exit(2);
	}
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	errno = 0;
	v = strtol(buf, &end, 10);
	if (n == 0 || *end != '\0' || errno != 0 || v <= 0 || buf[0] < '0' || buf[0] > '9') {
		fprintf(stderr, "subreaper: %s: not a pid in digits only: \"%s\"\n", path, buf);
		exit(2);
	}
	return (pid_t)v;
}

/* Waits for pid, which must be our child; returns its wait status. */
static int wait_for(pid_t pid)
{
	for (;;) {
		int status;
		pid_t r = waitpid(pid, &status, 0);

		if (r == pid)
			return status;
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			fprintf(stderr, "subreaper: pid %d is not our descendant: %s\n", (int)pid,
				strerror(errno));
			exit(2);
		}
	}
}

static volatile sig_atomic_t command_pid;

static void forward(int sig)
{
	if (command_pid > 0)
		kill((pid_t)command_pid, sig);
}

static pid_t spawn(char **argv)
{
	pid_t child = fork();

	if (child < 0) {
		perror("subreaper: fork");
		exit(2);
	}
	if (child == 0) {
		alarm(0);
		execvp(argv[0], argv);
		fprintf(stderr, "subreaper: exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	return child;
}

/* Reaper mode: reaps every child until COMMAND exits; returns its exit code. */
static int reap_all(char **argv)
{
	struct sigaction sa = {.sa_handler = forward};
	int status;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	command_pid = spawn(argv);
	for (;;) {
		pid_t r = waitpid(-1, &status, 0);

		if (r == (pid_t)command_pid)
			break;
		if (r < 0 && errno != EINTR) {
			perror("subreaper: waitpid");
			return 2;
		}
	}
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

int main(int argc, char **argv)
{
	unsigned int timeout = 60;
	const char *pid_file;
	bool reaper = false;
	pid_t child, target;
	int status, opt;

	while ((opt = getopt(argc, argv, "+t:r")) != -1) {
		if (opt == 'r') {
			reaper = true;
			continue;
		}
		if (opt != 't')
			usage();
		timeout = (unsigned int)strtoul(optarg, NULL, 10);
	}
	if (reaper) {
		if (argc - optind < 1)
			usage();
		if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0) {
			perror("subreaper: PR_SET_CHILD_SUBREAPER");
			return 2;
		}
		return reap_all(argv + optind);
	}
	if (argc - optind < 2)
		usage();
	pid_file = argv[optind];
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0) {
		perror("subreaper: PR_SET_CHILD_SUBREAPER");
		return 2;
	}
	signal(SIGALRM, on_alarm);
	alarm(timeout);
	child = spawn(argv + optind + 1);
	status = wait_for(child);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "subreaper: command failed (wait status 0x%x)\n", status);
		return 2;
	}
	target = read_pid_file(pid_file);
	/* kill(pid, 0) would also succeed for a stranger: only waitpid proves it is ours */
	status = wait_for(target);
	if (WIFEXITED(status))
		printf("exited %d\n", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		printf("signaled %d\n", WTERMSIG(status));
	else
		printf("status 0x%x\n", status);
	return 0;
}
