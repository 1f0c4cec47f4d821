/*
 * hash.c: SHA-256 and HMAC-SHA256.
 *
 * Nettle rather than GnuTLS: the same maintained code (GnuTLS hashes with
 * Nettle), but one small archive linked in instead of GnuTLS and the seven
 * shared libraries it loads at every deliver (doc/PERFORMANCE.md).
 */
#include <nettle/hmac.h>
#include <stdio.h>

#include "hash.h"

void hasher_init(struct hasher *h)
{
	sha256_init(&h->ctx);
}

void hasher_add(struct hasher *h, const void *p, size_t n)
{
	sha256_update(&h->ctx, n, p);
}

void hasher_hex(struct hasher *h, char out[SHA256_HEX_LEN + 1])
{
	unsigned char digest[SHA256_DIGEST_SIZE];

	sha256_digest(&h->ctx, sizeof digest, digest);
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
		snprintf(out + 2 * i, 3, "%02x", digest[i]);
}

void sha256_hex(const void *p, size_t n, char out[SHA256_HEX_LEN + 1])
{
	struct hasher h;

	hasher_init(&h);
	hasher_add(&h, p, n);
	hasher_hex(&h, out);
}

void hmac_sha256(const unsigned char *key, size_t key_len, const void *p, size_t n,
		 unsigned char out[32])
{
	struct hmac_sha256_ctx ctx;

	hmac_sha256_set_key(&ctx, key_len, key);
	hmac_sha256_update(&ctx, n, p);
	hmac_sha256_digest(&ctx, SHA256_DIGEST_SIZE, out);
}
