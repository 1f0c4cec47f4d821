/* fuzz_mail.c: libFuzzer harness: raw mail through mailparse(), quote_strip(), command_read() and the text form. */
#include <stddef.h>
#include <stdint.h>

#include "command.h"
#include "form.h"
#include "form_text.h"
#include "mailparse.h"
#include "quote.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct inmail m;
	char *why = NULL;

	/* The sandbox refuses mail over the message bound before parsing. */
	if (size > BOUND_MESSAGE_DEFAULT)
		return 0;
	if (mailparse((const char *)data, size, &m, &why) == 0) {
		char *top = quote_strip(m.text);
		struct command c;
		struct form f;

		for (int r = ROLE_NONE; r < ROLE_COUNT; r++) {
			command_read(top, m.subject, (enum role)r, &c);
			command_free(&c);
		}
		form_init(&f);
		form_text_parse(top, &f);
		form_free(&f);
		free(top);
	}
	free(why);
	inmail_free(&m);
	return 0;
}
