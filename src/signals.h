/* Signal names as `kill` accepts them: "TERM", "SIGTERM", "term", "15", "RTMIN+3". */
#ifndef LXCRUN_SIGNALS_H
#define LXCRUN_SIGNALS_H

/* Returns the signal number for s, or -1 if s names no signal. */
int signal_parse(const char *s);

#endif
