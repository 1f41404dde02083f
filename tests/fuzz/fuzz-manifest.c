/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target: the rewriters of `leastpriv fix FILE`.  The first byte picks compose,
 * Kubernetes or Quadlet and the plan; the rest is the file.  Every workload gets a plan, so
 * every path of the rewrite runs; the oracle is that no rewrite is refused by its own check
 * (-EPERM: it would have granted more than its input), and nothing crashes.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amplify.h"
#include "leastpriv/fix/manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const caps[] = { "NET_BIND_SERVICE", "CHOWN", NULL };
static const char *const no_caps[] = { NULL };

FUZZ_HARNESS static bool
plan_for(const char *unit, bool grants_all, struct fix_plan *plan, void *data)
{
	unsigned mode = *(const unsigned char *)data;

	(void)unit;
	memset(plan, 0, sizeof(*plan));
	plan->caps = mode & 4 ? caps : grants_all || (mode & 8) ? no_caps : NULL;
	plan->n_relabel = 1;
	plan->relabel[0].destination = "/certs";
	plan->relabel[0].option = mode & 16 ? 'z' : 'Z';
	plan->keep_setuid = mode & 32;
	plan->drop_label_disable = mode & 64;
	plan->remove_engine_socket = mode & 128;
	plan->seccomp_profile = mode & 2 ? "/p.json" : NULL;
	return true;
}

FUZZ_HARNESS int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum manifest_kind kinds[] = { MANIFEST_COMPOSE, MANIFEST_KUBERNETES,
						    MANIFEST_QUADLET, MANIFEST_KUBERNETES };
	unsigned char mode;
	struct strbuf err, out;
	char *text;
	int r;

	if (size < 1)
		return 0;
	mode = data[0];
	text = malloc(size);
	if (!text)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	strbuf_init(&err);
	strbuf_init(&out);
	r = manifest_fix_text("unit.container", text, strlen(text), kinds[mode & 3], plan_for,
			      &mode, &out, &err);
	if (r == -EPERM)
		__builtin_trap(); /* a rewrite that grants more */
	strbuf_done(&err);
	strbuf_done(&out);
	free(text);
	return 0;
}
