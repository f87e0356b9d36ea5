/**
 * Local UTC+8 clock periods, event-time buffers that order input by time, the endless source of a
 * live side input, and watermark shifts.
 */
package org.cemsflow.time;
