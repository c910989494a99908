-- Content in more than one language (issue 14 §3).  A shop's default
-- language is the language part of its locale (tenants.locale "de-DE":
-- "de"), and its texts stay where they are: products.name,
-- categories.description, tenants.name.  The other languages a shop
-- serves are rows of tenant_languages, chosen among the languages the
-- platform ships (the code checks which); each translation is one row
-- per language and thing, its fields NULL where the default language's
-- text is shown instead.  Removing a language removes its translations,
-- and removing a product or category removes its own.
CREATE TABLE tenant_languages (
	tenant_id	BIGINT UNSIGNED NOT NULL,
	lang		VARCHAR(8) CHARACTER SET ascii NOT NULL,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (tenant_id, lang),
	CONSTRAINT tenant_languages_tenant FOREIGN KEY (tenant_id)
	    REFERENCES tenants (id),
	CONSTRAINT tenant_languages_code CHECK (lang REGEXP '^[a-z]{2,3}$')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE product_translations (
	tenant_id	BIGINT UNSIGNED NOT NULL,
	product_id	BIGINT UNSIGNED NOT NULL,
	lang		VARCHAR(8) CHARACTER SET ascii NOT NULL,
	name		VARCHAR(200) NULL,
	description	TEXT NULL,
	updated_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
			    ON UPDATE CURRENT_TIMESTAMP,
	PRIMARY KEY (tenant_id, product_id, lang),
	KEY product_translations_lang (tenant_id, lang),
	CONSTRAINT product_translations_product FOREIGN KEY
	    (tenant_id, product_id) REFERENCES products (tenant_id, id)
	    ON DELETE CASCADE,
	CONSTRAINT product_translations_language FOREIGN KEY
	    (tenant_id, lang) REFERENCES tenant_languages (tenant_id, lang)
	    ON DELETE CASCADE,
	CONSTRAINT product_translations_some CHECK (name IS NOT NULL OR
	    description IS NOT NULL)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE category_translations (
	tenant_id	BIGINT UNSIGNED NOT NULL,
	category_id	BIGINT UNSIGNED NOT NULL,
	lang		VARCHAR(8) CHARACTER SET ascii NOT NULL,
	name		VARCHAR(200) NULL,
	description	TEXT NULL,
	updated_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
			    ON UPDATE CURRENT_TIMESTAMP,
	PRIMARY KEY (tenant_id, category_id, lang),
	KEY category_translations_lang (tenant_id, lang),
	CONSTRAINT category_translations_category FOREIGN KEY
	    (tenant_id, category_id) REFERENCES categories (tenant_id, id)
	    ON DELETE CASCADE,
	CONSTRAINT category_translations_language FOREIGN KEY
	    (tenant_id, lang) REFERENCES tenant_languages (tenant_id, lang)
	    ON DELETE CASCADE,
	CONSTRAINT category_translations_some CHECK (name IS NOT NULL OR
	    description IS NOT NULL)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The shop's own texts the storefront shows, per language: today its
-- name (the header, the title, the home page's welcome).
CREATE TABLE tenant_texts (
	tenant_id	BIGINT UNSIGNED NOT NULL,
	lang		VARCHAR(8) CHARACTER SET ascii NOT NULL,
	name		VARCHAR(200) NULL,
	updated_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
			    ON UPDATE CURRENT_TIMESTAMP,
	PRIMARY KEY (tenant_id, lang),
	CONSTRAINT tenant_texts_language FOREIGN KEY (tenant_id, lang)
	    REFERENCES tenant_languages (tenant_id, lang) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
