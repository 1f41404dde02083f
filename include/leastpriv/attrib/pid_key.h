/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A process of one node as a hash key: the node's interned name (its pointer: equal names
 * are one pointer) and the pid.  Pids of two nodes never meet.
 */
#ifndef LEASTPRIV_PID_KEY_H
#define LEASTPRIV_PID_KEY_H

#include <string.h>

struct pid_key {
	unsigned char bytes[sizeof(const char *) + sizeof(long long)];
};

static inline struct pid_key
pid_key(const char *node, long long pid)
{
	struct pid_key k;

	memcpy(k.bytes, &node, sizeof(node));
	memcpy(k.bytes + sizeof(node), &pid, sizeof(pid));
	return k;
}

#endif
