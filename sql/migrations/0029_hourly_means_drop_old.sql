-- The hourly_means ordered by device is no longer read.
DROP TABLE IF EXISTS cemsflow.hourly_means_by_mn
