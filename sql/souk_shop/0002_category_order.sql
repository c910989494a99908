-- Category pages read products in (position, product_id) order straight
-- from this index: no temporary table, no sort.
ALTER TABLE product_categories
	ADD KEY product_categories_order (tenant_id, category_id, position,
	    product_id);
