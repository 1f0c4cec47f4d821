/* test_misc.c: addresses, reply tokens, UTF-8, the configuration file and the directory. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <unistd.h>

#include "address.h"
#include "bounds.h"
#include "config.h"
#include "directory.h"
#include "store.h"
#include "token.h"
#include "utf8.h"
#include "util.h"

static char tmpdir[64];

static char *tmp_path(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

static void write_file(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write_all(fd, data, len), 0);
	assert_int_equal(close(fd), 0);
}

static void write_text(const char *path, const char *text)
{
	write_file(path, text, strlen(text));
}

/* want with every "%s" replaced by path (caller frees). */
static char *subst(const char *want, const char *path)
{
	struct buf out = BUF_INIT;

	for (const char *p = want; *p; p++) {
		if (p[0] == '%' && p[1] == 's') {
			buf_adds(&out, path);
			p++;
		} else {
			buf_addc(&out, *p);
		}
	}
	return buf_detach(&out);
}

/* Captures what a call writes to stderr. */
static int saved_stderr = -1;
static char *capture_path;

static void capture_start(void)
{
	fflush(stderr);
	saved_stderr = dup(2);
	assert_true(saved_stderr >= 0);
	int fd = open(capture_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	dup2(fd, 2);
	close(fd);
}

static char *capture_end(void)
{
	struct buf out = BUF_INIT;

	fflush(stderr);
	dup2(saved_stderr, 2);
	close(saved_stderr);
	saved_stderr = -1;
	assert_int_equal(read_file(capture_path, 1 << 20, &out), 0);
	return buf_detach(&out);
}

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/test_misc.XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	capture_path = tmp_path("stderr.txt");
	return 0;
}

static const char *const tmp_files[] = {
	"stderr.txt", "bpomail.conf", "other.conf", "dir.csv", "dir.sqlite", "dir.sqlite-wal",
	"dir.sqlite-shm", "dir.sqlite-journal",
};

static int teardown(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(tmp_files); i++) {
		char *p = tmp_path(tmp_files[i]);
		unlink(p);
		free(p);
	}
	char *sub = tmp_path("sub");
	rmdir(sub);
	free(sub);
	free(capture_path);
	return rmdir(tmpdir);
}

/* address.c -------------------------------------------------------------------- */

static void test_addr_valid(void **state)
{
	static const char *const good[] = {
		"ib@linde.example", "IB@Linde.Example", "ib.de-linde+x@sub.linde.example",
		"a_b@x-y.example", "o'brien@linde.example", "bpo+abcdefghijklmnopqrstuvwx@swv.example",
		"x@a.b.c.example", "1@2.example",
	};
	static const char *const bad[] = {
		"", "ib", "@linde.example", "ib@", "ib@linde", "ib@@linde.example", "ib@linde..example",
		".ib@linde.example", "ib.@linde.example", "i..b@linde.example", "ib@.linde.example",
		"ib@linde.example.", "ib@-linde.example", "ib @linde.example", "ib@linde .example",
		" ib@linde.example", "ib@linde.example ", "\"ib\"@linde.example", "ib@linde.example\n",
		"ib\r@linde.example", "ib@linde_x.example", "ib@[127.0.0.1]", "Zo\xc3\xab@linde.example",
		"ib@link\xc3\xab.example", "<ib@linde.example>", "IB <ib@linde.example>",
		"ib@linde.example,x@y.example", "ib(x)@linde.example", "ib;@linde.example",
		"ib\\@linde.example",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(good); i++)
		if (!addr_valid(good[i]))
			fail_msg("refused: '%s'", good[i]);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		if (addr_valid(bad[i]))
			fail_msg("accepted: '%s'", bad[i]);
	/* at most BOUND_EMAIL */
	struct buf a = BUF_INIT;
	for (size_t i = 0; i < BOUND_EMAIL - strlen("@linde.example"); i++)
		buf_addc(&a, 'x');
	buf_adds(&a, "@linde.example");
	assert_true(addr_valid(a.data));
	buf_addc(&a, 'e');
	assert_false(addr_valid(a.data));
	buf_free(&a);
}

static void test_addr_normalize(void **state)
{
	(void)state;
	char *n = addr_normalize("  IB@De-Linde.Example\t\n");
	assert_string_equal(n, "ib@de-linde.example");
	free(n);
}

static void split_is(const char *text, const char *want_name, const char *want_email)
{
	char *name, *email;

	addr_split_person(text, &name, &email);
	if (want_name) {
		assert_non_null(name);
		assert_string_equal(name, want_name);
	} else {
		assert_null(name);
	}
	if (want_email) {
		assert_non_null(email);
		assert_string_equal(email, want_email);
	} else {
		assert_null(email);
	}
	free(name);
	free(email);
}

