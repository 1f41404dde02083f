/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Spelling fix operations per target; sources: the engines' docs (README, "Fix syntax"). */
#include <stdio.h>

#include "leastpriv/dialect/spell.h"
#include "leastpriv/knowledge/caps.h"
#include "leastpriv/base/escape.h"
#include "leastpriv/base/strbuf.h"
#include "leastpriv/base/util.h"

/* The image-independent parts of host commands, the same for every target. */
#define SECCOMP_DEFAULT "/usr/share/containers/seccomp.json"
#define DEDICATED_DIR   "/srv/containers/NAME"
#define UDICA_BUILD                                                                                \
	"podman inspect NAME > ctr.json && udica -j ctr.json NAME && semodule -i NAME.cil "        \
	"/usr/share/udica/templates/base_container.cil"
#define APPARMOR_LOAD "apparmor_parser -r /etc/apparmor.d/NEW-PROFILE"

int
target_from_name(const char *name)
{
	if (streq(name, "docker") || streq(name, "podman") || streq(name, "run"))
		return TARGET_RUN;
	if (streq(name, "compose"))
		return TARGET_COMPOSE;
	if (streq(name, "kubernetes") || streq(name, "k8s"))
		return TARGET_KUBERNETES;
	if (streq(name, "quadlet"))
		return TARGET_QUADLET;
	return -1;
}

const char *
target_name(enum target t)
{
	static const char *const names[TARGET_MAX] = {
		[TARGET_RUN] = "run",
		[TARGET_COMPOSE] = "compose",
		[TARGET_KUBERNETES] = "kubernetes",
		[TARGET_QUADLET] = "quadlet",
	};

	return t < TARGET_MAX ? names[t] : "run";
}

static const char *
cap_word(int cap)
{
	return caps_name(cap) ? caps_name(cap) : "?";
}

char *
spell_caps_flags(const int *caps, size_t n)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addstr(&sb, "--cap-drop=ALL");
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, " --cap-add=%s", cap_word(caps[i]));
	return strbuf_detach(&sb);
}

/* "A, B" */
static void
add_cap_list(struct strbuf *sb, const int *caps, size_t n, const char *prefix)
{
	for (size_t i = 0; i < n; i++)
		strbuf_addf(sb, "%s%s%s", i ? ", " : "", prefix, cap_word(caps[i]));
}

static void
spell_cap_set(struct strbuf *sb, const struct fixop *op, enum target t)
{
	switch (t) {
	case TARGET_COMPOSE:
		strbuf_addstr(sb, "cap_drop: [ALL]");
		if (op->n_caps) {
			strbuf_addstr(sb, "\ncap_add: [");
			add_cap_list(sb, op->caps, op->n_caps, "");
			strbuf_addstr(sb, "]");
		}
		break;
	case TARGET_KUBERNETES:
		strbuf_addstr(sb, "securityContext: {capabilities: {drop: [ALL]");
		if (op->n_caps) {
			strbuf_addstr(sb, ", add: [");
			add_cap_list(sb, op->caps, op->n_caps, "");
			strbuf_addstr(sb, "]");
		}
		strbuf_addstr(sb, "}}");
		break;
	case TARGET_QUADLET:
		strbuf_addstr(sb, "DropCapability=all");
		for (size_t i = 0; i < op->n_caps; i++)
			strbuf_addf(sb, "\nAddCapability=CAP_%s", cap_word(op->caps[i]));
		break;
	case TARGET_RUN:
	case TARGET_MAX:
	default: {
		char *flags = spell_caps_flags(op->caps, op->n_caps);

		strbuf_addstr(sb, flags);
		free(flags);
		break;
	}
	}
}

/* A host path as a shell word, or the placeholder HOST_DIR. */
static void
add_host_word(struct strbuf *sb, const char *path)
{
	if (path)
		shell_quote(sb, path);
	else
		strbuf_addstr(sb, "HOST_DIR");
}

