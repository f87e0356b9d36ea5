-- Which channel each alert takes (guideline 二(二), 二(三), 二(四)): an order the unit must answer,
-- a notice to the unit, or a lead for the regulator's review (settings supervision.*-types).
ALTER TABLE cemsflow.alerts ADD COLUMN channel Enum8('order' = 1, 'notice' = 2, 'lead' = 3) DEFAULT 'order'
