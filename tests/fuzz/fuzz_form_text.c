/* fuzz_form_text.c: libFuzzer harness: text form parsed, checked, rendered and parsed again. */
#include <stddef.h>
#include <stdint.h>

#include "form.h"
#include "form_text.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size);   /* the text form is a C string */
	struct form f, again;
	struct form_problems problems = { .n = 0 };

	form_init(&f);
	form_text_parse(text, &f);
	form_check(&f, "ib@delinde.example", &problems);
	char *rendered = form_text_render(&f);

	/* The render holds every label, so reading it back finds at least each field once. */
	form_init(&again);
	size_t labels_again = form_text_parse(rendered, &again);
	if (labels_again < FF_COUNT - 1)
		abort();
	/* And what it reads back is written the same way again. */
	char *rendered_again = form_text_render(&again);
	if (strcmp(rendered, rendered_again) != 0)
		abort();
	free(rendered_again);

	form_free(&again);
	free(rendered);
	form_problems_free(&problems);
	form_free(&f);
	free(text);
	return 0;
}