static void test_addr_split_person(void **state)
{
	(void)state;
	split_is("Trajectbegeleider Noord <tb.noord@swv.example>", "Trajectbegeleider Noord",
		 "tb.noord@swv.example");
	split_is("  Trajectbegeleider Noord   <  tb.noord@swv.example >  ", "Trajectbegeleider Noord",
		 "tb.noord@swv.example");
	split_is("tb.noord@swv.example", NULL, "tb.noord@swv.example");
	split_is("  tb.noord@swv.example  ", NULL, "tb.noord@swv.example");
	split_is("<tb.noord@swv.example>", NULL, "tb.noord@swv.example");
	split_is("Coördinator SO-loket", "Coördinator SO-loket", NULL);
	split_is("Trajectbegeleider Noord (tb.noord@swv.example)", "Trajectbegeleider Noord",
		 "tb.noord@swv.example");
	split_is("tb.noord@swv.example (Trajectbegeleider Noord)", "Trajectbegeleider Noord",
		 "tb.noord@swv.example");
	split_is("\"Berg, Zoë\" <zoe@linde.example>", "Berg, Zoë", "zoe@linde.example");
	split_is("\"IB De Linde\"", "IB De Linde", NULL);
	/* brackets without an address: all of it is the name */
	split_is("IB De Linde (groep 5)", "IB De Linde (groep 5)", NULL);
	/* a bracketed address that is not valid still comes back */
	split_is("IB <niet-geldig>", "IB", "niet-geldig");
	split_is("", NULL, NULL);
	split_is("   ", NULL, NULL);
}

static void test_addr_token(void **state)
{
	static const struct { const char *addr, *want; } cases[] = {
		{ "bpo+abc234@swv.example", "abc234" },
		{ "BPO+abc234@SWV.Example", "abc234" },
		{ "bpo+abc234@swv.EXAMPLE", "abc234" },
		{ "bpo@swv.example", NULL },
		{ "bpo+@swv.example", NULL },
		{ "bpx+abc234@swv.example", NULL },
		{ "xbpo+abc234@swv.example", NULL },
		{ "bp+abc234@swv.example", NULL },
		{ "bpo-abc234@swv.example", NULL },
		{ "bpo+abc234@other.example", NULL },
		{ "bpo+abc234@mail.swv.example", NULL },
		{ "bpo+abc234@swv.example.evil.example", NULL },
		{ "bpo+abc234", NULL },
		{ "", NULL },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *t = addr_token(cases[i].addr, "bpo@swv.example");
		if (cases[i].want) {
			if (!t || strcmp(t, cases[i].want) != 0)
				fail_msg("%s gave %s", cases[i].addr, t ? t : "NULL");
		} else if (t) {
			fail_msg("%s gave %s, want NULL", cases[i].addr, t);
		}
		free(t);
	}
	char *a = addr_with_token("bpo@swv.example", "abc234");
	assert_string_equal(a, "bpo+abc234@swv.example");
	char *t = addr_token(a, "bpo@swv.example");
	assert_string_equal(t, "abc234");
	assert_true(addr_valid(a));
	free(a);
	free(t);
}

/* token.c -------------------------------------------------------------------------- */

static const unsigned char secret[32] = "0123456789abcdef0123456789abcdef";
static const unsigned char other_secret[32] = "fedcba9876543210fedcba9876543210";

static void test_token_roundtrip(void **state)
{
	char tok[TOKEN_LEN + 1], tok2[TOKEN_LEN + 1];
	int64_t id;
	enum role role;

	(void)state;
	token_make(secret, 42, ROLE_TB, "tb.noord@swv.example", tok);
	assert_int_equal(strlen(tok), TOKEN_LEN);
	assert_int_equal(strspn(tok, "abcdefghijklmnopqrstuvwxyz234567"), TOKEN_LEN);
	assert_true(token_verify(secret, tok, 42, ROLE_TB, "tb.noord@swv.example"));
	/* the address as people write it */
	assert_true(token_verify(secret, tok, 42, ROLE_TB, " TB.Noord@SWV.example "));
	assert_true(token_parse(tok, &id, &role));
	assert_int_equal(id, 42);
	assert_int_equal(role, ROLE_TB);
	/* the same inputs give the same token */
	token_make(secret, 42, ROLE_TB, "tb.noord@swv.example", tok2);
	assert_string_equal(tok, tok2);
	/* every role and a large id */
	for (int r = ROLE_IB; r < ROLE_COUNT; r++) {
		token_make(secret, 2027000042, (enum role)r, "x@swv.example", tok2);
		assert_true(token_verify(secret, tok2, 2027000042, (enum role)r, "x@swv.example"));
		assert_true(token_parse(tok2, &id, &role));
		assert_int_equal(id, 2027000042);
		assert_int_equal(role, r);
	}
}

