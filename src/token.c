/* token.c: reply tokens that bind request, role and person, unforgeable without the secret. */
#include "address.h"
#include "hash.h"
#include "token.h"
#include "util.h"

#define TOKEN_BYTES 15   /* 4 request id, 1 role, 10 MAC */
static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";

static void mac(const unsigned char secret[32], int64_t request_id, enum role role,
		const char *email, unsigned char out[10])
{
	unsigned char digest[32];
	char *norm = addr_normalize(email);
	char *data = xasprintf("bpomail-token-v1\n%lld\n%s\n%s", (long long)request_id,
			       role_code(role), norm);

	hmac_sha256(secret, 32, data, strlen(data), digest);
	memcpy(out, digest, 10);
	free(data);
	free(norm);
}

static void encode(const unsigned char in[TOKEN_BYTES], char out[TOKEN_LEN + 1])
{
	unsigned bits = 0, value = 0;
	size_t n = 0;

	for (size_t i = 0; i < TOKEN_BYTES; i++) {
		value = (value << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			out[n++] = alphabet[(value >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	out[n] = '\0';
}

static bool decode(const char *s, unsigned char out[TOKEN_BYTES])
{
	unsigned bits = 0, value = 0;
	size_t n = 0;

	if (strlen(s) != TOKEN_LEN)
		return false;
	for (; *s; s++) {
		char c = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
		const char *p = c ? strchr(alphabet, c) : NULL;
		if (!p)
			return false;
		value = (value << 5) | (unsigned)(p - alphabet);
		bits += 5;
		if (bits >= 8) {
			out[n++] = (unsigned char)(value >> (bits - 8));
			bits -= 8;
		}
	}
	return n == TOKEN_BYTES;
}

void token_make(const unsigned char secret[32], int64_t request_id, enum role role,
		const char *email, char out[TOKEN_LEN + 1])
{
	unsigned char raw[TOKEN_BYTES];
	uint32_t id = (uint32_t)request_id;

	raw[0] = (unsigned char)(id >> 24);
	raw[1] = (unsigned char)(id >> 16);
	raw[2] = (unsigned char)(id >> 8);
	raw[3] = (unsigned char)id;
	raw[4] = (unsigned char)role;
	mac(secret, request_id, role, email, raw + 5);
	encode(raw, out);
}

bool token_parse(const char *token, int64_t *request_id, enum role *role)
{
	unsigned char raw[TOKEN_BYTES];

	if (!decode(token, raw) || raw[4] == ROLE_NONE || raw[4] >= ROLE_COUNT)
		return false;
	*request_id = ((int64_t)raw[0] << 24) | ((int64_t)raw[1] << 16) | ((int64_t)raw[2] << 8) | raw[3];
	*role = (enum role)raw[4];
	return true;
}

bool token_verify(const unsigned char secret[32], const char *token, int64_t request_id,
		  enum role role, const char *email)
{
	unsigned char raw[TOKEN_BYTES], want[10];
	unsigned diff = 0;
	int64_t id;
	enum role r;

	if (!token_parse(token, &id, &r) || !decode(token, raw))
		return false;
	mac(secret, request_id, role, email, want);
	for (size_t i = 0; i < 10; i++)
		diff |= (unsigned)(raw[5 + i] ^ want[i]);
	return diff == 0 && id == request_id && r == role;
}

bool token_from_message_id(const char *id, char out[TOKEN_LEN + 1])
{
	const char *dot = strchr(id, '.');
	int64_t rid;
	enum role r;

	if (!dot || dot - id != TOKEN_LEN)
		return false;
	memcpy(out, id, TOKEN_LEN);
	out[TOKEN_LEN] = '\0';
	return token_parse(out, &rid, &r);
}
