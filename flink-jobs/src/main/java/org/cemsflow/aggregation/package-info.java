/**
 * Hourly and daily means per device in event time: an hour is valid with enough covered minutes
 * (hourly.min-coverage-minutes), air pollutants get their O2-corrected mean, flow gives volume and
 * mass; a day is valid with enough valid hours (daily.min-valid-hours), water pollutants
 * flow-weighted. Late readings re-emit their hour, which replaces the earlier one downstream.
 */
package org.cemsflow.aggregation;
