/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stable identifiers: the same key gives the same id in every run, on every host, so that a
 * report, a history or a later run can name a container or a finding.  Keys hold strings a
 * process in a container chose, so the id is a cryptographic digest (SHA-256, from OpenSSL's
 * libcrypto) cut to STABLE_ID_HEX hex digits: no log can make its container take another's id.
 */
#ifndef LEASTPRIV_STABLE_ID_H
#define LEASTPRIV_STABLE_ID_H

#include <stddef.h>

#define STABLE_ID_HEX 24

/* Write the id of the @len bytes at @key, NUL-terminated, to @out. */
void stable_id(const void *key, size_t len, char out[STABLE_ID_HEX + 1]);

#endif