static void test_token_refuses(void **state)
{
	char tok[TOKEN_LEN + 1], bad[TOKEN_LEN + 2];

	(void)state;
	token_make(secret, 42, ROLE_TB, "tb.noord@swv.example", tok);
	assert_false(token_verify(secret, tok, 43, ROLE_TB, "tb.noord@swv.example"));
	assert_false(token_verify(secret, tok, 42, ROLE_LOKET, "tb.noord@swv.example"));
	assert_false(token_verify(secret, tok, 42, ROLE_TB, "tb.zuid@swv.example"));
	assert_false(token_verify(other_secret, tok, 42, ROLE_TB, "tb.noord@swv.example"));
	/* made with another secret */
	token_make(other_secret, 42, ROLE_TB, "tb.noord@swv.example", bad);
	assert_string_not_equal(bad, tok);
	assert_false(token_verify(secret, bad, 42, ROLE_TB, "tb.noord@swv.example"));
	/* any one character changed */
	for (size_t i = 0; i < TOKEN_LEN; i++) {
		memcpy(bad, tok, sizeof tok);
		bad[i] = bad[i] == 'a' ? 'b' : 'a';
		if (token_verify(secret, bad, 42, ROLE_TB, "tb.noord@swv.example"))
			fail_msg("flipped character %zu accepted", i);
	}
	/* the request id and role in a token are not enough: the MAC binds them */
	int64_t id;
	enum role role;
	memcpy(bad, tok, sizeof tok);
	bad[6] = bad[6] == 'c' ? 'd' : 'c';   /* inside the id/role bits */
	if (token_parse(bad, &id, &role))
		assert_false(token_verify(secret, bad, id, role, "tb.noord@swv.example"));
	/* malformed */
	assert_false(token_parse("", &id, &role));
	assert_false(token_parse("abc", &id, &role));
	memcpy(bad, tok, sizeof tok);
	bad[3] = '1';   /* not in the alphabet */
	assert_false(token_parse(bad, &id, &role));
	assert_false(token_verify(secret, bad, 42, ROLE_TB, "tb.noord@swv.example"));
	memcpy(bad, tok, sizeof tok);
	bad[TOKEN_LEN] = 'a';
	bad[TOKEN_LEN + 1] = '\0';
	assert_false(token_parse(bad, &id, &role));
	assert_false(token_verify(secret, bad, 42, ROLE_TB, "tb.noord@swv.example"));
	bad[TOKEN_LEN - 1] = '\0';
	assert_false(token_verify(secret, bad, 42, ROLE_TB, "tb.noord@swv.example"));
	/* a token for no role */
	assert_false(token_parse("aaaaaaaaaaaaaaaaaaaaaaaa", &id, &role));
}

static void test_token_from_message_id(void **state)
{
	char tok[TOKEN_LEN + 1], got[TOKEN_LEN + 1];

	(void)state;
	token_make(secret, 7, ROLE_IB, "ib@linde.example", tok);
	char *id = xasprintf("%s.0123456789abcdef@swv.example", tok);
	assert_true(token_from_message_id(id, got));
	assert_string_equal(got, tok);
	free(id);
	id = xasprintf("x%s.0123456789abcdef@swv.example", tok);
	assert_false(token_from_message_id(id, got));
	free(id);
	id = xasprintf("%.*s.0123@swv.example", TOKEN_LEN - 1, tok);
	assert_false(token_from_message_id(id, got));
	free(id);
	assert_false(token_from_message_id("CAF+x=1@mail.linde.example", got));
	assert_false(token_from_message_id("", got));
	assert_false(token_from_message_id("aaaaaaaaaaaaaaaaaaaaaaaa.x@swv.example", got));
}

/* utf8.c -------------------------------------------------------------------------- */

static void test_utf8_valid(void **state)
{
	static const char *const good[] = {
		"", "AKKOORD", "Zo\xc3\xab", "\xe2\x82\xac", "\xf0\x9f\x8e\x93", "\xf4\x8f\xbf\xbf",
		"\xef\xbf\xbf", "\xed\x9f\xbf", "\xee\x80\x80", "\xc2\x80",
	};
	static const char *const bad[] = {
		"\xc0\xaf", "\xc1\xbf", "\xe0\x80\xaf", "\xe0\x9f\xbf", "\xf0\x80\x80\xaf",
		"\xf0\x8f\xbf\xbf",                       /* overlongs */
		"\xed\xa0\x80", "\xed\xbf\xbf",           /* surrogates */
		"\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xf8\x88\x80\x80\x80", "\xff", "\xfe",
		"\xc3", "\xe2\x82", "\xf0\x9f\x8e", "Zo\xc3", /* truncated */
		"\x80", "\xbf", "a\x80" "b", "\xc3\x28", "\xe2\x28\xa1", "Co\xf6rdinator",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(good); i++)
		if (!utf8_valid(good[i], strlen(good[i])))
			fail_msg("refused good %zu", i);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		if (utf8_valid(bad[i], strlen(bad[i])))
			fail_msg("accepted bad %zu", i);
	/* the length counts, not a NUL */
	assert_true(utf8_valid("a\0b", 3));
	assert_false(utf8_valid("\xc3\xab", 1));
}

static void fold_is(const char *in, const char *want)
{
	char *got = utf8_fold(in);
	assert_string_equal(got, want);
	free(got);
}

static void test_utf8_fold(void **state)
{
	(void)state;
	fold_is("Coördinator SO-loket", "coordinator so-loket");
	fold_is("COÖRDINATOR", "coordinator");
	fold_is("\xc4\xb2sselmeer", "ijsselmeer");   /* Ĳ */
	fold_is("IJsselmeer", "ijsselmeer");
	fold_is("\xc4\xb3s", "ijs");                  /* ĳ */
	fold_is("Zoë", "zoe");
	fold_is("Berg, Zoë van der", "berg, zoe van der");
	fold_is("Straße", "strasse");
	fold_is("Ærø Œuvre Łódź Škoda Çelik Ñandú Ýr Þór", "aero oeuvre lodz skoda celik nandu yr thor");
	fold_is("\u201cAkkoord\u201d", "\"akkoord\"");
	fold_is("\u2018x\u2019 \u201ey\u201d", "'x' \"y\"");
	fold_is("a \u2013 b \u2014 c \u2011 d", "a - b - c - d");
	fold_is("a\u00a0b", "a b");
	fold_is("Привет 名前 🎓", "Привет 名前 🎓");
	fold_is("", "");
	/* invalid bytes vanish; nothing invalid becomes ASCII or a NUL */
	fold_is("a\xff" "b", "ab");
	fold_is("a\xe0\x80\xaf" "b", "ab");
	fold_is("a\xe0\x80\x80" "b", "ab");
	fold_is("a\xed\xa0\x80" "b", "ab");
}

