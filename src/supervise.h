/* The foreground half of `run` and `exec`: wait for the process, pass signals on,
 * and, given a pty master, be its terminal. */
#ifndef LXCRUN_SUPERVISE_H
#define LXCRUN_SUPERVISE_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

typedef struct {
	pid_t pid;     /* our child (or a re-parented orphan) whose status we want */
	int master;    /* pty master to proxy to our stdin/stdout, or -1 */
	bool reap_all; /* we are a subreaper: reap every other child too */
} supervise_opts;

/* Blocks until o->pid exits and returns its wait status (-1 on error). Every
 * signal in mask (which the caller has blocked) except SIGCHLD is forwarded to
 * o->pid; with a master, stdin (in raw mode if it is a terminal, restored before
 * returning) goes to the pty, the pty's output to stdout, SIGWINCH resizes the
 * pty, and what the process wrote before it exited is all copied out. */
int supervise(const supervise_opts *o, const sigset_t *mask);

/* Blocks every catchable signal (*all gets the set supervise forwards, *old the
 * previous mask); called before the process exists, so none meant for it is lost. */
void supervise_block_signals(sigset_t *all, sigset_t *old);

/* The shell's convention: the exit code, or 128+N for a death by signal N. */
int exit_code_of(int status);

#endif