/* "SRC:DST" or "SRC:DST:OPT", raw, placeholders for what is not known. */
static char *
volume_value(const struct fixop *op, const char *option)
{
	const char *dst = op->target ? op->target : op->placeholder ? op->placeholder : "/PATH";

	return option ? xasprintf("%s:%s:%s", op->path ? op->path : "HOST_DIR", dst, option)
		      : xasprintf("%s:%s", op->path ? op->path : "HOST_DIR", dst);
}

/* A volume for docker/podman run: each side a shell word, or its placeholder. */
static void
add_run_volume(struct strbuf *sb, const struct fixop *op, const char *option)
{
	strbuf_addstr(sb, "-v ");
	add_host_word(sb, op->path);
	strbuf_addch(sb, ':');
	if (op->target)
		shell_quote(sb, op->target);
	else
		strbuf_addstr(sb, op->placeholder ? op->placeholder : "/PATH");
	if (option)
		strbuf_addf(sb, ":%s", option);
}

/* A container option spelled as a security_opt / securityContext / Quadlet key. */
struct option_spelling {
	const char *run;        /* printf format of the flag, %s the quoted value */
	const char *compose;    /* security_opt value format (then YAML-quoted) */
	const char *kubernetes; /* a securityContext line, %s the YAML-quoted value */
	const char *quadlet;    /* a key, %s the unit-quoted value */
};

static const struct option_spelling label_nested = {
	"--security-opt label=nested", "label=nested",
	"# no Kubernetes equivalent of podman's label=nested: stop the tool from copying labels",
	"SecurityLabelNested=true"
};
static const struct option_spelling label_disable = {
	"--security-opt label=disable", "label=disable",
	"securityContext: {seLinuxOptions: {type: spc_t}}", "SecurityLabelDisable=true"
};
static const struct option_spelling apparmor_unconfined = {
	"--security-opt apparmor=unconfined", "apparmor=unconfined",
	"securityContext: {appArmorProfile: {type: Unconfined}}",
	"# AppArmor: Quadlet has no key; "
	"PodmanArgs=--security-opt "
	"apparmor=unconfined"
};
static const struct option_spelling label_level = {
	"--security-opt label=level:%s", "label=level:%s",
	"securityContext: {seLinuxOptions: {level: %s}}", "SecurityLabelLevel=%s"
};
static const struct option_spelling seccomp_profile = {
	"--security-opt seccomp=%s", "seccomp=%s",
	"securityContext: {seccompProfile: {type: Localhost, localhostProfile: %s}}   # the file "
	"goes under /var/lib/kubelet/seccomp on every node",
	"SeccompProfile=%s"
};
static const struct option_spelling custom_type = { "--security-opt label=type:%s", "label=type:%s",
						    "securityContext: {seLinuxOptions: {type: %s}}",
						    "SecurityLabelType=%s" };
static const struct option_spelling apparmor_profile = {
	"--security-opt apparmor=%s", "apparmor=%s",
	"securityContext: {appArmorProfile: {type: Localhost, localhostProfile: %s}}", "AppArmor=%s"
};

/* @tmpl with its one "%s" replaced by @value (the tables hold no other '%'). */
static void
add_template(struct strbuf *sb, const char *tmpl, const char *value)
{
	const char *at = strstr(tmpl, "%s");

	if (!at) {
		strbuf_addstr(sb, tmpl);
		return;
	}
	strbuf_add(sb, tmpl, (size_t)(at - tmpl));
	strbuf_addstr(sb, value);
	strbuf_addstr(sb, at + 2);
}

static void
spell_option(struct strbuf *sb, const struct option_spelling *o, const char *value, enum target t)
{
	struct strbuf q;

	strbuf_init(&q);
	switch (t) {
	case TARGET_COMPOSE:
		add_template(&q, o->compose, value ? value : "");
		strbuf_addstr(sb, "security_opt: [");
		yaml_quote(sb, q.buf);
		strbuf_addstr(sb, "]");
		break;
	case TARGET_KUBERNETES:
		if (value)
			yaml_quote(&q, value);
		add_template(sb, o->kubernetes, q.len ? q.buf : "");
		break;
	case TARGET_QUADLET:
		if (value)
			unit_quote(&q, value);
		add_template(sb, o->quadlet, q.len ? q.buf : "");
		break;
	case TARGET_RUN:
	case TARGET_MAX:
	default:
		if (value)
			shell_quote(&q, value);
		add_template(sb, o->run, q.len ? q.buf : "");
		break;
	}
	strbuf_done(&q);
}