static void clean_is(const char *in, size_t n, const char *want)
{
	char *got = utf8_clean_text(in, n);
	assert_string_equal(got, want);
	assert_true(utf8_valid(got, strlen(got)));
	free(got);
}

static void test_utf8_clean_text(void **state)
{
	(void)state;
	clean_is("AKKOORD\r\nGroet\r\n", 17, "AKKOORD\nGroet\n");
	clean_is("a\rb\r\r\nc", 7, "a\nb\n\nc");
	clean_is("a\0b\tc\x01\x7f" "d", 8, "ab\tcd");
	/* windows-1252 */
	clean_is("Co\xf6rdinator \x93ja\x94 \x80 \x96\r\n", 21, "Coördinator “ja” € –\n");
	clean_is("\x81\x8d", 2, "\xef\xbf\xbd\xef\xbf\xbd");
	/* valid UTF-8 stays */
	clean_is("Co\xc3\xb6rdinator", 12, "Coördinator");
	clean_is("", 0, "");
}

static void test_utf8_prefix_len(void **state)
{
	(void)state;
	assert_int_equal(utf8_prefix_len("Zoë", 4, 10), 4);
	assert_int_equal(utf8_prefix_len("Zoë", 4, 4), 4);
	assert_int_equal(utf8_prefix_len("Zoë", 4, 3), 2);
	assert_int_equal(utf8_prefix_len("🎓x", 5, 3), 0);
	assert_int_equal(utf8_width("Zoë 🎓"), 5);
}

/* config.c ----------------------------------------------------------------------- */

/* Loads text as a configuration file; returns load's result and what it said. */
static int load_config(const char *text, struct config *c, char **said)
{
	char *path = tmp_path("bpomail.conf");

	write_text(path, text);
	capture_start();
	int rc = config_load(path, c);
	*said = capture_end();
	free(path);
	return rc;
}

static void config_refused(const char *text, const char *want)
{
	struct config c;
	char *said;
	char *path = tmp_path("bpomail.conf");
	char *expect = subst(want, path);

	if (load_config(text, &c, &said) != -1)
		fail_msg("accepted:\n%s", text);
	if (strcmp(said, expect) != 0)
		fail_msg("said:\n%s\nwant:\n%s", said, expect);
	config_free(&c);
	free(said);
	free(expect);
	free(path);
}

#define BASE "address = bpo@swv.example\ndatabase = /var/lib/bpomail/bpo.sqlite\noutbox = /var/spool/bpomail\n"

static void test_config_valid(void **state)
{
	struct config c;
	char *said;

	(void)state;
	assert_int_equal(load_config("# bpomail\n"
				     "[bpomail]\n"
				     "address = bpo@swv.example\n"
				     "name = BPO-loket SWV Noord\n"
				     "\n"
				     "; relative to this file\n"
				     "database = bpo.sqlite\n"
				     "outbox = sub/outbox\r\n"
				     "templates = /usr/share/bpomail/templates\n"
				     "max_message_size = 10M\n"
				     "trust_from = ja\n"
				     "busy_timeout = 5\n"
				     "sendmail_timeout=120\n",
				     &c, &said),
			 0);
	assert_string_equal(said, "");
	char *db = tmp_path("bpo.sqlite"), *outbox = tmp_path("sub/outbox"), *path = tmp_path("bpomail.conf");
	assert_string_equal(c.address, "bpo@swv.example");
	assert_string_equal(c.name, "BPO-loket SWV Noord");
	assert_string_equal(c.database, db);
	assert_string_equal(c.outbox, outbox);
	assert_null(c.sendmail);
	assert_string_equal(c.templates, "/usr/share/bpomail/templates");
	assert_int_equal(c.max_message_size, 10 * 1024 * 1024);
	assert_true(c.trust_from);
	assert_int_equal(c.busy_timeout, 5);
	assert_int_equal(c.sendmail_timeout, 120);
	assert_string_equal(c.path, path);
	config_free(&c);
	free(said);
	free(db);
	free(outbox);
	free(path);

	/* defaults; sendmail instead of an outbox */
	assert_int_equal(load_config("address = bpo@swv.example\ndatabase = /var/lib/bpo.sqlite\n"
				     "sendmail = /usr/sbin/sendmail -t -i\n",
				     &c, &said),
			 0);
	assert_string_equal(said, "");
	assert_string_equal(c.name, "BPO-loket");
	assert_string_equal(c.database, "/var/lib/bpo.sqlite");
	assert_string_equal(c.sendmail, "/usr/sbin/sendmail -t -i");
	assert_null(c.outbox);
	assert_int_equal(c.max_message_size, 25 * 1024 * 1024);
	assert_false(c.trust_from);
	assert_int_equal(c.busy_timeout, 30);
	assert_int_equal(c.sendmail_timeout, 60);
	assert_string_equal(c.templates, BPOMAIL_TEMPLATEDIR);
	config_free(&c);
	free(said);

	/* every spelling of a boolean */
	static const char *const yes[] = { "yes", "Yes", "true", "on", "ja", "1" };
	static const char *const no[] = { "no", "NO", "false", "off", "nee", "0" };
	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		char *t = xasprintf(BASE "trust_from = %s\n", yes[i]);
		assert_int_equal(load_config(t, &c, &said), 0);
		assert_true(c.trust_from);
		config_free(&c);
		free(said);
		free(t);
		t = xasprintf(BASE "trust_from = %s\n", no[i]);
		assert_int_equal(load_config(t, &c, &said), 0);
		assert_false(c.trust_from);
		config_free(&c);
		free(said);
		free(t);
	}
	/* sizes */
	assert_int_equal(load_config(BASE "max_message_size = 64k\n", &c, &said), 0);
	assert_int_equal(c.max_message_size, 64 * 1024);
	config_free(&c);
	free(said);
	assert_int_equal(load_config(BASE "max_message_size = 64M\n", &c, &said), 0);
	assert_int_equal(c.max_message_size, 64 * 1024 * 1024);
	config_free(&c);
	free(said);
	assert_int_equal(load_config(BASE "max_message_size = 1048576\n", &c, &said), 0);
	assert_int_equal(c.max_message_size, 1024 * 1024);
	config_free(&c);
	free(said);
}

