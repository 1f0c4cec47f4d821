/* test_field.c: what the operator of an installed site sets (issue 11): syslog facilities, the new settings and their defaults, the templates' override. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>
#include <unistd.h>

#include "config.h"
#include "maillog.h"
#include "util.h"

static char dir[64];

static int load(const char *text, struct config *c)
{
	char *path = xasprintf("%s/bpomail.conf", dir);
	FILE *f = fopen(path, "w");
	int rc;

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	/* Errors are printed: keep them out of the test's output. */
	FILE *saved = stderr;
	stderr = fopen("/dev/null", "w");
	rc = config_load(path, c);
	fclose(stderr);
	stderr = saved;
	free(path);
	return rc;
}

#define BASE "address = bpo@swv.example\ndatabase = /var/lib/bpomail/bpo.db\nsendmail = /usr/sbin/sendmail -t -i\n"

static void test_facilities(void **state)
{
	(void)state;
	assert_int_equal(maillog_facility(NULL), LOG_MAIL);
	assert_int_equal(maillog_facility("mail"), LOG_MAIL);
	assert_int_equal(maillog_facility("MAIL"), LOG_MAIL);
	assert_int_equal(maillog_facility("daemon"), LOG_DAEMON);
	assert_int_equal(maillog_facility("user"), LOG_USER);
	assert_int_equal(maillog_facility("local0"), LOG_LOCAL0);
	assert_int_equal(maillog_facility("local7"), LOG_LOCAL7);
	assert_int_equal(maillog_facility("local8"), -1);
	assert_int_equal(maillog_facility("kern"), -1);
	assert_int_equal(maillog_facility(""), -1);
}

static void test_new_settings(void **state)
{
	struct config c;

	(void)state;
	assert_int_equal(load(BASE, &c), 0);
	assert_string_equal(c.syslog_facility, "mail");
	assert_int_equal(c.quarantine_days, 30);
	assert_int_equal(c.deliver_time_limit, 30);
	config_free(&c);

	assert_int_equal(load(BASE "syslog_facility = local3\nquarantine_days = 90\n"
			      "deliver_time_limit = 10\n", &c), 0);
	assert_string_equal(c.syslog_facility, "local3");
	assert_int_equal(c.quarantine_days, 90);
	assert_int_equal(c.deliver_time_limit, 10);
	config_free(&c);

	assert_int_equal(load(BASE "quarantine_days = 0\n", &c), -1);
	assert_int_equal(load(BASE "quarantine_days = 3651\n", &c), -1);
	assert_int_equal(load(BASE "deliver_time_limit = 4\n", &c), -1);
	assert_int_equal(load(BASE "deliver_time_limit = 3601\n", &c), -1);
}

static void test_templates_default(void **state)
{
	struct config c;
	char *saved = getenv("BPOMAIL_TEMPLATEDIR") ? xstrdup(getenv("BPOMAIL_TEMPLATEDIR")) : NULL;

	(void)state;
	unsetenv("BPOMAIL_TEMPLATEDIR");
	assert_int_equal(load(BASE, &c), 0);
	assert_string_equal(c.templates, BPOMAIL_TEMPLATEDIR);
	config_free(&c);
	setenv("BPOMAIL_TEMPLATEDIR", "/srv/bpomail/templates", 1);
	assert_int_equal(load(BASE, &c), 0);
	assert_string_equal(c.templates, "/srv/bpomail/templates");
	config_free(&c);
	/* A setting in the file wins over the environment. */
	assert_int_equal(load(BASE "templates = /etc/bpomail/templates\n", &c), 0);
	assert_string_equal(c.templates, "/etc/bpomail/templates");
	config_free(&c);
	if (saved)
		setenv("BPOMAIL_TEMPLATEDIR", saved, 1);
	else
		unsetenv("BPOMAIL_TEMPLATEDIR");
	free(saved);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/bpomail-field.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char *path = xasprintf("%s/bpomail.conf", dir);

	(void)state;
	unlink(path);
	free(path);
	return rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_facilities),
		cmocka_unit_test(test_new_settings),
		cmocka_unit_test(test_templates_default),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
