/* test_digest.c: which notices the SO-loket's digest stands in for (digest.c, loket_notices). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "bounds.h"
#include "config.h"
#include "digest.h"
#include "notice.h"
#include "util.h"

static const char *template_dir(void)
{
	const char *dir = getenv("BPOMAIL_TEMPLATEDIR");
	return dir && *dir ? dir : "templates";
}

static bool text_has(const char *name, const char *words)
{
	char *path = xasprintf("%s/%s.txt", template_dir(), name);
	struct buf text = BUF_INIT;
	bool has;

	assert_int_equal(read_file(path, BOUND_TEMPLATE_FILE, &text), 0);
	has = strstr(buf_str(&text), words) != NULL;
	buf_free(&text);
	free(path);
	return has;
}

/* The notices to the SO-loket that ask nothing: the digest shows what they say. */
static bool informational(const char *name)
{
	return strcmp(name, "melding-loket") == 0 || strcmp(name, "statuswijziging") == 0;
}

/* loket_notices = each: every mail goes, whatever its template and reader. */
static void test_each_sends_all(void **state)
{
	const char *const *all = notice_all_templates();
	struct config cfg = { .loket_notices = LOKET_EACH };

	(void)state;
	for (size_t i = 0; all[i]; i++)
		for (int r = ROLE_NONE; r < ROLE_COUNT; r++)
			if (digest_holds(&cfg, all[i], (enum role)r))
				fail_msg("%s to role %d is held with loket_notices = each", all[i], r);
	assert_false(digest_holds(NULL, "melding-loket", ROLE_LOKET));
}

/*
 * loket_notices = digest: only the informational notices to the SO-loket are
 * held; every one of them says "U hoeft niets te doen". Mails that ask the
 * SO-loket to act, or carry what the digest does not, always go.
 */
static void test_digest_holds_only_notices(void **state)
{
	const char *const *all = notice_all_templates();
	struct config cfg = { .loket_notices = LOKET_DIGEST };
	static const char *const at_once[] = {
		"indienen-loket", "afwezig-loket", "onbestelbaar-loket", "verlenging-loket",
		"herinnering-loket", "afgerond-loket", "wijziging", "overleg", "status",
		"bevestiging-soco", "bevestiging-afgewezen", "bevestiging-incompleet", "geweigerd",
		"al-besloten", "digest-loket",
	};
	size_t held = 0;

	(void)state;
	for (size_t i = 0; all[i]; i++) {
		for (int r = ROLE_NONE; r < ROLE_COUNT; r++) {
			bool want = r == ROLE_LOKET && informational(all[i]);
			if (digest_holds(&cfg, all[i], (enum role)r) != want)
				fail_msg("%s to role %d: held is %d, want %d", all[i], r, !want, want);
		}
		if (digest_holds(&cfg, all[i], ROLE_LOKET)) {
			held++;
			if (!text_has(all[i], "U hoeft niets te doen"))
				fail_msg("%s is held but does not say the SO-loket need do nothing", all[i]);
		}
	}
	assert_true(held >= 2);
	for (size_t i = 0; i < ARRAY_SIZE(at_once); i++)
		if (digest_holds(&cfg, at_once[i], ROLE_LOKET))
			fail_msg("%s to the SO-loket is held; it must go at once", at_once[i]);
	/* Every mail that tells the SO-loket what to do goes at once. */
	for (size_t i = 0; all[i]; i++)
		if (text_has(all[i], "Wat u moet doen") && digest_holds(&cfg, all[i], ROLE_LOKET))
			fail_msg("%s asks for a step and is held", all[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_sends_all),
		cmocka_unit_test(test_digest_holds_only_notices),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
