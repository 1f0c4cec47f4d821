/*
 * test_consent_pdf.c: the printable consent form: a whole PDF, its text as
 * pdftotext reads it, bounds; the text as bpomail sends it to bpomail-pdf.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "consent_pdf_draw.h"
#include "util.h"

static const char shared[] =
	"Met uw toestemming gaan de gegevens uit de aanvraag (de hulpvraag van de school, de "
	"maatregelen en de documenten die de school meestuurt) naar:\n"
	"- de coördinator van het SO-loket van het samenwerkingsverband;\n"
	"- de SO-coördinator en de BPO-er van de school voor speciaal onderwijs.\n"
	"\n"
	"Ideeën, coöperatie, naïef.";

static const struct consent_pdf_text sample = {
	.kenmerk = "BPO-2027-0042",
	.school = "Basisschool De Linde",
	.shared = shared,
	.toelichting = "De intern begeleider licht toe: wij willen de overgangsmomenten beter begeleiden.",
};

static char *make_pdf(const struct consent_pdf_text *t, size_t *len)
{
	struct buf out = BUF_INIT;

	assert_int_equal(consent_pdf_draw(t, &out), 0);
	*len = out.len;
	return buf_detach(&out);
}

/* A whole PDF: the header first, %%EOF (and at most a line end) last. */
static void assert_whole_pdf(const char *pdf, size_t len)
{
	assert_true(len > 1000);
	assert_memory_equal(pdf, "%PDF-", 5);
	size_t end = len;
	while (end > 0 && (pdf[end - 1] == '\n' || pdf[end - 1] == '\r'))
		end--;
	assert_true(end >= 5);
	assert_memory_equal(pdf + end - 5, "%%EOF", 5);
}

