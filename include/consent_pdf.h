/*
 * consent_pdf.h: the printable consent form for parents (PDF, A4, Dutch).
 * bpomail does not draw it: the helper bpomail-pdf does (src/pdf/), so
 * cairo and fontconfig are loaded only when a form is made, never at a
 * deliver that makes none.
 */
#ifndef BPOMAIL_CONSENT_PDF_H
#define BPOMAIL_CONSENT_PDF_H

#include <stddef.h>

struct buf;

/*
 * What the form shows; all UTF-8, LF line ends, a blank line between
 * paragraphs. Nothing about the pupil goes in: the parent writes the
 * child's name on the form (bpomail(1), PRIVACY: the form holds no more
 * than the parent's own letter).
 */
struct consent_pdf_text {
	const char *kenmerk;       /* "BPO-2027-0001" */
	const char *school;
	const char *shared;        /* what is shared, with whom */
	const char *toelichting;   /* the intern begeleider's "Toelichting voor ouders", or NULL */
};

/* Longest text of one field that is drawn (bytes); pages of text at most (the part to fill in may add one). */
#define CONSENT_PDF_FIELD_MAX 8000
#define CONSENT_PDF_PAGES     6

/* What bpomail takes from bpomail-pdf: the largest form is about 100 KB; more is a broken helper. */
#define CONSENT_PDF_OUT_MAX   (4u * 1024 * 1024)
/* Seconds bpomail waits for the helper before it kills it: a deliver must not hang on a form. */
#define CONSENT_PDF_SECONDS   10

/* The file name the form is attached under: "Toestemmingsformulier BPO-2027-0001.pdf" (caller frees). */
char *consent_pdf_filename(const char *kenmerk);

/*
 * Appends the whole PDF (A4: title, kenmerk, school, what is shared with
 * whom, the toelichting, then lines to fill in: name of the parent and of
 * the pupil, yes/no boxes, date, signature) to out, as made by the helper
 * bpomail-pdf; long text wraps and runs over onto further pages. Returns 0,
 * or -1 when there is no form (no helper, it failed, timed out or gave no
 * whole PDF; said once with warnx; out unchanged).
 */
int consent_pdf(const struct consent_pdf_text *t, struct buf *out);

/*
 * What goes to the helper's standard input: "BPOPDF1\n", then each field
 * in the order of struct consent_pdf_text as its length in decimal, LF,
 * its bytes, LF. A field is cut at CONSENT_PDF_FIELD_MAX bytes (the form
 * draws no more); NULL is sent as empty.
 */
#define CONSENT_PDF_WIRE_MAX  (4 * (CONSENT_PDF_FIELD_MAX + 8) + 16)
void consent_pdf_wire_put(const struct consent_pdf_text *t, struct buf *out);

/*
 * Reads what consent_pdf_wire_put() wrote, strictly: the fields of *t
 * point into fields[], which the caller frees with free() each. Returns 0,
 * or -1 on anything else (no field is then left allocated).
 */
int consent_pdf_wire_get(const char *in, size_t len, struct consent_pdf_text *t, char *fields[4]);

#endif
