/**
 * A small JSON object writer, for the evidence of alerts and the JSON lines of the local run; numbers
 * in plain decimal.
 */
package org.cemsflow.json;
