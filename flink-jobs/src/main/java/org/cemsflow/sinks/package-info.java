/**
 * Outputs: ClickHouse tables (rows inserted when their checkpoint completes) and the exactly-once
 * Kafka topics of alerts and dead letters.
 */
package org.cemsflow.sinks;
