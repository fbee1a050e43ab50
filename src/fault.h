/* Fault injection at named points, for the reliability tests (tests/integration/
 * faults.bats). LXCRUN_FAULT=NAME makes the process SIGKILL itself when it reaches
 * the point NAME; LXCRUN_FAULT=NAME:stop makes it SIGSTOP itself there instead, so
 * a test can act from outside (kill lxcrun-start or the init) at that moment and
 * then resume or kill it.
 *
 * Always compiled in: the tests then exercise the very binary that ships, and the
 * cost without the variable is one getenv() per process and a NULL test per point.
 * The variable can only make the process stop or kill itself, which whoever sets
 * its environment can do anyway. Libc only: lxcrun-start links it too. */
#ifndef LXCRUN_FAULT_H
#define LXCRUN_FAULT_H

/* Kills (or stops) the calling process if LXCRUN_FAULT names this point. */
void fault_point(const char *name);

#endif