/* The output of "tool arg file [-]" (caller frees), or NULL when the tool is not installed. */
static char *run_tool(const char *tool, const char *arg, const char *pdf, size_t len, bool dash)
{
	char path[] = "/tmp/test_consent_pdf.XXXXXX";
	int fd = mkstemp(path), pipefd[2], status;
	struct buf out = BUF_INIT;
	char chunk[4096];
	ssize_t got;

	assert_true(fd >= 0);
	assert_int_equal(write_all(fd, pdf, len), 0);
	close(fd);
	assert_int_equal(pipe(pipefd), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(pipefd[1], 1);
		close(pipefd[0]);
		close(pipefd[1]);
		execlp(tool, tool, arg, path, dash ? "-" : (char *)NULL, (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	while ((got = read(pipefd[0], chunk, sizeof chunk)) > 0)
		buf_add(&out, chunk, (size_t)got);
	close(pipefd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	unlink(path);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		buf_free(&out);
		return NULL;
	}
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	return buf_detach(&out);
}

/* pdftotext (poppler-utils) joins wrapped lines with blanks when told -raw; NULL when not installed. */
static char *pdf_text(const char *pdf, size_t len)
{
	char *text = run_tool("pdftotext", "-raw", pdf, len, true);

	if (!text)
		print_message("skip: pdftotext not installed (apt-get install poppler-utils)\n");
	return text;
}

static void test_whole_pdf(void **state)
{
	size_t len;
	char *pdf = make_pdf(&sample, &len);

	(void)state;
	assert_whole_pdf(pdf, len);
	free(pdf);
	struct consent_pdf_text t = sample;
	t.toelichting = NULL;
	pdf = make_pdf(&t, &len);
	assert_whole_pdf(pdf, len);
	free(pdf);
}

static void test_text_reads_back(void **state)
{
	size_t len;
	char *pdf = make_pdf(&sample, &len), *text = pdf_text(pdf, len);

	(void)state;
	if (text) {
		assert_non_null(strstr(text, "Toestemmingsformulier Begeleiding Passend"));
		assert_non_null(strstr(text, "Onderwijs (BPO)"));
		assert_non_null(strstr(text, "Kenmerk: BPO-2027-0042"));
		assert_non_null(strstr(text, "School: Basisschool De Linde"));
		assert_non_null(strstr(text, "Ideeën, coöperatie, naïef."));
		assert_non_null(strstr(text, "de coördinator van het SO-loket"));
		assert_non_null(strstr(text, "wij willen de overgangsmomenten beter begeleiden"));
		assert_non_null(strstr(text, "Naam ouder/verzorger:"));
		assert_non_null(strstr(text, "Naam leerling:"));
		assert_non_null(strstr(text, "Ja, ik geef toestemming voor de aanvraag BPO-2027-0042."));
		assert_non_null(strstr(text, "Nee, ik geef geen toestemming."));
		assert_non_null(strstr(text, "Datum:"));
		assert_non_null(strstr(text, "Handtekening:"));
	}
	free(text);
	free(pdf);
	/* without a note: no heading for it */
	struct consent_pdf_text t = sample;
	t.toelichting = "";
	pdf = make_pdf(&t, &len);
	text = pdf_text(pdf, len);
	if (text)
		assert_null(strstr(text, "Toelichting"));
	free(text);
	free(pdf);
}

/* "Pages: N" of pdfinfo, or 0 when it is not installed. */
static int pages_of(const char *pdf, size_t len)
{
	char *info = run_tool("pdfinfo", "-isodates", pdf, len, false);
	const char *p = info ? strstr(info, "Pages:") : NULL;
	int n = p ? atoi(p + 6) : 0;

	free(info);
	return n;
}

/* Long text wraps and runs over pages, within the bounds; broken input is drawn, not refused. */
static void test_long_and_hostile_text(void **state)
{
	struct buf big = BUF_INIT;
	struct consent_pdf_text t = sample;
	size_t len;

	(void)state;
	while (big.len < 3 * CONSENT_PDF_FIELD_MAX)
		buf_adds(&big, "Een lange toelichting met coördinatie, ë en ï, die over regels loopt. ");
	t.toelichting = big.data;
	t.shared = big.data;
	char *pdf = make_pdf(&t, &len);
	assert_whole_pdf(pdf, len);
	int pages = pages_of(pdf, len);
	if (pages) {
		assert_true(pages >= 2);
		assert_true(pages <= CONSENT_PDF_PAGES + 1);
	}
	char *text = pdf_text(pdf, len);
	if (text) /* the part to fill in is always there */
		assert_non_null(strstr(text, "Handtekening:"));
	free(text);
	free(pdf);
	/* one word longer than the page, invalid UTF-8, controls, a NUL-free mess */
	buf_truncate(&big, 0);
	for (int i = 0; i < 2000; i++)
		buf_adds(&big, "x");
	buf_adds(&big, "\xff\xfe Co\xf6rdinatie \x01\x1b[31m\t\r\n\r\n\xe2\x80\xae tekst");
	t.toelichting = big.data;
	t.shared = "\xc3";
	t.kenmerk = "BPO-2027-\xff";
	t.school = NULL;
	pdf = make_pdf(&t, &len);
	assert_whole_pdf(pdf, len);
	free(pdf);
	buf_free(&big);
}

static void test_filename(void **state)
{
	char *name = consent_pdf_filename("BPO-2027-0042");

	(void)state;
	assert_string_equal(name, "Toestemmingsformulier BPO-2027-0042.pdf");
	free(name);
}

static void free_fields(char *fields[4])
{
	for (int i = 0; i < 4; i++)
		free(fields[i]);
}

/* What bpomail writes, bpomail-pdf reads back the same: NULL as empty, long fields cut. */
static void test_wire_round_trip(void **state)
{
	struct buf wire = BUF_INIT, big = BUF_INIT;
	struct consent_pdf_text t = sample, got;
	char *fields[4] = { 0 };

	(void)state;
	consent_pdf_wire_put(&t, &wire);
	assert_int_equal(consent_pdf_wire_get(wire.data, wire.len, &got, fields), 0);
	assert_string_equal(got.kenmerk, sample.kenmerk);
	assert_string_equal(got.school, sample.school);
	assert_string_equal(got.shared, sample.shared);
	assert_string_equal(got.toelichting, sample.toelichting);
	free_fields(fields);

	while (big.len < 2 * CONSENT_PDF_FIELD_MAX)
		buf_adds(&big, "lang\n\n0\n");
	t.school = NULL;
	t.toelichting = big.data;
	buf_truncate(&wire, 0);
	consent_pdf_wire_put(&t, &wire);
	assert_true(wire.len <= CONSENT_PDF_WIRE_MAX);
	assert_int_equal(consent_pdf_wire_get(wire.data, wire.len, &got, fields), 0);
	assert_string_equal(got.school, "");
	assert_int_equal(strlen(got.toelichting), CONSENT_PDF_FIELD_MAX);
	assert_memory_equal(got.toelichting, big.data, CONSENT_PDF_FIELD_MAX);
	free_fields(fields);
	buf_free(&wire);
	buf_free(&big);
}

/* Anything but exactly the format is refused, with nothing left allocated. */
static void test_wire_refuses(void **state)
{
	static const char *const bad[] = {
		"",
		"BPOPDF1\n",
		"BPOPDF2\n1\na\n1\nb\n1\nc\n0\n\n",
		"BPOPDF1\n1\na\n1\nb\n1\nc\n",                 /* a field short */
		"BPOPDF1\n1\na\n1\nb\n1\nc\n0\n\nmore",       /* bytes after the end */
		"BPOPDF1\n1\na\n1\nb\n1\nc\n5\nab\n",         /* longer than what is there */
		"BPOPDF1\n1\nab\n1\nb\n1\nc\n0\n\n",          /* no LF after the bytes */
		"BPOPDF1\n+1\na\n1\nb\n1\nc\n0\n\n",          /* not only digits */
		"BPOPDF1\n99999\n",                                 /* longer than a field may be */
		"BPOPDF1\n18446744073709551617\na\n",              /* would wrap */
	};
	struct consent_pdf_text got;
	char *fields[4] = { 0 };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(consent_pdf_wire_get(bad[i], strlen(bad[i]), &got, fields), -1);
	/* a NUL inside a field */
	static const char nul[] = "BPOPDF1\n1\n\0\n1\nb\n1\nc\n0\n\n";
	assert_int_equal(consent_pdf_wire_get(nul, sizeof nul - 1, &got, fields), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_pdf),
		cmocka_unit_test(test_text_reads_back),
		cmocka_unit_test(test_long_and_hostile_text),
		cmocka_unit_test(test_filename),
		cmocka_unit_test(test_wire_round_trip),
		cmocka_unit_test(test_wire_refuses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
