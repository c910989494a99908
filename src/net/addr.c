/*
 * The address policy of outbound calls to hosts that someone other than
 * the operator named: webhook URLs and custom domains (net.h).  A name
 * is resolved once; the first address the policy allows is the one the
 * call connects to, so a second answer of the DNS (rebinding) cannot
 * move it.  Addresses fall in three classes: public; loopback and
 * private networks, which a dev or test stack may allow; and the rest
 * (link-local and cloud metadata, unspecified, multicast, broadcast,
 * reserved, documentation, benchmarking), which nothing allows.  An
 * IPv6 address that carries an IPv4 one (mapped, compatible, NAT64,
 * 6to4) is judged by the IPv4 address it carries.
 */
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "net/net.h"

/* An IPv4 network: address and prefix length, host byte order. */
struct net4 {
	uint32_t	 net;
	int		 len;
	enum net_class	 cls;
};

static const struct net4 nets4[] = {
	{ 0x00000000, 8, NET_NEVER },	/* 0/8 "this network" */
	{ 0x0a000000, 8, NET_PRIVATE },	/* 10/8 */
	{ 0x64400000, 10, NET_PRIVATE },	/* 100.64/10 CGNAT */
	{ 0x7f000000, 8, NET_PRIVATE },	/* 127/8 loopback */
	{ 0xa9fe0000, 16, NET_NEVER },	/* 169.254/16 link-local, metadata */
	{ 0xac100000, 12, NET_PRIVATE },	/* 172.16/12 */
	{ 0xc0000000, 24, NET_NEVER },	/* 192.0.0/24 IETF assignments */
	{ 0xc0000200, 24, NET_NEVER },	/* 192.0.2/24 documentation */
	{ 0xc0586300, 24, NET_NEVER },	/* 192.88.99/24 6to4 relay */
	{ 0xc0a80000, 16, NET_PRIVATE },	/* 192.168/16 */
	{ 0xc6120000, 15, NET_NEVER },	/* 198.18/15 benchmarking */
	{ 0xc6336400, 24, NET_NEVER },	/* 198.51.100/24 documentation */
	{ 0xcb007100, 24, NET_NEVER },	/* 203.0.113/24 documentation */
	{ 0xe0000000, 4, NET_NEVER },	/* 224/4 multicast */
	{ 0xf0000000, 4, NET_NEVER },	/* 240/4 reserved, broadcast */
};