/* A simple key: run flag, compose key, Kubernetes line, Quadlet key, each with the value. */
static void
spell_keyed(struct strbuf *sb, enum target t, const char *value, const char *run,
	    const char *compose, const char *kubernetes, const char *quadlet)
{
	switch (t) {
	case TARGET_COMPOSE:
		strbuf_addf(sb, "%s: [", compose);
		yaml_quote(sb, value);
		strbuf_addstr(sb, "]");
		break;
	case TARGET_KUBERNETES:
		strbuf_addstr(sb, kubernetes);
		yaml_quote(sb, value);
		break;
	case TARGET_QUADLET:
		strbuf_addf(sb, "%s=", quadlet);
		unit_quote(sb, value);
		break;
	case TARGET_RUN:
	case TARGET_MAX:
	default:
		strbuf_addf(sb, "%s ", run);
		shell_quote(sb, value);
		break;
	}
}

static void
spell_volume(struct strbuf *sb, const struct fixop *op, enum target t)
{
	char *v;

	switch (t) {
	case TARGET_COMPOSE:
		v = volume_value(op, op->value);
		strbuf_addstr(sb, "volumes: [");
		yaml_quote(sb, v);
		strbuf_addstr(sb, "]");
		free(v);
		break;
	case TARGET_QUADLET:
		v = volume_value(op, op->value);
		strbuf_addstr(sb, "Volume=");
		unit_quote(sb, v);
		free(v);
		break;
	case TARGET_KUBERNETES:
		/* The kubelet never relabels a hostPath: the node's directory is labelled. */
		strbuf_addstr(sb, "# hostPath volumes are never relabelled: label ");
		add_host_word(sb, op->path);
		strbuf_addstr(sb, " on the node (semanage fcontext below)");
		break;
	case TARGET_RUN:
	case TARGET_MAX:
	default:
		add_run_volume(sb, op, op->value);
		break;
	}
}

static void
spell_remove_mount(struct strbuf *sb, const struct fixop *op, enum target t)
{
	char *v = volume_value(op, NULL);

	switch (t) {
	case TARGET_COMPOSE:
		strbuf_addstr(sb, "# delete from the service's volumes:  ");
		yaml_quote(sb, v);
		break;
	case TARGET_KUBERNETES:
		strbuf_addstr(sb, "# delete the hostPath volume of ");
		yaml_quote(sb, op->path ? op->path : "HOST_DIR");
		strbuf_addstr(sb, " and its volumeMount");
		break;
	case TARGET_QUADLET:
		strbuf_addstr(sb, "# delete:  Volume=");
		unit_quote(sb, v);
		break;
	case TARGET_RUN:
	case TARGET_MAX:
	default:
		strbuf_addstr(sb, "# delete:  ");
		add_run_volume(sb, op, NULL);
		break;
	}
	free(v);
}

static void
spell_confined_trial(struct strbuf *sb, enum target t)
{
	static const char *const text[TARGET_MAX] = {
		[TARGET_RUN] = "podman run --cap-drop=ALL --security-opt no-new-privileges ...",
		[TARGET_COMPOSE] = "privileged: false\ncap_drop: [ALL]\nsecurity_opt: "
				   "[\"no-new-privileges:true\"]",
		[TARGET_KUBERNETES] = "securityContext: {privileged: false, "
				      "allowPrivilegeEscalation: false, capabilities: {drop: "
				      "[ALL]}}",
		[TARGET_QUADLET] = "DropCapability=all\nNoNewPrivileges=true",
	};

	strbuf_addstr(sb, text[t < TARGET_MAX ? t : TARGET_RUN]);
}

