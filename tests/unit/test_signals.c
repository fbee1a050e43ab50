/* Signal names as `kill` accepts them. */
#include "config.h"
#include "signals.h"
#include "tap.h"

#include <signal.h>

int main(void)
{
	ok(signal_parse("TERM") == SIGTERM, "TERM");
	ok(signal_parse("SIGTERM") == SIGTERM, "SIGTERM");
	ok(signal_parse("term") == SIGTERM, "lowercase term");
	ok(signal_parse("sigkill") == SIGKILL, "lowercase sigkill");
	ok(signal_parse("SiGuSr1") == SIGUSR1, "mixed case");
	ok(signal_parse("9") == SIGKILL, "number 9");
	ok(signal_parse("15") == SIGTERM, "number 15");
	ok(signal_parse("64") == 64, "highest realtime number");
	ok(signal_parse("65") == -1, "number beyond NSIG");
	ok(signal_parse("0") == -1, "0 is not a signal to send");
	ok(signal_parse("-1") == -1, "negative");
	ok(signal_parse("") == -1, "empty");
	ok(signal_parse(NULL) == -1, "NULL");
	ok(signal_parse("FOO") == -1, "unknown name");
	ok(signal_parse("SIG") == -1, "bare SIG");
	ok(signal_parse("9x") == -1, "trailing garbage");
	ok(signal_parse("RTMIN") == SIGRTMIN, "RTMIN");
	ok(signal_parse("SIGRTMIN+2") == SIGRTMIN + 2, "RTMIN+2");
	ok(signal_parse("RTMAX-1") == SIGRTMAX - 1, "RTMAX-1");
	ok(signal_parse("RTMIN+99") == -1, "RTMIN+99 out of range");
	ok(signal_parse("WINCH") == SIGWINCH, "WINCH");
	ok(signal_parse("CHLD") == SIGCHLD, "CHLD");
	ok(signal_parse("HUP") == SIGHUP, "HUP");
	return tap_done();
}
