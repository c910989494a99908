-- Promotions and coupon codes (seed §3.2 "promotions"), a plan feature
-- (seed §9.2): a shop whose plan lacks "promotions" cannot add or change
-- them.  The code is what shoppers type, kept upper-case and unique per
-- shop.  kind percent: value 1-100 (% off); kind amount: value in cents
-- of the shop's currency.  A limit of uses is held by the database:
-- `used` never passes `usage_limit` (checkout counts a use with a
-- conditional UPDATE).
INSERT INTO staff_permissions (code, description) VALUES
	('promotions.read', 'see promotions and coupons');
INSERT INTO staff_role_permissions (role, permission) VALUES
	('owner', 'promotions.read'), ('manager', 'promotions.read');

CREATE TABLE promotions (
	tenant_id	BIGINT UNSIGNED NOT NULL,
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	code		VARCHAR(32) CHARACTER SET ascii NOT NULL,
	name		VARCHAR(200) NOT NULL,
	kind		ENUM('percent', 'amount') NOT NULL,
	value		BIGINT UNSIGNED NOT NULL,
	min_subtotal	BIGINT UNSIGNED NOT NULL DEFAULT 0,
	usage_limit	INT UNSIGNED NULL,
	used		INT UNSIGNED NOT NULL DEFAULT 0,
	ends_at		DATETIME NULL,
	active		TINYINT(1) NOT NULL DEFAULT 1,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (tenant_id, id),
	KEY promotions_id (id),
	UNIQUE KEY promotions_code (tenant_id, code),
	CONSTRAINT promotions_tenant FOREIGN KEY (tenant_id)
	    REFERENCES tenants (id),
	CONSTRAINT promotions_value CHECK (value > 0 AND
	    (kind = 'amount' OR value <= 100)),
	CONSTRAINT promotions_limit CHECK (usage_limit IS NULL OR
	    used <= usage_limit)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