/* A line of an AppArmor profile: a capability rule, or a quoted path and its permissions. */
static void
spell_apparmor_rule(struct strbuf *sb, const struct fixop *op)
{
	if (!op->name && !op->path && op->value) { /* a whole rule, built printable */
		strbuf_addstr(sb, op->value);
		return;
	}
	if (op->name) {
		strbuf_addstr(sb, "capability ");
		for (const char *p = op->name; *p; p++)
			strbuf_addch(sb, (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p));
		strbuf_addch(sb, ',');
		return;
	}
	/*
	 * Profile syntax, printable ASCII: the path quoted, with '?' (any one character in a
	 * profile's globs) for quotes, backslashes and every byte that is not printable ASCII;
	 * the permissions are the mask's letters only.
	 */
	strbuf_addch(sb, '"');
	for (const unsigned char *p = (const unsigned char *)op->path; p && *p; p++)
		strbuf_addch(sb,
			     *p == '"' || *p == '\\' || *p < 0x20 || *p >= 0x7f ? '?' : (char)*p);
	strbuf_addstr(sb, "\" ");
	for (const char *p = op->value ? op->value : ""; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			strbuf_addch(sb, *p);
	strbuf_addch(sb, ',');
}

/* The jq program's list of names: libaudit's syscall names, and nothing else gets in. */
static void
add_syscall_names(struct strbuf *sb, const struct fixop *op)
{
	size_t n = 0;

	for (size_t i = 0; i < op->n_names; i++) {
		bool word = *op->names[i] != '\0';

		for (const char *p = op->names[i]; *p; p++)
			word &= (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_';
		if (word)
			strbuf_addf(sb, "%s\"%s\"", n++ ? ", " : "", op->names[i]);
	}
}

/* A host step followed by the container option that uses what it made. */
static void
spell_then(struct strbuf *sb, const char *host, const struct option_spelling *o, const char *value,
	   enum target t)
{
	strbuf_addstr(sb, host);
	if (t == TARGET_RUN || t >= TARGET_MAX) {
		strbuf_addstr(sb, " && podman run ");
		spell_option(sb, o, value, TARGET_RUN);
		strbuf_addstr(sb, " ...");
		return;
	}
	strbuf_addch(sb, '\n');
	spell_option(sb, o, value, t);
}

char *
spell_fixop(const struct fixop *op, enum target t)
{
	struct strbuf sb;
	struct fixop copy;

	if (op->kind == FIXOP_WORDS)
		return NULL;
	strbuf_init(&sb);
	switch (op->kind) {
	case FIXOP_CAP_SET:
		spell_cap_set(&sb, op, t);
		break;
	case FIXOP_CAP_ADD:
		if (t == TARGET_COMPOSE)
			strbuf_addf(&sb, "cap_add: [%s]", cap_word(op->caps[0]));
		else if (t == TARGET_KUBERNETES)
			strbuf_addf(&sb, "securityContext: {capabilities: {add: [%s]}}",
				    cap_word(op->caps[0]));
		else if (t == TARGET_QUADLET)
			strbuf_addf(&sb, "AddCapability=CAP_%s", cap_word(op->caps[0]));
		else
			strbuf_addf(&sb, "--cap-add=%s", cap_word(op->caps[0]));
		break;
	case FIXOP_CONFINED_TRIAL:
		spell_confined_trial(&sb, t);
		break;
	case FIXOP_VOLUME_RELABEL:
		spell_volume(&sb, op, t);
		break;
	case FIXOP_REMOVE_MOUNT:
		spell_remove_mount(&sb, op, t);
		break;
	case FIXOP_SYSCTL:
		if (t == TARGET_RUN || t >= TARGET_MAX) {
			/* name=value, the value quoted: --sysctl net.ipv4.ping_group_range='0 1' */
			strbuf_addf(&sb, "--sysctl %s=", op->name);
			shell_quote(&sb, op->value);
		} else if (t == TARGET_KUBERNETES) {
			strbuf_addf(&sb,
				    "securityContext: {sysctls: [{name: %s, value: ", op->name);
			yaml_quote(&sb, op->value);
			strbuf_addstr(&sb, "}]}   # the pod's securityContext");
		} else {
			char *v = xasprintf("%s=%s", op->name, op->value);

			spell_keyed(&sb, t, v, "--sysctl", "sysctls", "", "Sysctl");
			free(v);
		}
		break;
	case FIXOP_TMPFS:
		if (t == TARGET_KUBERNETES) {
			strbuf_addstr(&sb, "# an emptyDir volume with medium: Memory, mounted at ");
			yaml_quote(&sb, op->target);
		} else {
			spell_keyed(&sb, t, op->target, "--tmpfs", "tmpfs", "", "Tmpfs");
		}
		break;
	case FIXOP_HOSTNAME:
		strbuf_addstr(&sb, t == TARGET_COMPOSE      ? "hostname: NAME"
				   : t == TARGET_KUBERNETES ? "hostname: NAME   # in the pod spec"
				   : t == TARGET_QUADLET    ? "HostName=NAME"
							    : "--hostname NAME");
		break;
	case FIXOP_LABEL_NESTED:
		spell_option(&sb, &label_nested, NULL, t);
		break;
	case FIXOP_LABEL_DISABLE:
		spell_option(&sb, &label_disable, NULL, t);
		break;
	case FIXOP_LABEL_LEVEL:
		spell_option(&sb, &label_level, op->value, t);
		break;
	case FIXOP_APPARMOR_UNCONFINED:
		spell_option(&sb, &apparmor_unconfined, NULL, t);
		break;
	case FIXOP_LABEL_TYPE:
		spell_option(&sb, &custom_type, op->name, t);
		break;
	case FIXOP_SECCOMP_PROFILE:
		if (t == TARGET_KUBERNETES) {
			const char *slash = strrchr(op->path, '/');

			spell_option(&sb, &seccomp_profile, slash ? slash + 1 : op->path, t);
		} else {
			spell_option(&sb, &seccomp_profile, op->path, t);
		}
		break;
	case FIXOP_VOLUME_WRITABLE:
		if (t == TARGET_KUBERNETES) {
			strbuf_addstr(&sb, "readOnly: false   # in the volumeMount at ");
			yaml_quote(&sb, op->target ? op->target : "/PATH/IN/CONTAINER");
		} else {
			spell_volume(&sb,
				     &(struct fixop){ .kind = FIXOP_VOLUME_RELABEL,
						      .path = op->path,
						      .target = op->target,
						      .placeholder = "/PATH/IN/CONTAINER" },
				     t);
			if (t == TARGET_RUN || t >= TARGET_MAX)
				strbuf_addstr(&sb, "   # without :ro");
		}
		break;
	case FIXOP_BOOLEAN:
		strbuf_addstr(&sb, "setsebool -P ");
		shell_quote(&sb, op->name);
		strbuf_addstr(&sb, " on");
		break;
	case FIXOP_PERMISSIVE_TYPE:
		strbuf_addstr(&sb, "semanage permissive -a ");
		shell_quote(&sb, op->name);
		break;
	case FIXOP_LABEL_DURABLE:
		if (op->path) {
			char *re = xasprintf("%s(/.*)?", op->path);

			strbuf_addstr(&sb, "semanage fcontext -a -t container_file_t -- ");
			shell_quote(&sb, re);
			strbuf_addstr(&sb, " && restorecon -Rv -- ");
			shell_quote(&sb, op->path);
			free(re);
		} else {
			strbuf_addstr(&sb, "semanage fcontext -a -t container_file_t -- "
					   "'HOST_DIR(/.*)?' && restorecon -Rv -- HOST_DIR");
		}
		break;
	case FIXOP_LABEL_TRY:
		strbuf_addstr(&sb, "chcon -Rt container_file_t -- ");
		add_host_word(&sb, op->path);
		break;
	case FIXOP_RESTORE_STORAGE:
		strbuf_addstr(&sb, "restorecon -R -v /var/lib/containers");
		break;
	case FIXOP_DEDICATED_COPY:
		strbuf_addstr(&sb, "install -d " DEDICATED_DIR " && cp ... " DEDICATED_DIR "/");
		copy = (struct fixop){ .kind = FIXOP_VOLUME_RELABEL,
				       .path = (char *)DEDICATED_DIR,
				       .placeholder = "/PATH/IN/CONTAINER",
				       .value = (char *)"Z" };
		if (t == TARGET_KUBERNETES) {
			strbuf_addstr(&sb, " && chcon -Rt container_file_t -- " DEDICATED_DIR);
		} else if (t == TARGET_RUN || t >= TARGET_MAX) {
			strbuf_addstr(&sb, " && podman run ");
			spell_volume(&sb, &copy, TARGET_RUN);
			strbuf_addstr(&sb, " ...");
		} else {
			strbuf_addch(&sb, '\n');
			spell_volume(&sb, &copy, t);
		}
		break;
	case FIXOP_CUSTOM_POLICY:
		spell_then(&sb, UDICA_BUILD, &custom_type, "NAME.process", t);
		break;
	case FIXOP_HOST_MODULE:
		strbuf_addstr(&sb, "modprobe MODULE   # on the host");
		break;
	case FIXOP_SECCOMP_WRITE:
		strbuf_addstr(&sb, "jq '.syscalls += [{\"names\": [");
		add_syscall_names(&sb, op);
		strbuf_addstr(&sb, "], \"action\": \"SCMP_ACT_ALLOW\"}]' " SECCOMP_DEFAULT
				   " > seccomp-allow.json");
		break;
	case FIXOP_SECCOMP_LOG_COPY:
		strbuf_addstr(&sb, "jq '.defaultAction = \"SCMP_ACT_LOG\"' " SECCOMP_DEFAULT
				   " > seccomp-log.json");
		break;
	case FIXOP_APPARMOR_RULE:
		spell_apparmor_rule(&sb, op);
		break;
	case FIXOP_APPARMOR_LOAD:
		spell_then(&sb, APPARMOR_LOAD, &apparmor_profile, "NEW-PROFILE", t);
		break;
	case FIXOP_POLICY_UPDATE:
		/* the policy packages are Fedora's and RHEL's (dnf); rpm -q tells the release */
		strbuf_addstr(&sb, "dnf upgrade ");
		shell_quote(&sb, op->name);
		if (op->value)
			strbuf_addf(&sb, "   # %s or later; rpm -q %s shows the one installed",
				    op->value, op->name);
		break;
	case FIXOP_LOCAL_MODULE:
		strbuf_addstr(&sb, "cat > ");
		shell_quote(&sb, op->name);
		strbuf_addstr(&sb, ".cil <<'EOF'\n");
		strbuf_addstr(&sb, op->value);
		strbuf_addstr(&sb, "EOF\nsemodule -i ");
		shell_quote(&sb, op->name);
		strbuf_addstr(&sb, ".cil");
		break;
	case FIXOP_SNAP_CONNECT:
		strbuf_addstr(&sb, "snap connections ");
		shell_quote(&sb, op->name);
		strbuf_addstr(&sb, "   # then: snap connect ");
		shell_quote(&sb, op->name);
		strbuf_addstr(&sb, ":INTERFACE for the one it lacks");
		break;
	case FIXOP_WORDS:
	case FIXOP_MAX:
	default:
		break;
	}
	return strbuf_detach(&sb);
}

const char *
spell_place(const struct fixop *op, enum target t)
{
	static const char *const cap_set_place[TARGET_MAX] = {
		[TARGET_COMPOSE] = "in the service of the compose file",
		[TARGET_KUBERNETES] = "in the container of the Kubernetes manifest",
		[TARGET_QUADLET] = "in the [Container] section of the Quadlet unit",
	};

	if (op->kind == FIXOP_CAP_SET && t < TARGET_MAX)
		return cap_set_place[t];
	return NULL;
}
