/*
 * consent_pdf.c: the consent form for parents, as bpomail gets it from the
 * helper bpomail-pdf. The drawing (cairo, fontconfig and some twenty
 * libraries they load) lives there, so that no deliver pays for loading
 * them and only the letter that carries a form does (issue 12).
 */
#include "consent_pdf.h"
#include "helper.h"
#include "util.h"

char *consent_pdf_filename(const char *kenmerk)
{
	return xasprintf("Toestemmingsformulier %s.pdf", kenmerk && *kenmerk ? kenmerk : "BPO");
}

/* What a mail client opens as a PDF: the header first, the end marker last (a line end may follow). */
static bool whole_pdf(const struct buf *b)
{
	size_t end = b->len;

	while (end > 0 && (b->data[end - 1] == '\n' || b->data[end - 1] == '\r'))
		end--;
	return end >= 10 && memcmp(b->data, "%PDF-", 5) == 0 && memcmp(b->data + end - 5, "%%EOF", 5) == 0;
}

int consent_pdf(const struct consent_pdf_text *t, struct buf *out)
{
	struct buf in = BUF_INIT, pdf = BUF_INIT;
	char *why = NULL;
	int rc = -1;

	consent_pdf_wire_put(t, &in);
	if (helper_run("bpomail-pdf", in.data, in.len, CONSENT_PDF_OUT_MAX, CONSENT_PDF_SECONDS,
		       &pdf, &why) < 0)
		warnx("consent form: %s", why);
	else if (!whole_pdf(&pdf))
		warnx("consent form: bpomail-pdf gave no whole PDF (%zu bytes)", pdf.len);
	else
		rc = 0;
	if (rc == 0)
		buf_add(out, pdf.data, pdf.len);
	free(why);
	buf_free(&pdf);
	buf_free(&in);
	return rc;
}
