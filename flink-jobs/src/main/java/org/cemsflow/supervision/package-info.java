/**
 * Orders to the unit: a 12-hour answer, overdue after the deadline and transport grace, and the
 * escalation ladder (reminder, warning, interview); leads with their review (confirmed, dismissed);
 * answers and reviews as they arrive.
 */
package org.cemsflow.supervision;
