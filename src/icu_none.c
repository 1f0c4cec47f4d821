/*
 * icu_none.c: libxml2 as Debian builds it reads a character set it does not
 * know itself with glibc's iconv and, for a name iconv does not know either,
 * with ICU. Linked statically into bpomail (issue 12), that last resort
 * alone loaded ICU (its 30 MB of data mapped) and libstdc++ into every
 * deliver. These stand-ins for the seven ICU functions libxml2 uses say
 * that ICU has no such converter, so such a name is refused as unsupported:
 * a form in UTF-8, UTF-16 or any character set glibc's iconv knows reads as
 * before (tests/unit/test_form_xml.c). The Makefile finds the version suffix
 * libxml2 was built against (ucnv_open_72 on Debian 12); without one this
 * file is empty and ICU is linked as libxml2 asks.
 */
#include <stddef.h>
#include <stdint.h>

#ifdef BPOMAIL_ICU_VERSION

#define ICU_PASTE(name, v) name##_##v
#define ICU_NAME(name, v) ICU_PASTE(name, v)
#define ICU(name) ICU_NAME(name, BPOMAIL_ICU_VERSION)

#define U_MISSING_RESOURCE_ERROR 2   /* from ICU's utypes.h: a failure (> 0) */

typedef int icu_error;
typedef void icu_callback(void);

void *ICU(ucnv_open)(const char *name, icu_error *err);
void ICU(ucnv_close)(void *conv);
void ICU(ucnv_convertEx)(void *to, void *from, char **target, const char *target_limit,
			 const char **source, const char *source_limit, uint16_t *pivot_start,
			 uint16_t **pivot_source, uint16_t **pivot_target, const uint16_t *pivot_limit,
			 int8_t reset, int8_t flush, icu_error *err);
void ICU(ucnv_setFromUCallBack)(void *conv, icu_callback *action, const void *context,
				icu_callback **old_action, const void **old_context, icu_error *err);
void ICU(ucnv_setToUCallBack)(void *conv, icu_callback *action, const void *context,
			      icu_callback **old_action, const void **old_context, icu_error *err);
void ICU(UCNV_FROM_U_CALLBACK_STOP)(void);
void ICU(UCNV_TO_U_CALLBACK_STOP)(void);

void *ICU(ucnv_open)(const char *name, icu_error *err)
{
	(void)name;
	*err = U_MISSING_RESOURCE_ERROR;
	return NULL;
}

/* Never reached: nothing is ever opened. */
void ICU(ucnv_close)(void *conv)
{
	(void)conv;
}

void ICU(ucnv_convertEx)(void *to, void *from, char **target, const char *target_limit,
			 const char **source, const char *source_limit, uint16_t *pivot_start,
			 uint16_t **pivot_source, uint16_t **pivot_target, const uint16_t *pivot_limit,
			 int8_t reset, int8_t flush, icu_error *err)
{
	(void)to, (void)from, (void)target, (void)target_limit, (void)source, (void)source_limit;
	(void)pivot_start, (void)pivot_source, (void)pivot_target, (void)pivot_limit;
	(void)reset, (void)flush;
	*err = U_MISSING_RESOURCE_ERROR;
}

void ICU(ucnv_setFromUCallBack)(void *conv, icu_callback *action, const void *context,
				icu_callback **old_action, const void **old_context, icu_error *err)
{
	(void)conv, (void)action, (void)context, (void)old_action, (void)old_context;
	*err = U_MISSING_RESOURCE_ERROR;
}

void ICU(ucnv_setToUCallBack)(void *conv, icu_callback *action, const void *context,
			      icu_callback **old_action, const void **old_context, icu_error *err)
{
	(void)conv, (void)action, (void)context, (void)old_action, (void)old_context;
	*err = U_MISSING_RESOURCE_ERROR;
}

void ICU(UCNV_FROM_U_CALLBACK_STOP)(void)
{
}

void ICU(UCNV_TO_U_CALLBACK_STOP)(void)
{
}

#else
typedef int icu_none_is_empty;   /* ISO C wants something in a file */
#endif