static void test_config_errors(void **state)
{
	(void)state;
	config_refused(BASE "adres = bpo@swv.example\n",
		       "bpomail: %s:4: unknown setting 'adres'\n"
		       "bpomail: %s: 1 error; configuration refused\n");
	config_refused(BASE "address = tweede@swv.example\n",
		       "bpomail: %s:4: address is set twice\n"
		       "bpomail: %s: 1 error; configuration refused\n");
	config_refused(BASE "trust_from = misschien\n",
		       "bpomail: %s:4: trust_from: 'misschien' is not yes or no\n"
		       "bpomail: %s: 1 error; configuration refused\n");
	config_refused(BASE "max_message_size = 10G\n",
		       "bpomail: %s:4: max_message_size: '10G' is not a size between 64K and 64M\n"
		       "bpomail: %s: 1 error; configuration refused\n");
	config_refused(BASE "max_message_size = 65M\n",
		       "bpomail: %s:4: max_message_size: '65M' is not a size between 64K and 64M\n"
		       "bpomail: %s: 1 error; configuration refused\n");
	config_refused(BASE "max_message_size = 1K\n",
		       "bpomail: %s:4: max_message_size: '1K' is not a size between 64K and 64M\n"
		       "bpomail: %s: 1 error; configuration refused\n");
	config_refused(BASE "busy_timeout = 0\n",
		       "bpomail: %s:4: busy_timeout: '0' is not a number of seconds between 1 and 600\n"
		       "bpomail: %s: 1 error; configuration refused\n");
	config_refused(BASE "address\n",
		       "bpomail: %s:4: expected 'name = value'\n"
		       "bpomail: %s: 1 error; configuration refused\n");
	config_refused(BASE "name =\n",
		       "bpomail: %s:4: name has no value\n"
		       "bpomail: %s: 1 error; configuration refused\n");
	config_refused(BASE "[sendmail]\n",
		       "bpomail: %s:4: unknown section [sendmail] (only [bpomail])\n"
		       "bpomail: %s: 1 error; configuration refused\n");
	config_refused("address = bpo at swv.example\ndatabase = x\noutbox = y\n",
		       "bpomail: %s:1: address: 'bpo at swv.example' is not a mail address\n"
		       "bpomail: %s: 1 error; configuration refused\n");
	/* missing settings have no line */
	config_refused("database = /var/lib/bpo.sqlite\noutbox = /var/spool/bpomail\n",
		       "bpomail: %s: address is not set (the system's mail address)\n"
		       "bpomail: %s: 1 error; configuration refused\n");
	config_refused(BASE "sendmail = /usr/sbin/sendmail -t -i\n",
		       "bpomail: %s: set either outbox or sendmail, not both\n"
		       "bpomail: %s: 1 error; configuration refused\n");
	config_refused("address = bpo@swv.example\n",
		       "bpomail: %s: database is not set\n"
		       "bpomail: %s: set outbox (a Maildir) or sendmail (a command) for outgoing mail\n"
		       "bpomail: %s: 2 errors; configuration refused\n");
	/* every error counted, the whole file refused */
	config_refused("adres = x\n"
		       "address = bpo@swv.example\n"
		       "trust_from = misschien\n"
		       "database = a\n"
		       "database = b\n"
		       "outbox = c\n",
		       "bpomail: %s:1: unknown setting 'adres'\n"
		       "bpomail: %s:3: trust_from: 'misschien' is not yes or no\n"
		       "bpomail: %s:5: database is set twice\n"
		       "bpomail: %s: 3 errors; configuration refused\n");
}

static void test_config_missing_file(void **state)
{
	struct config c;
	char *path = tmp_path("does-not-exist.conf");

	(void)state;
	capture_start();
	assert_int_equal(config_load(path, &c), -1);
	char *said = capture_end();
	char *want = xasprintf("bpomail: %s: No such file or directory\n", path);
	assert_string_equal(said, want);
	config_free(&c);
	free(said);
	free(want);
	free(path);
}

/* directory.c ------------------------------------------------------------------------ */

static struct store *open_store(void)
{
	char *path = tmp_path("dir.sqlite");
	struct store *st = store_open(path, 5, true);
	assert_non_null(st);
	free(path);
	return st;
}

static int import_csv(struct store *st, const char *csv, size_t len, char **said)
{
	char *path = tmp_path("dir.csv");

	write_file(path, csv, len);
	capture_start();
	int rc = directory_import(st, path);
	*said = capture_end();
	free(path);
	return rc;
}

