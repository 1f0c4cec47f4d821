/*
 * bpomail_pdf.c: bpomail-pdf, the helper that draws the consent form. It
 * reads the form's text from standard input (consent_pdf_wire_put()'s
 * format, at most CONSENT_PDF_WIRE_MAX bytes) and writes the PDF on
 * standard output; a failure is one line on standard error and an exit
 * status of sysexits: 64 (usage), 65 (input), 70 (cairo), 74 (output).
 * Only bpomail runs it (src/helper.c), one form per process.
 */
#include <errno.h>
#include <unistd.h>

#include "consent_pdf_draw.h"
#include "util.h"

#define EXIT_IOERR 74

static int read_input(struct buf *in)
{
	bool truncated = false;
	size_t total = 0;

	if (read_fd_all(STDIN_FILENO, CONSENT_PDF_WIRE_MAX, in, &truncated, &total) < 0) {
		warnx("cannot read standard input");
		return -1;
	}
	if (truncated) {
		warnx("more than %d bytes of input", CONSENT_PDF_WIRE_MAX);
		return -1;
	}
	return 0;
}

static int run(void)
{
	struct buf in = BUF_INIT, pdf = BUF_INIT;
	struct consent_pdf_text t;
	char *fields[4] = { 0 };
	int rc = EXIT_DATAERR;

	if (read_input(&in) < 0)
		goto done;
	if (consent_pdf_wire_get(in.data, in.len, &t, fields) < 0) {
		warnx("the input is not a consent form's text");
		goto done;
	}
	rc = EXIT_SOFTWARE;
	if (consent_pdf_draw(&t, &pdf) < 0)
		goto done;
	rc = EXIT_IOERR;
	if (write_all(STDOUT_FILENO, pdf.data, pdf.len) < 0) {
		warnx("cannot write the PDF: %s", strerror(errno));
		goto done;
	}
	rc = EXIT_OK;
done:
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		free(fields[i]);
	buf_free(&pdf);
	buf_free(&in);
	return rc;
}

int main(int argc, char **argv)
{
	(void)argv;
	if (argc > 1) {
		warnx("takes no arguments; bpomail runs it");
		return EXIT_USAGE;
	}
	return run();
}
