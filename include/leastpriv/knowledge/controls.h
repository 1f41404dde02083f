/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The benchmark controls a piece of advice bears on, from a table with its source: the CIS
 * Docker Benchmark v1.6.0, sections 1 (who controls the daemon) and 5 (Container Runtime),
 * numbered as docker-bench-security
 * (which implements that version) numbers them; and the Kubernetes Pod Security Standards
 * level a capability set meets.
 */
#ifndef LEASTPRIV_CONTROLS_H
#define LEASTPRIV_CONTROLS_H

#include <stdbool.h>
#include <stddef.h>

struct benchmark_control {
	const char *benchmark; /* "CIS Docker Benchmark" */
	const char *version;   /* "1.6.0" */
	const char *id;        /* "5.4" */
	const char *title;
};

/* Every control of the table, in the benchmark's order, NULL-terminated (static). */
const struct benchmark_control *const *controls_all(void);
/*
 * The controls advice of kind @kind ("capabilities") or an admin-control finding of that kind
 * ("docker_group") bears on, NULL-terminated (static).
 */
const struct benchmark_control *const *controls_for_advice(const char *kind);
/*
 * The Pod Security Standards level a container holding exactly the @n capabilities @caps
 * meets: "restricted" (NET_BIND_SERVICE at most), "baseline" (only the runtime's defaults), or
 * "privileged".
 */
const char *controls_pod_security_level(const int *caps, size_t n);

#endif
