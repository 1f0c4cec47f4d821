/* test_sandbox.c: the parse in a child process: same result as in-process, and a
 * crash, a CPU limit or a hang becomes a refusal instead of taking bpomail down. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "mailparse.h"
#include "sandbox.h"
#include "util.h"

static const char sample[] =
	"From: =?utf-8?Q?Co=C3=B6rdinator_SO-loket?= <loket@swv.example>\n"
	"To: bpo+abc@swv.example\n"
	"Cc: tb.noord@bestuur.example\n"
	"Subject: =?utf-8?Q?Re:_[BPO-2027-0001]_co=C3=B6rdinator?=\n"
	"Message-ID: <m1@swv.example>\n"
	"In-Reply-To: <a.b@swv.example>\n"
	"References: <root@x.example> <a.b@swv.example>\n"
	"Return-Path: <loket@swv.example>\n"
	"Precedence: bulk\n"
	"MIME-Version: 1.0\n"
	"Content-Type: multipart/mixed; boundary=\"b\"\n"
	"\n"
	"--b\n"
	"Content-Type: text/plain; charset=utf-8\n"
	"Content-Transfer-Encoding: quoted-printable\n"
	"\n"
	"SO-co=C3=B6rdinator: SO-co=C3=B6rdinator De Brug\n"
	"--b\n"
	"Content-Type: application/pdf\n"
	"Content-Disposition: attachment; filename=\"verslag.pdf\"\n"
	"Content-Transfer-Encoding: base64\n"
	"\n"
	"AAECAwQFBgcICQ==\n"
	"--b--\n";

static void same_strings(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

static void test_same_as_in_process(void **state)
{
	struct inmail direct, boxed;
	char *why1 = NULL, *why2 = NULL;

	(void)state;
	assert_int_equal(mailparse(sample, sizeof sample - 1, &direct, &why1), 0);
	assert_int_equal(sandbox_parse(sample, sizeof sample - 1, &boxed, &why2), 0);
	same_strings(direct.message_id, boxed.message_id);
	same_strings(direct.from_addr, boxed.from_addr);
	same_strings(direct.from_name, boxed.from_name);
	same_strings(direct.subject, boxed.subject);
	same_strings(direct.in_reply_to, boxed.in_reply_to);
	same_strings(direct.return_path, boxed.return_path);
	same_strings(direct.precedence, boxed.precedence);
	same_strings(direct.text, boxed.text);
	assert_int_equal(direct.n_from, boxed.n_from);
	assert_int_equal(direct.references.n, boxed.references.n);
	assert_int_equal(direct.recipients.n, boxed.recipients.n);
	for (size_t i = 0; i < direct.references.n; i++)
		assert_string_equal(direct.references.item[i], boxed.references.item[i]);
	assert_int_equal(direct.n_att, 1);
	assert_int_equal(boxed.n_att, 1);
	assert_string_equal(boxed.att[0].filename, "verslag.pdf");
	assert_int_equal(boxed.att[0].len, 10);
	assert_memory_equal(direct.att[0].data, boxed.att[0].data, 10);
	assert_string_equal(boxed.from_name, "Coördinator SO-loket");
	inmail_free(&direct);
	inmail_free(&boxed);
}

static void test_refusal_reason_passes(void **state)
{
	static const char bad[] = "From: a@b.example\nContent-Type: multipart/mixed; boundary=\"\\\"\"\n\n--\"\n";
	struct inmail m;
	char *why = NULL;

	(void)state;
	assert_int_equal(sandbox_parse(bad, sizeof bad - 1, &m, &why), -1);
	assert_non_null(strstr(why, "grens"));
	free(why);
	inmail_free(&m);
}

static void crash(void)
{
	raise(SIGSEGV);
}

static void spin(void)
{
	for (volatile unsigned long i = 0;; i++)
		;
}

static void hang(void)
{
	for (;;)
		pause();
}

static void expect_failure(void (*hook)(void), const char *reason)
{
	struct inmail m;
	char *why = NULL;

	sandbox_child_hook = hook;
	assert_int_equal(sandbox_parse(sample, sizeof sample - 1, &m, &why), -1);
	sandbox_child_hook = NULL;
	assert_non_null(why);
	if (!strstr(why, reason))
		fail_msg("'%s' does not say '%s'", why, reason);
	free(why);
	inmail_free(&m);
}

static void test_crash_is_refused(void **state)
{
	(void)state;
	expect_failure(crash, "de lezer stopte (signaal 11)");
}

static void test_cpu_limit(void **state)
{
	(void)state;
	/* The CPU limit (about 2 s of it) before the wall clock's, also on a busy machine. */
	sandbox_limits.cpu_seconds = 1;
	sandbox_limits.wall_seconds = 120;
	expect_failure(spin, "te veel rekentijd");
	sandbox_limits.cpu_seconds = 5;
	sandbox_limits.wall_seconds = 15;
}

