/* address.c: mail addresses as people write them and as bpomail sends to them. */
#include <strings.h>

#include "address.h"
#include "bounds.h"
#include "util.h"

static bool atext(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'*+-/=?^_`{|}~.", c));
}

bool addr_valid(const char *addr)
{
	const char *at = strrchr(addr, '@');
	size_t n = strlen(addr);

	if (!at || at == addr || n > BOUND_EMAIL || addr[0] == '.' || at[-1] == '.')
		return false;
	for (const char *p = addr; p < at; p++)
		if (!atext(*p) || (p[0] == '.' && p[1] == '.'))
			return false;
	const char *d = at + 1;
	if (!*d || !strchr(d, '.') || *d == '.' || *d == '-' || d[strlen(d) - 1] == '.')
		return false;
	for (; *d; d++)
		if (!((*d >= 'a' && *d <= 'z') || (*d >= 'A' && *d <= 'Z') ||
		      (*d >= '0' && *d <= '9') || *d == '-' || (*d == '.' && d[1] != '.')))
			return false;
	return true;
}

char *addr_normalize(const char *addr)
{
	char *copy = xstrdup(addr);
	char *t = str_trim(copy);
	char *out = xstrdup(t);

	free(copy);
	str_lower_ascii(out);
	return out;
}

static char *trimmed_copy(const char *s, size_t n)
{
	const char *start;

	n = str_trim_len(s, n, &start);
	/* Names often come quoted: "Naam". */
	if (n >= 2 && start[0] == '"' && start[n - 1] == '"') {
		start++;
		n -= 2;
		n = str_trim_len(start, n, &start);
	}
	return n ? xstrndup(start, n) : NULL;
}

void addr_split_person(const char *text, char **name, char **email)
{
	const char *lt = strchr(text, '<'), *gt = lt ? strchr(lt, '>') : NULL;
	const char *lp = strchr(text, '('), *rp = lp ? strchr(lp, ')') : NULL;
	char *whole;

	*name = *email = NULL;
	if (lt && gt) {
		*name = trimmed_copy(text, (size_t)(lt - text));
		*email = trimmed_copy(lt + 1, (size_t)(gt - lt - 1));
		return;
	}
	if (lp && rp) {
		char *before = trimmed_copy(text, (size_t)(lp - text));
		char *inside = trimmed_copy(lp + 1, (size_t)(rp - lp - 1));
		if (inside && strchr(inside, '@')) {
			*name = before;
			*email = inside;
		} else {
			*name = inside;
			*email = before;
		}
		if (*email && !strchr(*email, '@')) {
			free(*email);
			*email = NULL;
			free(*name);
			*name = trimmed_copy(text, strlen(text));
		}
		return;
	}
	whole = trimmed_copy(text, strlen(text));
	if (whole && strchr(whole, '@') && !strchr(whole, ' '))
		*email = whole;
	else
		*name = whole;
}

char *addr_token(const char *addr, const char *system_address)
{
	const char *sys_at = strrchr(system_address, '@');
	const char *at = strrchr(addr, '@');
	size_t local_len;

	if (!sys_at || !at || !str_eq_nocase(at, sys_at))
		return NULL;
	local_len = (size_t)(sys_at - system_address);
	if ((size_t)(at - addr) <= local_len + 1 || strncasecmp(addr, system_address, local_len) != 0 ||
	    addr[local_len] != '+')
		return NULL;
	return xstrndup(addr + local_len + 1, (size_t)(at - addr) - local_len - 1);
}

char *addr_with_token(const char *system_address, const char *token)
{
	const char *at = strrchr(system_address, '@');

	if (!at)
		return xstrdup(system_address);
	return xasprintf("%.*s+%s%s", (int)(at - system_address), system_address, token, at);
}
