/*
 * Passwords: argon2id (libargon2) with its parameters in the stored
 * hash, so that raising them re-hashes at the next sign-in; a policy
 * that refuses short and common passwords.
 *
 * One hash costs PW_M_KIB of memory.  A FastCGI process serves one
 * request at a time, so it computes at most one hash at a time: a login
 * flood queues in the web server instead of exhausting memory.
 */
#include <stdio.h>
#include <string.h>

#include <argon2.h>
#include <openssl/rand.h>

#include "i18n/i18n.h"
#include "sec/sec.h"

#define PW_T		2	/* passes */
#define PW_M_KIB	19456	/* memory: OWASP's argon2id minimum */
#define PW_P		1	/* lanes */
#define PW_SALT		16
#define PW_HASHLEN	32
#define PW_MAX		1024	/* bytes: passphrases welcome */

/* The most common passwords (lower case), from public breach lists. */
static const char *const common[] = {
	"123456", "123456789", "12345678", "password", "qwerty", "12345",
	"1234567890", "1234567", "111111", "123123", "abc123", "password1",
	"iloveyou", "1q2w3e4r", "000000", "qwerty123", "zaq12wsx", "dragon",
	"sunshine", "princess", "letmein", "654321", "monkey", "27653",
	"1qaz2wsx", "123321", "qwertyuiop", "superman", "asdfghjkl",
	"football", "baseball", "welcome", "welcome1", "admin", "admin123",
	"administrator", "passw0rd", "p@ssw0rd", "p@ssword", "password123",
	"password1234", "qwerty1234", "123qwe", "trustno1", "master",
	"shadow", "michael", "jennifer", "hunter2", "starwars", "whatever",
	"freedom", "charlie", "batman", "access", "mustang", "1234qwer",
	"qazwsx", "solo", "loveme", "zxcvbnm", "zxcvbnm123", "secret",
	"changeme", "changeme123", "default", "root", "toor", "guest",
	"login", "test", "test123", "testing", "test1234", "user",
	"computer", "internet", "samsung", "google", "apple", "orange",
	"banana", "chocolate", "cookie", "cheese", "pokemon", "naruto",
	"killer", "hello", "hello123", "hellohello", "iloveyou1",
	"ilovegod", "jesus", "blessed", "flower", "summer", "winter",
	"spring", "autumn", "london", "paris", "berlin", "newyork",
	"liverpool", "chelsea", "arsenal", "barcelona", "realmadrid",
	"soccer", "hockey", "basketball", "tennis", "golf", "matrix",
	"ninja", "mypassword", "mypassword1", "passwordpassword",
	"qwertyqwerty", "123456123456", "aaaaaa", "aaaaaaaa", "abcdef",
	"abcdefg", "abcdefgh", "abcd1234", "abc12345", "a1b2c3d4",
	"11111111", "111111111", "1111111111", "12341234", "88888888",
	"987654321", "9876543210", "999999999", "66666666", "00000000",
	"12344321", "147258369", "159753", "qwe123", "asd123", "asdf1234",
	"asdfasdf", "q1w2e3r4", "q1w2e3r4t5", "1q2w3e4r5t", "1qazxsw2",
	"zaq1zaq1", "zaq1xsw2", "qwer1234", "lovely", "lover", "angel",
	"beautiful", "sweetheart", "family", "friends", "forever",
	"anthony", "daniel", "thomas", "jordan", "jordan23", "robert",
	"william", "ashley", "jessica", "michelle", "nicole", "amanda",
	"hannah", "maggie", "buster", "tigger", "ginger", "pepper",
	"thunder", "silver", "diamond", "rainbow", "purple", "yellow",
	"shopping", "ecommerce", "myshop", "shop1234", "store123",
	"letmein1", "letmein123", "welcome123", "welcome2024", "welcome2025",
	"welcome2026", "password2024", "password2025", "password2026",
	"summer2024", "summer2025", "summer2026", "winter2025", "winter2026",
	"spring2026", "autumn2026", "qwerty12345", "1234567891",
	"12345678910", "123456789a", "a123456789", "q123456789",
	"correcthorsebatterystaple",
};

