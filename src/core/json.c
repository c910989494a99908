/* Small json-c helpers every floor uses to build JSON. */
#include <string.h>

#include <json-c/json.h>

#include "core/core.h"

struct json_object *
json_str(const char *s)
{
	return json_object_new_string(s != NULL ? s : "");
}

struct json_object *
json_str_list(const char *csv)
{
	struct json_object	*list = json_object_new_array();
	const char		*p, *end;

	for (p = csv; list != NULL && p != NULL && *p != '\0';
	    p = *end == ',' ? end + 1 : end) {
		end = p + strcspn(p, ",");
		json_object_array_add(list, json_object_new_string_len(p,
		    (int)(end - p)));
	}
	return list;
}

const char *
json_kv_text(struct arena *a, const char *k1, const char *v1,
    const char *k2, const char *v2)
{
	struct json_object	*o = json_object_new_object();
	const char		*s;

	if (o == NULL)
		return NULL;
	json_object_object_add(o, k1, v1 != NULL ? json_str(v1) : NULL);
	if (k2 != NULL)
		json_object_object_add(o, k2, v2 != NULL ? json_str(v2) : NULL);
	s = arena_strdup(a, json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return s;
}
