/* fuzz_form_text.c: libFuzzer harness: text form parsed, checked, rendered and parsed again. */
#include <stddef.h>
#include <stdint.h>

#include "address.h"
#include "form.h"
#include "form_text.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The known expertise codes a form names, as bits. */
static unsigned expertise_bits(const struct form *f)
{
	unsigned bits = 0;

	for (size_t i = 0; i < f->n_expertise; i++)
		bits |= expertise_from_text(f->expertise[i]);
	return bits;
}

/*
 * A person keeps a valid address (an invalid one may come back as a name,
 * "Ouder: <e>"). Names are not compared: a name that looks like an address
 * ("@"), holds angle brackets or is only punctuation may come back as an
 * address or as nothing, and form_check() has nothing against such names.
 */
static bool person_lost(const struct form_person *a, const struct form_person *b)
{
	return a->email && addr_valid(a->email) && !b->email;
}

static size_t parents_with_email(const struct form *f)
{
	size_t n = 0;

	for (size_t i = 0; i < f->n_ouder; i++)
		n += f->ouder[i].email && addr_valid(f->ouder[i].email);
	return n;
}

/*
 * What form_text_render() promises: the form read back holds every field
 * the first one held that form_check() found valid (the values may be
 * normalised: "Naam <adres>", one line for short fields). A valid answer
 * that disappears is lost on the round trip through a reply; a wrong one
 * the sender corrects anyway.
 */
static bool nothing_lost(const struct form *a, const struct form *b, const struct form_problems *p)
{
	for (int i = FF_NIVEAU; i < FF_COUNT; i++) {
		enum form_field field = (enum form_field)i;
		if (form_get(a, field) && !form_get(b, field) && !form_problem_has(p, field))
			return false;
	}
	if (!form_problem_has(p, FF_LEERLING) &&
	    ((a->roepnaam && !b->roepnaam) || (a->achternaam && !b->achternaam)))
		return false;
	if (!form_problem_has(p, FF_IB) && person_lost(&a->ib, &b->ib))
		return false;
	if (!form_problem_has(p, FF_TB) && person_lost(&a->tb, &b->tb))
		return false;
	if (!form_problem_has(p, FF_OUDER) && parents_with_email(b) < parents_with_email(a))
		return false;
	return (expertise_bits(a) & ~expertise_bits(b)) == 0 &&
	       (a->n_expertise == 0 || b->n_expertise > 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size);   /* the text form is a C string */
	struct form f, again;
	struct form_problems problems = { .n = 0 };

	form_init(&f);
	form_text_parse(text, &f);
	form_check(&f, "ib@delinde.example", &problems);
	char *rendered = form_text_render(&f);

	/*
	 * The render writes every label once (Ouder once per parent), so reading
	 * it back finds at least each of them. (Not "at least as many labels as
	 * the input": a sender may repeat a label, and the last value wins.)
	 */
	form_init(&again);
	if (form_text_parse(rendered, &again) < FF_COUNT - 1 || !nothing_lost(&f, &again, &problems))
		abort();

	form_free(&again);
	free(rendered);
	form_problems_free(&problems);
	form_free(&f);
	free(text);
	return 0;
}
