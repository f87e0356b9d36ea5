/**
 * The monthly report for regulators: per unit, each point's hourly series of the main pollutants
 * against the limit in force with alert windows shaded, daily means against daily limits, the
 * data capture rate, the quota burn-up with the 80 % and 100 % lines and the projected date of
 * 100 %, the orders, notices and leads with their states, and the rejected frames by reason; read
 * from ClickHouse or a run-local output directory, written as one HTML file that opens offline.
 */
package org.cemsflow.report;
