/*
 * The JSON bodies of the API routes every plane serves with auth/'s
 * handlers, for the programs' route tables (route->body).  The handlers
 * check what the values mean; these say what each field is.
 */
#include "auth/auth_int.h"

#define END	{ NULL, 0, 0, 0, 0 }

const struct param_decl auth_signin_body[] = {
	{ "email", VALID_LINE, 1, 1, 254 },
	{ "password", VALID_TEXT, 1, 1, 1024 },
	{ "otp", VALID_LINE, 0, 1, 32 },
	END
};

const struct param_decl auth_name_body[] = {
	{ "name", VALID_LINE, 1, 0, 200 },
	END
};

/* PATCH me where the account chooses its language ("" or null: default) */
const struct param_decl auth_me_body[] = {
	{ "name", VALID_LINE, 0, 0, 200 },
	{ "language", VALID_LINE, 0, 0, 8 },
	{ "time_zone", VALID_LINE, 0, 0, 64 },
	END
};

const struct param_decl auth_email_body[] = {
	{ "email", VALID_EMAIL, 1, 0, 0 },
	END
};

const struct param_decl auth_password_body[] = {
	{ "current", VALID_TEXT, 1, 0, 1024 },
	{ "password", VALID_TEXT, 1, 0, 1024 },
	END
};

const struct param_decl auth_link_body[] = {
	{ "token", VALID_LINE, 1, 1, 80 },
	{ "password", VALID_TEXT, 1, 0, 1024 },
	{ "name", VALID_LINE, 0, 0, 200 },
	END
};

const struct param_decl auth_token_body[] = {
	{ "token", VALID_LINE, 1, 1, 80 },
	END
};

const struct param_decl auth_code_body[] = {
	{ "code", VALID_LINE, 1, 1, 32 },
	END
};

const struct param_decl auth_invite_body[] = {
	{ "email", VALID_LINE, 1, 0, 254 },
	{ "role", VALID_LINE, 1, 0, 16 },
	{ "name", VALID_LINE, 0, 0, 200 },
	END
};

const struct param_decl auth_change_body[] = {
	{ "role", VALID_LINE, 0, 0, 16 },
	{ "status", VALID_LINE, 0, 0, 16 },
	END
};