static size_t count_people(struct store *st)
{
	struct person p[20];
	size_t n = directory_with_role(st, ROLE_NONE, p, ARRAY_SIZE(p));
	for (size_t i = 0; i < n; i++)
		person_clear(&p[i]);
	return n;
}

static const char good_csv[] =
	"naam,email,rol,organisatie\n"
	"IB De Linde,ib@linde.example,ib,Basisschool De Linde\n"
	"Trajectbegeleider Noord,TB.Noord@SWV.example,tb,\"SWV Noord, team 2\"\n"
	"Coördinator SO-loket,loket@swv.example,loket,SWV\n"
	"SO-coördinator De Brug,soco@brug.example,soco,SO De Brug\n"
	"BPO-er Dubbel,bpoer.dubbel@brug.example,bpoer,SO De Brug\n"
	"BPO-er Dubbel,bpoer.dubbel2@brug.example,bpoer,SO De Brug\n"
	"BPO-er Oost,bpoer.oost@brug.example,bpoer,SO De Brug\n"
	"\n";

static void test_directory_import(void **state)
{
	struct store *st = open_store();
	struct person p[4];
	char *said;

	(void)state;
	assert_int_equal(import_csv(st, good_csv, strlen(good_csv), &said), 7);
	assert_string_equal(said, "");
	free(said);
	assert_int_equal(count_people(st), 7);
	size_t n = directory_by_address(st, "tb.noord@swv.example", p, 4);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].name, "Trajectbegeleider Noord");
	assert_string_equal(p[0].email, "tb.noord@swv.example");
	assert_int_equal(p[0].role, ROLE_TB);
	assert_string_equal(p[0].organisation, "SWV Noord, team 2");
	person_clear(&p[0]);

	/* Dutch Excel: semicolons, CRLF, quotes; windows-1252, or UTF-8 with a BOM */
	static const char excel_1252[] =
		"naam;email;rol;organisatie\r\n"
		"\"Co\xf6rdinator SO-loket\";loket@swv.example;loket;\"SWV; \"\"Noord\"\"\"\r\n"
		"IB De Linde;IB@Linde.example;IB;De Linde, Utrecht\r\n";
	static const char excel_bom[] =
		"\xef\xbb\xbf" "naam;email;rol;organisatie\r\n"
		"\"Co\xc3\xb6rdinator SO-loket\";loket@swv.example;loket;\"SWV; \"\"Noord\"\"\"\r\n"
		"IB De Linde;IB@Linde.example;IB;De Linde, Utrecht\r\n";
	for (int k = 0; k < 2; k++) {
		const char *csv = k ? excel_bom : excel_1252;
		assert_int_equal(import_csv(st, csv, strlen(csv), &said), 2);
		assert_string_equal(said, "");
		free(said);
		assert_int_equal(count_people(st), 2);
		n = directory_by_address(st, "loket@swv.example", p, 4);
		assert_int_equal(n, 1);
		assert_string_equal(p[0].name, "Coördinator SO-loket");
		assert_string_equal(p[0].organisation, "SWV; \"Noord\"");
		assert_int_equal(p[0].role, ROLE_LOKET);
		person_clear(&p[0]);
		n = directory_by_address(st, "ib@linde.example", p, 4);
		assert_int_equal(n, 1);
		assert_string_equal(p[0].email, "ib@linde.example");
		assert_string_equal(p[0].organisation, "De Linde, Utrecht");
		person_clear(&p[0]);
	}
	/* one address in two roles */
	static const char two_roles[] =
		"naam,email,rol,organisatie\n"
		"Coördinator SO-loket,loket@swv.example,loket,SWV\n"
		"Coördinator SO-loket,loket@swv.example,beheer,SWV\n";
	assert_int_equal(import_csv(st, two_roles, strlen(two_roles), &said), 2);
	free(said);
	n = directory_by_address(st, "LOKET@swv.example", p, 4);
	assert_int_equal(n, 2);
	person_clear(&p[0]);
	person_clear(&p[1]);
	store_close(st);
}

static void import_refused(struct store *st, const char *csv, const char *want)
{
	char *path = tmp_path("dir.csv");
	char *expect = subst(want, path);
	char *said;

	size_t before = count_people(st);
	assert_int_equal(import_csv(st, csv, strlen(csv), &said), -1);
	if (strcmp(said, expect) != 0)
		fail_msg("said:\n%s\nwant:\n%s", said, expect);
	/* nothing changed */
	assert_int_equal(count_people(st), before);
	struct person p[2];
	size_t n = directory_by_address(st, "loket@swv.example", p, 2);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].name, "Coördinator SO-loket");
	person_clear(&p[0]);
	free(said);
	free(expect);
	free(path);
}

