/**
 * Types every stage shares: raw frames as they arrive, line sources, the pollutant codes of HJ 212,
 * and the alert types with their channels.
 */
package org.cemsflow.model;
