/**
 * How a finding becomes an alert: one factory, deterministic ids (type, unit, point, window), the
 * JSON form, and the alert metrics. The rules themselves live in their stages.
 */
package org.cemsflow.alerts;