enum net_class
net_addr4_class(uint32_t a)
{
	size_t	 i;

	for (i = 0; i < sizeof(nets4) / sizeof(nets4[0]); i++)
		if ((a >> (32 - nets4[i].len)) ==
		    (nets4[i].net >> (32 - nets4[i].len)))
			return nets4[i].cls;
	return NET_PUBLIC;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* 1 if the first bits of a are those of the prefix p. */
static int
prefix6(const unsigned char *a, const unsigned char *p, int bits)
{
	int	 n = bits / 8;

	if (memcmp(a, p, (size_t)n) != 0)
		return 0;
	return bits % 8 == 0 ||
	    ((a[n] ^ p[n]) & (0xff << (8 - bits % 8)) & 0xff) == 0;
}

/* IPv6 prefixes that carry an IPv4 address, and where it sits. */
static const struct {
	unsigned char	 p[16];
	int		 bits;
	int		 at;		/* byte offset of the IPv4 address */
} carriers[] = {
	{ { [10] = 0xff, [11] = 0xff }, 96, 12 },	/* ::ffff:0:0/96 */
	{ { 0 }, 96, 12 },				/* ::/96 compatible */
	{ { 0, 0x64, 0xff, 0x9b }, 96, 12 },		/* 64:ff9b::/96 */
	{ { 0x20, 0x02 }, 16, 2 },			/* 2002::/16 6to4 */
};

/* IPv6 prefixes of their own class. */
static const struct {
	unsigned char	 p[16];
	int		 bits;
	enum net_class	 cls;
} nets6[] = {
	{ { [15] = 1 }, 128, NET_PRIVATE },		/* ::1 */
	{ { 0xfc }, 7, NET_PRIVATE },			/* fc00::/7 ULA */
	{ { 0xfe, 0x80 }, 10, NET_NEVER },		/* fe80::/10 */
	{ { 0xfe, 0xc0 }, 10, NET_NEVER },		/* fec0::/10 site */
	{ { 0xff }, 8, NET_NEVER },			/* multicast */
	{ { 0x20, 0x01, 0x0d, 0xb8 }, 32, NET_NEVER },	/* documentation */
	{ { 0x20, 0x01 }, 32, NET_NEVER },		/* 2001::/32 Teredo */
	{ { 0x20, 0x01 }, 23, NET_NEVER },		/* 2001::/23 IANA */
	{ { 0, 0x64, 0xff, 0x9b, 0, 1 }, 48, NET_NEVER }, /* local NAT64 */
	{ { 0x01 }, 64, NET_NEVER },			/* 100::/64 discard */
	{ { 0x3f, 0xff, 0xf0 }, 20, NET_NEVER },	/* 3fff::/20 doc */
};

enum net_class
net_addr6_class(const unsigned char *a)
{
	static const unsigned char	 zero[16];
	size_t				 i;

	/* :: itself, before ::/96 takes it for 0.0.0.0 */
	if (memcmp(a, zero, 16) == 0)
		return NET_NEVER;
	for (i = 0; i < sizeof(nets6) / sizeof(nets6[0]); i++)
		if (prefix6(a, nets6[i].p, nets6[i].bits))
			return nets6[i].cls;
	for (i = 0; i < sizeof(carriers) / sizeof(carriers[0]); i++)
		if (prefix6(a, carriers[i].p, carriers[i].bits))
			return net_addr4_class(be32(a + carriers[i].at));
	/* outside 2000::/3 nothing is global unicast */
	return (a[0] & 0xe0) == 0x20 ? NET_PUBLIC : NET_NEVER;
}

enum net_class
net_addr_class(const struct sockaddr *sa)
{
	const struct sockaddr_in	*s4;
	const struct sockaddr_in6	*s6;

	if (sa == NULL)
		return NET_NEVER;
	if (sa->sa_family == AF_INET) {
		s4 = (const struct sockaddr_in *)(const void *)sa;
		return net_addr4_class(ntohl(s4->sin_addr.s_addr));
	}
	if (sa->sa_family == AF_INET6) {
		s6 = (const struct sockaddr_in6 *)(const void *)sa;
		return net_addr6_class(s6->sin6_addr.s6_addr);
	}
	return NET_NEVER;
}

int
net_addr_public(const struct sockaddr *sa)
{
	return net_addr_class(sa) == NET_PUBLIC;
}

int
net_addr_allowed(const struct net_policy *p, const struct sockaddr *sa)
{
	enum net_class	 c = net_addr_class(sa);

	return c == NET_PUBLIC || (c == NET_PRIVATE && p != NULL &&
	    p->allow_private);
}

int
net_port_allowed(const struct net_policy *p, int port)
{
	const char	*s;
	char		*end;
	long		 v;

	if (port < 1 || port > 65535)
		return 0;
	if (p == NULL || p->ports == NULL || *p->ports == '\0')
		return port == 443 || port == 80;
	if (str_eq(p->ports, "any"))
		return 1;
	for (s = p->ports; *s != '\0'; s = *end == ',' ? end + 1 : end) {
		v = strtol(s, &end, 10);
		if (end == s)
			return 0;
		if (v == port)
			return 1;
		if (*end != ',' && *end != '\0')
			return 0;
	}
	return 0;
}

/* The first address of l that p allows, as text; see net_resolve. */
static enum souk_err
resolve_pick(const struct net_policy *p, const struct addrinfo *l,
    char *out, size_t outlen)
{
	const void	*in;

	for (; l != NULL; l = l->ai_next) {
		if (!net_addr_allowed(p, l->ai_addr))
			continue;
		in = l->ai_family == AF_INET ? (const void *)&((const struct
		    sockaddr_in *)(const void *)l->ai_addr)->sin_addr :
		    (const void *)&((const struct sockaddr_in6 *)(const void *)
		    l->ai_addr)->sin6_addr;
		if (inet_ntop(l->ai_family, in, out, (socklen_t)outlen) ==
		    NULL)
			return SOUK_INVALID;
		return SOUK_OK;
	}
	return SOUK_FORBIDDEN;
}

static enum souk_err
resolve_ai(const struct net_policy *p, const char *name, int numeric,
    char *out, size_t outlen)
{
	struct addrinfo	 hints, *l = NULL;
	enum souk_err	 er;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = numeric ? AI_NUMERICHOST : 0;
	if (getaddrinfo(name, NULL, &hints, &l) != 0 || l == NULL)
		return numeric ? SOUK_INVALID : SOUK_UNAVAILABLE;
	er = resolve_pick(p, l, out, outlen);
	freeaddrinfo(l);
	return er;
}

/* 1 if host is name, or under it when name is "*.suffix". */
static int
name_match(const char *host, const char *name, size_t n)
{
	size_t	 hl = strlen(host);

	if (n > 2 && name[0] == '*' && name[1] == '.')
		return hl > n - 1 && strncmp(host + hl - (n - 1), name + 1,
		    n - 1) == 0;
	return hl == n && strncmp(host, name, n) == 0;
}

/* The address p->resolve gives host ("" if none); 0 if it has none. */
static int
resolve_override(const struct net_policy *p, const char *host, char *addr,
    size_t len)
{
	const char	*s, *eq, *end;

	if (p == NULL || p->resolve == NULL)
		return 0;
	for (s = p->resolve; *s != '\0'; s = *end == ',' ? end + 1 : end) {
		end = s + strcspn(s, ",");
		if ((eq = memchr(s, '=', (size_t)(end - s))) == NULL)
			continue;
		if (name_match(host, s, (size_t)(eq - s))) {
			(void)snprintf(addr, len, "%.*s", (int)(end - eq - 1),
			    eq + 1);
			return 1;
		}
	}
	return 0;
}

enum souk_err
net_resolve(const struct net_policy *p, const char *host, char *out,
    size_t outlen)
{
	char		 fixed[64];
	enum souk_err	 er;

	if (host == NULL || *host == '\0' || outlen < INET6_ADDRSTRLEN)
		return SOUK_INVALID;
	if (resolve_override(p, host, fixed, sizeof(fixed)))
		return resolve_ai(p, fixed, 1, out, outlen);
	/* RFC 6761: localhost names are loopback, whatever DNS says */
	if (str_eq(host, "localhost") || name_match(host, "*.localhost", 11)) {
		if ((er = resolve_ai(p, "127.0.0.1", 1, out, outlen)) ==
		    SOUK_FORBIDDEN)
			er = resolve_ai(p, "::1", 1, out, outlen);
		return er;
	}
	return resolve_ai(p, host, 0, out, outlen);
}

/* host without the brackets of an IPv6 literal, in a. */
static const char *
url_host(struct arena *a, const char *h)
{
	size_t	 n = strlen(h);

	if (n > 2 && h[0] == '[' && h[n - 1] == ']')
		return arena_strndup(a, h + 1, n - 2);
	return arena_strdup(a, h);
}

/* The parts of u that the policy looks at, checked; NULL if fine. */
static const char *
url_parts_why(const struct net_policy *p, struct arena *a, CURLU *u)
{
	char		*scheme = NULL, *user = NULL, *host = NULL;
	char		*port = NULL, addr[INET6_ADDRSTRLEN + 1];
	const char	*why = NULL;
	int64_t		 pn = 0;

	if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) !=
	    CURLUE_OK || str_to_i64(port, 1, 65535, &pn) != SOUK_OK)
		why = "must be an absolute URL";
	else if (!str_eq(scheme, "https") && !(str_eq(scheme, "http") &&
	    p != NULL && p->allow_private))
		why = "must be an https:// address";
	else if (curl_url_get(u, CURLUPART_USER, &user, 0) != CURLUE_NO_USER)
		why = "must not carry a user name or password";
	else if (!net_port_allowed(p, (int)pn))
		why = arena_printf(a, "port %lld is not allowed (allowed: %s)",
		    (long long)pn, p != NULL && p->ports != NULL &&
		    *p->ports != '\0' ? p->ports : "443,80");
	else if (net_resolve(p, url_host(a, host), addr, sizeof(addr)) ==
	    SOUK_FORBIDDEN)
		why = "must not point at a loopback, private, link-local or "
		    "other non-public address";
	curl_free(scheme);
	curl_free(user);
	curl_free(host);
	curl_free(port);
	return why;
}