static void test_directory_import_refused(void **state)
{
	struct store *st = open_store();
	char *said;

	(void)state;
	assert_int_equal(import_csv(st, good_csv, strlen(good_csv), &said), 7);
	free(said);
	import_refused(st,
		       "naam,email,rol,organisatie\n"
		       "IB De Linde,ib@linde.example,ib,De Linde\n"
		       "Ouder Voorbeeld,ouder@x.example,ouder,\n",
		       "bpomail: %s:3: rol 'ouder' is not one of ib, tb, loket, soco, bpoer, beheer\n"
		       "bpomail: %s: directory not changed\n");
	import_refused(st,
		       "naam,email,rol,organisatie\n"
		       "IB De Linde,ib@linde.example,directeur,De Linde\n",
		       "bpomail: %s:2: rol 'directeur' is not one of ib, tb, loket, soco, bpoer, beheer\n"
		       "bpomail: %s: directory not changed\n");
	import_refused(st,
		       "naam,email,rol,organisatie\n"
		       "IB De Linde,ib at linde.example,ib,De Linde\n",
		       "bpomail: %s:2: 'ib at linde.example' is not a mail address\n"
		       "bpomail: %s: directory not changed\n");
	import_refused(st,
		       "naam,email,rol,organisatie\n"
		       "IB De Linde,ib@linde.example,ib,De Linde\n"
		       "IB Linde,IB@linde.example,ib,De Linde\n",
		       "bpomail: %s:3: ib@linde.example is listed twice as ib\n"
		       "bpomail: %s: directory not changed\n");
	import_refused(st,
		       "name,email,role,organisation\n"
		       "IB De Linde,ib@linde.example,ib,De Linde\n",
		       "bpomail: %s:1: the first line must be: naam,email,rol,organisatie\n"
		       "bpomail: %s: directory not changed\n");
	import_refused(st, "",
		       "bpomail: %s:1: the first line must be: naam,email,rol,organisatie\n"
		       "bpomail: %s: directory not changed\n");
	import_refused(st,
		       "naam,email,rol,organisatie\n"
		       "IB De Linde,ib@linde.example,ib\n"
		       "IB, De Linde,ib@linde.example,ib,De Linde\n",
		       "bpomail: %s:2: 3 fields, expected 4 (naam,email,rol,organisatie)\n"
		       "bpomail: %s:3: 5 fields, expected 4 (naam,email,rol,organisatie)\n"
		       "bpomail: %s: directory not changed\n");
	import_refused(st,
		       "naam,email,rol,organisatie\n"
		       ",ib@linde.example,ib,De Linde\n",
		       "bpomail: %s:2: naam is empty or longer than 200 bytes\n"
		       "bpomail: %s: directory not changed\n");
	import_refused(st,
		       "naam,email,rol,organisatie\n"
		       "\"IB De Linde,ib@linde.example,ib,De Linde\n",
		       "bpomail: %s:2: a quote is not closed\n"
		       "bpomail: %s: directory not changed\n");
	/* errors are reported on the line where the record begins */
	import_refused(st,
		       "naam,email,rol,organisatie\n"
		       "IB De Linde,ib@linde.example,\"ib\nextra\"\n",
		       "bpomail: %s:2: 3 fields, expected 4 (naam,email,rol,organisatie)\n"
		       "bpomail: %s: directory not changed\n");
	/* a quoted field over two lines is one record; the next line number is right */
	import_refused(st,
		       "naam,email,rol,organisatie\n"
		       "IB De Linde,ib@linde.example,ib,\"De Linde\nUtrecht\"\n"
		       "IB Linde,ib@linde.example,ib,De Linde\n",
		       "bpomail: %s:4: ib@linde.example is listed twice as ib\n"
		       "bpomail: %s: directory not changed\n");
	store_close(st);
}

static enum lookup find(struct store *st, const char *query, enum role r, struct person *p,
			struct strlist *cand)
{
	strlist_free(cand);
	return directory_find(st, query, r, p, cand);
}

static bool has(const struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->item[i], s) == 0)
			return true;
	return false;
}

