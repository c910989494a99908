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
