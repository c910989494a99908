-- The tenant application's own copy of its tenants (kept by Center through
-- the internal API), their domains, and the catalog.  Every tenant-owned
-- table leads its primary key with tenant_id.

CREATE TABLE tenants (
	id		BIGINT UNSIGNED NOT NULL,
	slug		VARCHAR(63) NOT NULL,
	name		VARCHAR(200) NOT NULL,
	state		ENUM('draft', 'provisioning', 'active', 'suspended',
			    'terminated') NOT NULL DEFAULT 'active',
	read_only	TINYINT(1) NOT NULL DEFAULT 0,
	locale		VARCHAR(16) NOT NULL DEFAULT 'en',
	currency	CHAR(3) NOT NULL DEFAULT 'USD',
	time_zone	VARCHAR(64) NOT NULL DEFAULT 'UTC',
	theme_color	CHAR(7) NOT NULL DEFAULT '#1f6feb',
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	updated_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
			    ON UPDATE CURRENT_TIMESTAMP,
	PRIMARY KEY (id),
	UNIQUE KEY tenants_slug (slug)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE tenant_domains (
	tenant_id	BIGINT UNSIGNED NOT NULL,
	host		VARCHAR(253) NOT NULL,
	is_primary	TINYINT(1) NOT NULL DEFAULT 0,
	status		ENUM('pending', 'verified') NOT NULL DEFAULT 'pending',
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (tenant_id, host),
	UNIQUE KEY tenant_domains_host (host),
	CONSTRAINT tenant_domains_tenant FOREIGN KEY (tenant_id)
	    REFERENCES tenants (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE categories (
	tenant_id	BIGINT UNSIGNED NOT NULL,
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	slug		VARCHAR(96) NOT NULL,
	name		VARCHAR(200) NOT NULL,
	description	TEXT NOT NULL,
	position	INT NOT NULL DEFAULT 0,
	PRIMARY KEY (tenant_id, id),
	KEY categories_id (id),
	UNIQUE KEY categories_slug (tenant_id, slug),
	CONSTRAINT categories_tenant FOREIGN KEY (tenant_id)
	    REFERENCES tenants (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE products (
	tenant_id	BIGINT UNSIGNED NOT NULL,
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	sku		VARCHAR(64) NOT NULL,
	slug		VARCHAR(96) NOT NULL,
	name		VARCHAR(200) NOT NULL,
	description	TEXT NOT NULL,
	price		BIGINT NOT NULL,
	currency	CHAR(3) NOT NULL,
	stock		INT NOT NULL DEFAULT 0,
	featured	TINYINT(1) NOT NULL DEFAULT 0,
	status		ENUM('active', 'draft', 'archived') NOT NULL
			    DEFAULT 'active',
	image		VARCHAR(255) NOT NULL DEFAULT '',
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	updated_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
			    ON UPDATE CURRENT_TIMESTAMP,
	PRIMARY KEY (tenant_id, id),
	KEY products_id (id),
	UNIQUE KEY products_sku (tenant_id, sku),
	UNIQUE KEY products_slug (tenant_id, slug),
	KEY products_featured (tenant_id, status, featured, id),
	CONSTRAINT products_price CHECK (price >= 0),
	CONSTRAINT products_stock CHECK (stock >= 0),
	CONSTRAINT products_tenant FOREIGN KEY (tenant_id)
	    REFERENCES tenants (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE product_categories (
	tenant_id	BIGINT UNSIGNED NOT NULL,
	category_id	BIGINT UNSIGNED NOT NULL,
	product_id	BIGINT UNSIGNED NOT NULL,
	position	INT NOT NULL DEFAULT 0,
	PRIMARY KEY (tenant_id, category_id, product_id),
	KEY product_categories_product (tenant_id, product_id),
	CONSTRAINT product_categories_category FOREIGN KEY
	    (tenant_id, category_id) REFERENCES categories (tenant_id, id)
	    ON DELETE CASCADE,
	CONSTRAINT product_categories_product FOREIGN KEY
	    (tenant_id, product_id) REFERENCES products (tenant_id, id)
	    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
