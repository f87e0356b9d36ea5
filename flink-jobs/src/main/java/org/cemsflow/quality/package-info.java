/**
 * Data quality per device and local day: frames, readings, valid hours and rejections by reason.
 */
package org.cemsflow.quality;
