/* fuzz_form_xml.c: libFuzzer harness: XML form read safely, checked and written back. */
#include <stddef.h>
#include <stdint.h>

#include "bounds.h"
#include "form.h"
#include "form_xml.h"
#include "util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (form_xml_init() != 0)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct form f;
	struct form_problems problems = { .n = 0 };

	if (size > BOUND_XML_FORM)
		size = BOUND_XML_FORM;
	form_init(&f);
	if (form_xml_parse((const char *)data, size, &f, &problems) == 0)
		form_check(&f, "ib@delinde.example", &problems);
	char *xml = form_xml_render(&f);
	free(xml);
	form_problems_free(&problems);
	form_free(&f);
	return 0;
}
