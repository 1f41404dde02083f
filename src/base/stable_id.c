/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stable identifiers: SHA-256 of the key, cut short. */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>

#include "leastpriv/base/stable_id.h"

void
stable_id(const void *key, size_t len, char out[STABLE_ID_HEX + 1])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int md_len = 0;

	if (!EVP_Digest(key, len, md, &md_len, EVP_sha256(), NULL) || md_len * 2 < STABLE_ID_HEX)
		abort(); /* SHA-256 is always there: libcrypto is broken */
	for (size_t i = 0; i < STABLE_ID_HEX / 2; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	out[STABLE_ID_HEX] = '\0';
}
