/* The one logging path: `--log FILE --log-format text|json` (runc's JSON line
 * shape: {"level":..,"msg":..,"time":..}). Without --log, messages go to stderr.
 * stdout is never used: it belongs to command output. */
#ifndef LXCRUN_LOG_H
#define LXCRUN_LOG_H

#include <stdbool.h>

#include "error.h"

enum lxr_log_level { LXR_LOG_DEBUG, LXR_LOG_INFO, LXR_LOG_WARN, LXR_LOG_ERROR };

/* Opens the log destination; path NULL means stderr. format is "text" or "json". */
int lxr_log_open(const char *path, const char *format, bool debug, lxr_error **err);

/* Logs one message at level (debug messages only with --debug). */
void lxr_log(enum lxr_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Reports a command's final error: to the log (level error) and, if the log is a file, to stderr
 * too. */
void lxr_log_fatal(const lxr_error *err);

/* The log file path given with --log (NULL when logging to stderr), for helpers we launch. */
const char *lxr_log_path(void);

/* True when --log-format json was given. */
bool lxr_log_json(void);

#endif
