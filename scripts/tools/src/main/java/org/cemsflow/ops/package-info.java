/**
 * Operational tools around the job: replay of files and schedules into Kafka, the fuzzer, the
 * synthetic stream, topic checks.
 */
package org.cemsflow.ops;