static void test_wall_limit(void **state)
{
	(void)state;
	sandbox_limits.wall_seconds = 1;
	expect_failure(hang, "te veel tijd nodig");
	sandbox_limits.wall_seconds = 15;
}

/* In the child: counts the messages it was given, and fails on the second. */
static unsigned served;
static void (*second)(void);

static void fail_second(void)
{
	if (++served == 2)
		second();
}

static void burn_then_spin(void)
{
	if (++served == 1) {
		/* more CPU than one message may take, spread over the first: the limit is per message */
		struct timespec t0;
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
		for (;;) {
			struct timespec t;
			clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
			if (t.tv_sec - t0.tv_sec >= 1 && t.tv_nsec >= t0.tv_nsec)
				break;
		}
	} else if (served == 3) {
		spin();
	}
}

/* One child for a run: a failure on message 2 is message 2's alone; 1 and 3 are read. */
static void run_of_three(void (*hook)(void), const char *reason)
{
	struct sandbox sb = SANDBOX_INIT;
	struct inmail m;
	char *why = NULL;
	pid_t first;

	sandbox_child_hook = hook;
	assert_int_equal(sandbox_ask(&sb, sample, sizeof sample - 1, &m, &why), 0);
	first = sb.pid;
	inmail_free(&m);
	assert_int_equal(sandbox_ask(&sb, sample, sizeof sample - 1, &m, &why), -1);
	if (!strstr(why, reason))
		fail_msg("'%s' does not say '%s'", why, reason);
	free(why);
	assert_int_equal(sb.pid, 0);
	assert_int_equal(sandbox_ask(&sb, sample, sizeof sample - 1, &m, &why), 0);
	assert_true(sb.pid != first);
	assert_string_equal(m.att[0].filename, "verslag.pdf");
	inmail_free(&m);
	sandbox_stop(&sb);
	sandbox_child_hook = NULL;
}

static void test_run_crash(void **state)
{
	(void)state;
	second = crash;
	run_of_three(fail_second, "de lezer stopte (signaal 11)");
}

static void test_run_hang(void **state)
{
	(void)state;
	second = hang;
	sandbox_limits.wall_seconds = 1;
	run_of_three(fail_second, "te veel tijd nodig");
	sandbox_limits.wall_seconds = 15;
}

/* A child that served many messages still gives each its own CPU seconds, and takes a refusal in its stride. */
static void test_run_cpu_per_message(void **state)
{
	static const char bad[] = "From: a@b.example\nContent-Type: multipart/mixed; boundary=\"\\\"\"\n\n--\"\n";
	struct sandbox sb = SANDBOX_INIT;
	struct inmail m;
	char *why = NULL;

	(void)state;
	sandbox_limits.cpu_seconds = 1;
	sandbox_child_hook = burn_then_spin;
	for (int i = 0; i < 2; i++) {
		assert_int_equal(sandbox_ask(&sb, i ? bad : sample, i ? sizeof bad - 1 : sizeof sample - 1,
					     &m, &why), i ? -1 : 0);
		if (i)
			assert_non_null(strstr(why, "grens"));
		free(why);
		why = NULL;
		inmail_free(&m);
	}
	pid_t same = sb.pid;
	assert_true(same > 0);
	assert_int_equal(sandbox_ask(&sb, sample, sizeof sample - 1, &m, &why), -1);
	assert_non_null(strstr(why, "te veel rekentijd"));
	free(why);
	sandbox_stop(&sb);
	sandbox_child_hook = NULL;
	sandbox_limits.cpu_seconds = 5;
}

