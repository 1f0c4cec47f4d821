/* consent_pdf_draw.h: the consent form drawn with cairo; in bpomail-pdf only (src/pdf/). */
#ifndef BPOMAIL_CONSENT_PDF_DRAW_H
#define BPOMAIL_CONSENT_PDF_DRAW_H

#include "consent_pdf.h"

/* Appends the whole PDF of the form to out (see consent_pdf()). Returns 0, or -1 when cairo failed (out unchanged). */
int consent_pdf_draw(const struct consent_pdf_text *t, struct buf *out);

#endif
