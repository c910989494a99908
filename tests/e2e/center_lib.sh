# Shared by the suites that drive Center's API: platform admins with a
# full session.  Source it after lib.sh; it needs ctl() and api().
# shellcheck shell=bash

CENTER_PW='a long enough passphrase'

# totp_now SECRET: the current six-digit code of a base32 secret
totp_now() {
	python3 - "$1" <<'PY'
import base64, hashlib, hmac, struct, sys, time
s = sys.argv[1].upper() + "=" * (-len(sys.argv[1]) % 8)
mac = hmac.new(base64.b32decode(s), struct.pack(">Q", int(time.time()) // 30),
               hashlib.sha1).digest()
o = mac[-1] & 15
print("%06d" % ((struct.unpack(">I", mac[o:o + 4])[0] & 0x7fffffff) % 1000000))
PY
}

# center_token BASE ROLE EMAIL: makes the admin (soukctl), signs in, sets
# up two-factor sign-in when the role needs it, and prints a bearer token
# of a full session.  Returns 1 if a step fails.
center_token() {
	local base=$1 role=$2 email=$3 tmp tok secret
	tmp=$(mktemp)
	printf '%s\n' "$CENTER_PW" | ctl admin create --email "$email" \
	    --role "$role" --name "$role $email" >/dev/null 2>&1 || {
		rm -f "$tmp"
		return 1
	}
	curl -s -o "$tmp" --max-time 10 -H 'Content-Type: application/json' \
	    --data-raw "{\"email\":\"$email\",\"password\":\"$CENTER_PW\"}" \
	    "$base/api/v1/auth/token"
	tok=$(json 'j.token' <"$tmp")
	if [ "$(json 'j.stage' <"$tmp")" = enroll ]; then
		curl -s -o "$tmp" --max-time 10 -X POST \
		    -H "Authorization: Bearer $tok" "$base/api/v1/me/mfa"
		secret=$(json 'j.secret' <"$tmp")
		curl -s -o "$tmp" --max-time 10 -H "Authorization: Bearer $tok" \
		    -H 'Content-Type: application/json' \
		    --data-raw "{\"code\":\"$(totp_now "$secret")\"}" \
		    "$base/api/v1/me/mfa/confirm"
		tok=$(json 'j.token' <"$tmp")
	fi
	rm -f "$tmp"
	[[ $tok == sa_* ]] || return 1
	echo "$tok"
}
