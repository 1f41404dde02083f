/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Output escaping for terminals, JSON strings and suggested shell commands. */
#include <stdbool.h>
#include <stdint.h>

#include "leastpriv/base/escape.h"

/*
 * Decode one UTF-8 sequence at @p (at most @n bytes).  Returns its length and stores the code
 * point, or returns 0 when the bytes are not well-formed UTF-8 (overlong forms, surrogates and
 * values above U+10FFFF are rejected).
 */
static size_t
utf8_decode(const unsigned char *p, size_t n, uint32_t *ret_cp)
{
	uint32_t cp;
	size_t len;

	if (p[0] < 0x80) {
		*ret_cp = p[0];
		return 1;
	} else if ((p[0] & 0xe0) == 0xc0) {
		len = 2;
		cp = p[0] & 0x1f;
	} else if ((p[0] & 0xf0) == 0xe0) {
		len = 3;
		cp = p[0] & 0x0f;
	} else if ((p[0] & 0xf8) == 0xf0) {
		len = 4;
		cp = p[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	*ret_cp = cp;
	return len;
}

/* Code points that change how a terminal shows the text around them. */
static bool
is_dangerous_codepoint(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) ||                   /* C1 controls, e.g. CSI */
	       cp == 0x061c || cp == 0x200e || cp == 0x200f || /* direction marks */
	       (cp >= 0x202a && cp <= 0x202e) ||               /* bidi embeddings and overrides */
	       (cp >= 0x2066 && cp <= 0x2069) ||               /* bidi isolates */
	       (cp >= 0x200b && cp <= 0x200d) || cp == 0x2028 || cp == 0x2029 || cp == 0xfeff;
}

void
escape_display(struct strbuf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		unsigned char c = p[i];
		uint32_t cp;
		size_t n;

		if (c >= 0x20 && c < 0x7f) {
			if (c == '\\')
				strbuf_addstr(out, "\\\\");
			else
				strbuf_addch(out, (char)c);
			i++;
			continue;
		}
		switch (c) {
		case '\n':
			strbuf_addstr(out, "\\n");
			i++;
			continue;
		case '\t':
			strbuf_addstr(out, "\\t");
			i++;
			continue;
		case '\r':
			strbuf_addstr(out, "\\r");
			i++;
			continue;
		default:
			break;
		}
		if (c < 0x80) { /* other C0 controls and DEL */
			strbuf_addf(out, "\\x%02x", c);
			i++;
			continue;
		}
		n = utf8_decode(p + i, len - i, &cp);
		if (n == 0) {
			strbuf_addf(out, "\\x%02x", c);
			i++;
		} else if (is_dangerous_codepoint(cp)) {
			strbuf_addf(out, "\\u{%04x}", (unsigned)cp);
			i += n;
		} else {
			strbuf_add(out, p + i, n);
			i += n;
		}
	}
}

char *
escape_display_dup(const char *s)
{
	struct strbuf sb;

	strbuf_init(&sb);
	escape_display(&sb, s, strlen(s));
	return strbuf_detach(&sb);
}

void
escape_markup(FILE *out, const char *s)
{
	static const struct {
		char c;
		const char *entity;
	} entities[] = { { '&', "&amp;" },
			 { '<', "&lt;" },
			 { '>', "&gt;" },
			 { '"', "&quot;" },
			 { '\'', "&#39;" } };
	struct strbuf sb;

	strbuf_init(&sb);
	escape_display(&sb, s ? s : "", s ? strlen(s) : 0);
	for (const char *p = sb.buf; *p; p++) {
		const char *entity = NULL;

		for (size_t i = 0; i < ARRAY_SIZE(entities) && !entity; i++)
			if (*p == entities[i].c)
				entity = entities[i].entity;
		if (entity)
			fputs(entity, out);
		else
			fputc(*p, out);
	}
	strbuf_done(&sb);
}

void
escape_command(struct strbuf *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p >= 0x20 && *p < 0x7f)
			strbuf_addch(out, (char)*p);
		else
			strbuf_addf(out, "\\x%02x", *p);
}

void
escape_display_line(struct strbuf *sb)
{
	char *raw = strbuf_detach(sb);
	size_t len = strlen(raw);

	strbuf_init(sb);
	escape_display(sb, raw, len);
	free(raw);
}

static bool
is_shell_safe(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       strchr("_@%+=:,./-", c) != NULL;
}

void
shell_quote(struct strbuf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	bool bare = *p != '\0', printable = true;

	for (size_t i = 0; p[i]; i++) {
		if (!is_shell_safe(p[i]))
			bare = false;
		if (p[i] < 0x20 || p[i] >= 0x7f)
			printable = false;
	}
	if (bare) {
		strbuf_addstr(out, s);
	} else if (printable) {
		strbuf_addch(out, '\'');
		for (size_t i = 0; p[i]; i++) {
			if (p[i] == '\'')
				strbuf_addstr(out, "'\\''");
			else
				strbuf_addch(out, (char)p[i]);
		}
		strbuf_addch(out, '\'');
	} else {
		strbuf_addstr(out, "$'");
		for (size_t i = 0; p[i]; i++) {
			if (p[i] == '\'' || p[i] == '\\')
				strbuf_addf(out, "\\%c", p[i]);
			else if (p[i] < 0x20 || p[i] >= 0x7f)
				strbuf_addf(out, "\\x%02x", p[i]);
			else
				strbuf_addch(out, (char)p[i]);
		}
		strbuf_addch(out, '\'');
	}
}

char *
shell_quote_dup(const char *s)
{
	struct strbuf sb;

	strbuf_init(&sb);
	shell_quote(&sb, s);
	return strbuf_detach(&sb);
}

void
yaml_quote(struct strbuf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);

	strbuf_addch(out, '"');
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len;

		if (p[i] == '"' || p[i] == '\\') {
			strbuf_addf(out, "\\%c", p[i++]);
			continue;
		}
		if (p[i] >= 0x20 && p[i] < 0x7f) {
			strbuf_addch(out, (char)p[i++]);
			continue;
		}
		len = utf8_decode(p + i, n - i, &cp);
		if (len == 0) {
			/* Not UTF-8: YAML cannot hold the byte; \xNN is its nearest character. */
			strbuf_addf(out, "\\x%02x", p[i++]);
			continue;
		}
		if (cp <= 0xff)
			strbuf_addf(out, "\\x%02x", (unsigned)cp);
		else if (cp <= 0xffff)
			strbuf_addf(out, "\\u%04x", (unsigned)cp);
		else
			strbuf_addf(out, "\\U%08x", (unsigned)cp);
		i += len;
	}
	strbuf_addch(out, '"');
}

void
unit_quote(struct strbuf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	bool bare = *p != '\0';

	for (size_t i = 0; p[i]; i++)
		if (!is_shell_safe(p[i]) || p[i] == '%')
			bare = false;
	if (bare) {
		strbuf_addstr(out, s);
		return;
	}
	strbuf_addch(out, '"');
	for (size_t i = 0; p[i]; i++) {
		if (p[i] == '"' || p[i] == '\\')
			strbuf_addf(out, "\\%c", p[i]);
		else if (p[i] == '%')
			strbuf_addstr(out, "%%");
		else if (p[i] < 0x20 || p[i] >= 0x7f)
			strbuf_addf(out, "\\x%02x", p[i]);
		else
			strbuf_addch(out, (char)p[i]);
	}
	strbuf_addch(out, '"');
}
