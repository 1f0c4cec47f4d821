/* token.h: personal reply tokens (bpomail(1), WHO MAY DO WHAT), HMAC-SHA256 over request, role and person. */
#ifndef BPOMAIL_TOKEN_H
#define BPOMAIL_TOKEN_H

#include <stdbool.h>
#include <stdint.h>

#include "workflow.h"

#define TOKEN_LEN 24   /* lower-case base32 characters */

/* The token for a person (by address) in a role on a request; out holds TOKEN_LEN + 1. */
void token_make(const unsigned char secret[32], int64_t request_id, enum role role,
		const char *email, char out[TOKEN_LEN + 1]);

/* Reads the request and role a token claims, without checking it; false when malformed. */
bool token_parse(const char *token, int64_t *request_id, enum role *role);

/* True when token is exactly the one token_make() gives for these; constant time. */
bool token_verify(const unsigned char secret[32], const char *token, int64_t request_id,
		  enum role role, const char *email);

/* The token at the start of one of our Message-IDs ("TOKEN.random@domain"), copied to out. */
bool token_from_message_id(const char *id, char out[TOKEN_LEN + 1]);

#endif