/* In a child: crashes on its second message, or on every message when the parent said so before forking it. */
static volatile int told;
static void crash_when_told(void)
{
	if (told || ++served == 2)
		crash();
}

/*
 * scan sends the next message ahead (sandbox_send_ahead): asked for, its
 * answer is read from the same child; not asked for, it is dropped and the
 * next message gets its own answer; a child gone before it is a fresh
 * child's to parse; a crash parsing it is its own; a scan that ends with
 * one ahead does not wait for it.
 */
static void test_send_ahead(void **state)
{
	static const char other[] = "From: IB De Linde <ib@delinde.example>\nSubject: tweede\n"
				    "Message-ID: <m2@delinde.example>\n\nGoedemorgen,\n";
	struct sandbox sb = SANDBOX_INIT;
	struct inmail m;
	char *why = NULL;
	pid_t child;

	(void)state;
	assert_int_equal(sandbox_ask(&sb, sample, sizeof sample - 1, &m, &why), 0);
	inmail_free(&m);
	child = sb.pid;
	sandbox_send_ahead(&sb, other, sizeof other - 1);
	assert_ptr_equal(sb.ahead, other);
	assert_int_equal(sandbox_ask(&sb, other, sizeof other - 1, &m, &why), 0);
	assert_string_equal(m.subject, "tweede");
	assert_int_equal(sb.pid, child);
	assert_null(sb.ahead);
	inmail_free(&m);

	sandbox_send_ahead(&sb, other, sizeof other - 1);
	assert_int_equal(sandbox_ask(&sb, sample, sizeof sample - 1, &m, &why), 0);
	assert_string_equal(m.att[0].filename, "verslag.pdf");
	assert_int_equal(sb.pid, child);
	inmail_free(&m);
	sandbox_stop(&sb);

	/* The child dies after its first message: the one sent ahead gets a fresh child, not the blame. */
	second = crash;
	sandbox_child_hook = fail_second;
	assert_int_equal(sandbox_ask(&sb, sample, sizeof sample - 1, &m, &why), 0);
	inmail_free(&m);
	child = sb.pid;
	sandbox_send_ahead(&sb, other, sizeof other - 1);
	assert_int_equal(sandbox_ask(&sb, other, sizeof other - 1, &m, &why), 0);
	assert_string_equal(m.subject, "tweede");
	assert_true(sb.pid != child);
	inmail_free(&m);
	sandbox_stop(&sb);

	/* A message that kills every child that reads it is its own failure. */
	sandbox_child_hook = crash_when_told;
	assert_int_equal(sandbox_ask(&sb, sample, sizeof sample - 1, &m, &why), 0);
	inmail_free(&m);
	told = 1;   /* the children forked from now on crash on their first message */
	sandbox_send_ahead(&sb, other, sizeof other - 1);
	assert_int_equal(sandbox_ask(&sb, other, sizeof other - 1, &m, &why), -1);
	assert_non_null(strstr(why, "de lezer stopte (signaal 11)"));
	free(why);
	why = NULL;
	told = 0;
	assert_int_equal(sandbox_ask(&sb, sample, sizeof sample - 1, &m, &why), 0);
	inmail_free(&m);
	sandbox_stop(&sb);
	sandbox_child_hook = fail_second;

	second = hang;
	assert_int_equal(sandbox_ask(&sb, sample, sizeof sample - 1, &m, &why), 0);
	inmail_free(&m);
	sandbox_send_ahead(&sb, other, sizeof other - 1);
	sandbox_stop(&sb);   /* returns: the child parsing it is killed, not waited for */
	assert_int_equal(sb.pid, 0);
	sandbox_child_hook = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_as_in_process),
		cmocka_unit_test(test_refusal_reason_passes),
		cmocka_unit_test(test_crash_is_refused),
		cmocka_unit_test(test_cpu_limit),
		cmocka_unit_test(test_wall_limit),
		cmocka_unit_test(test_run_crash),
		cmocka_unit_test(test_run_hang),
		cmocka_unit_test(test_run_cpu_per_message),
		cmocka_unit_test(test_send_ahead),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