static void test_directory_find(void **state)
{
	struct store *st = open_store();
	struct strlist cand = STRLIST_INIT;
	struct person p;
	char *said;

	(void)state;
	assert_int_equal(import_csv(st, good_csv, strlen(good_csv), &said), 7);
	free(said);

	/* by address, however written */
	static const char *const tb[] = {
		"tb.noord@swv.example", "TB.NOORD@swv.example", "Wie dan ook <tb.noord@swv.example>",
		"  tb.noord@swv.example  ", "tb.noord@swv.example (Trajectbegeleider Noord)",
	};
	for (size_t i = 0; i < ARRAY_SIZE(tb); i++) {
		assert_int_equal(find(st, tb[i], ROLE_TB, &p, &cand), LOOKUP_FOUND);
		assert_string_equal(p.email, "tb.noord@swv.example");
		assert_string_equal(p.name, "Trajectbegeleider Noord");
		assert_int_equal(p.role, ROLE_TB);
		assert_int_equal(cand.n, 0);
		person_clear(&p);
	}
	/* by name: case, accents and blanks do not matter */
	static const char *const loket[] = {
		"Coördinator SO-loket", "coordinator so-loket", "  COORDINATOR   SO-LOKET ",
		"Co\xc3\xb6rdinator\tSO-loket", "\"Coördinator SO-loket\"", "co\xc3\xb6rdinator so\u2013loket",
	};
	for (size_t i = 0; i < ARRAY_SIZE(loket); i++) {
		if (find(st, loket[i], ROLE_LOKET, &p, &cand) != LOOKUP_FOUND)
			fail_msg("not found: '%s'", loket[i]);
		assert_string_equal(p.email, "loket@swv.example");
		person_clear(&p);
	}
	assert_int_equal(find(st, "so-coordinator de brug", ROLE_SOCO, &p, &cand), LOOKUP_FOUND);
	assert_string_equal(p.email, "soco@brug.example");
	person_clear(&p);

	/* the right name in the wrong role */
	assert_int_equal(find(st, "Coördinator SO-loket", ROLE_TB, &p, &cand), LOOKUP_UNKNOWN);
	assert_null(p.name);
	assert_int_equal(find(st, "loket@swv.example", ROLE_TB, &p, &cand), LOOKUP_UNKNOWN);

	/* unknown: candidates share a word */
	assert_int_equal(find(st, "BPO-er Oo", ROLE_BPOER, &p, &cand), LOOKUP_UNKNOWN);
	assert_null(p.name);
	assert_true(cand.n >= 1);
	assert_true(has(&cand, "BPO-er Oost <bpoer.oost@brug.example>"));
	assert_int_equal(find(st, "Oost", ROLE_BPOER, &p, &cand), LOOKUP_UNKNOWN);
	assert_int_equal(cand.n, 1);
	assert_string_equal(cand.item[0], "BPO-er Oost <bpoer.oost@brug.example>");
	assert_int_equal(find(st, "Coördinator Noord", ROLE_LOKET, &p, &cand), LOOKUP_UNKNOWN);
	assert_int_equal(cand.n, 1);
	assert_string_equal(cand.item[0], "Coördinator SO-loket <loket@swv.example>");
	/* nothing alike: everyone of the role, bounded */
	assert_int_equal(find(st, "Xyz", ROLE_BPOER, &p, &cand), LOOKUP_UNKNOWN);
	assert_int_equal(cand.n, 3);
	assert_true(cand.n <= BOUND_CANDIDATES);

	/* one name and role on two lines: one person with two addresses (bpomail(1), WHO MAY DO WHAT); the first is theirs */
	assert_int_equal(find(st, "bpo-er dubbel", ROLE_BPOER, &p, &cand), LOOKUP_FOUND);
	assert_string_equal(p.email, "bpoer.dubbel@brug.example");
	person_clear(&p);
	assert_int_equal(find(st, "BPO-er Dubbel <bpoer.dubbel2@brug.example>", ROLE_BPOER, &p, &cand),
			 LOOKUP_FOUND);
	assert_string_equal(p.email, "bpoer.dubbel2@brug.example");
	person_clear(&p);
	assert_true(directory_same_person(st, "bpoer.dubbel@brug.example", "BPOER.DUBBEL2@brug.example",
					  ROLE_BPOER));
	assert_false(directory_same_person(st, "bpoer.dubbel@brug.example", "bpoer.oost@brug.example",
					   ROLE_BPOER));
	assert_false(directory_same_person(st, "bpoer.dubbel@brug.example", "bpoer.dubbel2@brug.example",
					   ROLE_SOCO));

	/* "Naam (Organisatie)": the name alone decides (bpomail(1), Commands in mail) */
	assert_int_equal(find(st, "SO-coördinator De Brug (SO De Brug)", ROLE_SOCO, &p, &cand), LOOKUP_FOUND);
	assert_string_equal(p.email, "soco@brug.example");
	person_clear(&p);
	assert_int_equal(find(st, "SO-coördinator De Brug (ergens anders)", ROLE_SOCO, &p, &cand),
			 LOOKUP_FOUND);
	person_clear(&p);
	/* the organisation alone, when it has one person in the role */
	assert_int_equal(find(st, "SO De Brug", ROLE_SOCO, &p, &cand), LOOKUP_FOUND);
	assert_string_equal(p.email, "soco@brug.example");
	person_clear(&p);
	assert_int_equal(find(st, "so de brug", ROLE_SOCO, &p, &cand), LOOKUP_FOUND);
	person_clear(&p);
	assert_int_equal(find(st, "iemand (SO De Brug)", ROLE_SOCO, &p, &cand), LOOKUP_FOUND);
	assert_string_equal(p.email, "soco@brug.example");
	person_clear(&p);
	/* ... and when it has several, they are the candidates */
	assert_int_equal(find(st, "SO De Brug", ROLE_BPOER, &p, &cand), LOOKUP_AMBIGUOUS);
	assert_null(p.name);
	assert_int_equal(cand.n, 2);
	assert_true(has(&cand, "BPO-er Dubbel <bpoer.dubbel@brug.example>"));
	assert_true(has(&cand, "BPO-er Oost <bpoer.oost@brug.example>"));

	assert_int_equal(find(st, "", ROLE_TB, &p, &cand), LOOKUP_UNKNOWN);
	strlist_free(&cand);
	store_close(st);
}

static void test_directory_name_key(void **state)
{
	(void)state;
	char *k = directory_name_key("  Coördinator,  SO-loket.  ");
	assert_string_equal(k, "coordinator so-loket");
	free(k);
	k = directory_name_key("\xc4\xb2sselmeer Zoë");
	assert_string_equal(k, "ijsselmeer zoe");
	free(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addr_valid),
		cmocka_unit_test(test_addr_normalize),
		cmocka_unit_test(test_addr_split_person),
		cmocka_unit_test(test_addr_token),
		cmocka_unit_test(test_token_roundtrip),
		cmocka_unit_test(test_token_refuses),
		cmocka_unit_test(test_token_from_message_id),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_fold),
		cmocka_unit_test(test_utf8_clean_text),
		cmocka_unit_test(test_utf8_prefix_len),
		cmocka_unit_test(test_config_valid),
		cmocka_unit_test(test_config_errors),
		cmocka_unit_test(test_config_missing_file),
		cmocka_unit_test(test_directory_import),
		cmocka_unit_test(test_directory_import_refused),
		cmocka_unit_test(test_directory_find),
		cmocka_unit_test(test_directory_name_key),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
