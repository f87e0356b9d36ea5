/**
 * run-local: the same pipelines on bounded input, for trials and backfills, writing CSV; and the
 * seeded scenarios the tests and the chaos suite replay. Its memory does not grow with the input:
 * readings and frame identities go through sorts on disk, units run in passes, and the rows stream
 * to their files.
 */
package org.cemsflow.local;