enum souk_err
net_url_check(const struct net_policy *p, struct arena *a, const char *url,
    const char **why)
{
	CURLU		*u;
	const char	*s;

	*why = NULL;
	/* curl would take "http:///x" for the host "x" */
	if (url == NULL || (s = strstr(url, "://")) == NULL || s[3] == '/' ||
	    s[3] == '\0')
		*why = "must be an absolute URL";
	else if ((u = curl_url()) == NULL)
		return SOUK_ENOMEM;
	else {
		if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK)
			*why = "must be an absolute URL";
		else
			*why = url_parts_why(p, a, u);
		curl_url_cleanup(u);
	}
	return *why == NULL ? SOUK_OK : SOUK_INVALID;
}

void
net_policy_conf(const struct conf *c, struct net_policy *p)
{
	memset(p, 0, sizeof(*p));
	p->allow_private = c->outbound_allow_loopback;
	p->ports = c->outbound_ports;
	p->resolve = *c->outbound_resolve != '\0' ? c->outbound_resolve :
	    NULL;
}

const char *
net_url_host(struct arena *a, const char *url)
{
	CURLU		*u;
	char		*h = NULL;
	const char	*out = NULL;

	if (url == NULL || *url == '\0' || (u = curl_url()) == NULL)
		return NULL;
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK &&
	    (out = url_host(a, h)) != NULL)
		out = str_lower_dup(a, out);
	curl_free(h);
	curl_url_cleanup(u);
	return out;
}
