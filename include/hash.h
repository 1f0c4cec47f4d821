/* hash.h: SHA-256 and HMAC-SHA256 (Nettle, linked statically into bpomail). */
#ifndef BPOMAIL_HASH_H
#define BPOMAIL_HASH_H

#include <nettle/sha2.h>
#include <stddef.h>

#define SHA256_HEX_LEN 64

/* A SHA-256 over pieces fed one after another. */
struct hasher {
	struct sha256_ctx ctx;
};

void hasher_init(struct hasher *h);
void hasher_add(struct hasher *h, const void *p, size_t n);
void hasher_hex(struct hasher *h, char out[SHA256_HEX_LEN + 1]);

void sha256_hex(const void *p, size_t n, char out[SHA256_HEX_LEN + 1]);
void hmac_sha256(const unsigned char *key, size_t key_len, const void *p, size_t n,
		 unsigned char out[32]);

#endif
