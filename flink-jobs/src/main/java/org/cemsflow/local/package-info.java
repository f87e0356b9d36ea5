/**
 * run-local: the same pipelines on bounded input, for trials and backfills, writing CSV; and the
 * seeded scenarios the tests and the chaos suite replay.
 */
package org.cemsflow.local;
