/* SPDX-License-Identifier: GPL-2.0-or-later */
/* leastpriv fix: advice of one container into its rewritten run command. */
#include <errno.h>
#include <strings.h>
#include <sys/capability.h>

#include "leastpriv/knowledge/caps.h"
#include "leastpriv/base/escape.h"
#include "leastpriv/fix/fix.h"
#include "leastpriv/base/jsonw.h"
#include "leastpriv/fix/seccomp_profile.h"

static const char *
command_name(const struct run_command *rc)
{
	for (size_t i = 0; i < rc->n_opts; i++)
		if (streq(rc->opts[i].name, "--name") && rc->opts[i].value)
			return rc->opts[i].value;
	return NULL;
}

static bool
names(const struct container *ct, const char *want)
{
	if (streq(ct->label, want) || (*ct->level && streq(ct->level, want)))
		return true;
	return ct->info && (streq(ct->info->name, want) ||
			    (strlen(want) >= 4 && strncmp(ct->info->id, want, strlen(want)) == 0));
}

const struct container_advice *
fix_pick(const struct analysis *a, const struct run_command *rc, const char *want,
	 struct strbuf *err)
{
	const struct container_advice *found = NULL;
	const char *name = want ? want : command_name(rc);
	size_t n = 0;

	for (size_t i = 0; i < a->report.n_containers; i++) {
		const struct container_advice *ca = &a->report.containers[i];

		if (name ? names(ca->container, name) : ca->n_items > 0) {
			found = ca;
			n++;
		}
	}
	if (n == 1)
		return found;
	if (n > 1)
		strbuf_addf(err, "%zu containers in the log %s; name one with --container", n,
			    name ? "match that name" : "have advice");
	return NULL;
}

bool
fix_grants_all(const struct run_command *rc)
{
	struct run_grants g;

	run_command_grants(rc, &g);
	return g.privileged || g.all_caps;
}

void
fix_plan_from(const struct container_advice *ca, bool had_full, const char *seccomp_dir,
	      const char **caps, char **ret_seccomp_path, struct fix_plan *plan)
{
	bool have_caps = false, refused = false;
	size_t n_caps = 0;

	memset(plan, 0, sizeof(*plan));
	*ret_seccomp_path = NULL;
	for (size_t i = 0; ca && i < ca->n_items; i++) {
		const struct advice *adv = ca->items[i];

		switch (adv->kind) {
		case ADVICE_CAPABILITIES:
			have_caps = true;
			for (size_t k = 0; k < adv->n_caps && n_caps < 64; k++) {
				caps[n_caps++] = caps_name(adv->caps[k]);
				if (adv->caps[k] == CAP_SETGID || adv->caps[k] == CAP_SETUID)
					plan->keep_setuid = true;
			}
			break;
		case ADVICE_RELABEL:
			if (adv->mount_point && plan->n_relabel < ARRAY_SIZE(plan->relabel)) {
				plan->relabel[plan->n_relabel].destination = adv->mount_point;
				plan->relabel[plan->n_relabel].option = adv->relabel_option[0];
				plan->n_relabel++;
			}
			break;
		case ADVICE_ENGINE_SOCKET:
			plan->remove_engine_socket = true;
			break;
		case ADVICE_SECCOMP:
			if (seccomp_dir && adv->profile_path && !*ret_seccomp_path)
				*ret_seccomp_path = xstrdup(adv->profile_path);
			break;
		case ADVICE_RELABEL_REFUSED:
		case ADVICE_REVIEW:
		case ADVICE_APPARMOR:
			refused = true;
			break;
		default:
			break;
		}
	}
	caps[n_caps] = NULL;
	/* A capability set replaces "everything", or joins evidence of capability use. */
	plan->caps = have_caps || had_full ? caps : NULL;
	plan->drop_label_disable = plan->n_relabel > 0 && !refused;
	plan->seccomp_profile = *ret_seccomp_path;
}

int
fix_render(FILE *out, bool json, const char *label, char *const *argv,
	   const struct fix_change *changes, size_t n, const char *note)
{
	char *line = run_command_join(argv);
	struct strbuf sb;

	if (json) {
		struct jsonw w;

		jw_init(&w, out);
		jw_object_begin(&w, NULL);
		jw_text(&w, "container", label);
		/* The words for people; "command" is the exact line, shell-quoted. */
		jw_array_begin(&w, "argv");
		for (size_t i = 0; argv[i]; i++)
			jw_text(&w, NULL, argv[i]);
		jw_array_end(&w);
		jw_command(&w, "command", line);
		jw_array_begin(&w, "changes");
		for (size_t i = 0; i < n; i++) {
			jw_object_begin(&w, NULL);
			jw_text(&w, "what", changes[i].what);
			jw_text(&w, "why", changes[i].why);
			jw_object_end(&w);
		}
		jw_array_end(&w);
		jw_text(&w, "note", note);
		jw_object_end(&w);
		free(line);
		return jw_finish(&w);
	}
	strbuf_init(&sb);
	escape_command(&sb, line);
	fprintf(out, "%s\n", sb.buf);
	if (n)
		fputc('\n', out);
	for (size_t i = 0; i < n; i++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s: %s", changes[i].what, changes[i].why);
		escape_display_line(&sb);
		fprintf(out, "  %s\n", sb.buf);
	}
	if (note) {
		strbuf_reset(&sb);
		strbuf_addstr(&sb, note);
		escape_display_line(&sb);
		fprintf(out, "\n%s\n", sb.buf);
	}
	strbuf_done(&sb);
	free(line);
	return fflush(out) != 0 || ferror(out) ? -EIO : 0;
}
