/* lxcrun-start: the liblxc monitor helper.
 *
 * Usage (by `lxcrun create` only): lxcrun-start ROOT ID PARAMS_FD READY_FD
 *
 * Loads ROOT/ID/config with liblxc and starts the container with lxcrun-init as
 * its first process, passing PARAMS_FD on. liblxc makes this process the init's
 * parent (the monitor). Once the init reports ready, `create` SIGKILLs us on
 * purpose: the init survives (its death signal is cleared) and is re-parented to
 * the caller's subreaper. If liblxc fails, or the init dies before it is ready,
 * c->start() returns here and we report why over READY_FD. */
#include "config.h"
#include "fault.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <lxc/lxccontainer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Sends "error <text>" to create (best effort: create also notices our exit). */
static void report(int fd, const char *text)
{
	char msg[4096];

	snprintf(msg, sizeof(msg), "error %s", text);
	if (send(fd, msg, strlen(msg), MSG_NOSIGNAL) < 0) {
		/* create sees the socket close */
	}
}

/* The last ERROR line liblxc logged, which usually names the real cause. */
static void first_lxc_error(const char *root, const char *id, char *out, size_t len)
{
	char path[PATH_MAX], line[2048];
	FILE *f;

	out[0] = '\0';
	snprintf(path, sizeof(path), "%s/%s/lxc.log", root, id);
	f = fopen(path, "re");
	if (f == NULL)
		return;
	/* the first error is the cause; liblxc logs how each caller failed after it */
	while (out[0] == '\0' && fgets(line, sizeof(line), f)) {
		char *e = strstr(line, " ERROR "), *msg;

		/* liblxc's attempt to chmod the caller's stdio through the container's
		 * /dev/null fails (our init creates /dev later) and is not the cause */
		if (e == NULL || strstr(line, "open_devnull") != NULL ||
		    strstr(line, "stdio permissions") != NULL)
			continue;
		line[strcspn(line, "\n")] = '\0';
		/* drop liblxc's "conf - ../src/lxc/conf.c:mount_entry:2494 - " prefix */
		msg = strstr(e, " - ");
		msg = msg && strstr(msg + 3, " - ") ? strstr(msg + 3, " - ") + 3 : e + 7;
		snprintf(out, len, "%s", msg);
	}
	fclose(f);
}

/* Opens lxcrun-init, which lives next to this binary. */
static int open_init(void)
{
	char self[PATH_MAX], path[PATH_MAX + 32];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n < 0)
		return -1;
	self[n] = '\0';
	snprintf(path, sizeof(path), "%s/lxcrun-init", dirname(self));
	/* O_CLOEXEC: the kernel opens the binary through /proc/self/fd/N before it
	 * closes the descriptor, so the container never holds it after the exec */
	return open(path, O_RDONLY | O_CLOEXEC);
}

int main(int argc, char **argv)
{
	char init_arg[64], detail[2048], msg[3072];
	struct lxc_container *c;
	int ready_fd, init_fd;
	bool ok;

	if (argc != 5) {
		fprintf(stderr, "lxcrun-start: internal helper of lxcrun, not for direct use\n");
		return 2;
	}
	ready_fd = atoi(argv[4]);
	init_fd = open_init();
	if (init_fd < 0) {
		snprintf(msg, sizeof(msg), "open lxcrun-init: %s", strerror(errno));
		report(ready_fd, msg);
		return 1;
	}
	c = lxc_container_new(argv[2], argv[1]);
	if (c == NULL || !c->is_defined(c)) {
		report(ready_fd, "liblxc could not load the container's configuration");
		return 1;
	}
	/* liblxc hands uid/gid maps to the setuid newuidmap whenever it is on PATH,
	 * and newuidmap refuses root ranges it has no /etc/subuid entry for; as real
	 * root liblxc writes the maps itself when it finds no newuidmap. Nothing
	 * else in liblxc's start path looks at PATH (the init is exec'd by fd). */
	if (geteuid() == 0)
		unsetenv("PATH");
	fault_point("lxcrun-start.loaded");
	/* In a user namespace liblxc's child checks, as the container's root, that
	 * it can search its lxcpath; ROOT is 0700 on purpose and its parents may be
	 * too. The config is loaded already and the log path is explicit, so what
	 * is left of the lxcpath is the name of liblxc's command socket: "/" keeps
	 * it usable, at the cost of that name no longer including ROOT. */
	if (c->get_config_item(c, "lxc.idmap", NULL, 0) > 0 && !c->set_config_path(c, "/")) {
		report(ready_fd, "liblxc could not set the container's lxcpath");
		return 1;
	}
	c->want_daemonize(c, false);
	/* the init must inherit the parameters, ready socket, fifo and console fds */
	c->want_close_all_fds(c, false);
	snprintf(init_arg, sizeof(init_arg), "/proc/self/fd/%d", init_fd);
	{
		char *const args[] = {init_arg, argv[3], NULL};

		ok = c->start(c, 0, args);
	}
	first_lxc_error(argv[1], argv[2], detail, sizeof(detail));
	snprintf(msg, sizeof(msg), "liblxc %s the container%s%s", ok ? "ended" : "failed to start",
		 detail[0] ? ": " : "", detail);
	report(ready_fd, msg);
	lxc_container_put(c);
	return 1;
}
