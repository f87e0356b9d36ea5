/**
 * Reference data: devices, points, units, meters, limits with their history, permits and marks;
 * read from a directory or the compacted reference topic and broadcast to the stages as updates.
 */
package org.cemsflow.reference;