static int
is_common(const char *pw)
{
	char	 low[PW_MAX + 1];
	size_t	 i;

	for (i = 0; pw[i] != '\0' && i < PW_MAX; i++)
		low[i] = (pw[i] >= 'A' && pw[i] <= 'Z') ? (char)(pw[i] + 32) :
		    pw[i];
	low[i] = '\0';
	for (i = 0; i < sizeof(common) / sizeof(common[0]); i++)
		if (strcmp(low, common[i]) == 0)
			return 1;
	return 0;
}

const char *
sec_password_weak(const char *pw, size_t min_len)
{
	size_t	 len = pw == NULL ? 0 : strlen(pw);

	if (len < min_len)
		return min_len == SEC_PW_MIN_STAFF ?
		    N_("must be at least 12 characters") :
		    N_("must be at least 8 characters");
	if (len > PW_MAX)
		return N_("must be at most 1024 characters");
	if (!str_utf8_valid(pw, len))
		return N_("must be valid text");
	if (is_common(pw))
		return N_("is one of the most common passwords: choose "
		    "another");
	return NULL;
}

enum souk_err
sec_password_hash(struct arena *a, const char *pw, const char **out)
{
	unsigned char	 salt[PW_SALT];
	size_t		 len;
	char		*enc;

	len = argon2_encodedlen(PW_T, PW_M_KIB, PW_P, PW_SALT, PW_HASHLEN,
	    Argon2_id);
	if (RAND_bytes(salt, sizeof(salt)) != 1)
		return SOUK_INTERNAL;
	if ((enc = arena_alloc(a, len)) == NULL)
		return SOUK_ENOMEM;
	if (argon2id_hash_encoded(PW_T, PW_M_KIB, PW_P, pw, strlen(pw), salt,
	    sizeof(salt), PW_HASHLEN, enc, len) != ARGON2_OK)
		return SOUK_ENOMEM;	/* the memory for the hash */
	*out = enc;
	return SOUK_OK;
}

/* 1 if hash was made with weaker parameters than today's. */
static int
weaker(const char *hash)
{
	unsigned int	 v, m, t, p;

	if (sscanf(hash, "$argon2id$v=%u$m=%u,t=%u,p=%u$", &v, &m, &t,
	    &p) != 4)
		return 1;
	return v < ARGON2_VERSION_NUMBER || m < PW_M_KIB || t < PW_T ||
	    p < PW_P;
}

enum souk_err
sec_password_check(const char *hash, const char *pw, int *rehash)
{
	int	 rc;

	*rehash = 0;
	if (hash == NULL || pw == NULL || strlen(pw) > PW_MAX ||
	    strncmp(hash, "$argon2id$", 10) != 0)
		return SOUK_UNAUTHORIZED;
	rc = argon2id_verify(hash, pw, strlen(pw));
	if (rc == ARGON2_MEMORY_ALLOCATION_ERROR)
		return SOUK_ENOMEM;
	if (rc != ARGON2_OK)
		return SOUK_UNAUTHORIZED;
	*rehash = weaker(hash);
	return SOUK_OK;
}

/*
 * Burn the time of one check when there is no account, so that the
 * answer's timing does not tell whether an e-mail address is known.
 */
void
sec_password_dummy(const char *pw)
{
	static const unsigned char salt[PW_SALT] = "souk-dummy-salt";
	static char	 dummy[160];

	if (dummy[0] == '\0' && argon2id_hash_encoded(PW_T, PW_M_KIB, PW_P,
	    "-", 1, salt, sizeof(salt), PW_HASHLEN, dummy, sizeof(dummy)) !=
	    ARGON2_OK)
		dummy[0] = '\0';
	if (dummy[0] != '\0')
		(void)argon2id_verify(dummy, pw == NULL ? "" : pw,
		    pw == NULL ? 0 : strnlen(pw, PW_MAX));
}
