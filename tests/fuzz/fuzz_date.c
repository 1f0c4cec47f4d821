/* fuzz_date.c: libFuzzer harness: dates and hours read, written and read back to the same value. */
#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size);
	struct date d, back;
	unsigned half, half_back;
	char iso[11], nl[40], hours[16];

	if (date_parse(text, &d) == 0) {
		if (!date_exists(d.y, d.m, d.d))
			abort();
		date_iso(&d, iso);
		date_long_nl(&d, nl);
		if (date_parse(iso, &back) != 0 || date_cmp(&d, &back) != 0)
			abort();
		if (date_parse(nl, &back) != 0 || date_cmp(&d, &back) != 0)
			abort();
	}
	if (hours_parse(text, &half) == 0) {
		if (half == 0 || half > 2000)
			abort();
		hours_nl(half, hours);
		if (hours_parse(hours, &half_back) != 0 || half_back != half)
			abort();
		hours_dot(half, hours);
		if (hours_parse(hours, &half_back) != 0 || half_back != half)
			abort();
	}
	free(text);
	return 0;
}
