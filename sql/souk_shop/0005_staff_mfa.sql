-- Optional two-factor sign-in (TOTP) for shop staff, with recovery
-- codes; secrets sealed with the master key, as for platform admins.
ALTER TABLE staff
	ADD COLUMN totp_secret VARCHAR(200) NULL,
	ADD COLUMN totp_pending VARCHAR(200) NULL,
	ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;

-- 'mfa': the password was right, the code is awaited.
ALTER TABLE account_sessions
	ADD COLUMN stage ENUM('full', 'mfa') NOT NULL DEFAULT 'full';

CREATE TABLE staff_recovery_codes (
	tenant_id	BIGINT UNSIGNED NOT NULL,
	staff_id	BIGINT UNSIGNED NOT NULL,
	code_hash	CHAR(64) CHARACTER SET ascii NOT NULL,
	used_at		DATETIME NULL,
	PRIMARY KEY (tenant_id, staff_id, code_hash),
	CONSTRAINT staff_recovery_codes_staff FOREIGN KEY (tenant_id, staff_id)
	    REFERENCES staff (tenant_id, id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
