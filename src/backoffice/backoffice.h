/* backoffice: the store staff's pages and JSON API at <shop host>/admin/. */
#ifndef SOUK_BACKOFFICE_H
#define SOUK_BACKOFFICE_H

#include "http/http.h"
#include "sec/sec.h"
#include "shop/shop.h"

extern const struct shop_web_auth bo_auth;
extern const struct tmpl_var bo_vars[];

/*
 * Invite a member by e-mail: an account without a password and a link,
 * valid 7 days, to choose one.  SOUK_INVALID or SOUK_CONFLICT with *why;
 * *sent is 0 when the account exists but the mail was not accepted.
 */
enum souk_err	 bo_invite(struct req *, const struct shop_account *inviter,
		    const char *email, const char *role, const char *name,
		    const char **why, int64_t *id, int *sent);

/* products.c */
enum souk_err	 bo_page_products(struct req *);
enum souk_err	 bo_page_product_add(struct req *);
enum souk_err	 bo_api_product_create(struct req *);

/* promotions.c */
enum souk_err	 bo_page_promotions(struct req *);
enum souk_err	 bo_page_promotion_add(struct req *);
enum souk_err	 bo_page_promotion_change(struct req *);
enum souk_err	 bo_api_promotions(struct req *);
enum souk_err	 bo_api_promotion_create(struct req *);
enum souk_err	 bo_api_promotion_get(struct req *);
enum souk_err	 bo_api_promotion_change(struct req *);

/* internal.c: Center's calls */
enum souk_err	 bo_internal_create(struct req *);
enum souk_err	 bo_internal_status(struct req *);
enum souk_err	 bo_internal_config(struct req *);
enum souk_err	 bo_internal_features(struct req *);
enum souk_err	 bo_internal_owner(struct req *);
enum souk_err	 bo_internal_export(struct req *);
enum souk_err	 bo_internal_erase(struct req *);

/* pages.c */
enum souk_err	 bo_page_index(struct req *);
enum souk_err	 bo_page_login(struct req *);
enum souk_err	 bo_page_login_post(struct req *);
enum souk_err	 bo_page_logout(struct req *);
enum souk_err	 bo_page_account(struct req *);
enum souk_err	 bo_page_account_post(struct req *);
enum souk_err	 bo_page_password_post(struct req *);
enum souk_err	 bo_page_forgot(struct req *);
enum souk_err	 bo_page_forgot_post(struct req *);
enum souk_err	 bo_page_reset(struct req *);
enum souk_err	 bo_page_reset_post(struct req *);
enum souk_err	 bo_page_invite(struct req *);
enum souk_err	 bo_page_invite_post(struct req *);

/* Page data of a signed-in member: title, who, the session's CSRF. */
struct json_object *bo_page_data(struct req *, const char *title,
		    const struct shop_account *);

/* mfa.c */
enum souk_err	 bo_page_code(struct req *);
enum souk_err	 bo_page_code_post(struct req *);
enum souk_err	 bo_page_mfa(struct req *);
enum souk_err	 bo_page_mfa_post(struct req *);
enum souk_err	 bo_page_recovery_post(struct req *);
enum souk_err	 bo_page_mfa_off_post(struct req *);
enum souk_err	 bo_api_mfa_begin(struct req *);
enum souk_err	 bo_api_mfa_confirm(struct req *);
enum souk_err	 bo_api_recovery_new(struct req *);
enum souk_err	 bo_api_mfa_off(struct req *);

/* staff.c */
enum souk_err	 bo_page_staff(struct req *);
enum souk_err	 bo_page_staff_invite(struct req *);
enum souk_err	 bo_page_staff_change(struct req *);
enum souk_err	 bo_page_staff_reinvite(struct req *);

enum souk_err	 bo_api_token_create(struct req *);
enum souk_err	 bo_api_token_delete(struct req *);
enum souk_err	 bo_api_me(struct req *);
enum souk_err	 bo_api_me_update(struct req *);
enum souk_err	 bo_api_password_forgot(struct req *);
enum souk_err	 bo_api_password_reset(struct req *);
enum souk_err	 bo_api_invitation_accept(struct req *);
enum souk_err	 bo_api_staff_list(struct req *);
enum souk_err	 bo_api_staff_get(struct req *);
enum souk_err	 bo_api_staff_invite(struct req *);
enum souk_err	 bo_api_staff_change(struct req *);

#endif /* SOUK_BACKOFFICE_H */
