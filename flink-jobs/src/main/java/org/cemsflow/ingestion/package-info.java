/**
 * The frame gate: length, CRC, known device, password, DataTime within the clock tolerance, values;
 * duplicates dropped; every rejected frame a dead letter with its reason; accepted frames become
 * readings.
 */
package org.cemsflow.ingestion;
