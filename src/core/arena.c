/*
 * Arena: a chunked bump allocator that frees everything at once.
 *
 * Memory comes from a list of chunks, newest first; the oldest chunk is
 * kept at reset so that a worker reuses it instead of growing.  A request
 * larger than a chunk gets its own block on the "big" list, freed at
 * reset.  The cap bounds the bytes handed out (each request rounded up to
 * ARENA_ALIGN) between two resets, so that a request cannot exhaust the
 * process; the real footprint is at most cap plus one chunk of slack.
 *
 * With ARENA_DEBUG every allocation is a big block of its own, so that
 * ASan and valgrind see overflows, and use after reset once it is freed.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

#define ARENA_ALIGN		16
#define ARENA_CHUNK_DEFAULT	8192

struct block {
	struct block	*next;
	size_t		 size;		/* usable bytes in data */
	size_t		 used;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

struct cleanup {
	struct cleanup	*next;
	void		(*fn)(void *);
	void		*arg;
};

struct arena {
	struct block	*chunks;	/* newest first; last one is kept */
	struct block	*big;		/* own blocks, freed at reset */
	struct cleanup	*cleanups;	/* newest first: run in that order */
	size_t		 chunk;
	size_t		 cap;		/* 0: no cap */
	size_t		 used;
};

#ifdef ARENA_DEBUG
#define ARENA_OWN_BLOCK(a, n)	1
#else
#define ARENA_OWN_BLOCK(a, n)	((n) > (a)->chunk)
#endif

/* A block with room for n bytes, or NULL if n is absurd or malloc fails. */
static struct block *
block_new(size_t n)
{
	struct block	*b;
	void		*p;

	if (n > SIZE_MAX - sizeof(*b))
		return NULL;
	/* Exact size: ASan and valgrind see the first byte past the end. */
	if (posix_memalign(&p, ARENA_ALIGN, sizeof(*b) + n) != 0)
		return NULL;
	b = p;
	b->next = NULL;
	b->size = n;
	b->used = 0;
	return b;
}

static void
block_free_list(struct block *b)
{
	struct block	*next;

	for (; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
}

/*
 * chunk: size of each chunk (0: a default); cap: most bytes handed out
 * between resets (0: no cap).  The caller owns the result and frees it
 * with arena_free.  NULL if out of memory.
 */
struct arena *
arena_new(size_t chunk, size_t cap)
{
	struct arena	*a;

	if (chunk > SIZE_MAX / 2 || (a = calloc(1, sizeof(*a))) == NULL)
		return NULL;
	if (chunk == 0)
		chunk = ARENA_CHUNK_DEFAULT;
	a->chunk = (chunk + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	a->cap = cap;
#ifndef ARENA_DEBUG
	if ((a->chunks = block_new(a->chunk)) == NULL) {
		free(a);
		return NULL;
	}
#endif
	return a;
}

/* Runs the cleanups, newest first, then frees all but the first chunk. */
void
arena_reset(struct arena *a)
{
	struct cleanup	*c;
	struct block	*first;

	if (a == NULL)
		return;
	/* A cleanup may register another one: pop before calling. */
	while ((c = a->cleanups) != NULL) {
		a->cleanups = c->next;
		c->fn(c->arg);
	}
	block_free_list(a->big);
	a->big = NULL;
	if ((first = a->chunks) != NULL) {
		while (first->next != NULL) {
			a->chunks = first->next;
			free(first);
			first = a->chunks;
		}
		first->used = 0;
	}
	a->used = 0;
}

void
arena_free(struct arena *a)
{
	if (a == NULL)
		return;
	arena_reset(a);
	block_free_list(a->chunks);
	free(a);
}

/* A block of its own for n bytes, freed at the next reset. */
static void *
arena_alloc_big(struct arena *a, size_t n)
{
	struct block	*b;

	if ((b = block_new(n)) == NULL)
		return NULL;
	b->used = n;
	b->next = a->big;
	a->big = b;
	return b->data;
}

/* Zeroed memory aligned to 16 bytes, valid until reset; NULL past cap. */
void *
arena_alloc(struct arena *a, size_t n)
{
	struct block	*b;
	void		*p;
	size_t		 sz;

	if (n == 0)
		n = 1;
	if (n > SIZE_MAX - ARENA_ALIGN)
		return NULL;
	sz = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (a->cap != 0 && (sz > a->cap || a->used > a->cap - sz))
		return NULL;
	if (ARENA_OWN_BLOCK(a, sz)) {
		if ((p = arena_alloc_big(a, n)) == NULL)
			return NULL;
	} else {
		if ((b = a->chunks) == NULL || b->size - b->used < sz) {
			if ((b = block_new(a->chunk)) == NULL)
				return NULL;
			b->next = a->chunks;
			a->chunks = b;
		}
		p = b->data + b->used;
		b->used += sz;
	}
	a->used += sz;
	return memset(p, 0, n);
}

/* Copy of s in the arena; NULL if s is NULL or out of memory. */
char *
arena_strdup(struct arena *a, const char *s)
{
	if (s == NULL)
		return NULL;
	return arena_strndup(a, s, strlen(s));
}

/* Copy of at most n bytes of s, NUL-terminated, in the arena. */
char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	const char	*end;
	char		*p;

	if (s == NULL)
		return NULL;
	if ((end = memchr(s, '\0', n)) != NULL)
		n = (size_t)(end - s);
	if (n == SIZE_MAX || (p = arena_alloc(a, n + 1)) == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Formatted string in the arena; NULL if out of memory. */
char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list	 ap, ap2;
	char	*p;
	int	 len;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	p = NULL;
	if (len >= 0 && (p = arena_alloc(a, (size_t)len + 1)) != NULL)
		(void)vsnprintf(p, (size_t)len + 1, fmt, ap2);
	va_end(ap2);
	return p;
}

/*
 * Calls fn(arg) at reset or free, newest registration first.  Returns 0,
 * or -1 if out of memory: then nothing is registered and the caller
 * still owns arg.
 */
int
arena_cleanup(struct arena *a, void (*fn)(void *), void *arg)
{
	struct cleanup	*c;

	if (fn == NULL || (c = arena_alloc(a, sizeof(*c))) == NULL)
		return -1;
	c->fn = fn;
	c->arg = arg;
	c->next = a->cleanups;
	a->cleanups = c;
	return 0;
}

/* Bytes handed out since the last reset, each rounded up to 16. */
size_t
arena_used(const struct arena *a)
{
	return a == NULL ? 0 : a->used;
}
